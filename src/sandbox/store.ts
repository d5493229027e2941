/**
 * The sandbox's SQLite world. Several fshare processes (a `serve`, a `grant`, an `accept`) may open
 * the same file at once, so the store runs in WAL mode and waits for locks instead of failing.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS, SCHEMAS } from './schema.js';
import { FshareError } from '../errors.js';
import type { Db } from './types.js';

export const STORE_FILE_NAME = 'sandbox.db';

export function sandboxHome(env: Readonly<Record<string, string | undefined>>): string {
  const home = env.FSHARE_HOME;
  if (home !== undefined && home !== '') {
    return home;
  }
  return path.join(os.homedir(), '.fshare');
}

export function storePath(env: Readonly<Record<string, string | undefined>>): string {
  return path.join(sandboxHome(env), STORE_FILE_NAME);
}

export interface OpenStoreOptions {
  /** Told when fshare had to make an existing home or store file private. */
  onWarning?: (message: string) => void;
  /** How long to wait for another process's lock before giving up; 10 s unless set. */
  busyTimeoutMs?: number;
}

const SANDBOX_STORE_CODES: readonly [RegExp, string, string][] = [
  [/^SQLITE_(NOTADB|CORRUPT)/, 'FSHARE_SANDBOX_STORE_CORRUPT', 'is damaged or is not a sandbox database'],
  [/^SQLITE_(BUSY|LOCKED)/, 'FSHARE_SANDBOX_STORE_LOCKED', 'is locked by another process'],
  [
    /^(SQLITE_(CANTOPEN|READONLY|PERM|FULL|IOERR)|EACCES|EPERM|EROFS|ENOSPC|ENOTDIR)/,
    'FSHARE_SANDBOX_STORE_UNAVAILABLE',
    'cannot be opened or written',
  ],
];

/**
 * The typed error for a failure of the store itself (SQLite or the file system), matched by the
 * error's code; undefined for anything else. The SQLite text is kept as a detail, not the message.
 */
export function storeFailure(error: unknown, file: string): FshareError | undefined {
  if (error instanceof FshareError) {
    return undefined;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') {
    return undefined;
  }
  const match = SANDBOX_STORE_CODES.find(([pattern]) => pattern.test(code));
  if (!match) {
    return undefined;
  }
  const [, fshareCode, what] = match;
  return new FshareError(fshareCode, `The sandbox store ${file} ${what}.`, 1, {
    cause: error,
    details: { storeError: code },
  });
}

/** Runs `use`, turning a failure of the store into its typed error. */
export function guardStore<T>(file: string, use: () => T): T {
  try {
    return use();
  } catch (error) {
    throw storeFailure(error, file) ?? error;
  }
}

function isOwnedByMe(stat: fs.Stats): boolean {
  return typeof process.getuid !== 'function' || stat.uid === process.getuid();
}

/**
 * The home holds every principal's secret key: created 0700, and an existing one of ours that
 * others can read is made private (not a shared, sticky directory such as /tmp).
 */
function ensurePrivateHome(dir: string, warn: (message: string) => void): void {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
    return;
  }
  const stat = fs.statSync(dir);
  const mode = stat.mode & 0o7777;
  if ((mode & 0o077) !== 0 && (mode & 0o1000) === 0 && isOwnedByMe(stat)) {
    fs.chmodSync(dir, 0o700);
    warn(
      `${dir} was open to other users (mode ${mode.toString(8)}); made it private (700): it holds the sandbox's secret keys.`,
    );
  }
}

function ensurePrivateFile(file: string, warn: (message: string) => void): void {
  if (!fs.existsSync(file)) {
    return;
  }
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    fs.chmodSync(file, 0o600);
    warn(`${file} was readable by other users (mode ${mode.toString(8)}); made it private (600).`);
  }
}

function openPrivately(file: string, warn: (message: string) => void): Db {
  if (file === ':memory:') {
    return new Database(file);
  }
  ensurePrivateHome(path.dirname(file), warn);
  if (!fs.existsSync(file)) {
    // Created 0600 before SQLite opens it: the -wal and -shm files take the database's mode.
    fs.closeSync(fs.openSync(file, 'a', 0o600));
  }
  for (const suffix of ['', '-wal', '-shm']) {
    ensurePrivateFile(`${file}${suffix}`, warn);
  }
  return new Database(file);
}

export function openStore(file: string, options: OpenStoreOptions = {}): Db {
  const warn = options.onWarning ?? ((): void => undefined);
  let db: Db | undefined;
  try {
    db = openPrivately(file, warn);
    // Set busy_timeout first: switching to WAL itself needs a lock another process may hold.
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 10_000))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const opened = db;
    const applySchemas = opened.transaction(() => {
      for (const schema of SCHEMAS) {
        opened.exec(schema);
      }
      for (const migrate of MIGRATIONS) {
        migrate(opened);
      }
    });
    applySchemas.immediate();
    return db;
  } catch (error) {
    db?.close();
    throw storeFailure(error, file) ?? error;
  }
}

const statements = new WeakMap<Db, Map<string, BetterSqlite3.Statement>>();

/** A statement prepared once per connection: every request reads meta and principals. */
export function cachedStatement(db: Db, sql: string): BetterSqlite3.Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}

export function getMeta(db: Db, key: string): string | undefined {
  const row = cachedStatement(db, 'SELECT value FROM meta WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  cachedStatement(
    db,
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

export function deleteMeta(db: Db, key: string): void {
  cachedStatement(db, 'DELETE FROM meta WHERE key = ?').run(key);
}

export const META = {
  initialisedAt: 'initialisedAt',
  clockOffsetMs: 'clockOffsetMs',
  orgSharing: 'orgSharing',
  tokenKey: 'tokenKey',
  /** One record per running `sandbox serve`: `server:<pid>` → its URL. */
  serverPrefix: 'server:',
} as const;

export function clockOffsetMs(db: Db): number {
  const raw = getMeta(db, META.clockOffsetMs);
  const offset = raw === undefined ? 0 : Number(raw);
  return Number.isFinite(offset) ? offset : 0;
}

/** The sandbox's business clock: real time plus an offset moved by `fshare sandbox clock --advance`. */
export function sandboxNow(db: Db): Date {
  return new Date(Date.now() + clockOffsetMs(db));
}

export function advanceClock(db: Db, ms: number): Date {
  setMeta(db, META.clockOffsetMs, String(clockOffsetMs(db) + ms));
  return sandboxNow(db);
}

export function isInitialised(db: Db): boolean {
  return getMeta(db, META.initialisedAt) !== undefined;
}

export function orgSharingEnabled(db: Db): boolean {
  return getMeta(db, META.orgSharing) === 'true';
}
