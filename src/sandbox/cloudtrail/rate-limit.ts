/**
 * A token bucket kept in SQLite so every process serving one sandbox shares it. CloudTrail allows
 * LookupEvents 2 requests per second per account per region: a bucket of 2 refilled at 2/s lets a
 * client that paces itself at 2 TPS through even with scheduling jitter, and throttles any client
 * that keeps going faster (or bursts a third call into the same instant).
 */
import type { Db } from '../types.js';

export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

export const LOOKUP_EVENTS_LIMIT: RateLimit = { ratePerSecond: 2, burst: 2 };

/** Takes one token for (account, region, api); false means the caller must be throttled. */
export function takeToken(
  db: Db,
  key: { accountId: string; region: string; api: string },
  nowMs: number,
  limit: RateLimit,
): boolean {
  const take = db.transaction((): boolean => {
    const row = db
      .prepare(
        'SELECT tokens, updated_ms FROM ct_rate_limits WHERE account_id = ? AND region = ? AND api = ?',
      )
      .get(key.accountId, key.region, key.api) as { tokens: number; updated_ms: number } | undefined;
    // A clock that steps backwards (another process, NTP) must not mint or destroy tokens.
    const elapsedMs = row === undefined ? 0 : Math.max(0, nowMs - row.updated_ms);
    const available =
      row === undefined
        ? limit.burst
        : Math.min(limit.burst, row.tokens + (elapsedMs * limit.ratePerSecond) / 1000);
    const allowed = available >= 1;
    const remaining = allowed ? available - 1 : available;
    db.prepare(
      `INSERT INTO ct_rate_limits (account_id, region, api, tokens, updated_ms) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, region, api) DO UPDATE SET tokens = excluded.tokens, updated_ms = excluded.updated_ms`,
    ).run(key.accountId, key.region, key.api, remaining, Math.max(nowMs, row?.updated_ms ?? nowMs));
    return allowed;
  });
  return db.inTransaction ? take() : take.immediate();
}
