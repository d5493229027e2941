import type { Readable } from 'node:stream';
import { defineCommand } from '../src/cli/define-command.js';
import { readRecordArgument } from '../src/records/inputs.js';
import { parseTargetStores, parseTtl } from '../src/records/options.js';
import { putRecordResult } from '../src/records/present.js';
import { putRecord, type PutRecordInput } from '../src/records/single.js';

export interface PutRecordOptions {
  record?: string;
  file?: string;
  eventTimeNow?: boolean;
  ttl?: string;
  targetStores?: string;
  cache?: boolean;
}

/** argv → the service's input; reads --file / `-` / file:// but makes no AWS call. */
export async function putRecordInput(
  featureGroup: string,
  opts: PutRecordOptions,
  stdin: Readable,
): Promise<PutRecordInput> {
  const { text, source } = await readRecordArgument(opts.record, opts.file, stdin);
  return {
    featureGroup,
    json: text,
    source,
    eventTimeNow: opts.eventTimeNow === true,
    ttl: opts.ttl === undefined ? undefined : parseTtl(opts.ttl),
    targetStores: opts.targetStores === undefined ? undefined : parseTargetStores(opts.targetStores),
    cache: opts.cache !== false,
  };
}

export default defineCommand({
  path: ['put-record'],
  description:
    "Writes one record (a full overwrite). The record is validated against the feature group's schema\nbefore anything is sent: unknown features, wrong types, duplicate keys, a missing record identifier\nor event time, the event-time format and Feature Store's size limits (350 KB) are exit 2 naming the\nfield. --record takes JSON, file://path or - (stdin); so does --file (a path or -).",
  examples: [
    `fshare put-record customers --record '{"customer_id":"C9001","event_time":1767225600,"age":41}'`,
    'fshare put-record 111111111111/customers --record file://record.json --event-time-now --ttl 7d',
    'cat record.json | fshare put-record customers --file -',
  ],
  configure: (cmd) =>
    cmd
      .argument('<feature-group>', 'ARN, ACCOUNT/NAME or NAME')
      .option('--record <json>', 'the record as a JSON object, file://path, or - for stdin')
      .option('--file <path>', 'read the record (a JSON object) from a file, or - for stdin')
      .option('--event-time-now', 'use the current time when the record has no event time')
      .option('--ttl <duration>', 'expire the record after this long: 90s, 30m, 12h, 7d, 2w')
      .option('--target-stores <stores>', 'online, offline, or online,offline (default: every store)')
      .option('--no-cache', 'describe the feature group again instead of using the cached schema'),
  run: async ([text]: [string], opts: PutRecordOptions, ctx) =>
    putRecordResult(await putRecord(ctx, await putRecordInput(text, opts, ctx.io.stdin))),
});
