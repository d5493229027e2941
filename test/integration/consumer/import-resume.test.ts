// Kill the import process with SIGKILL halfway, then --resume: the final export equals the input,
// and the resumed run re-sends at most one in-flight window (concurrency × 25 records).
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';

const ROWS = 8_000;
const CONCURRENCY = 4;
const WINDOW = CONCURRENCY * 25;

let home: string;
const env = () => ({ FSHARE_HOME: home });

function row(i: number): string {
  return JSON.stringify({
    customer_id: `RES-${String(i).padStart(5, '0')}`,
    event_time: 1767225600 + i,
    age: i % 50,
  });
}

async function importedIds(): Promise<string[]> {
  const res = await runCli(['--sandbox', '--profile', 'owner', 'export', 'customers', '-o', 'ndjson'], {
    env: env(),
  });
  expect(res.code, res.stderr).toBe(0);
  return res.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { customer_id: string })
    .map((r) => r.customer_id)
    .filter((id) => id.startsWith('RES-'));
}

beforeAll(async () => {
  if (!fs.existsSync('dist/cli.js')) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  }
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
  expect((await runCli(['--sandbox', 'sandbox', 'init'], { env: env() })).code).toBe(0);
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('import after SIGKILL', () => {
  it('resumes from the checkpoint, re-sending at most one in-flight window', async () => {
    const input = path.join(home, 'resume.jsonl');
    fs.writeFileSync(input, `${Array.from({ length: ROWS }, (_, i) => row(i)).join('\n')}\n`);
    const checkpoint = `${input}.fshare-checkpoint.json`;

    const child = spawn(
      process.execPath,
      [
        'bin/fshare',
        '--sandbox',
        '--profile',
        'owner',
        'import',
        'customers',
        '--file',
        input,
        '--concurrency',
        String(CONCURRENCY),
      ],
      { env: { ...process.env, FSHARE_HOME: home, FSHARE_SANDBOX_LATENCY: '2-6' }, stdio: 'ignore' },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    // Wait until about half the rows are acknowledged, then kill without warning.
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      let watermark = 0;
      try {
        watermark = (JSON.parse(fs.readFileSync(checkpoint, 'utf8')) as { ledger: { watermark: number } })
          .ledger.watermark;
      } catch {
        // Not written yet, or mid-rename.
      }
      if (watermark >= ROWS / 2) {
        child.kill('SIGKILL');
        break;
      }
      expect(child.exitCode, 'the import finished before it could be killed').toBeNull();
    }
    expect(await exited).toBe('SIGKILL');

    const saved = JSON.parse(fs.readFileSync(checkpoint, 'utf8')) as {
      ledger: { watermark: number; done: number[] };
    };
    const acknowledged = saved.ledger.watermark + saved.ledger.done.length;
    const stored = (await importedIds()).length;
    expect(stored).toBeGreaterThanOrEqual(acknowledged);
    expect(stored).toBeLessThan(ROWS);

    const resumed = await runCli(
      ['--sandbox', '--profile', 'owner', 'import', 'customers', '--file', input, '--resume', '-o', 'json'],
      {
        env: env(),
      },
    );
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = resumed.json<{ read: number; skipped: number; sent: number }>();
    expect(summary.skipped).toBe(acknowledged);
    expect(summary.sent).toBe(ROWS - acknowledged);
    // Rows already in the store that the resumed run sent again: only the batches in flight at the kill.
    const resent = summary.sent - (ROWS - stored);
    expect(resent).toBeGreaterThanOrEqual(0);
    expect(resent).toBeLessThanOrEqual(WINDOW);
    expect(fs.existsSync(checkpoint)).toBe(false);

    const ids = await importedIds();
    expect(ids).toHaveLength(ROWS);
    expect(new Set(ids).size).toBe(ROWS);
    const first = await runCli(
      ['--sandbox', '--profile', 'owner', 'get-record', 'customers', 'RES-00007', '-o', 'json'],
      { env: env() },
    );
    expect(first.json()).toEqual(JSON.parse(row(7)));
  }, 300_000);

  it('Ctrl-C stops cleanly with exit 130, keeps the checkpoint, and --resume finishes the job', async () => {
    const input = path.join(home, 'interrupted.jsonl');
    const rows = Array.from({ length: 3_000 }, (_, i) => row(10_000 + i).replace('RES-', 'INT-'));
    fs.writeFileSync(input, `${rows.join('\n')}\n`);
    const checkpoint = `${input}.fshare-checkpoint.json`;
    const controller = new AbortController();
    const watcher = setInterval(() => {
      if (fs.existsSync(checkpoint)) {
        controller.abort();
      }
    }, 10);
    const interrupted = await runCli(
      ['--sandbox', '--profile', 'owner', 'import', 'customers', '--file', input, '--concurrency', '2'],
      { env: { ...env(), FSHARE_SANDBOX_LATENCY: '5-10' }, signal: controller.signal },
    );
    clearInterval(watcher);
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toMatch(/--resume/);
    expect(fs.existsSync(checkpoint)).toBe(true);
    const resumed = await runCli(
      ['--sandbox', '--profile', 'owner', 'import', 'customers', '--file', input, '--resume', '-o', 'json'],
      {
        env: env(),
      },
    );
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = resumed.json<{ skipped: number; sent: number }>();
    expect(summary.skipped).toBeGreaterThan(0);
    expect(summary.skipped + summary.sent).toBe(rows.length);
  }, 120_000);
});
