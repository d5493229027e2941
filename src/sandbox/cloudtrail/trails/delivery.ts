/**
 * Log-file delivery. Events queued for a trail land as one gzipped `{"Records":[…]}` object per
 * (trail, account, region, 5-minute window) under AWS's key layout, once the sandbox clock passes
 * their due time. Delivery is lazy: S3 reads, Athena queries, GetTrailStatus and
 * `sandbox clock --advance` call deliverDueLogs. A bucket that refuses the write keeps the events
 * queued and the error shows in GetTrailStatus (AWS retries, too).
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { noteObjectWritten } from '../../athena/columnar.js';
import { getBucket, putObject } from '../../s3/store.js';
import type { Db } from '../../types.js';
import { cloudtrailMayWrite, logPrefix, type TrailRow } from './state.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomSuffix(length = 16): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `[prefix/]AWSLogs/[o-id/]ACCT/CloudTrail/REGION/YYYY/MM/DD/ACCT_CloudTrail_REGION_YYYYMMDDTHHmmZ_<16>.json.gz` */
export function logFileKey(
  trail: Pick<TrailRow, 's3_key_prefix' | 'organization'>,
  account: string,
  region: string,
  deliveredMs: number,
): string {
  const d = new Date(deliveredMs);
  const [y, m, day, h, min] = [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
  ];
  const stamp = `${y}${pad(m)}${pad(day)}T${pad(h)}${pad(min)}Z`;
  return `${logPrefix(trail, account)}CloudTrail/${region}/${y}/${pad(m)}/${pad(day)}/${account}_CloudTrail_${region}_${stamp}_${randomSuffix()}.json.gz`;
}

interface PendingGroup {
  trail_arn: string;
  recipient_account: string;
  region: string;
  due_ms: number;
}

/** Delivers every log file due by `now`; returns how many files were written. */
export function deliverDueLogs(db: Db, now: Date): number {
  const nowMs = now.getTime();
  if (db.prepare('SELECT 1 FROM ct_trail_pending WHERE due_ms <= ? LIMIT 1').get(nowMs) === undefined) {
    return 0;
  }
  const deliver = db.transaction((): number => {
    const groups = db
      .prepare(
        `SELECT trail_arn, recipient_account, region, due_ms FROM ct_trail_pending WHERE due_ms <= ?
         GROUP BY trail_arn, recipient_account, region, due_ms ORDER BY due_ms`,
      )
      .all(nowMs) as PendingGroup[];
    let files = 0;
    for (const group of groups) {
      const where = 'trail_arn = ? AND recipient_account = ? AND region = ? AND due_ms = ?';
      const params = [group.trail_arn, group.recipient_account, group.region, group.due_ms];
      const trail = db.prepare('SELECT * FROM ct_trails WHERE arn = ?').get(group.trail_arn) as
        TrailRow | undefined;
      if (!trail) {
        db.prepare(`DELETE FROM ct_trail_pending WHERE ${where}`).run(...params);
        continue;
      }
      const key = logFileKey(trail, group.recipient_account, group.region, group.due_ms);
      const bucket = getBucket(db, trail.s3_bucket);
      const error = !bucket
        ? 'NoSuchBucket'
        : !cloudtrailMayWrite(bucket, trail, key)
          ? 'AccessDenied'
          : null;
      db.prepare(
        'UPDATE ct_trails SET latest_delivery_attempt_ms = ?, latest_delivery_error = ? WHERE arn = ?',
      ).run(nowMs, error, trail.arn);
      if (error !== null || !bucket) {
        continue;
      }
      const rows = db
        .prepare(`SELECT record FROM ct_trail_pending WHERE ${where} ORDER BY id`)
        .all(...params) as {
        record: string;
      }[];
      const body = gzipSync(`{"Records":[${rows.map((r) => r.record).join(',')}]}`);
      const written = putObject(db, {
        bucket: bucket.name,
        key,
        body,
        contentType: 'application/json',
        contentEncoding: 'gzip',
        ownerAccount: bucket.account_id,
        nowMs: group.due_ms,
      });
      // In `sandbox serve`, the columnar copy is made in the background: nothing here waits for it.
      void noteObjectWritten(db, key, { file: written.file, version: `${written.etag}:${written.size}` });
      db.prepare(`DELETE FROM ct_trail_pending WHERE ${where}`).run(...params);
      db.prepare(
        'UPDATE ct_trails SET latest_delivery_ms = MAX(COALESCE(latest_delivery_ms, 0), ?) WHERE arn = ?',
      ).run(group.due_ms, trail.arn);
      files += 1;
    }
    return files;
  });
  return db.inTransaction ? deliver() : deliver.immediate();
}
