/**
 * Ctrl-C over HTTP: the built bin reading from a served sandbox (with latency, so a call is in
 * flight) gets SIGINT. Expected: exit 130, the interrupt named (FSHARE_INTERRUPTED or the
 * command's own report), never FSHARE_INTERNAL "looks like a bug", never a stack trace.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin', 'fshare');
let home: string;
let server: ChildProcess | undefined;
let url = '';
const credentials: Record<string, string> = {};

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    FSHARE_HOME: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NO_COLOR: '1',
    ...extra,
  };
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
  }
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-interrupt-'));
  expect(spawnSync(process.execPath, [bin, 'sandbox', 'init', '--quiet'], { env: env() }).status).toBe(0);
  server = spawn(process.execPath, [bin, 'sandbox', 'serve', '--port', '0', '--latency', '2000'], {
    env: env(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server?.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /"url"\s*:\s*"([^"]+)"/.exec(out);
      if (m?.[1]) {
        resolve(m[1]);
      }
    });
    server?.on('exit', (code) => reject(new Error(`sandbox serve exited ${code}`)));
  });
  const port = new URL(url).port;
  const printed = spawnSync(process.execPath, [bin, 'sandbox', 'env', '--as', 'owner', '--port', port], {
    env: env(),
    encoding: 'utf8',
  });
  // `export K=V K=V …`: the keys the served sandbox accepts for the owner.
  for (const m of printed.stdout.matchAll(/\b([A-Z_]+)=(\S+)/g)) {
    credentials[m[1] ?? ''] = m[2] ?? '';
  }
  expect(credentials.AWS_ACCESS_KEY_ID, printed.stdout + printed.stderr).toBeTruthy();
});

afterAll(() => {
  server?.kill('SIGTERM');
  fs.rmSync(home, { recursive: true, force: true });
});

function interruptAfter(
  args: string[],
  ms: number,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const { AWS_ENDPOINT_URL: _ignored, ...creds } = credentials;
    const child = spawn(process.execPath, [bin, '--endpoint-url', url, '--region', 'us-east-1', ...args], {
      env: env(creds),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    setTimeout(() => child.kill('SIGINT'), ms);
    child.on('close', (code) => resolve({ code, stderr, stdout }));
  });
}

const STACK = /\n\s+at .+[(:]\d+|node:internal/;

describe('Ctrl-C while a call is in flight over HTTP', () => {
  it.each([
    ['describe', ['describe', 'customers']],
    ['shares', ['shares']],
    ['export', ['export', 'customers', '-o', 'ndjson']],
  ])('%s: exit 130, interrupted, no "bug", no stack trace', async (_name, args) => {
    const res = await interruptAfter(args, 1_200);
    expect(res.stderr, res.stderr).not.toMatch(STACK);
    expect(res.stderr).not.toContain('FSHARE_INTERNAL');
    expect(res.stderr).not.toMatch(/looks like a bug/);
    expect(res.code, res.stderr).toBe(130);
    expect(res.stderr).toMatch(/FSHARE_INTERRUPTED|[Ii]nterrupted/);
  });
});
