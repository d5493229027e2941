// 100,000 rows through the public CLI against a faulty sandbox (10% throttling, 2% 5xx, 5-20 ms
// latency): nothing lost, nothing duplicated, every value typed back exactly as written.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';

const ROWS = 100_000;
const FAULTS = {
  FSHARE_SANDBOX_THROTTLE_RATE: '0.1',
  FSHARE_SANDBOX_ERROR_RATE: '0.02',
  FSHARE_SANDBOX_LATENCY: '5-20',
  FSHARE_SANDBOX_SEED: '20261124',
};

/** Typed rows covering every feature kind of the seeded `customers` group, ids in a private range. */
export function generatedRow(i: number): Record<string, unknown> {
  return {
    customer_id: `IMP-${String(i).padStart(6, '0')}-ü`,
    event_time: 1767225600 + i / 1000,
    age: i % 97,
    lifetime_value: Math.round(i * 137) / 100,
    segment: ['loyal', 'new', 'dormant, "quoted"'][i % 3],
    country: 'DE',
    preferred_categories: [`c${i % 7}`, 'books'],
  };
}

let home: string;

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
  expect((await runCli(['--sandbox', 'sandbox', 'init'], { env: { FSHARE_HOME: home } })).code).toBe(0);
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe(`import of ${ROWS.toLocaleString('en-US')} rows under injected faults`, () => {
  it('exits 0 and an export afterwards equals the input exactly', async () => {
    const input = path.join(home, 'big.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < ROWS; i++) {
      lines.push(JSON.stringify(generatedRow(i)));
    }
    fs.writeFileSync(input, `${lines.join('\n')}\n`);

    const imported = await runCli(
      [
        '--sandbox',
        '--profile',
        'owner',
        'import',
        'customers',
        '--file',
        input,
        '--concurrency',
        '16',
        '-o',
        'json',
      ],
      { env: { FSHARE_HOME: home, ...FAULTS } },
    );
    expect(imported.code, imported.stderr).toBe(0);
    const summary = imported.json<{ read: number; sent: number; rejected: number; retried: number }>();
    expect(summary).toMatchObject({ read: ROWS, sent: ROWS, rejected: 0 });
    // The faults really happened, and were absorbed by retries.
    expect(summary.retried).toBeGreaterThan(0);

    const out = path.join(home, 'export.jsonl');
    const exported = await runCli(
      [
        '--sandbox',
        '--profile',
        'owner',
        'export',
        'customers',
        '--file',
        out,
        '--concurrency',
        '8',
        '-o',
        'json',
      ],
      { env: { FSHARE_HOME: home } },
    );
    expect(exported.code, exported.stderr).toBe(0);
    const back = fs
      .readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .filter((l) => l.includes('"IMP-'))
      .sort();
    expect(back).toHaveLength(ROWS);
    expect(back).toEqual([...lines].sort());
  }, 600_000);
});
