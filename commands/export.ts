import * as fs from 'node:fs';
import { defineCommand } from '../src/cli/define-command.js';
import { isAccessDenied } from '../src/aws/errors.js';
import { UsageError } from '../src/errors.js';
import { writeOut } from '../src/output/render.js';
import { csvLine } from '../src/output/table.js';
import { batchGet, listRecordIds } from '../src/records/bulk/batch-get.js';
import { decodeRecord, type TypedRecord } from '../src/records/codec.js';
import { parseConcurrency } from '../src/records/options.js';
import { deniedError, openTarget } from '../src/records/target.js';

function csvCell(value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }
  return Array.isArray(value) ? JSON.stringify(value) : String(value);
}

export default defineCommand({
  path: ['export'],
  summary: 'Stream every record of a feature group to JSONL or CSV',
  description:
    'Lists every record identifier in the online store (ListRecords, page by page) and reads the\nrecords with BatchGetRecord in chunks of 100, streaming them out typed by the schema. With --file\nthe records go to a .jsonl or .csv file (CSV cells of lists hold JSON arrays) and a summary is printed.',
  examples: [
    'fshare export customers --file customers.jsonl',
    'fshare export 111111111111/customers -o ndjson | head',
  ],
  configure: (cmd) =>
    cmd
      .argument('<feature-group>', 'ARN, ACCOUNT/NAME or NAME')
      .option('--file <path>', 'write to this .jsonl or .csv file instead of stdout')
      .option('--concurrency <n>', 'BatchGetRecord calls in flight (default 4)'),
  run: async ([text]: [string], opts: { file?: string; concurrency?: string }, ctx) => {
    const concurrency = parseConcurrency(opts.concurrency, 4, 16);
    let fileFormat: 'jsonl' | 'csv' | undefined;
    if (opts.file !== undefined) {
      const lower = opts.file.toLowerCase();
      fileFormat = lower.endsWith('.csv')
        ? 'csv'
        : lower.endsWith('.jsonl') || lower.endsWith('.ndjson')
          ? 'jsonl'
          : undefined;
      if (!fileFormat) {
        throw new UsageError(`Cannot tell the format of "${opts.file}" from its name.`, {
          code: 'FSHARE_BAD_OUTPUT_FORMAT',
          hint: 'Name the file .jsonl or .csv.',
        });
      }
    }
    const { group, schema } = await openTarget(ctx, text);
    const store = await ctx.aws.featureStore({ region: group.region, maxAttempts: 1 });
    const deps = { featureStore: store, sleep: ctx.clock.sleep.bind(ctx.clock), signal: ctx.signal };
    let missing = 0;
    async function* records(): AsyncGenerator<TypedRecord> {
      try {
        for await (const outcome of batchGet(
          deps,
          { featureGroupArn: group.arn, concurrency },
          listRecordIds(deps, group.arn),
        )) {
          if (outcome.status === 'found') {
            yield decodeRecord(schema, outcome.record);
          } else if (outcome.status === 'error') {
            missing++;
            ctx.log.warn(`${outcome.id}: ${outcome.code}: ${outcome.message}`);
          }
          // A record deleted between ListRecords and BatchGetRecord is simply gone: not an error.
        }
      } catch (error) {
        throw isAccessDenied(error) ? await deniedError(ctx, group, 'ListRecords', error) : error;
      }
    }
    const columns = schema.features.map((f) => ({ key: f.name, header: f.name }));
    if (opts.file === undefined) {
      return {
        table: { columns, rows: records() },
        emptyMessage: `${group.name} has no records.`,
        get exitCode() {
          return missing > 0 ? 5 : 0;
        },
      };
    }
    const out = fs.createWriteStream(opts.file);
    const started = Date.now();
    let exported = 0;
    try {
      if (fileFormat === 'csv') {
        await writeOut(out, csvLine(columns.map((c) => c.key)));
      }
      for await (const record of records()) {
        exported++;
        await writeOut(
          out,
          fileFormat === 'csv'
            ? csvLine(columns.map((c) => csvCell(record[c.key])))
            : `${JSON.stringify(record)}\n`,
        );
      }
    } finally {
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
    }
    const elapsedSeconds = (Date.now() - started) / 1000;
    return {
      data: { featureGroupArn: group.arn, file: opts.file, exported, failed: missing, elapsedSeconds },
      lines: [
        `Exported ${exported} records from ${group.arn} to ${opts.file} in ${elapsedSeconds.toFixed(1)}s.`,
      ],
      ...(missing > 0 ? { warnings: [`${missing} records could not be read.`], exitCode: 5 as const } : {}),
    };
  },
});
