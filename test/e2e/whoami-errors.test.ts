/**
 * The built CLI (bin/fshare → dist/) as a user runs it: a child process with a clean environment.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInPty } from '../helpers/pty.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin', 'fshare');
let home: string;

beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
  }
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: no inherited AWS settings, an empty HOME, no instance metadata. */
function fshare(args: string[], env: Record<string, string> = {}): Run {
  const res = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      NO_COLOR: '1',
      ...env,
    },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function expectOneJsonError(run: Run, code: string): { code: string; message: string; hint: string } {
  expect(run.stdout).toBe('');
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  const parsed = JSON.parse(lines[0] ?? '') as { error: { code: string; message: string; hint: string } };
  expect(parsed.error.code).toBe(code);
  expect(parsed.error.message.length).toBeGreaterThan(0);
  expect(parsed.error.message).not.toContain('\n');
  expect(parsed.error.hint.length).toBeGreaterThan(0);
  expect(run.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  return parsed.error;
}

const FAKE_KEYS = {
  AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
  AWS_SECRET_ACCESS_KEY: 'fakeSecretKeyfakeSecretKey',
};

describe('fshare whoami -o json: failures a user meets first', () => {
  it('an unreachable endpoint: exit 1, "could not reach", endpoint hint', () => {
    const run = fshare(
      ['whoami', '-o', 'json', '--region', 'us-east-1', '--endpoint-url', 'http://127.0.0.1:9'],
      FAKE_KEYS,
    );
    expect(run.code).toBe(1);
    const error = expectOneJsonError(run, 'FSHARE_NETWORK');
    expect(error.message).toBe('Could not reach http://127.0.0.1:9 (ECONNREFUSED).');
    expect(error.hint).toContain('--endpoint-url');
  });

  it('missing credentials: exit 1, a hint about --profile / aws sso login', () => {
    const run = fshare(['whoami', '-o', 'json'], { AWS_REGION: 'us-east-1' });
    expect(run.code).toBe(1);
    const error = expectOneJsonError(run, 'FSHARE_AWS_CREDENTIALS');
    expect(error.hint).toMatch(/--profile/);
    expect(error.hint).toContain('aws sso login');
  });

  it('an unknown profile: exit 2, named, before any call', () => {
    const run = fshare(['whoami', '-o', 'json', '--profile', 'no-such-profile'], { AWS_REGION: 'us-east-1' });
    expect(run.code).toBe(2);
    const error = expectOneJsonError(run, 'FSHARE_UNKNOWN_PROFILE');
    expect(error.message).toContain('"no-such-profile"');
  });

  it('no region: exit 2 with the ways to set one', () => {
    const run = fshare(['whoami', '-o', 'json'], FAKE_KEYS);
    expect(run.code).toBe(2);
    expect(expectOneJsonError(run, 'FSHARE_NO_REGION').hint).toContain('--region');
  });

  it('on a terminal: one line of what went wrong, one of what to do, no stack', async () => {
    // Errors are for a person when stderr is a terminal (a real pseudo-terminal here).
    const run = await runInPty(['whoami', '--region', 'us-east-1', '--endpoint-url', 'http://127.0.0.1:9'], {
      cols: 200,
      env: { HOME: home, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1', ...FAKE_KEYS },
    });
    expect(run.code).toBe(1);
    const lines = run.screen.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Error: Could not reach/);
    expect(lines[1]).toMatch(/^Hint: /);
  });

  it('--debug shows the stack trace and redacts the secret key', () => {
    const run = fshare(
      ['whoami', '-o', 'table', '--debug', '--region', 'us-east-1', '--endpoint-url', 'http://127.0.0.1:9'],
      FAKE_KEYS,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\n\s+at /);
    expect(run.stderr).not.toContain(FAKE_KEYS.AWS_SECRET_ACCESS_KEY);
    expect(run.stderr).not.toMatch(/Signature=[0-9a-f]{16,}/);
  });
});

describe('the built CLI basics', () => {
  it('--version prints the package version, exit 0', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    const run = fshare(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${pkg.version}\n`);
  });

  it('completion bash from the bundle passes bash -n', () => {
    const run = fshare(['completion', 'bash']);
    expect(run.code).toBe(0);
    const file = path.join(home, 'fshare.bash');
    fs.writeFileSync(file, run.stdout);
    expect(spawnSync('bash', ['-n', file]).status).toBe(0);
  });
});
