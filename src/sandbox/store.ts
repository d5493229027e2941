/**
 * The sandbox's SQLite world. Several fshare processes (a `serve`, a `grant`, an `accept`) may open
 * the same file at once, so the store runs in WAL mode and waits for locks instead of failing.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { SCHEMAS } from './schema.js';
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

export function openStore(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // Set busy_timeout first: switching to WAL itself needs a lock another process may hold.
  db.pragma('busy_timeout = 10000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const applySchemas = db.transaction(() => {
    for (const schema of SCHEMAS) {
      db.exec(schema);
    }
  });
  applySchemas.immediate();
  return db;
}

export function getMeta(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

export function deleteMeta(db: Db, key: string): void {
  db.prepare('DELETE FROM meta WHERE key = ?').run(key);
}

export const META = {
  initialisedAt: 'initialisedAt',
  clockOffsetMs: 'clockOffsetMs',
  orgSharing: 'orgSharing',
  tokenKey: 'tokenKey',
  serverUrl: 'serverUrl',
  serverPid: 'serverPid',
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
