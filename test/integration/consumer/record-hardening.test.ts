// Issue 14's record items: every bad path, file, flag, record and checkpoint is refused with the
// bad part named, before any call (exit 2) — or goes to the rejects file in bulk — and the faults
// (throttles, 5xx, a read-only group, a full disk, a second import) end cleanly.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';

let home: string;
const sandbox = (profile: string, args: string[], env: Record<string, string> = {}, tty = false) =>
  runCli(['--sandbox', '--profile', profile, ...args], { env: { FSHARE_HOME: home, ...env }, tty });
const owner = (args: string[], env: Record<string, string> = {}) => sandbox('owner', args, env);

// Nothing listens on port 9: a command that made any call would fail with a network error
// (exit 1), so exit 2 proves the input was refused before anything was sent.
const UNREACHABLE = ['--endpoint-url', 'http://127.0.0.1:9', '--region', 'us-east-1'];
const offline = (args: string[]) =>
  runCli([...UNREACHABLE, ...args], {
    env: { FSHARE_HOME: home, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' },
  });

function file(name: string, content: string | Buffer): string {
  const p = path.join(home, name);
  fs.writeFileSync(p, content);
  return p;
}

/** The error's message and hint, whether stderr is text or (not a terminal) JSON. */
function errorText(stderr: string): string {
  try {
    const { error } = JSON.parse(stderr) as { error: { message: string; hint?: string } };
    return `${error.message} ${error.hint ?? ''}`;
  } catch {
    return stderr;
  }
}

function rejectsOf(p: string): { line: number; reason: string }[] {
  return fs
    .readFileSync(p, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { line: number; reason: string });
}

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
  expect((await runCli(['--sandbox', 'sandbox', 'init'], { env: { FSHARE_HOME: home } })).code).toBe(0);
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('paths are checked before any call', () => {
  it('export --file into a missing directory names the path', async () => {
    const res = await offline(['export', 'customers', '--file', '/nonexistent/dir/x.jsonl']);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toContain('/nonexistent/dir');
  });

  it('import --rejects at a missing directory or at a directory', async () => {
    const input = file('ok.jsonl', '{"customer_id":"P1","event_time":1767225600}\n');
    for (const rejects of ['/nonexistent/dir/r.jsonl', home]) {
      const res = await offline(['import', 'customers', '--file', input, '--rejects', rejects]);
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toContain(rejects);
    }
  });

  it('batch-get --ids-file at a directory or a missing file', async () => {
    for (const ids of [home, path.join(home, 'missing.txt')]) {
      const res = await offline(['batch-get', 'customers', '--ids-file', ids]);
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toContain(ids);
    }
  });

  it('--rejects at /dev/full fails at write time with one line, exit 1', async () => {
    if (!fs.existsSync('/dev/full')) {
      return;
    }
    const input = file('bad-only.jsonl', '{"customer_id":"F1","event_time":"soon"}\n');
    const res = await owner(['import', 'customers', '--file', input, '--rejects', '/dev/full']);
    expect(res.code, res.stderr).toBe(1);
    expect(errorText(res.stderr)).toMatch(/Cannot write to "\/dev\/full": no space left on device/);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).not.toMatch(/\s+at /);
  });
});

describe('bad flags and identifiers are refused before any call', () => {
  it.each([
    [['get-record', 'customers', ''], /blank/],
    [['get-record', 'customers', 'a\u0000b'], /NUL/],
    [['get-record', 'customers', 'x\ud800'], /surrogate/],
    [['delete-record', 'customers', ''], /blank/],
    [['batch-get', 'customers', '--ids', 'a,b\u0000'], /NUL/],
    [['batch-get', 'customers', '--ids', 'a', '--concurrency', '0x10'], /--concurrency "0x10"/],
    [['import', 'customers', '--file', 'x.jsonl', '--concurrency', '1e1'], /--concurrency|cannot read/],
    [['export', 'customers', '--starting-token', 'garbage!'], /--starting-token/],
    [['export', 'customers', '--progress', 'loud'], /--progress "loud"/],
  ])('%j', async (args, message) => {
    const res = await offline(args);
    expect(res.code, res.stderr).toBe(2);
    expect(errorText(res.stderr)).toMatch(message);
  });

  it('delete-record --hard without a terminal needs --yes', async () => {
    const res = await offline(['delete-record', 'customers', 'C0001', '--hard']);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(/--yes/);
  });

  it('delete-record --hard on a terminal asks, and "no" changes nothing (exit 130)', async () => {
    const res = await runCli(
      ['--sandbox', '--profile', 'owner', 'delete-record', 'customers', 'C0002', '--hard'],
      {
        env: { FSHARE_HOME: home },
        tty: true,
        stdin: 'n\n',
      },
    );
    expect(res.code, res.stderr).toBe(130);
    expect(res.stderr).toMatch(/Not deleted/);
    expect((await owner(['get-record', 'customers', 'C0002', '-o', 'json'])).code).toBe(0);
  });
});

describe('bad records are refused, naming the bad part', () => {
  it('put-record: duplicate keys, event time 1e300, lone surrogate in a string', async () => {
    const cases: [string, RegExp][] = [
      ['{"customer_id":"D1","customer_id":"D2","event_time":1767225600}', /"customer_id" appears twice/],
      ['{"customer_id":"D1","event_time":1e300}', /event_time.*year 9999/],
      ['{"customer_id":"D1","event_time":1767225600,"segment":"\\ud800"}', /segment.*surrogate/],
    ];
    for (const [record, message] of cases) {
      const res = await owner(['put-record', 'customers', '--record', record]);
      expect(res.code, res.stderr).toBe(2);
      expect(errorText(res.stderr)).toMatch(message);
    }
  });

  it('put-record --record file:// and --file - read the record', async () => {
    const json = file('one.json', '{"customer_id":"U1","event_time":1767225600,"age":7}');
    const viaUrl = await owner(['put-record', 'customers', '--record', `file://${json}`, '-o', 'json']);
    expect(viaUrl.code, viaUrl.stderr).toBe(0);
    const viaStdin = await runCli(
      ['--sandbox', '--profile', 'owner', 'put-record', 'customers', '--file', '-', '-o', 'json'],
      {
        env: { FSHARE_HOME: home },
        stdin: '{"customer_id":"U2","event_time":1767225600,"age":8}',
      },
    );
    expect(viaStdin.code, viaStdin.stderr).toBe(0);
    const got = await owner(['batch-get', 'customers', '--ids', 'U1,U2', '--features', 'age', '-o', 'json']);
    expect(got.json()).toEqual([
      { customer_id: 'U1', age: 7 },
      { customer_id: 'U2', age: 8 },
    ]);
  });

  it('import --file - reads stdin (no checkpoint is left behind)', async () => {
    const rejects = path.join(home, 'stdin.rejects.jsonl');
    const res = await runCli(
      [
        '--sandbox',
        '--profile',
        'owner',
        'import',
        'customers',
        '--file',
        '-',
        '--format',
        'csv',
        '--rejects',
        rejects,
        '-o',
        'json',
      ],
      {
        env: { FSHARE_HOME: home },
        stdin: 'customer_id,event_time,age\nSTDIN-1,1767225600,5\nSTDIN-2,1767225600,x\n',
      },
    );
    expect(res.code, res.stderr).toBe(5);
    expect(res.json()).toMatchObject({ read: 2, sent: 1, rejected: 1 });
    expect(fs.existsSync('-.fshare-checkpoint.json')).toBe(false);
    const got = await owner(['get-record', 'customers', 'STDIN-1', '-o', 'json']);
    expect(got.json()).toMatchObject({ customer_id: 'STDIN-1', age: 5 });
  });

  it('put-record --file with invalid UTF-8 is refused, not replaced', async () => {
    const bad = file(
      'latin1.json',
      Buffer.from('{"customer_id":"L1","event_time":1767225600,"segment":"caf\xe9"}', 'latin1'),
    );
    const res = await owner(['put-record', 'customers', '--file', bad]);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(/not valid UTF-8/);
  });

  it('import: each bad row lands in the rejects file with its reason; the good ones are written', async () => {
    const lines = [
      Buffer.from('{"customer_id":"H-ok","event_time":1767225600}\n'),
      Buffer.from('{"customer_id":"H-latin","event_time":1767225600,"segment":"caf\xe9"}\n', 'latin1'),
      Buffer.from('{"customer_id":"H-dup","customer_id":"H-dup2","event_time":1767225600}\n'),
      Buffer.from('{"customer_id":"H-huge","event_time":1e300}\n'),
      Buffer.from('{"customer_id":"H\\u0000nul","event_time":1767225600}\n'),
      Buffer.from('{"customer_id":"H\\udc00","event_time":1767225600}\n'),
    ];
    const input = file('hardening.jsonl', Buffer.concat(lines));
    const rejects = path.join(home, 'hardening.rejects.jsonl');
    const res = await owner(['import', 'customers', '--file', input, '--rejects', rejects, '-o', 'json']);
    expect(res.code, res.stderr).toBe(5);
    expect(res.json()).toMatchObject({ sent: 1, rejected: 5 });
    expect(rejectsOf(rejects).map((r) => [r.line, r.reason])).toEqual([
      [2, expect.stringMatching(/not valid UTF-8/)],
      [3, expect.stringMatching(/"customer_id" appears twice/)],
      [4, expect.stringMatching(/year 9999/)],
      [5, expect.stringMatching(/NUL/)],
      [6, expect.stringMatching(/surrogate/)],
    ]);
  });

  it('a 60 MB CSV line is rejected as it streams, in bounded memory', () => {
    const big = path.join(home, 'long-line.csv');
    const fd = fs.openSync(big, 'w');
    fs.writeSync(fd, 'customer_id,event_time,segment\nOK-1,1767225600,a\nLONG,1767225600,');
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < 60; i++) {
      fs.writeSync(fd, chunk);
    }
    fs.writeSync(fd, '\nOK-2,1767225600,b\n');
    fs.closeSync(fd);
    const rejects = path.join(home, 'long-line.rejects.jsonl');
    const res = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        '__RSS__%M',
        process.execPath,
        'bin/fshare',
        '--sandbox',
        '--profile',
        'owner',
        'import',
        'customers',
        '--file',
        big,
        '--rejects',
        rejects,
        '-o',
        'json',
      ],
      { env: { ...process.env, FSHARE_HOME: home }, encoding: 'utf8' },
    );
    expect(res.status, res.stderr).toBe(5);
    expect(JSON.parse(res.stdout)).toMatchObject({ sent: 2, rejected: 1 });
    expect(rejectsOf(rejects)).toEqual([
      expect.objectContaining({ line: 3, reason: expect.stringMatching(/longer than/) }),
    ]);
    const rssKiB = Number(/__RSS__(\d+)/.exec(res.stderr)?.[1]);
    // The line alone is 60 MiB; reading it whole (as text, twice) would take several times that.
    expect(rssKiB).toBeGreaterThan(0);
    expect(rssKiB / 1024).toBeLessThan(200);
  }, 60_000);
});

describe('checkpoints and locks', () => {
  function checkpointFor(input: string): string {
    return `${input}.fshare-checkpoint.json`;
  }

  it('a checkpoint with "input": null or 2M entries is invalid (exit 2), not a crash', async () => {
    const input = file('cp.jsonl', '{"customer_id":"K1","event_time":1767225600}\n');
    const bodies = [
      { version: 1, input: null, featureGroupArn: 'x', ledger: { watermark: 0, done: [] } },
      {
        version: 1,
        input: { path: input, size: 1, mtimeMs: 1 },
        featureGroupArn: 'x',
        ledger: { watermark: 0, done: Array.from({ length: 2_000_000 }, (_, i) => i + 1) },
      },
    ];
    for (const body of bodies) {
      fs.writeFileSync(checkpointFor(input), JSON.stringify(body));
      const res = await owner(['import', 'customers', '--file', input, '--resume']);
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toMatch(/checkpoint .* is invalid/);
    }
    fs.rmSync(checkpointFor(input), { force: true });
  });

  it('a second import of the same file while one runs exits 2 naming it; a dead holder is taken over', async () => {
    const input = file('locked.jsonl', '{"customer_id":"LK1","event_time":1767225600}\n');
    const lock = `${checkpointFor(input)}.lock`;
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      fs.writeFileSync(lock, JSON.stringify({ pid: holder.pid, since: '2026-12-01T00:00:00.000Z' }));
      const refused = await owner(['import', 'customers', '--file', input]);
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toContain(`pid ${holder.pid}`);
    } finally {
      holder.kill('SIGKILL');
    }
    await new Promise((resolve) => holder.once('exit', resolve));
    const taken = await owner(['import', 'customers', '--file', input, '-o', 'json']);
    expect(taken.code, taken.stderr).toBe(0);
    expect(fs.existsSync(lock)).toBe(false);
  });
});

describe('faults', () => {
  it('export retries throttles and 5xx and reads everything', async () => {
    const clean = await owner(['export', 'customers', '-o', 'ndjson']);
    expect(clean.code).toBe(0);
    const expected = clean.stdout.trim().split('\n').length;
    const faulty = await owner(['export', 'customers', '-o', 'ndjson'], {
      FSHARE_SANDBOX_THROTTLE_RATE: '0.2',
      FSHARE_SANDBOX_ERROR_RATE: '0.05',
      FSHARE_SANDBOX_SEED: '7',
    });
    expect(faulty.code, faulty.stderr).toBe(0);
    expect(faulty.stdout.trim().split('\n')).toHaveLength(expected);
  });

  it('export --max-items stops early and --starting-token continues without gaps or repeats', async () => {
    const all = (await owner(['export', 'customers', '-o', 'ndjson'])).stdout.trim().split('\n');
    const first = await owner(['--max-items', '7', 'export', 'customers', '-o', 'ndjson']);
    expect(first.code, first.stderr).toBe(0);
    const token = /--starting-token (\S+)/.exec(first.stderr)?.[1];
    expect(token).toBeDefined();
    const rest = await owner(['export', 'customers', '--starting-token', token ?? '', '-o', 'ndjson']);
    expect(rest.code, rest.stderr).toBe(0);
    expect([...first.stdout.trim().split('\n'), ...rest.stdout.trim().split('\n')]).toEqual(all);
  });

  it('import into a group the caller may only read stops at the first denial: exit 3, little sent', async () => {
    expect((await owner(['grant', 'customers', '--to', '222222222222', '--level', 'read-only'])).code).toBe(
      0,
    );
    expect((await sandbox('consumer', ['accept', '--all'])).code).toBe(0);
    const rows = Array.from({ length: 2_000 }, (_, i) =>
      JSON.stringify({ customer_id: `RO-${i}`, event_time: 1767225600 }),
    );
    const input = file('read-only.jsonl', `${rows.join('\n')}\n`);
    const res = await sandbox('consumer', [
      'import',
      '111111111111/customers',
      '--file',
      input,
      '--concurrency',
      '1',
      '-o',
      'json',
    ]);
    expect(res.code, res.stderr).toBe(3);
    expect(JSON.parse(res.stderr)).toMatchObject({ error: { code: 'FSHARE_ACCESS_DENIED' } });
    expect(res.stderr).toMatch(/--level read-write/);
    expect(fs.existsSync(`${input}.rejects.jsonl`)).toBe(false);
  });
});
