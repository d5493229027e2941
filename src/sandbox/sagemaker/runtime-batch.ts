/**
 * The Feature Store runtime's batch operations: BatchGetRecord and BatchWriteRecord. A problem with
 * one item (unknown group, no access, invalid record) becomes an entry in `Errors`, not a failed call.
 */
import type { OperationContext, OperationInput, OperationOutput, TrailResource } from '../types.js';
import { SandboxServiceError } from '../types.js';
import { isObject, type Params } from '../wire/params.js';
import { FEATURE_GROUP_RESOURCE_TYPE, authorizeFeatureGroup, featureGroupArnOf } from './authz.js';
import { featureGroupReference, ttlDurationMs } from './definitions.js';
import { runtimeInvalid, runtimeParams } from './dialects.js';
import {
  currentRecord,
  expiresAtOutput,
  featureNamesFilter,
  recordOutput,
  commitWrites,
  prepareWrite,
  requireOnlineStore,
} from './online-store.js';
import { EXPIRATION_RESPONSE } from './runtime.js';
import type { LatestRecordWrite, StoredFeatureGroup } from './store.js';

export const MAX_BATCH_GET_RECORDS = 100;
export const MAX_BATCH_WRITE_ENTRIES = 25;

type ItemError = { errorCode: string; message: string };

function errorEntry(error: unknown): ItemError {
  if (error instanceof SandboxServiceError) {
    return { errorCode: error.code, message: error.message };
  }
  throw error;
}

type Resolution = { group: StoredFeatureGroup } | ItemError;

/**
 * Per-item group resolution for batch calls: errors become entries, not a failed call. A batch
 * names the same group in most entries, so each name is resolved (read, parsed, authorised) once.
 */
function resolveForBatch(
  ctx: OperationContext,
  item: Params,
  operation: string,
  resources: Map<string, TrailResource>,
  resolved: Map<unknown, Resolution>,
): Resolution {
  const name = item.input.FeatureGroupName;
  const known = typeof name === 'string' ? resolved.get(name) : undefined;
  if (known) {
    return known;
  }
  let resolution: Resolution;
  try {
    const reference = featureGroupReference(item);
    const accountId = reference.kind === 'arn' ? reference.accountId : ctx.caller.accountId;
    const arn =
      reference.kind === 'arn' ? reference.arn : featureGroupArnOf(ctx.region, accountId, reference.name);
    resources.set(arn, { accountId, type: FEATURE_GROUP_RESOURCE_TYPE, ARN: arn });
    resolution = {
      group: authorizeFeatureGroup(ctx, reference, operation, 'runtime', { recordTrail: false }),
    };
  } catch (error) {
    resolution = errorEntry(error);
  }
  if (typeof name === 'string') {
    resolved.set(name, resolution);
  }
  return resolution;
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

function batchGetIdentifiers(params: Params): { item: Params; ids: string[] }[] {
  const identifiers = params.requiredList('Identifiers', { min: 1, max: 100 });
  let total = 0;
  const parsed = identifiers.map((identifier) => {
    if (!isObject(identifier)) {
      throw params.missing('Identifiers.member');
    }
    const item = params.nested(identifier, 'identifiers.member');
    const ids = item.stringList('RecordIdentifiersValueAsString', { min: 1, max: 100 });
    if (ids.length === 0) {
      throw item.missing('RecordIdentifiersValueAsString');
    }
    total += ids.length;
    return { item, ids };
  });
  if (total > MAX_BATCH_GET_RECORDS) {
    throw runtimeInvalid(
      `The BatchGetRecord request asks for ${total} records; a request can contain at most ${MAX_BATCH_GET_RECORDS} records in total.`,
    );
  }
  return parsed;
}

export function batchGetRecord(input: OperationInput, ctx: OperationContext): OperationOutput {
  const identifiers = input.Identifiers;
  ctx.trail.requestParameters = {
    identifiers: Array.isArray(identifiers)
      ? identifiers.map((i) =>
          isObject(i)
            ? {
                featureGroupName: i.FeatureGroupName,
                recordIdentifiersValueAsString: i.RecordIdentifiersValueAsString,
              }
            : i,
        )
      : identifiers,
  };
  const params = runtimeParams(input);
  const requested = batchGetIdentifiers(params);
  const withExpiry = params.optionalEnum('ExpirationTimeResponse', EXPIRATION_RESPONSE) === 'Enabled';
  const resources = new Map<string, TrailResource>();
  const groups = new Map<unknown, Resolution>();
  const records: Record<string, unknown>[] = [];
  const errors: Record<string, unknown>[] = [];
  for (const { item, ids } of requested) {
    const name = item.input.FeatureGroupName;
    const fail = ({ errorCode, message }: ItemError): void => {
      for (const id of ids) {
        errors.push({
          FeatureGroupName: name,
          RecordIdentifierValueAsString: id,
          ErrorCode: errorCode,
          ErrorMessage: message,
        });
      }
    };
    const resolved = resolveForBatch(ctx, item, 'BatchGetRecord', resources, groups);
    if (!('group' in resolved)) {
      fail(resolved);
      continue;
    }
    const group = resolved.group;
    let features: string[] | undefined;
    try {
      features = featureNamesFilter(group, item.input.FeatureNames);
      requireOnlineStore(group);
    } catch (error) {
      fail(errorEntry(error));
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
        ExpiresAt: expiresAtOutput(record, withExpiry),
      });
    }
  }
  batchTrail(ctx, resources);
  return { Records: records, Errors: errors, UnprocessedIdentifiers: [] };
}

export function batchWriteRecord(input: OperationInput, ctx: OperationContext): OperationOutput {
  const entries = input.Entries;
  ctx.trail.requestParameters = {
    entries: Array.isArray(entries)
      ? entries.map((e) => (isObject(e) ? { featureGroupName: e.FeatureGroupName } : e))
      : entries,
  };
  const params = runtimeParams(input);
  const list = params.requiredList('Entries', { min: 1, max: MAX_BATCH_WRITE_ENTRIES });
  ttlDurationMs(input.TtlDuration, runtimeInvalid);
  const resources = new Map<string, TrailResource>();
  const groups = new Map<unknown, Resolution>();
  const errors: Record<string, unknown>[] = [];
  const writes: LatestRecordWrite[] = [];
  for (const entry of list) {
    if (!isObject(entry)) {
      throw params.missing('Entries.member');
    }
    const item = params.nested(entry, 'entries.member');
    const resolved = resolveForBatch(ctx, item, 'BatchWriteRecord', resources, groups);
    if (!('group' in resolved)) {
      errors.push({ Entry: entry, ErrorCode: resolved.errorCode, ErrorMessage: resolved.message });
      continue;
    }
    try {
      const write = prepareWrite(
        ctx,
        resolved.group,
        entry.Record,
        entry.TargetStores,
        entry.TtlDuration ?? input.TtlDuration,
      );
      if (write) {
        writes.push(write);
      }
    } catch (error) {
      const failed = errorEntry(error);
      errors.push({ Entry: entry, ErrorCode: failed.errorCode, ErrorMessage: failed.message });
    }
  }
  // The valid entries' records in one statement, in entry order: a check never depends on what
  // an earlier entry stored, so checking all first gives the same Errors.
  commitWrites(ctx, writes);
  batchTrail(ctx, resources);
  return { Errors: errors, UnprocessedEntries: [] };
}
