/** Typed reads and writes of feature groups and online records over the sandbox store. */
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../types.js';

export type FeatureType = 'Integral' | 'Fractional' | 'String';
export type CollectionType = 'List' | 'Set' | 'Vector';

export interface FeatureDefinition {
  FeatureName: string;
  FeatureType: FeatureType;
  CollectionType?: CollectionType;
  CollectionConfig?: { VectorConfig?: { Dimension?: number } };
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface FeatureParameter {
  Key: string;
  Value: string;
}

export interface FeatureMetadataEntry {
  Description?: string;
  Parameters: FeatureParameter[];
  CreationTime: number;
  LastModifiedTime: number;
}

export interface StoredFeatureGroup {
  accountId: string;
  region: string;
  name: string;
  arn: string;
  recordIdentifierFeatureName: string;
  eventTimeFeatureName: string;
  featureDefinitions: FeatureDefinition[];
  status: string;
  description: string | undefined;
  tags: Tag[];
  onlineStoreConfig: Record<string, unknown> | undefined;
  offlineStoreConfig: Record<string, unknown> | undefined;
  roleArn: string | undefined;
  throughputConfig: Record<string, unknown> | undefined;
  featureMetadata: Record<string, FeatureMetadataEntry>;
  lastUpdateStatus: Record<string, unknown> | undefined;
  createdAt: number;
  lastModifiedAt: number;
}

export type FeatureValueText = string | string[];

export interface StoredRecord {
  recordId: string;
  eventTime: string;
  /** FeatureName → ValueAsString or ValueAsStringList, in the order they were written. */
  values: Record<string, FeatureValueText>;
  /** Epoch ms; the record is gone (hard deleted) from this instant on. */
  expiresAt: number | undefined;
  deleted: boolean;
  writtenAt: number;
}

interface FeatureGroupRow {
  account_id: string;
  region: string;
  name: string;
  arn: string;
  record_identifier_feature_name: string;
  event_time_feature_name: string;
  feature_definitions: string;
  status: string;
  description: string | null;
  tags: string;
  online_store_config: string | null;
  offline_store_config: string | null;
  role_arn: string | null;
  throughput_config: string | null;
  feature_metadata: string;
  last_update_status: string | null;
  created_at: number;
  last_modified_at: number;
}

interface RecordRow {
  record_id: string;
  event_time: string;
  feature_values: string;
  expires_at: number | null;
  deleted: number;
  written_at: number;
}

const statementCache = new WeakMap<Db, Map<string, BetterSqlite3.Statement>>();

/** Prepared once per connection: GetRecord's budget is a few milliseconds. */
function statement(db: Db, sql: string): BetterSqlite3.Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

const parsedColumns = new Map<string, unknown>();

/**
 * A group's JSON columns (definitions, metadata, tags, store configs) are read on every record
 * call and change rarely, so each distinct JSON text is parsed once and the result shared: callers
 * treat them as read-only (every update builds new arrays and objects).
 */
function parseShared<T>(text: string): T {
  let parsed = parsedColumns.get(text);
  if (parsed === undefined) {
    if (parsedColumns.size >= 512) {
      parsedColumns.clear();
    }
    parsed = JSON.parse(text) as unknown;
    parsedColumns.set(text, parsed);
  }
  return parsed as T;
}

function parseSharedOrUndefined<T>(text: string | null): T | undefined {
  return text === null ? undefined : parseShared<T>(text);
}

function toFeatureGroup(row: FeatureGroupRow): StoredFeatureGroup {
  return {
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    arn: row.arn,
    recordIdentifierFeatureName: row.record_identifier_feature_name,
    eventTimeFeatureName: row.event_time_feature_name,
    featureDefinitions: parseShared<FeatureDefinition[]>(row.feature_definitions),
    status: row.status,
    description: row.description ?? undefined,
    tags: parseShared<Tag[]>(row.tags),
    onlineStoreConfig: parseSharedOrUndefined(row.online_store_config),
    offlineStoreConfig: parseSharedOrUndefined(row.offline_store_config),
    roleArn: row.role_arn ?? undefined,
    throughputConfig: parseSharedOrUndefined(row.throughput_config),
    featureMetadata: parseShared<Record<string, FeatureMetadataEntry>>(row.feature_metadata),
    lastUpdateStatus: parseSharedOrUndefined(row.last_update_status),
    createdAt: row.created_at,
    lastModifiedAt: row.last_modified_at,
  };
}

export function getFeatureGroup(
  db: Db,
  accountId: string,
  region: string,
  name: string,
): StoredFeatureGroup | undefined {
  const row = statement(
    db,
    'SELECT * FROM sm_feature_groups WHERE account_id = ? AND region = ? AND name = ?',
  ).get(accountId, region, name) as FeatureGroupRow | undefined;
  return row ? toFeatureGroup(row) : undefined;
}

export function getFeatureGroupByArn(db: Db, arn: string): StoredFeatureGroup | undefined {
  const row = statement(db, 'SELECT * FROM sm_feature_groups WHERE arn = ?').get(arn) as
    FeatureGroupRow | undefined;
  return row ? toFeatureGroup(row) : undefined;
}

export function listFeatureGroupsIn(
  db: Db,
  accountIds: readonly string[],
  region: string,
): StoredFeatureGroup[] {
  const rows = statement(
    db,
    'SELECT * FROM sm_feature_groups WHERE account_id = ? AND region = ? ORDER BY name',
  );
  return accountIds.flatMap((accountId) =>
    (rows.all(accountId, region) as FeatureGroupRow[]).map(toFeatureGroup),
  );
}

export function saveFeatureGroup(db: Db, group: StoredFeatureGroup): void {
  statement(
    db,
    `INSERT OR REPLACE INTO sm_feature_groups (account_id, region, name, arn, record_identifier_feature_name,
       event_time_feature_name, feature_definitions, status, description, tags, online_store_config,
       offline_store_config, role_arn, throughput_config, feature_metadata, last_update_status, created_at,
       last_modified_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    group.accountId,
    group.region,
    group.name,
    group.arn,
    group.recordIdentifierFeatureName,
    group.eventTimeFeatureName,
    JSON.stringify(group.featureDefinitions),
    group.status,
    group.description ?? null,
    JSON.stringify(group.tags),
    jsonOrNull(group.onlineStoreConfig),
    jsonOrNull(group.offlineStoreConfig),
    group.roleArn ?? null,
    jsonOrNull(group.throughputConfig),
    JSON.stringify(group.featureMetadata),
    jsonOrNull(group.lastUpdateStatus),
    group.createdAt,
    group.lastModifiedAt,
  );
}

export function deleteFeatureGroupRows(db: Db, group: StoredFeatureGroup): void {
  db.transaction(() => {
    statement(
      db,
      'DELETE FROM fs_records WHERE account_id = ? AND region = ? AND feature_group_name = ?',
    ).run(group.accountId, group.region, group.name);
    statement(db, 'DELETE FROM sm_feature_groups WHERE account_id = ? AND region = ? AND name = ?').run(
      group.accountId,
      group.region,
      group.name,
    );
  })();
}

function toRecord(row: RecordRow): StoredRecord {
  return {
    recordId: row.record_id,
    eventTime: row.event_time,
    values: JSON.parse(row.feature_values) as Record<string, FeatureValueText>,
    expiresAt: row.expires_at ?? undefined,
    deleted: row.deleted !== 0,
    writtenAt: row.written_at,
  };
}

export function getRecordRow(db: Db, group: StoredFeatureGroup, recordId: string): StoredRecord | undefined {
  const row = statement(
    db,
    `SELECT record_id, event_time, feature_values, expires_at, deleted, written_at FROM fs_records
     WHERE account_id = ? AND region = ? AND feature_group_name = ? AND record_id = ?`,
  ).get(group.accountId, group.region, group.name, recordId) as RecordRow | undefined;
  return row ? toRecord(row) : undefined;
}

const SAVE_RECORD = `INSERT OR REPLACE INTO fs_records (account_id, region, feature_group_name, record_id, event_time,
  feature_values, expires_at, deleted, written_at, event_time_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Stores `record` as the group's current one, whatever is stored. `eventTimeMs` is the record's
 * event time as the group's event-time type reads it (records.ts parseEventTime); the ordering
 * rule of later writes compares it.
 */
export function saveRecordRow(
  db: Db,
  group: StoredFeatureGroup,
  record: StoredRecord,
  eventTimeMs: number | undefined,
): void {
  statement(db, SAVE_RECORD).run(
    group.accountId,
    group.region,
    group.name,
    record.recordId,
    record.eventTime,
    JSON.stringify(record.values),
    record.expiresAt ?? null,
    record.deleted ? 1 : 0,
    record.writtenAt,
    eventTimeMs ?? null,
  );
}

/** One record a write stores unless a newer one is already stored (see writeLatestRecords). */
export interface LatestRecordWrite {
  group: StoredFeatureGroup;
  recordId: string;
  eventTime: string;
  eventTimeMs: number;
  values: Record<string, FeatureValueText>;
  expiresAt: number | undefined;
  writtenAt: number;
}

const LATEST_COLUMNS = 10;
/** A multi-row statement binds 10 values per record; a BatchWriteRecord has at most 25 records. */
export const MAX_LATEST_ROWS = 25;

/**
 * The online store's ordering rule as one upsert: a write replaces the stored record unless that
 * one is still live (not expired at `nowMs`) and has a later event time. A stored event time that
 * did not parse (NULL) never blocks a write, as before. SQLite applies the rows in order, so two
 * writes of one record in a batch are ordered against each other as two calls would be.
 */
function latestStatement(db: Db, rows: number): BetterSqlite3.Statement {
  const values = Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, 0, ?, ?)').join(', ');
  return statement(
    db,
    `INSERT INTO fs_records (account_id, region, feature_group_name, record_id, event_time, feature_values,
       expires_at, deleted, written_at, event_time_ms) VALUES ${values}
     ON CONFLICT (account_id, region, feature_group_name, record_id) DO UPDATE SET
       event_time = excluded.event_time, feature_values = excluded.feature_values,
       expires_at = excluded.expires_at, deleted = 0, written_at = excluded.written_at,
       event_time_ms = excluded.event_time_ms
     WHERE fs_records.event_time_ms IS NULL OR fs_records.event_time_ms <= excluded.event_time_ms
       OR (fs_records.expires_at IS NOT NULL AND fs_records.expires_at <= ?)`,
  );
}

/** Writes records under the ordering rule, in order, with one statement per 25 records. */
export function writeLatestRecords(db: Db, writes: readonly LatestRecordWrite[], nowMs: number): void {
  for (let start = 0; start < writes.length; start += MAX_LATEST_ROWS) {
    const chunk = writes.slice(start, start + MAX_LATEST_ROWS);
    const params: unknown[] = new Array<unknown>(chunk.length * (LATEST_COLUMNS - 1) + 1);
    let i = 0;
    for (const write of chunk) {
      params[i++] = write.group.accountId;
      params[i++] = write.group.region;
      params[i++] = write.group.name;
      params[i++] = write.recordId;
      params[i++] = write.eventTime;
      params[i++] = JSON.stringify(write.values);
      params[i++] = write.expiresAt ?? null;
      params[i++] = write.writtenAt;
      params[i++] = write.eventTimeMs;
    }
    params[i] = nowMs;
    latestStatement(db, chunk.length).run(params);
  }
}

export function deleteRecordRow(db: Db, group: StoredFeatureGroup, recordId: string): void {
  statement(
    db,
    'DELETE FROM fs_records WHERE account_id = ? AND region = ? AND feature_group_name = ? AND record_id = ?',
  ).run(group.accountId, group.region, group.name, recordId);
}

/** Record identifiers after `afterId` (exclusive) in id order, live at `now`, at most `limit`. */
export function listRecordIds(
  db: Db,
  group: StoredFeatureGroup,
  options: { afterId: string | undefined; limit: number; includeSoftDeleted: boolean; now: number },
): string[] {
  const rows = statement(
    db,
    `SELECT record_id FROM fs_records
     WHERE account_id = ? AND region = ? AND feature_group_name = ? AND record_id > ?
       AND (expires_at IS NULL OR expires_at > ?) AND (? = 1 OR deleted = 0)
     ORDER BY record_id LIMIT ?`,
  ).all(
    group.accountId,
    group.region,
    group.name,
    options.afterId ?? '',
    options.now,
    options.includeSoftDeleted ? 1 : 0,
    options.limit,
  ) as { record_id: string }[];
  return rows.map((r) => r.record_id);
}

export function countRecords(db: Db, group: StoredFeatureGroup): number {
  const row = statement(
    db,
    'SELECT COUNT(*) AS n FROM fs_records WHERE account_id = ? AND region = ? AND feature_group_name = ?',
  ).get(group.accountId, group.region, group.name) as { n: number };
  return row.n;
}
