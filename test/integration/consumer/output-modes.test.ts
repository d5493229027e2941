// Each consumer command on a terminal (table), piped (JSON) and with -o json, with its exit code.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';

let home: string;
const owner = (args: string[], tty = false) =>
  runCli(['--sandbox', '--profile', 'owner', ...args], { env: { FSHARE_HOME: home }, tty });
const consumer = (args: string[], tty = false) =>
  runCli(['--sandbox', '--profile', 'consumer', ...args], { env: { FSHARE_HOME: home }, tty });

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
  expect((await runCli(['--sandbox', 'sandbox', 'init'], { env: { FSHARE_HOME: home } })).code).toBe(0);
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('import and export in every mode', () => {
  it('imports a CSV: summary on a terminal, JSON when piped and with -o json; exit 5 with rejects', async () => {
    const csv = path.join(home, 'few.csv');
    fs.writeFileSync(
      csv,
      'customer_id,event_time,age,preferred_categories\nM-1,1767225600,3,"[""a""]"\nM-2,1767225601,x,[]\nM-3,1767225602,5,\n',
    );
    const tty = await owner(['import', 'customers', '--file', csv], true);
    expect(tty.code).toBe(5);
    expect(tty.stdout).toMatch(/read 3 · sent 2 · rejected 1/);
    expect(tty.stderr).toMatch(/1 row was rejected; each is in .*rejects\.jsonl/);
    // The progress line is drawn on a terminal only.
    expect(tty.stderr).toMatch(/import \[[#.]+\]/);
    const piped = await owner(['import', 'customers', '--file', csv]);
    expect(piped.code).toBe(5);
    expect(piped.json()).toMatchObject({ read: 3, sent: 2, rejected: 1, writeOperation: 'BatchWriteRecord' });
    expect(piped.stderr).not.toMatch(/import \[/);
    const json = await owner([
      'import',
      'customers',
      '--file',
      csv,
      '-o',
      'json',
      '--rejects',
      path.join(home, 'r.jsonl'),
    ]);
    expect(json.code).toBe(5);
    const [reject] = fs
      .readFileSync(path.join(home, 'r.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; reason: string; row: string });
    expect(reject).toEqual({
      line: 3,
      reason: expect.stringMatching(/feature "age"/) as unknown,
      row: 'M-2,1767225601,x,[]',
    });
  });

  it('refuses bad flags before sending anything', async () => {
    expect((await owner(['import', 'customers', '--file', path.join(home, 'nope.csv')])).code).toBe(2);
    expect(
      (await owner(['import', 'customers', '--file', path.join(home, 'few.csv'), '--concurrency', '0'])).code,
    ).toBe(2);
    expect((await owner(['import', 'customers', '--file', 'data.parquet'])).code).toBe(2);
    expect((await owner(['export', 'customers', '--file', 'out.parquet'])).code).toBe(2);
  });

  it('exports as a table, JSON, NDJSON, CSV and to a file', async () => {
    const piped = await owner(['export', 'customers']);
    expect(piped.code).toBe(0);
    const all = piped.json<{ customer_id: string; age?: number }[]>();
    expect(all.find((r) => r.customer_id === 'M-3')?.age).toBe(5);
    expect(all.length).toBeGreaterThan(100);
    // A terminal gets the first 100 rows and how to see more, never hundreds unasked.
    const tty = await owner(['export', 'customers'], true);
    expect(tty.code).toBe(0);
    const rows = tty.stdout.trim().split('\n').slice(1);
    expect(rows).toHaveLength(100);
    expect(rows[0]).toContain(all[0]?.customer_id ?? '?');
    expect(tty.stderr).toMatch(/Showed the first 100 records; pass --max-items/);
    const wide = await owner(['export', 'customers', '--max-items', '1000'], true);
    expect(wide.stdout).toMatch(/M-1\s/);
    expect(wide.stdout.trim().split('\n').slice(1)).toHaveLength(all.length);
    const csv = await owner(['export', 'customers', '-o', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n')[0]).toMatch(/^customer_id,event_time,age/);
    const file = path.join(home, 'out.csv');
    const toFile = await owner(['export', 'customers', '--file', file, '-o', 'json']);
    expect(toFile.code).toBe(0);
    expect(toFile.json<{ exported: number }>().exported).toBe(all.length);
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(all.length + 1);
  });
});

describe('record commands on a terminal', () => {
  it('put-record, batch-get, delete-record and can print for people', async () => {
    const put = await owner(
      ['put-record', 'customers', '--record', '{"customer_id":"T-1","event_time":1767225600}'],
      true,
    );
    expect(put.code).toBe(0);
    expect(put.stdout).toMatch(/Wrote record customer_id = "T-1"/);
    const got = await owner(['batch-get', 'customers', '--ids', 'T-1', '--features', 'event_time'], true);
    expect(got.code).toBe(0);
    expect(got.stdout).toMatch(/T-1\s+1767225600/);
    const del = await owner(['delete-record', 'customers', 'T-1'], true);
    expect(del.code).toBe(0);
    expect(del.stdout).toMatch(/Soft-deleted customer_id = "T-1"/);
    const can = await owner(['can', 'update-feature-group', 'customers', '-o', 'json']);
    expect(can.code).toBe(0);
    expect(can.json()).toMatchObject({ allowed: true, held: 'own' });
    expect((await owner(['can', 'fly', 'customers'])).code).toBe(2);
  });

  it('reject and accept with nothing pending', async () => {
    const none = await consumer(['reject', '--all', '--wait', '0'], true);
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(/No pending invitations/);
    const from = await consumer(['accept', '--from', '333333333333', '--wait', '0', '-o', 'json']);
    expect(from.code).toBe(4);
    expect(JSON.parse(from.stderr)).toMatchObject({ error: { code: 'FSHARE_INVITATION_NOT_FOUND' } });
    expect((await consumer(['invitations', '-o', 'json'])).json()).toEqual([]);
    const empty = await consumer(['invitations'], true);
    expect(empty.code).toBe(0);
    expect(empty.stderr).toMatch(/No pending invitations/);
  });
});
