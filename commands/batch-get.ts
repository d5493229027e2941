import * as fs from 'node:fs';
import { createInterface } from 'node:readline';
import { defineCommand } from '../src/cli/define-command.js';
import { isAccessDenied } from '../src/aws/errors.js';
import { UsageError } from '../src/errors.js';
import { batchGet, type GetOutcome } from '../src/records/bulk/batch-get.js';
import { decodeRecord, type TypedRecord } from '../src/records/codec.js';
import { checkFeatureNames, parseConcurrency, parseList } from '../src/records/options.js';
import { deniedError, openTarget } from '../src/records/target.js';

interface BatchGetOptions {
  ids?: string;
  idsFile?: string;
  features?: string;
  concurrency?: string;
}

async function* idsFromFile(path: string): AsyncGenerator<string> {
  const lines = createInterface({ input: fs.createReadStream(path), crlfDelay: Infinity });
  let first = true;
  for await (const line of lines) {
    const id = (first ? line.replace(/^\uFEFF/, '') : line).trim();
    first = false;
    if (id !== '') {
      yield id;
    }
  }
}

export default defineCommand({
  path: ['batch-get'],
  summary: 'Read many records by id, streamed',
  description:
    'Reads many records with BatchGetRecord, at most 100 identifiers per call, a few calls in flight,\nretrying UnprocessedIdentifiers. Records stream out as they arrive (NDJSON with -o ndjson, CSV with\n-o csv). Identifiers that are missing or fail are reported on stderr; exit 5 when any did.',
  examples: [
    'fshare batch-get customers --ids C0001,C0002',
    'fshare batch-get 111111111111/customers --ids-file ids.txt -o ndjson > records.ndjson',
  ],
  configure: (cmd) =>
    cmd
      .argument('<feature-group>', 'ARN, ACCOUNT/NAME or NAME')
      .option('--ids <ids>', 'comma-separated record identifiers')
      .option('--ids-file <path>', 'a file with one record identifier per line')
      .option('--features <names>', 'only these features (comma-separated)')
      .option('--concurrency <n>', 'BatchGetRecord calls in flight (default 4)'),
  run: async ([text]: [string], opts: BatchGetOptions, ctx) => {
    if ((opts.ids === undefined) === (opts.idsFile === undefined)) {
      throw new UsageError('Pass the identifiers with exactly one of --ids or --ids-file.', {
        hint: 'For example: --ids C0001,C0002 or --ids-file ids.txt (one per line).',
      });
    }
    const ids = opts.ids === undefined ? undefined : parseList(opts.ids, '--ids');
    if (opts.idsFile !== undefined) {
      try {
        fs.accessSync(opts.idsFile, fs.constants.R_OK);
      } catch {
        throw new UsageError(`Cannot read "${opts.idsFile}".`, {
          code: 'FSHARE_NO_INPUT',
          hint: 'Check the path passed to --ids-file.',
        });
      }
    }
    const features = opts.features === undefined ? undefined : parseList(opts.features, '--features');
    const concurrency = parseConcurrency(opts.concurrency, 4, 16);
    const { group, schema } = await openTarget(ctx, text);
    if (features) {
      checkFeatureNames(features, schema);
    }
    const store = await ctx.aws.featureStore({ region: group.region, maxAttempts: 1 });
    const outcomes = batchGet(
      { featureStore: store, sleep: (ms, signal) => ctx.clock.sleep(ms, signal), signal: ctx.signal },
      {
        featureGroupArn: group.arn,
        // The identifier comes along so each streamed row says which record it is.
        featureNames: features ? [...new Set([schema.recordIdentifier, ...features])] : undefined,
        concurrency,
      },
      ids ?? idsFromFile(opts.idsFile ?? ''),
    );
    const failed: GetOutcome[] = [];
    let found = 0;
    async function* rows(): AsyncGenerator<TypedRecord> {
      try {
        for await (const outcome of outcomes) {
          if (outcome.status === 'found') {
            found++;
            yield decodeRecord(schema, outcome.record);
          } else {
            failed.push(outcome);
            ctx.log.warn(
              outcome.status === 'not-found'
                ? `${outcome.id}: no such record`
                : `${outcome.id}: ${outcome.code}: ${outcome.message}`,
            );
          }
        }
      } catch (error) {
        throw isAccessDenied(error) ? await deniedError(ctx, group, 'BatchGetRecord', error) : error;
      }
      if (failed.length > 0) {
        ctx.log.warn(`${failed.length} of ${found + failed.length} identifiers were not read.`);
      }
    }
    const columns = (
      features
        ? [schema.recordIdentifier, ...features.filter((f) => f !== schema.recordIdentifier)]
        : schema.features.map((f) => f.name)
    ).map((key) => ({ key, header: key }));
    return {
      table: { columns, rows: rows() },
      emptyMessage: 'No records found.',
      // Read after the rows have streamed out, when the failures are known.
      get exitCode() {
        return failed.length > 0 ? 5 : 0;
      },
    };
  },
});
