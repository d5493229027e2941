/**
 * Real pipes and a full disk: the built bin writing into a pipe whose reader is gone (EPIPE, as
 * `fshare … | head -1` or `| true`), and into /dev/full (ENOSPC). Expected: EPIPE exits 0 quietly;
 * ENOSPC prints one line and exits 1; never a stack trace.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin', 'fshare');
let home: string;

function env(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    FSHARE_HOME: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NO_COLOR: '1',
  };
}

beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
  }
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-pipes-'));
  const init = spawnSync(process.execPath, [bin, 'sandbox', 'init', '--quiet'], {
    env: env(),
    encoding: 'utf8',
  });
  expect(init.status, init.stderr).toBe(0);
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

/** Runs fshare with stdout a pipe whose read end is closed at once, so its first write fails. */
function intoClosedPipe(
  args: string[],
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

const STACK = /\n\s+at .+[(:]\d+|node:internal|Error \[ERR_/;
const OWNER = ['--sandbox', '--profile', 'owner'];

describe('output into a closed pipe (EPIPE)', () => {
  it.each([
    ['export -o ndjson', [...OWNER, 'export', 'customers', '-o', 'ndjson']],
    ['describe', [...OWNER, 'describe', 'customers']],
    ['access', [...OWNER, 'access']],
    ['shares', [...OWNER, 'shares']],
    ['whoami', [...OWNER, 'whoami']],
    ['get-record', [...OWNER, 'get-record', 'customers', 'C0001']],
    ['--version', ['--version']],
    ['--help', ['--help']],
    ['subcommand --help', ['grant', '--help']],
    ['completion bash', ['completion', 'bash']],
  ])('%s exits 0 quietly, no stack trace', async (_name, args) => {
    const res = await intoClosedPipe(args);
    expect(res.stderr).not.toMatch(STACK);
    expect(res.stderr).not.toMatch(/EPIPE/);
    expect(res.signal).toBeNull();
    expect(res.code).toBe(0);
  });

  it('`fshare export … | head -1` through a real shell pipeline: one line, exit 0', () => {
    const res = spawnSync(
      '/bin/sh',
      [
        '-c',
        `"${process.execPath}" "${bin}" --sandbox --profile owner export customers -o ndjson | head -1; echo "rc=\${PIPESTATUS:-0}"`,
      ],
      { env: env(), encoding: 'utf8' },
    );
    const lines = res.stdout.trim().split('\n');
    expect(JSON.parse(lines[0] ?? '')).toHaveProperty('customer_id');
    expect(res.stderr).not.toMatch(STACK);
  });
});

describe('output to a full disk (ENOSPC)', () => {
  it.each([
    ['--help', ['--help']],
    ['--version', ['--version']],
    ['export', [...OWNER, 'export', 'customers', '-o', 'ndjson']],
  ])('%s > /dev/full: one line on stderr, exit 1', (_name, args) => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const res = spawnSync(process.execPath, [bin, ...args], {
        env: env(),
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
      });
      expect(res.stderr).not.toMatch(STACK);
      expect(res.stderr.trim().split('\n')).toEqual([
        'Error: could not write the output to stdout: no space left on device.',
      ]);
      expect(res.status).toBe(1);
    } finally {
      fs.closeSync(full);
    }
  });
});
