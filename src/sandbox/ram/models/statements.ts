/**
 * Prepared statements cached per database handle: RAM's reads run on every call of an org-scale
 * apply, and compiling the same SQL thousands of times is most of their cost.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../types.js';

const cache = new WeakMap<Db, Map<string, BetterSqlite3.Statement>>();

export function statement(db: Db, sql: string): BetterSqlite3.Statement {
  let byDb = cache.get(db);
  if (byDb === undefined) {
    byDb = new Map();
    cache.set(db, byDb);
  }
  let stmt = byDb.get(sql);
  if (stmt === undefined) {
    stmt = db.prepare(sql);
    byDb.set(sql, stmt);
  }
  return stmt;
}

/** `?, ?, ?` for an IN list of `n` values. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(',');
}
