/**
 * Starts the built `fshare sandbox serve --port 0` as a child process on a fresh FSHARE_HOME and
 * gives each profile's credentials, for driving it with clients nobody here wrote.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin', 'fshare');

export interface Credentials {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
}

export interface Served {
  home: string;
  url: string;
  /** The server process, e.g. for reading its memory from /proc. */
  pid: number;
  credentials(profile: string): Credentials;
  /** Environment for a child client process: the profile's keys, no user config. */
  clientEnv(profile: string, overrides?: Partial<Credentials>): NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export function ensureBuilt(): void {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
}

export function hasCommand(command: string, args: string[]): boolean {
  const res = spawnSync(command, args, { encoding: 'utf8' });
  return res.status === 0;
}

function fshare(args: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
}

export async function startServed(initArgs: string[] = []): Promise<Served> {
  ensureBuilt();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
  const env = { ...process.env, FSHARE_HOME: home, NO_COLOR: '1' };
  fshare(['sandbox', 'init', ...initArgs], env);
  const child: ChildProcess = spawn(process.execPath, [BIN, 'sandbox', 'serve', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`sandbox serve did not start: ${err}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox serve exited with ${String(code)}: ${err}`));
    });
  });
  const cache = new Map<string, Credentials>();
  const credentials = (profile: string): Credentials => {
    let creds = cache.get(profile);
    if (!creds) {
      creds = JSON.parse(fshare(['sandbox', 'env', '--as', profile, '-o', 'json'], env)) as Credentials;
      cache.set(profile, creds);
    }
    return creds;
  };
  return {
    home,
    url,
    pid: child.pid ?? -1,
    credentials,
    clientEnv: (profile, overrides = {}) => {
      const creds = { ...credentials(profile), ...overrides };
      return {
        PATH: process.env.PATH,
        HOME: home,
        AWS_ACCESS_KEY_ID: creds.AWS_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: creds.AWS_SECRET_ACCESS_KEY,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: url,
        AWS_CONFIG_FILE: path.join(home, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-aws-credentials'),
        AWS_PAGER: '',
        AWS_MAX_ATTEMPTS: '1',
        ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
      };
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
