/**
 * The two trail sources: `athena` (the query runs in Athena over the table `audit setup` made) and
 * `s3` (the day folders of the window are listed and read directly, and the same SQL runs in the
 * local engine). Both yield normalised events, newest first, filtered exactly like every source.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../../context.js';
import type { AthenaPort, S3Port } from '../../aws/ports.js';
import { paginate } from '../../aws/paginate.js';
import { matchesFilters } from '../filters.js';
import { athenaRows, runAthenaQuery, type QueryOutcome } from '../athena/query.js';
import { normalizeTrailRow } from '../athena/rows.js';
import { buildTrailQuery, type TrailQueryOptions } from '../athena/sql.js';
import { LOCAL_TABLE, openLocalEngine } from '../local-engine.js';
import { accountRegionPrefix, deliveryDays, type LogLocation } from '../trail/layout.js';
import type { AuditEvent, AuditFilters } from '../types.js';

export interface TrailSourceOptions extends Omit<TrailQueryOptions, 'dialect' | 'prunePartitions'> {
  clock: Clock;
  signal?: AbortSignal;
  enrich?: (event: AuditEvent) => AuditEvent;
  onStatus?: (text: string) => void;
}

export interface AthenaTarget {
  database: string;
  table: string;
  workgroup: string;
}

function finish(
  filters: AuditFilters,
  options: TrailSourceOptions,
  event: AuditEvent,
): AuditEvent | undefined {
  const enriched = options.enrich ? options.enrich(event) : event;
  return matchesFilters(filters, enriched) ? enriched : undefined;
}

export async function* athenaEvents(
  port: AthenaPort,
  target: AthenaTarget,
  filters: AuditFilters,
  options: TrailSourceOptions & { onDone?: (outcome: QueryOutcome) => void },
): AsyncGenerator<AuditEvent> {
  const sql = buildTrailQuery({ database: target.database, table: target.table }, filters, {
    ...options,
    dialect: 'athena',
    prunePartitions: true,
  });
  const outcome = await runAthenaQuery(
    port,
    { sql, workgroup: target.workgroup, database: target.database },
    {
      clock: options.clock,
      ...(options.signal ? { signal: options.signal } : {}),
      onStatus: (state, ms) =>
        options.onStatus?.(`Athena query ${state.toLowerCase()} (${Math.round(ms / 1000)}s)…`),
    },
  );
  options.onDone?.(outcome);
  for await (const row of athenaRows(port, outcome.queryId, options.signal)) {
    const event = finish(filters, options, normalizeTrailRow(row));
    if (event) {
      yield event;
    }
  }
}

export interface S3ReadStats {
  files: number;
  bytes: number;
  listCalls: number;
}

/** Keys of the log files that can hold the window's events: each account's day folders, ±1 day. */
export async function* logFileKeys(
  port: S3Port,
  location: LogLocation,
  accounts: readonly string[],
  region: string,
  filters: AuditFilters,
  stats: S3ReadStats,
  signal?: AbortSignal,
): AsyncGenerator<string> {
  for (const account of accounts) {
    for (const day of deliveryDays(filters.since, filters.until)) {
      stats.listCalls++;
      const prefix = `${accountRegionPrefix(location, account, region)}${day}/`;
      for await (const object of paginate(
        port.listObjectsV2,
        { Bucket: location.bucket, Prefix: prefix },
        {
          items: (page) => page.Contents,
          token: 'ContinuationToken',
          outputToken: 'NextContinuationToken',
          ...(signal ? { call: { abortSignal: signal } } : {}),
        },
      )) {
        if (object.Key?.endsWith('.json.gz')) {
          yield object.Key;
        }
      }
    }
  }
}

/** An organization trail's accounts: the account folders under AWSLogs/<o-id>/. */
export async function organizationAccounts(port: S3Port, location: LogLocation): Promise<string[]> {
  const root = accountRegionPrefix(location, '000000000000', 'us-east-1').replace(/000000000000\/.*$/, '');
  const accounts: string[] = [];
  for await (const common of paginate(
    port.listObjectsV2,
    { Bucket: location.bucket, Prefix: root, Delimiter: '/' },
    {
      items: (page) => page.CommonPrefixes,
      token: 'ContinuationToken',
      outputToken: 'NextContinuationToken',
    },
  )) {
    const id = /(\d{12})\/$/.exec(common.Prefix ?? '')?.[1];
    if (id) {
      accounts.push(id);
    }
  }
  return accounts;
}

const DOWNLOAD_CONCURRENCY = 8;

async function download(
  port: S3Port,
  bucket: string,
  keys: readonly string[],
  dir: string,
  stats: S3ReadStats,
  signal?: AbortSignal,
) {
  const files: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const index = next++;
      const key = keys[index] ?? '';
      const object = await port.getObject(
        { Bucket: bucket, Key: key },
        signal ? { abortSignal: signal } : {},
      );
      const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      const file = path.join(dir, `${String(index).padStart(7, '0')}.json.gz`);
      await fs.writeFile(file, bytes, { mode: 0o600 });
      stats.bytes += bytes.byteLength;
      stats.files++;
      files.push(file);
    }
  };
  await Promise.all(Array.from({ length: Math.min(DOWNLOAD_CONCURRENCY, keys.length) }, worker));
  return files.sort();
}

export async function* s3Events(
  port: S3Port,
  location: LogLocation,
  accounts: readonly string[],
  region: string,
  filters: AuditFilters,
  options: TrailSourceOptions & { stats: S3ReadStats },
): AsyncGenerator<AuditEvent> {
  const keys: string[] = [];
  for await (const key of logFileKeys(
    port,
    location,
    accounts,
    region,
    filters,
    options.stats,
    options.signal,
  )) {
    keys.push(key);
    options.onStatus?.(`S3: ${keys.length} log files found…`);
  }
  if (keys.length === 0) {
    return;
  }
  // The files are copied to a private temporary folder so DuckDB reads them natively (gzip, JSON).
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fshare-audit-'));
  try {
    options.onStatus?.(`S3: reading ${keys.length} log files…`);
    const files = await download(port, location.bucket, keys, dir, options.stats, options.signal);
    const engine = await openLocalEngine(files);
    try {
      const sql = buildTrailQuery({ table: LOCAL_TABLE }, filters, { ...options, dialect: 'duckdb' });
      for await (const row of engine.rows(sql)) {
        const event = finish(filters, options, normalizeTrailRow(row));
        if (event) {
          yield event;
        }
      }
    } finally {
      engine.close();
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
