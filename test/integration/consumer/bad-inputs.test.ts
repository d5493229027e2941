import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';

const BAD = path.resolve('fixtures/records/bad');
const manifest = JSON.parse(fs.readFileSync(path.join(BAD, 'manifest.json'), 'utf8')) as Record<
  string,
  { expect: 'usage' | 'rejects'; reason: string; rows?: number; note?: string }
>;

let home: string;
const owner = (args: string[]) =>
  runCli(['--sandbox', '--profile', 'owner', ...args], { env: { FSHARE_HOME: home } });

async function recordCount(): Promise<number> {
  const res = await owner(['export', 'customers', '-o', 'ndjson']);
  expect(res.code).toBe(0);
  return res.stdout.trim().split('\n').length;
}

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
  expect((await runCli(['--sandbox', 'sandbox', 'init'], { env: { FSHARE_HOME: home } })).code).toBe(0);
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('the corpus of bad import files', () => {
  it('has at least 30 cases', () => {
    expect(Object.keys(manifest).length).toBeGreaterThanOrEqual(30);
  });

  const entries = Object.entries(manifest);
  it.each(entries)('%s: exits 2 or lands in the rejects file with its reason', async (name, expected) => {
    // Copies keep checkpoints and rejects files out of the fixtures directory.
    const input = path.join(home, name);
    fs.copyFileSync(path.join(BAD, name), input);
    const rejects = path.join(home, `${name}.rejects.jsonl`);
    const res = await owner(['import', 'customers', '--file', input, '--rejects', rejects, '-o', 'json']);
    if (expected.expect === 'usage') {
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr.toLowerCase()).toContain(expected.reason.toLowerCase());
      expect(fs.existsSync(rejects)).toBe(false);
      return;
    }
    expect(res.code, res.stderr).toBe(5);
    const summary = res.json<{ sent: number; rejected: number }>();
    expect(summary.sent).toBe(0);
    expect(summary.rejected).toBe(expected.rows ?? 1);
    const lines = fs
      .readFileSync(rejects, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; reason: string; row: string });
    expect(lines).toHaveLength(expected.rows ?? 1);
    expect(lines[0]?.reason).toContain(expected.reason);
    expect(lines[0]?.line).toBeGreaterThanOrEqual(1);
  });

  it('nothing invalid reached the sandbox', async () => {
    // The seeded group holds only its own records: none of the BAD-* ids, and the count is unchanged.
    const res = await owner(['export', 'customers', '-o', 'ndjson']);
    expect(res.stdout).not.toMatch(/BAD-/);
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
    try {
      expect((await runCli(['--sandbox', 'sandbox', 'init'], { env: { FSHARE_HOME: fresh } })).code).toBe(0);
      const seeded = await runCli(
        ['--sandbox', '--profile', 'owner', 'export', 'customers', '-o', 'ndjson'],
        { env: { FSHARE_HOME: fresh } },
      );
      expect(await recordCount()).toBe(seeded.stdout.trim().split('\n').length);
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });
});
