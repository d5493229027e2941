// What a person sees during an import, in a real pseudo-terminal at 80 and 140 columns: one
// progress line redrawn in place (every frame fits the width, so no redraw leaves a row behind),
// cleared before the summary.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';
import { spawnFshare, stripAnsi } from '../../helpers/pty.js';

let home: string;
let input: string;

beforeAll(async () => {
  if (!fs.existsSync('dist/cli.js')) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  }
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-pty-'));
  expect((await runCli(['--sandbox', 'sandbox', 'init'], { env: { FSHARE_HOME: home } })).code).toBe(0);
  input = path.join(home, 'progress.jsonl');
  const rows = Array.from({ length: 1_500 }, (_, i) =>
    JSON.stringify({ customer_id: `PTY-${i}`, event_time: 1767225600 + i, age: i % 90 }),
  );
  fs.writeFileSync(input, `${rows.join('\n')}\n`);
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe.each([80, 140])('import progress at %i columns', (cols) => {
  it('redraws one line that fits, then the summary on clean rows', async () => {
    const term = spawnFshare(
      ['--sandbox', '--profile', 'owner', 'import', 'customers', '--file', input, '--concurrency', '1'],
      {
        cols,
        // Slow enough calls that the line is drawn several times; CI unset so progress is on.
        env: { FSHARE_HOME: home, FSHARE_SANDBOX_LATENCY: '15-25', CI: '', NO_COLOR: '1' },
        timeoutMs: 120_000,
      },
    );
    expect(await term.exit).toBe(0);
    const frames = term
      .raw()
      .split('\r\u001b[2K')
      .slice(1)
      .map((frame) => stripAnsi(frame).split(/\r?\n/)[0] ?? '')
      .filter((frame) => frame.startsWith('import'));
    expect(frames.length).toBeGreaterThanOrEqual(3);
    for (const frame of frames) {
      expect([...frame].length).toBeLessThan(cols);
    }
    if (cols >= 140) {
      expect(frames.some((f) => f.includes('in flight'))).toBe(true);
    }
    const screen = term.screen();
    // The progress line is gone; the summary is there, and nothing else was left behind.
    expect(screen).not.toMatch(/rec\/s {2}ETA/);
    expect(screen).toMatch(/Imported .*progress\.jsonl/);
    expect(screen).toMatch(/read 1500 · sent 1500 · rejected 0/);
    expect(screen.split('\n').filter((l) => l.trim() !== '').length).toBeLessThanOrEqual(4);
  }, 150_000);
});
