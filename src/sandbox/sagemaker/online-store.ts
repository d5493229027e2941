/**
 * The online store's rules, apart from request parsing: which stores a write reaches, which stored
 * record is visible now (TTL), the event-time ordering of writes, and how a record is shown.
 */
import type { OperationContext } from '../types.js';
import { runtimeInvalid } from './dialects.js';
import { eventTimeType, parseEventTime, validateRecord, validateTargetStores } from './records.js';
import type { LatestRecordWrite, StoredFeatureGroup, StoredRecord } from './store.js';
import { getRecordRow, writeLatestRecords } from './store.js';
import { ttlDurationMs } from './definitions.js';

export type FeatureValueOut = { FeatureName: string; ValueAsString?: string; ValueAsStringList?: string[] };

function hasOnlineStore(group: StoredFeatureGroup): boolean {
  return group.onlineStoreConfig?.EnableOnlineStore === true;
}

/** Which stores a write reaches; the sandbox keeps no offline store, so only Online matters. */
export function writesOnline(group: StoredFeatureGroup, targetStores: unknown): boolean {
  validateTargetStores(targetStores);
  const stores =
    targetStores === undefined || targetStores === null ? undefined : ([] as unknown[]).concat(targetStores);
  if (stores?.includes('OnlineStore') && !hasOnlineStore(group)) {
    throw runtimeInvalid(`OnlineStore is not enabled for feature group '${group.name}'.`);
  }
  if (stores?.includes('OfflineStore') && !group.offlineStoreConfig) {
    throw runtimeInvalid(`OfflineStore is not enabled for feature group '${group.name}'.`);
  }
  return stores === undefined ? hasOnlineStore(group) : stores.includes('OnlineStore');
}

export function requireOnlineStore(group: StoredFeatureGroup): void {
  if (!hasOnlineStore(group)) {
    throw runtimeInvalid(`OnlineStore is not enabled for feature group '${group.name}'.`);
  }
}

/** The stored record if it is visible online at `now` (not expired); soft-deleted ones included. */
export function currentRecord(
  ctx: OperationContext,
  group: StoredFeatureGroup,
  recordId: string,
): StoredRecord | undefined {
  const record = getRecordRow(ctx.db, group, recordId);
  if (!record || (record.expiresAt !== undefined && record.expiresAt <= ctx.now.getTime())) {
    return undefined;
  }
  return record;
}

export function eventTimeMsOf(group: StoredFeatureGroup, record: StoredRecord): number {
  return parseEventTime(eventTimeType(group), record.eventTime) ?? Number.NEGATIVE_INFINITY;
}

/**
 * PutRecord's checks, shared by BatchWriteRecord: the write the record makes, or undefined when it
 * reaches no online store. Throws the service's error for an invalid record.
 */
export function prepareWrite(
  ctx: OperationContext,
  group: StoredFeatureGroup,
  record: unknown,
  targetStores: unknown,
  ttl: unknown,
): LatestRecordWrite | undefined {
  const validated = validateRecord(group, record);
  const ttlMs = ttlDurationMs(ttl ?? group.onlineStoreConfig?.TtlDuration, runtimeInvalid);
  if (!writesOnline(group, targetStores)) {
    return undefined;
  }
  return {
    group,
    recordId: validated.recordId,
    eventTime: validated.eventTime,
    eventTimeMs: validated.eventTimeMs,
    values: validated.values,
    expiresAt: ttlMs === undefined ? undefined : validated.eventTimeMs + ttlMs,
    writtenAt: ctx.now.getTime(),
  };
}

/**
 * Stores prepared writes in order. The online store keeps only the latest record by event time:
 * a write older than the live stored record reaches only the offline store (the rule is applied
 * in SQL, store.ts writeLatestRecords).
 */
export function commitWrites(ctx: OperationContext, writes: readonly LatestRecordWrite[]): void {
  if (writes.length > 0) {
    writeLatestRecords(ctx.db, writes, ctx.now.getTime());
  }
}

/** PutRecord's write: full overwrite unless an older event time. */
export function writeRecord(
  ctx: OperationContext,
  group: StoredFeatureGroup,
  record: unknown,
  targetStores: unknown,
  ttl: unknown,
): void {
  const write = prepareWrite(ctx, group, record, targetStores, ttl);
  if (write) {
    commitWrites(ctx, [write]);
  }
}

/** The record's values in definition order, limited to `featureNames` when given. */
export function recordOutput(
  group: StoredFeatureGroup,
  record: StoredRecord,
  featureNames: readonly string[] | undefined,
): FeatureValueOut[] {
  const wanted = featureNames ? new Set(featureNames) : undefined;
  const out: FeatureValueOut[] = [];
  for (const definition of group.featureDefinitions) {
    const name = definition.FeatureName;
    const value = record.values[name];
    if (value === undefined || (wanted && !wanted.has(name))) {
      continue;
    }
    out.push(
      Array.isArray(value)
        ? { FeatureName: name, ValueAsStringList: value }
        : { FeatureName: name, ValueAsString: value },
    );
  }
  return out;
}

export function featureNamesFilter(group: StoredFeatureGroup, value: unknown): string[] | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  const names = ([] as unknown[]).concat(value).map(String);
  if (names.length === 0) {
    return undefined;
  }
  const known = new Set(group.featureDefinitions.map((d) => d.FeatureName));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw runtimeInvalid(
      `The feature names [${unknown.join(', ')}] are not defined in feature group '${group.name}'.`,
    );
  }
  return names;
}

export function expiresAtOutput(record: StoredRecord, wanted: boolean): string | undefined {
  return wanted && record.expiresAt !== undefined ? new Date(record.expiresAt).toISOString() : undefined;
}
