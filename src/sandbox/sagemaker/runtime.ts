/**
 * Feature Store runtime handlers (restJson1, signing name `sagemaker`): the online store's record
 * operations, with the event-time ordering, soft/hard delete and TTL rules of the real service.
 */
import type { OperationContext, OperationInput, OperationOutput, TrailResource } from '../types.js';
import { SandboxServiceError } from '../types.js';
import { FEATURE_GROUP_RESOURCE_TYPE, authorizeFeatureGroup, featureGroupArnOf } from './authz.js';
import { decodeToken, encodeToken } from './paging.js';
import type { FeatureValueText, StoredFeatureGroup, StoredRecord } from './store.js';
import { deleteRecordRow, getRecordRow, listRecordIds, saveRecordRow } from './store.js';
import {
  eventTimeType,
  invalidEventTimeMessage,
  isRecord,
  parseEventTime,
  parseFeatureGroupReference,
  runtimeInvalid,
  ttlDurationMs,
  validateRecord,
  validateTargetStores,
} from './validation.js';
import type { FeatureGroupReference } from './validation.js';

export const MAX_BATCH_GET_RECORDS = 100;
export const MAX_BATCH_WRITE_ENTRIES = 25;
const DEFAULT_LIST_RECORDS = 100;
const MAX_LIST_RECORDS = 1000;
const MAX_UPDATE_FEATURES = 100;

type FeatureValueOut = { FeatureName: string; ValueAsString?: string; ValueAsStringList?: string[] };

function dataEvent(
  ctx: OperationContext,
  readOnly: boolean,
  requestParameters: Record<string, unknown>,
): void {
  ctx.trail.eventCategory = 'Data';
  ctx.trail.readOnly = readOnly;
  ctx.trail.requestParameters = requestParameters;
}

function requiredString(input: OperationInput, member: string): string {
  const value = input[member];
  if (typeof value !== 'string' || value === '') {
    throw runtimeInvalid(
      `1 validation error detected: Value null at '${member.charAt(0).toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function hasOnlineStore(group: StoredFeatureGroup): boolean {
  return group.onlineStoreConfig?.EnableOnlineStore === true;
}

/** Which stores a write reaches; the sandbox keeps no offline store, so only Online matters. */
function writesOnline(group: StoredFeatureGroup, targetStores: unknown): boolean {
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

function requireOnlineStore(group: StoredFeatureGroup): void {
  if (!hasOnlineStore(group)) {
    throw runtimeInvalid(`OnlineStore is not enabled for feature group '${group.name}'.`);
  }
}

/** The stored record if it is visible online at `now` (not expired); soft-deleted ones included. */
function currentRecord(
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

function eventTimeMsOf(group: StoredFeatureGroup, record: StoredRecord): number {
  return parseEventTime(eventTimeType(group), record.eventTime) ?? Number.NEGATIVE_INFINITY;
}

function defaultTtl(group: StoredFeatureGroup): unknown {
  return group.onlineStoreConfig?.TtlDuration;
}

function recordOutput(
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

function featureNamesFilter(group: StoredFeatureGroup, value: unknown): string[] | undefined {
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

function expirationWanted(value: unknown): boolean {
  if (value === undefined || value === null) {
    return false;
  }
  if (value !== 'Enabled' && value !== 'Disabled') {
    throw runtimeInvalid(
      `1 validation error detected: Value '${String(value)}' at 'expirationTimeResponse' failed to satisfy constraint: Member must satisfy enum value set: [Enabled, Disabled]`,
    );
  }
  return value === 'Enabled';
}

export function getRecord(input: OperationInput, ctx: OperationContext): OperationOutput {
  const recordId = input.RecordIdentifierValueAsString;
  dataEvent(ctx, true, {
    featureGroupName: input.FeatureGroupName,
    recordIdentifierValueAsString: recordId,
    ...(input.FeatureNames !== undefined ? { featureNames: input.FeatureNames } : {}),
  });
  const reference = parseFeatureGroupReference(input.FeatureGroupName, 'featureGroupName', runtimeInvalid);
  const group = authorizeFeatureGroup(ctx, reference, 'GetRecord', 'runtime');
  const id = requiredString(input, 'RecordIdentifierValueAsString');
  const features = featureNamesFilter(group, input.FeatureNames);
  const withExpiry = expirationWanted(input.ExpirationTimeResponse);
  requireOnlineStore(group);
  const record = currentRecord(ctx, group, id);
  if (!record || record.deleted) {
    return {};
  }
  const values = recordOutput(group, record, features);
  return {
    Record: values.length > 0 ? values : undefined,
    ExpiresAt:
      withExpiry && record.expiresAt !== undefined ? new Date(record.expiresAt).toISOString() : undefined,
  };
}

/** PutRecord's write, shared by BatchWriteRecord: full overwrite unless an older event time. */
function writeRecord(
  ctx: OperationContext,
  group: StoredFeatureGroup,
  record: unknown,
  targetStores: unknown,
  ttl: unknown,
): void {
  const validated = validateRecord(group, record);
  const ttlMs = ttlDurationMs(ttl ?? defaultTtl(group), runtimeInvalid);
  if (!writesOnline(group, targetStores)) {
    return;
  }
  const existing = currentRecord(ctx, group, validated.recordId);
  // The online store keeps only the latest record by event time; an older write reaches only the
  // offline store.
  if (existing && eventTimeMsOf(group, existing) > validated.eventTimeMs) {
    return;
  }
  saveRecordRow(ctx.db, group, {
    recordId: validated.recordId,
    eventTime: validated.eventTime,
    values: validated.values,
    expiresAt: ttlMs === undefined ? undefined : validated.eventTimeMs + ttlMs,
    deleted: false,
    writtenAt: ctx.now.getTime(),
  });
}

export function putRecord(input: OperationInput, ctx: OperationContext): OperationOutput {
  dataEvent(ctx, false, { featureGroupName: input.FeatureGroupName });
  const reference = parseFeatureGroupReference(input.FeatureGroupName, 'featureGroupName', runtimeInvalid);
  const group = authorizeFeatureGroup(ctx, reference, 'PutRecord', 'runtime');
  writeRecord(ctx, group, input.Record, input.TargetStores, input.TtlDuration);
  return {};
}

export function deleteRecord(input: OperationInput, ctx: OperationContext): OperationOutput {
  dataEvent(ctx, false, {
    featureGroupName: input.FeatureGroupName,
    recordIdentifierValueAsString: input.RecordIdentifierValueAsString,
    eventTime: input.EventTime,
    ...(input.DeletionMode !== undefined ? { deletionMode: input.DeletionMode } : {}),
  });
  const reference = parseFeatureGroupReference(input.FeatureGroupName, 'featureGroupName', runtimeInvalid);
  const group = authorizeFeatureGroup(ctx, reference, 'DeleteRecord', 'runtime');
  const id = requiredString(input, 'RecordIdentifierValueAsString');
  const eventTime = requiredString(input, 'EventTime');
  const mode = input.DeletionMode ?? 'SoftDelete';
  if (mode !== 'SoftDelete' && mode !== 'HardDelete') {
    throw runtimeInvalid(
      `1 validation error detected: Value '${String(mode)}' at 'deletionMode' failed to satisfy constraint: Member must satisfy enum value set: [SoftDelete, HardDelete]`,
    );
  }
  const eventTimeMs = parseEventTime(eventTimeType(group), eventTime);
  if (eventTimeMs === undefined) {
    throw runtimeInvalid(invalidEventTimeMessage(group, eventTime));
  }
  if (!writesOnline(group, input.TargetStores)) {
    return {};
  }
  const existing = currentRecord(ctx, group, id);
  if (!existing) {
    return {};
  }
  if (eventTimeMs <= eventTimeMsOf(group, existing)) {
    if (mode === 'HardDelete') {
      throw runtimeInvalid(
        `The EventTime '${eventTime}' of the DeleteRecord request must be later than the EventTime '${existing.eventTime}' of the existing record.`,
      );
    }
    // SoftDelete with an older event time leaves the online record as it is.
    return {};
  }
  if (mode === 'HardDelete') {
    deleteRecordRow(ctx.db, group, id);
  } else {
    saveRecordRow(ctx.db, group, {
      recordId: id,
      eventTime,
      values: {},
      expiresAt: existing.expiresAt,
      deleted: true,
      writtenAt: ctx.now.getTime(),
    });
  }
  return {};
}

/** Per-item group resolution for batch calls: errors become entries, not a failed call. */
function resolveForBatch(
  ctx: OperationContext,
  name: unknown,
  operation: string,
  resources: Map<string, TrailResource>,
): { group: StoredFeatureGroup } | { errorCode: string; message: string } {
  let reference: FeatureGroupReference;
  try {
    reference = parseFeatureGroupReference(name, 'featureGroupName', runtimeInvalid);
  } catch (error) {
    return errorEntry(error);
  }
  const accountId = reference.kind === 'arn' ? reference.accountId : ctx.caller.accountId;
  const arn =
    reference.kind === 'arn' ? reference.arn : featureGroupArnOf(ctx.region, accountId, reference.name);
  resources.set(arn, { accountId, type: FEATURE_GROUP_RESOURCE_TYPE, ARN: arn });
  try {
    return { group: authorizeFeatureGroup(ctx, reference, operation, 'runtime', { recordTrail: false }) };
  } catch (error) {
    return errorEntry(error);
  }
}

function errorEntry(error: unknown): { errorCode: string; message: string } {
  if (error instanceof SandboxServiceError) {
    return { errorCode: error.code, message: error.message };
  }
  throw error;
}

function batchTrail(ctx: OperationContext, resources: Map<string, TrailResource>): void {
  ctx.trail.resources = [...resources.values()];
  const owners = new Set(
    ctx.trail.resources.map((r) => r.accountId).filter((a) => a !== ctx.caller.accountId),
  );
  const [onlyOwner] = owners;
  if (owners.size === 1 && onlyOwner !== undefined) {
    ctx.trail.ownerAccountId = onlyOwner;
  }
}

export function batchGetRecord(input: OperationInput, ctx: OperationContext): OperationOutput {
  const identifiers = input.Identifiers;
  dataEvent(ctx, true, {
    identifiers: Array.isArray(identifiers)
      ? identifiers.map((i) =>
          isRecord(i)
            ? {
                featureGroupName: i.FeatureGroupName,
                recordIdentifiersValueAsString: i.RecordIdentifiersValueAsString,
              }
            : i,
        )
      : identifiers,
  });
  if (!Array.isArray(identifiers) || identifiers.length < 1 || identifiers.length > 100) {
    throw runtimeInvalid(
      "1 validation error detected: Value at 'identifiers' failed to satisfy constraint: Member must have length between 1 and 100",
    );
  }
  let total = 0;
  for (const identifier of identifiers) {
    const ids = isRecord(identifier) ? identifier.RecordIdentifiersValueAsString : undefined;
    if (!isRecord(identifier) || !Array.isArray(ids) || ids.length < 1 || ids.length > 100) {
      throw runtimeInvalid(
        "1 validation error detected: Value at 'identifiers.member.recordIdentifiersValueAsString' failed to satisfy constraint: Member must have length between 1 and 100",
      );
    }
    total += ids.length;
  }
  if (total > MAX_BATCH_GET_RECORDS) {
    throw runtimeInvalid(
      `The BatchGetRecord request asks for ${total} records; a request can contain at most ${MAX_BATCH_GET_RECORDS} records in total.`,
    );
  }
  const withExpiry = expirationWanted(input.ExpirationTimeResponse);
  const resources = new Map<string, TrailResource>();
  const records: Record<string, unknown>[] = [];
  const errors: Record<string, unknown>[] = [];
  for (const identifier of identifiers as Record<string, unknown>[]) {
    const name = identifier.FeatureGroupName;
    const ids = (identifier.RecordIdentifiersValueAsString as unknown[]).map(String);
    const resolved = resolveForBatch(ctx, name, 'BatchGetRecord', resources);
    const fail = (errorCode: string, message: string): void => {
      for (const id of ids) {
        errors.push({
          FeatureGroupName: name,
          RecordIdentifierValueAsString: id,
          ErrorCode: errorCode,
          ErrorMessage: message,
        });
      }
    };
    if (!('group' in resolved)) {
      fail(resolved.errorCode, resolved.message);
      continue;
    }
    const group = resolved.group;
    let features: string[] | undefined;
    try {
      features = featureNamesFilter(group, identifier.FeatureNames);
      requireOnlineStore(group);
    } catch (error) {
      const entry = errorEntry(error);
      fail(entry.errorCode, entry.message);
      continue;
    }
    for (const id of ids) {
      const record = currentRecord(ctx, group, id);
      if (!record || record.deleted) {
        continue;
      }
      const values = recordOutput(group, record, features);
      if (values.length === 0) {
        continue;
      }
      records.push({
        FeatureGroupName: name,
        RecordIdentifierValueAsString: id,
        Record: values,
        ExpiresAt:
          withExpiry && record.expiresAt !== undefined ? new Date(record.expiresAt).toISOString() : undefined,
      });
    }
  }
  batchTrail(ctx, resources);
  return { Records: records, Errors: errors, UnprocessedIdentifiers: [] };
}

export function batchWriteRecord(input: OperationInput, ctx: OperationContext): OperationOutput {
  const entries = input.Entries;
  dataEvent(ctx, false, {
    entries: Array.isArray(entries)
      ? entries.map((e) => (isRecord(e) ? { featureGroupName: e.FeatureGroupName } : e))
      : entries,
  });
  if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_BATCH_WRITE_ENTRIES) {
    throw runtimeInvalid(
      `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${MAX_BATCH_WRITE_ENTRIES}`,
    );
  }
  ttlDurationMs(input.TtlDuration, runtimeInvalid);
  const resources = new Map<string, TrailResource>();
  const errors: Record<string, unknown>[] = [];
  for (const entry of entries) {
    if (!isRecord(entry)) {
      throw runtimeInvalid(
        "1 validation error detected: Value null at 'entries.member' failed to satisfy constraint: Member must not be null",
      );
    }
    const resolved = resolveForBatch(ctx, entry.FeatureGroupName, 'BatchWriteRecord', resources);
    if (!('group' in resolved)) {
      errors.push({ Entry: entry, ErrorCode: resolved.errorCode, ErrorMessage: resolved.message });
      continue;
    }
    try {
      writeRecord(
        ctx,
        resolved.group,
        entry.Record,
        entry.TargetStores,
        entry.TtlDuration ?? input.TtlDuration,
      );
    } catch (error) {
      const failed = errorEntry(error);
      errors.push({ Entry: entry, ErrorCode: failed.errorCode, ErrorMessage: failed.message });
    }
  }
  batchTrail(ctx, resources);
  return { Errors: errors, UnprocessedEntries: [] };
}

export function listRecords(input: OperationInput, ctx: OperationContext): OperationOutput {
  dataEvent(ctx, true, { featureGroupName: input.FeatureGroupName });
  const reference = parseFeatureGroupReference(input.FeatureGroupName, 'featureGroupName', runtimeInvalid);
  const group = authorizeFeatureGroup(ctx, reference, 'ListRecords', 'runtime');
  const max = input.MaxResults ?? DEFAULT_LIST_RECORDS;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
    throw runtimeInvalid(
      `1 validation error detected: Value '${String(max)}' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1`,
    );
  }
  requireOnlineStore(group);
  const limit = Math.min(max, MAX_LIST_RECORDS);
  const includeSoftDeleted = input.IncludeSoftDeletedRecords === true;
  const afterId = decodeToken(input, runtimeInvalid);
  const ids = listRecordIds(ctx.db, group, {
    afterId: afterId === undefined ? undefined : String(afterId),
    limit: limit + 1,
    includeSoftDeleted,
    now: ctx.now.getTime(),
  });
  const page = ids.slice(0, limit);
  const last = page[page.length - 1];
  return {
    RecordIdentifiers: page,
    NextToken: ids.length > limit && last !== undefined ? encodeToken(input, last) : undefined,
  };
}

export function updateRecord(input: OperationInput, ctx: OperationContext): OperationOutput {
  dataEvent(ctx, false, {
    featureGroupName: input.FeatureGroupName,
    recordIdentifierValueAsString: input.RecordIdentifierValueAsString,
  });
  const reference = parseFeatureGroupReference(input.FeatureGroupName, 'featureGroupName', runtimeInvalid);
  const group = authorizeFeatureGroup(ctx, reference, 'UpdateRecord', 'runtime');
  const id = requiredString(input, 'RecordIdentifierValueAsString');
  const features = input.Features;
  if (!Array.isArray(features) || features.length < 1 || features.length > MAX_UPDATE_FEATURES) {
    throw runtimeInvalid(
      `1 validation error detected: Value at 'features' failed to satisfy constraint: Member must have length between 1 and ${MAX_UPDATE_FEATURES}`,
    );
  }
  const online = writesOnline(group, input.TargetStores);
  const existing = currentRecord(ctx, group, id);
  if (!existing || existing.deleted) {
    throw new SandboxServiceError(
      'ResourceNotFound',
      `Resource Not Found: record '${id}' does not exist in feature group '${group.name}'.`,
      404,
    );
  }
  const updates = new Map<string, unknown>();
  for (const feature of features) {
    if (isRecord(feature) && typeof feature.FeatureName === 'string') {
      updates.set(feature.FeatureName, feature);
    }
  }
  const identifierUpdate = updates.get(group.recordIdentifierFeatureName);
  if (isRecord(identifierUpdate) && identifierUpdate.ValueAsString !== id) {
    throw runtimeInvalid(
      `The record identifier feature '${group.recordIdentifierFeatureName}' cannot be changed by UpdateRecord.`,
    );
  }
  const newEventTime = updates.get(group.eventTimeFeatureName);
  if (input.TtlDuration !== undefined && input.TtlDuration !== null && newEventTime === undefined) {
    throw runtimeInvalid('TtlDuration requires the event time feature in Features.');
  }
  const merged: Record<string, unknown>[] = group.featureDefinitions.flatMap((d) => {
    const update = updates.get(d.FeatureName);
    if (update !== undefined) {
      return [update as Record<string, unknown>];
    }
    const value: FeatureValueText | undefined = existing.values[d.FeatureName];
    if (value === undefined) {
      return [];
    }
    return [
      Array.isArray(value)
        ? { FeatureName: d.FeatureName, ValueAsStringList: value }
        : { FeatureName: d.FeatureName, ValueAsString: value },
    ];
  });
  for (const name of updates.keys()) {
    if (!group.featureDefinitions.some((d) => d.FeatureName === name)) {
      throw runtimeInvalid(`The feature '${name}' is not defined in feature group '${group.name}'.`);
    }
  }
  const validated = validateRecord(group, merged);
  if (validated.eventTimeMs < eventTimeMsOf(group, existing)) {
    throw new SandboxServiceError(
      'ConflictException',
      `The EventTime '${validated.eventTime}' is older than the record's current EventTime '${existing.eventTime}'.`,
      409,
    );
  }
  const ttlMs = ttlDurationMs(input.TtlDuration, runtimeInvalid);
  if (!online) {
    return {};
  }
  saveRecordRow(ctx.db, group, {
    recordId: id,
    eventTime: validated.eventTime,
    values: validated.values,
    expiresAt: ttlMs === undefined ? existing.expiresAt : validated.eventTimeMs + ttlMs,
    deleted: false,
    writtenAt: ctx.now.getTime(),
  });
  return {};
}
