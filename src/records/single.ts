/**
 * One record at a time: get, put and delete, each `(ctx, input) → data`. The commands turn argv
 * into the input and the data into output; every rule lives here.
 */
import { awsErrorCode } from '../aws/errors.js';
import type { Context } from '../context.js';
import { CancelledError, FshareError, NotFoundError, UsageError } from '../errors.js';
import { guarded } from './access.js';
import {
  decodeRecord,
  encodeEventTime,
  encodeRecord,
  formatEventTime,
  formatFieldErrors,
  recordIdProblem,
  type EncodeResult,
  type TypedRecord,
} from './codec.js';
import { DELETE_RULE, isStaleDelete } from './delete-rule.js';
import { parseStrictJson } from './json.js';
import { checkFeatureNames, type TargetStore, type TtlDuration } from './options.js';
import { featureByName, type RecordSchema } from './schema.js';
import { openTarget, refreshTarget, type RecordTarget } from './target.js';

export interface TargetInput {
  /** ARN, ACCOUNT/NAME or NAME, as typed. */
  featureGroup: string;
  /** Use the schema cache (`--no-cache` sets false). */
  cache: boolean;
}

/** Refuses an identifier that cannot be sent (blank, NUL, lone surrogate, too long): exit 2. */
export function checkRecordId(id: string, what = 'record-id'): void {
  const problem = recordIdProblem(id);
  if (problem) {
    throw new UsageError(`<${what}>: ${problem}.`, {
      code: 'FSHARE_BAD_RECORD_ID',
      hint: 'Pass the identifier exactly as stored, e.g. C0001.',
    });
  }
}

function notFound(target: RecordTarget, id: string, hint: string): NotFoundError {
  return new NotFoundError(
    `No record with ${target.schema.recordIdentifier} = "${id}" in ${target.group.arn}.`,
    { code: 'FSHARE_RECORD_NOT_FOUND', hint },
  );
}

/** A service error that a changed schema would explain (a feature added or retyped since cached). */
const SCHEMA_MISMATCH = new Set(['ValidationError', 'ValidationException']);

export interface GetRecordInput extends TargetInput {
  id: string;
  features?: string[] | undefined;
}

export interface GetRecordData {
  target: RecordTarget;
  record: TypedRecord;
  expiresAt: string | undefined;
}

export async function getRecord(ctx: Context, input: GetRecordInput): Promise<GetRecordData> {
  checkRecordId(input.id);
  let target = await openTarget(ctx, input.featureGroup, { cache: input.cache });
  for (;;) {
    if (input.features) {
      checkFeatureNames(input.features, target.schema);
    }
    const store = await ctx.aws.featureStore({ region: target.group.region });
    const group = target.group;
    const out = await guarded(ctx, group, 'GetRecord', () =>
      store.getRecord(
        {
          FeatureGroupName: group.arn,
          RecordIdentifierValueAsString: input.id,
          ...(input.features ? { FeatureNames: input.features } : {}),
        },
        { abortSignal: ctx.signal },
      ),
    );
    // Feature Store answers a missing record with an empty result, not an error.
    if (!out.Record || out.Record.length === 0) {
      throw notFound(
        target,
        input.id,
        `Check the identifier; \`fshare export ${input.featureGroup}\` lists every record.`,
      );
    }
    // A feature the cached schema does not know means the group changed: describe again, once.
    const known = featureByName(target.schema);
    if (out.Record.some((v) => v.FeatureName !== undefined && !known.has(v.FeatureName))) {
      const fresh = await refreshTarget(ctx, target);
      if (fresh) {
        target = fresh;
        continue;
      }
    }
    return { target, record: decodeRecord(target.schema, out.Record), expiresAt: out.ExpiresAt };
  }
}

export interface PutRecordInput extends TargetInput {
  /** The record as JSON text, and where it came from (for messages). */
  json: string;
  source: string;
  eventTimeNow: boolean;
  ttl?: TtlDuration | undefined;
  targetStores?: TargetStore[] | undefined;
}

export interface PutRecordData {
  featureGroupArn: string;
  recordIdentifier: string;
  eventTime: string | null;
  bytes: number;
  targetStores: TargetStore[] | null;
  ttl: TtlDuration | null;
  /** For the summary line. */
  recordIdentifierName: string;
}

function encodeOrThrow(ctx: Context, schema: RecordSchema, input: PutRecordInput, value: unknown) {
  const encoded: EncodeResult = encodeRecord(schema, value, {
    source: 'json',
    ...(input.eventTimeNow ? { eventTimeNow: ctx.clock.now() } : {}),
  });
  if (!encoded.ok) {
    const [first] = encoded.errors;
    throw new UsageError(`Invalid record: ${formatFieldErrors(encoded.errors)}.`, {
      code: 'FSHARE_INVALID_RECORD',
      hint: `Nothing was sent. \`fshare describe ${input.featureGroup}\` shows every feature and its type.`,
      details: { errors: encoded.errors, ...(first?.field !== undefined ? { field: first.field } : {}) },
    });
  }
  return encoded;
}

export async function putRecord(ctx: Context, input: PutRecordInput): Promise<PutRecordData> {
  const parsed = parseStrictJson(input.json);
  if (!parsed.ok) {
    throw new UsageError(`${input.source}: ${parsed.error}.`, {
      code: 'FSHARE_BAD_RECORD',
      hint: 'Pass one JSON object, e.g. {"customer_id":"C0001","event_time":1767225600}.',
    });
  }
  let target = await openTarget(ctx, input.featureGroup, { cache: input.cache });
  for (;;) {
    const encoded = encodeOrThrow(ctx, target.schema, input, parsed.value);
    const store = await ctx.aws.featureStore({ region: target.group.region });
    const group = target.group;
    try {
      await guarded(ctx, group, 'PutRecord', () =>
        store.putRecord(
          {
            FeatureGroupName: group.arn,
            Record: encoded.record,
            ...(input.ttl ? { TtlDuration: input.ttl } : {}),
            ...(input.targetStores ? { TargetStores: input.targetStores } : {}),
          },
          { abortSignal: ctx.signal },
        ),
      );
    } catch (error) {
      const fresh = SCHEMA_MISMATCH.has(awsErrorCode(error) ?? '')
        ? await refreshTarget(ctx, target)
        : undefined;
      if (fresh) {
        target = fresh;
        continue;
      }
      throw error;
    }
    const { schema } = target;
    return {
      featureGroupArn: group.arn,
      recordIdentifier: encoded.id,
      eventTime: encoded.record.find((v) => v.FeatureName === schema.eventTime)?.ValueAsString ?? null,
      bytes: encoded.bytes,
      targetStores: input.targetStores ?? null,
      ttl: input.ttl ?? null,
      recordIdentifierName: schema.recordIdentifier,
    };
  }
}

export interface DeleteRecordInput extends TargetInput {
  id: string;
  /** In the event-time feature's own format; default now. */
  eventTime?: string | undefined;
  hard: boolean;
}

export interface DeleteRecordData {
  featureGroupArn: string;
  recordIdentifier: string;
  eventTime: string;
  mode: 'hard' | 'soft';
  previousEventTime: string | null;
  recordIdentifierName: string;
}

function deleteEventTime(ctx: Context, target: RecordTarget, text: string | undefined): string {
  const def = featureByName(target.schema).get(target.schema.eventTime);
  if (!def) {
    throw new FshareError(
      'FSHARE_BAD_SCHEMA',
      `${target.group.arn} has no event-time feature "${target.schema.eventTime}".`,
    );
  }
  if (text === undefined) {
    return formatEventTime(def, ctx.clock.now());
  }
  const checked = encodeEventTime(def, def.type === 'String' ? text : text.trim());
  if ('error' in checked) {
    throw new UsageError(`--event-time: ${checked.error}.`, {
      code: 'FSHARE_BAD_EVENT_TIME',
      hint: def.type === 'String' ? 'Use e.g. 2026-11-23T12:00:00Z.' : 'Use Unix seconds, e.g. 1767225600.',
    });
  }
  return checked.text;
}

export async function deleteRecord(ctx: Context, input: DeleteRecordInput): Promise<DeleteRecordData> {
  checkRecordId(input.id);
  // Asked before any call, so a run without a terminal (and without --yes) sends nothing.
  if (input.hard) {
    const go = await ctx.prompter.confirm(
      `Hard-delete the record "${input.id}" of ${input.featureGroup}? It cannot be undone.`,
      { default: false, nonInteractiveHint: 'Pass --yes to hard-delete without asking.' },
    );
    if (!go) {
      throw new CancelledError(
        `Not deleted: the record "${input.id}" of ${input.featureGroup} is unchanged.`,
      );
    }
  }
  const target = await openTarget(ctx, input.featureGroup, { cache: input.cache });
  const { group, schema } = target;
  const eventTime = deleteEventTime(ctx, target, input.eventTime);
  const store = await ctx.aws.featureStore({ region: group.region });
  const call = { abortSignal: ctx.signal };
  const existing = await guarded(ctx, group, 'GetRecord', () =>
    store.getRecord(
      {
        FeatureGroupName: group.arn,
        RecordIdentifierValueAsString: input.id,
        FeatureNames: [schema.eventTime],
      },
      call,
    ),
  );
  if (!existing.Record || existing.Record.length === 0) {
    throw notFound(target, input.id, 'Nothing to delete; check the identifier.');
  }
  const stored = existing.Record.find((v) => v.FeatureName === schema.eventTime)?.ValueAsString;
  if (isStaleDelete(eventTime, stored)) {
    throw new UsageError(
      `The delete's event time ${eventTime} is not newer than the stored record's (${stored}).`,
      {
        code: 'FSHARE_STALE_EVENT_TIME',
        hint: `${DELETE_RULE} Pass a later --event-time, or leave it out to use now.`,
      },
    );
  }
  try {
    await guarded(ctx, group, 'DeleteRecord', () =>
      store.deleteRecord(
        {
          FeatureGroupName: group.arn,
          RecordIdentifierValueAsString: input.id,
          EventTime: eventTime,
          DeletionMode: input.hard ? 'HardDelete' : 'SoftDelete',
        },
        call,
      ),
    );
  } catch (error) {
    if (awsErrorCode(error) === 'ValidationError' && input.hard) {
      throw new FshareError(
        'FSHARE_DELETE_REFUSED',
        `Feature Store refused the hard delete: ${(error as Error).message}`,
        1,
        { hint: DELETE_RULE, cause: error },
      );
    }
    throw error;
  }
  return {
    featureGroupArn: group.arn,
    recordIdentifier: input.id,
    eventTime,
    mode: input.hard ? 'hard' : 'soft',
    previousEventTime: stored ?? null,
    recordIdentifierName: schema.recordIdentifier,
  };
}
