import * as fs from 'node:fs';
import { defineCommand } from '../src/cli/define-command.js';
import { isAccessDenied } from '../src/aws/errors.js';
import { UsageError } from '../src/errors.js';
import { encodeRecord, formatFieldErrors } from '../src/records/codec.js';
import { parseTargetStores, parseTtl } from '../src/records/options.js';
import { deniedError, openTarget } from '../src/records/target.js';

interface PutOptions {
  record?: string;
  file?: string;
  eventTimeNow?: boolean;
  ttl?: string;
  targetStores?: string;
}

function readRecordText(opts: PutOptions): { text: string; source: string } {
  if ((opts.record === undefined) === (opts.file === undefined)) {
    throw new UsageError('Pass the record with exactly one of --record or --file.', {
      hint: `For example: --record '{"customer_id":"C0001","event_time":1767225600}'.`,
    });
  }
  if (opts.record !== undefined) {
    return { text: opts.record, source: '--record' };
  }
  const file = opts.file ?? '';
  try {
    return { text: fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), source: file };
  } catch {
    throw new UsageError(`Cannot read "${file}".`, {
      code: 'FSHARE_NO_INPUT',
      hint: 'Check the path passed to --file.',
    });
  }
}

export default defineCommand({
  path: ['put-record'],
  summary: 'Write one record, validated against the schema',
  description:
    "Writes one record (a full overwrite). The record is validated against the feature group's schema\nbefore anything is sent: unknown features, wrong types, a missing record identifier or event time,\nthe event-time format and Feature Store's size limits (350 KB) are exit 2 naming the field.",
  examples: [
    `fshare put-record customers --record '{"customer_id":"C9001","event_time":1767225600,"age":41}'`,
    'fshare put-record 111111111111/customers --file record.json --event-time-now --ttl 7d',
  ],
  configure: (cmd) =>
    cmd
      .argument('<feature-group>', 'ARN, ACCOUNT/NAME or NAME')
      .option('--record <json>', 'the record as a JSON object of feature → value')
      .option('--file <path>', 'read the record (a JSON object) from a file')
      .option('--event-time-now', 'use the current time when the record has no event time')
      .option('--ttl <duration>', 'expire the record after this long: 90s, 30m, 12h, 7d, 2w')
      .option(
        '--target-stores <stores>',
        'online, offline, or online,offline (default: every store the group has)',
      ),
  run: async ([text]: [string], opts: PutOptions, ctx) => {
    const { text: json, source } = readRecordText(opts);
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new UsageError(`${source} is not valid JSON: ${(error as Error).message}`, {
        code: 'FSHARE_BAD_RECORD',
        hint: 'Pass one JSON object, e.g. {"customer_id":"C0001","event_time":1767225600}.',
      });
    }
    const ttl = opts.ttl === undefined ? undefined : parseTtl(opts.ttl);
    const stores = opts.targetStores === undefined ? undefined : parseTargetStores(opts.targetStores);
    const { group, schema } = await openTarget(ctx, text);
    const encoded = encodeRecord(schema, value, {
      source: 'json',
      ...(opts.eventTimeNow ? { eventTimeNow: ctx.clock.now() } : {}),
    });
    if (!encoded.ok) {
      const [first] = encoded.errors;
      throw new UsageError(`Invalid record: ${formatFieldErrors(encoded.errors)}.`, {
        code: 'FSHARE_INVALID_RECORD',
        hint: `Nothing was sent. \`fshare describe ${text}\` shows every feature and its type.`,
        details: { errors: encoded.errors, ...(first?.field !== undefined ? { field: first.field } : {}) },
      });
    }
    const store = await ctx.aws.featureStore({ region: group.region });
    try {
      await store.putRecord(
        {
          FeatureGroupName: group.arn,
          Record: encoded.record,
          ...(ttl ? { TtlDuration: ttl } : {}),
          ...(stores ? { TargetStores: stores } : {}),
        },
        { abortSignal: ctx.signal },
      );
    } catch (error) {
      throw isAccessDenied(error) ? await deniedError(ctx, group, 'PutRecord', error) : error;
    }
    const eventTime = encoded.record.find((v) => v.FeatureName === schema.eventTime)?.ValueAsString ?? null;
    return {
      data: {
        featureGroupArn: group.arn,
        recordIdentifier: encoded.id,
        eventTime,
        bytes: encoded.bytes,
        targetStores: stores ?? null,
        ttl: ttl ?? null,
      },
      lines: [
        `Wrote record ${schema.recordIdentifier} = "${encoded.id}" (event time ${eventTime ?? '?'}) to ${group.arn}.`,
      ],
    };
  },
});
