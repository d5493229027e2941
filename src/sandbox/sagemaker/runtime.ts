/**
 * Feature Store runtime handlers for one record (restJson1, signing name `sagemaker`): GetRecord,
 * PutRecord, DeleteRecord, ListRecords, UpdateRecord. The rules (event-time ordering, TTL, stores)
 * are in online-store.ts; batches in runtime-batch.ts. Category and read-only are in service.ts.
 */
import type { OperationContext, OperationInput, OperationOutput } from '../types.js';
import { SandboxServiceError } from '../types.js';
import { isObject } from '../wire/params.js';
import { authorizeFeatureGroup } from './authz.js';
import { featureGroupReference, ttlDurationMs } from './definitions.js';
import { runtimeInvalid, runtimeParams } from './dialects.js';
import {
  currentRecord,
  eventTimeMsOf,
  expiresAtOutput,
  featureNamesFilter,
  recordOutput,
  requireOnlineStore,
  writeRecord,
  writesOnline,
} from './online-store.js';
import { decodeToken, encodeToken } from './paging.js';
import { eventTimeType, invalidEventTimeMessage, parseEventTime, validateRecord } from './records.js';
import type { FeatureValueText } from './store.js';
import { deleteRecordRow, listRecordIds, saveRecordRow } from './store.js';

const DEFAULT_LIST_RECORDS = 100;
const MAX_LIST_RECORDS = 1000;
const MAX_UPDATE_FEATURES = 100;
export const EXPIRATION_RESPONSE = ['Enabled', 'Disabled'] as const;

export function getRecord(input: OperationInput, ctx: OperationContext): OperationOutput {
  ctx.trail.requestParameters = {
    featureGroupName: input.FeatureGroupName,
    recordIdentifierValueAsString: input.RecordIdentifierValueAsString,
    ...(input.FeatureNames !== undefined ? { featureNames: input.FeatureNames } : {}),
  };
  const params = runtimeParams(input);
  const group = authorizeFeatureGroup(ctx, featureGroupReference(params), 'GetRecord', 'runtime');
  const id = params.requiredString('RecordIdentifierValueAsString');
  const features = featureNamesFilter(group, input.FeatureNames);
  const withExpiry = params.optionalEnum('ExpirationTimeResponse', EXPIRATION_RESPONSE) === 'Enabled';
  requireOnlineStore(group);
  const record = currentRecord(ctx, group, id);
  if (!record || record.deleted) {
    return {};
  }
  const values = recordOutput(group, record, features);
  return {
    Record: values.length > 0 ? values : undefined,
    ExpiresAt: expiresAtOutput(record, withExpiry),
  };
}

export function putRecord(input: OperationInput, ctx: OperationContext): OperationOutput {
  ctx.trail.requestParameters = { featureGroupName: input.FeatureGroupName };
  const params = runtimeParams(input);
  const group = authorizeFeatureGroup(ctx, featureGroupReference(params), 'PutRecord', 'runtime');
  writeRecord(ctx, group, input.Record, input.TargetStores, input.TtlDuration);
  return {};
}

export function deleteRecord(input: OperationInput, ctx: OperationContext): OperationOutput {
  ctx.trail.requestParameters = {
    featureGroupName: input.FeatureGroupName,
    recordIdentifierValueAsString: input.RecordIdentifierValueAsString,
    eventTime: input.EventTime,
    ...(input.DeletionMode !== undefined ? { deletionMode: input.DeletionMode } : {}),
  };
  const params = runtimeParams(input);
  const group = authorizeFeatureGroup(ctx, featureGroupReference(params), 'DeleteRecord', 'runtime');
  const id = params.requiredString('RecordIdentifierValueAsString');
  const eventTime = params.requiredString('EventTime');
  const mode = params.optionalEnum('DeletionMode', ['SoftDelete', 'HardDelete']) ?? 'SoftDelete';
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
    saveRecordRow(
      ctx.db,
      group,
      {
        recordId: id,
        eventTime,
        values: {},
        expiresAt: existing.expiresAt,
        deleted: true,
        writtenAt: ctx.now.getTime(),
      },
      eventTimeMs,
    );
  }
  return {};
}

export function listRecords(input: OperationInput, ctx: OperationContext): OperationOutput {
  ctx.trail.requestParameters = { featureGroupName: input.FeatureGroupName };
  const params = runtimeParams(input);
  const group = authorizeFeatureGroup(ctx, featureGroupReference(params), 'ListRecords', 'runtime');
  const max = params.int('MaxResults', { min: 1, default: DEFAULT_LIST_RECORDS });
  requireOnlineStore(group);
  const limit = Math.min(max, MAX_LIST_RECORDS);
  const includeSoftDeleted = params.optionalBoolean('IncludeSoftDeletedRecords') === true;
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
  ctx.trail.requestParameters = {
    featureGroupName: input.FeatureGroupName,
    recordIdentifierValueAsString: input.RecordIdentifierValueAsString,
  };
  const params = runtimeParams(input);
  const group = authorizeFeatureGroup(ctx, featureGroupReference(params), 'UpdateRecord', 'runtime');
  const id = params.requiredString('RecordIdentifierValueAsString');
  const features = params.requiredList('Features', { min: 1, max: MAX_UPDATE_FEATURES });
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
    if (isObject(feature) && typeof feature.FeatureName === 'string') {
      updates.set(feature.FeatureName, feature);
    }
  }
  const identifierUpdate = updates.get(group.recordIdentifierFeatureName);
  if (isObject(identifierUpdate) && identifierUpdate.ValueAsString !== id) {
    throw runtimeInvalid(
      `The record identifier feature '${group.recordIdentifierFeatureName}' cannot be changed by UpdateRecord.`,
    );
  }
  const newEventTime = updates.get(group.eventTimeFeatureName);
  if (params.has('TtlDuration') && newEventTime === undefined) {
    throw runtimeInvalid('TtlDuration requires the event time feature in Features.');
  }
  for (const name of updates.keys()) {
    if (!group.featureDefinitions.some((d) => d.FeatureName === name)) {
      throw runtimeInvalid(`The feature '${name}' is not defined in feature group '${group.name}'.`);
    }
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
  saveRecordRow(
    ctx.db,
    group,
    {
      recordId: id,
      eventTime: validated.eventTime,
      values: validated.values,
      expiresAt: ttlMs === undefined ? existing.expiresAt : validated.eventTimeMs + ttlMs,
      deleted: false,
      writtenAt: ctx.now.getTime(),
    },
    validated.eventTimeMs,
  );
  return {};
}
