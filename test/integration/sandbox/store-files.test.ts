/**
 * The sandbox store on disk: private files, typed errors for a damaged or locked store, and one
 * server record per `sandbox serve`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initSandbox, sandboxStatus, storeFile, withInitialisedStore } from '../../../src/sandbox/admin.js';
import { closeSharedStores } from '../../../src/sandbox/client-config.js';
import { ROOT, ensureBuilt } from '../../conformance/serve-harness.js';
import { runCli } from '../../helpers/run-cli.js';

let root: string;
let home: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
  home = path.join(root, 'home');
});
afterEach(async () => {
  for (const child of children.splice(0)) {
    await stop(child);
  }
  closeSharedStores();
  fs.rmSync(root, { recursive: true, force: true });
});

const modeOf = (file: string): number => fs.statSync(file).mode & 0o777;

describe('the store files', () => {
  it('creates FSHARE_HOME 0700 and sandbox.db, -wal and -shm 0600', async () => {
    const res = await runCli(['sandbox', 'init'], { env: { FSHARE_HOME: home } });
    expect(res.code).toBe(0);
    // A write through a second connection keeps the WAL files in place to be looked at.
    const holder = new Database(storeFile(home));
    holder.exec("INSERT INTO meta (key, value) VALUES ('probe', '1')");
    expect(modeOf(home)).toBe(0o700);
    for (const suffix of ['', '-wal', '-shm']) {
      expect(modeOf(`${storeFile(home)}${suffix}`)).toBe(0o600);
    }
    holder.close();
  });

  it('makes an existing open home and store private, and says so', async () => {
    await runCli(['sandbox', 'init'], { env: { FSHARE_HOME: home } });
    fs.chmodSync(home, 0o755);
    fs.chmodSync(storeFile(home), 0o644);
    const res = await runCli(['sandbox', 'status'], { env: { FSHARE_HOME: home } });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('made it private (700)');
    expect(res.stderr).toContain('made it private (600)');
    expect(modeOf(home)).toBe(0o700);
    expect(modeOf(storeFile(home))).toBe(0o600);
  });
});

describe('a damaged or locked store', () => {
  it('says the store is damaged and how to recover, exit 1, no raw SQLite text', async () => {
    fs.mkdirSync(home, { mode: 0o700 });
    fs.writeFileSync(storeFile(home), 'not a database '.repeat(100), { mode: 0o600 });
    for (const args of [
      ['sandbox', 'status'],
      ['sandbox', 'init'],
      ['--sandbox', 'whoami'],
    ]) {
      const res = await runCli([...args, '-o', 'json'], { env: { FSHARE_HOME: home } });
      expect(res.code).toBe(1);
      const error = JSON.parse(res.stdout || res.stderr) as {
        error: { code: string; message: string; hint: string };
      };
      expect(error.error.code).toBe('FSHARE_SANDBOX_STORE_CORRUPT');
      expect(error.error.hint).toContain('sandbox reset --yes');
      expect(error.error.message).not.toMatch(/file is not a database/);
    }
  });

  it('says the store is locked by another process when the lock outlasts the wait', () => {
    initSandbox(home, { orgSharing: false, force: false });
    const other = new Database(storeFile(home));
    other.exec('BEGIN EXCLUSIVE');
    try {
      const error = (() => {
        try {
          withInitialisedStore(home, (db) => sandboxStatus(db, storeFile(home)), { busyTimeoutMs: 50 });
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toMatchObject({ code: 'FSHARE_SANDBOX_STORE_LOCKED', exitCode: 1 });
      expect((error as { hint: string }).hint).toMatch(/Wait for the other fshare process|stop it/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });
});

/** `fshare sandbox serve --port 0` as a child process on `home`; resolves with its URL. */
function serve(): Promise<{ url: string; child: ChildProcess }> {
  ensureBuilt();
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'bin', 'fshare'), 'sandbox', 'serve', '--port', '0'],
    {
      env: { ...process.env, FSHARE_HOME: home, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) {
        resolve({ url: (JSON.parse(out.split('\n')[0] ?? '') as { url: string }).url, child });
      }
    });
    child.on('exit', (code) => reject(new Error(`sandbox serve exited with ${String(code)}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }
}

describe('two `sandbox serve` on one home', () => {
  it('keeps one record per server: stopping one leaves the other listed and found', async () => {
    initSandbox(home, { orgSharing: false, force: false });
    const first = await serve();
    const second = await serve();
    const listed = async () =>
      (await runCli(['sandbox', 'status', '-o', 'json'], { env: { FSHARE_HOME: home } }))
        .json<{ servers: { url: string }[] }>()
        .servers.map((s) => s.url)
        .sort();
    expect(await listed()).toEqual([first.url, second.url].sort());
    await stop(first.child);
    expect(await listed()).toEqual([second.url]);
    const env = await runCli(['sandbox', 'env', '--as', 'consumer'], { env: { FSHARE_HOME: home } });
    expect(env.stdout).toContain(`AWS_ENDPOINT_URL=${second.url}`);
    await stop(second.child);
    expect(await listed()).toEqual([]);
  }, 60_000);
});
