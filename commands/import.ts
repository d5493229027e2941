import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defineCommand } from '../src/cli/define-command.js';
import { isAccessDenied } from '../src/aws/errors.js';
import { UsageError } from '../src/errors.js';
import { checkpointPathFor } from '../src/records/bulk/checkpoint.js';
import { runImport, type ImportSummary } from '../src/records/bulk/import.js';
import { parseConcurrency } from '../src/records/options.js';
import { formatForPath } from '../src/records/rows.js';
import { deniedError, openTarget } from '../src/records/target.js';
import { formatProgress, openStatusLine } from '../src/ui/progress.js';

interface ImportOptions {
  file: string;
  concurrency?: string;
  resume?: boolean;
  rejects?: string;
}

function summaryLines(s: ImportSummary): string[] {
  return [
    `Imported ${s.file} into ${s.featureGroupArn}`,
    `  read ${s.read}${s.skipped > 0 ? ` (${s.skipped} already done in an earlier run)` : ''} · sent ${s.sent} · rejected ${s.rejected} · retried ${s.retried}`,
    `  ${s.elapsedSeconds.toFixed(1)}s · ${s.recordsPerSecond} records/s · ${s.writeOperation} · peak concurrency ${s.peakConcurrency}`,
  ];
}

export default defineCommand({
  path: ['import'],
  summary: 'Bulk-load a CSV or JSONL file: streaming, resumable',
  description:
    'Streams a CSV (header row of feature names) or JSONL file into a feature group. Every row is\nvalidated against the schema; valid rows go out with BatchWriteRecord in groups of 25 (PutRecord\nwhen BatchWriteRecord is refused), retried with jittered backoff while concurrency adapts to\nthrottling. Rows that fail validation or are finally rejected go to the rejects file with the reason.\nA checkpoint beside the input lets --resume send only what was not acknowledged.\nExit 5 when some rows were rejected.',
  examples: [
    'fshare import customers --file customers.csv',
    'fshare import 111111111111/customers --file big.jsonl --concurrency 16 --rejects bad.jsonl',
    'fshare import customers --file big.jsonl --resume',
  ],
  configure: (cmd) =>
    cmd
      .argument('<feature-group>', 'ARN, ACCOUNT/NAME or NAME')
      .requiredOption('--file <path>', 'a .csv or .jsonl file')
      .option(
        '--concurrency <n>',
        'most write calls in flight (default 8; lowered automatically on throttling)',
      )
      .option('--resume', 'continue an interrupted import from its checkpoint')
      .option('--rejects <path>', 'where rejected rows go (default: <file>.rejects.jsonl)'),
  run: async ([text]: [string], opts: ImportOptions, ctx) => {
    const format = formatForPath(opts.file);
    const concurrency = parseConcurrency(opts.concurrency, 8);
    try {
      fs.accessSync(opts.file, fs.constants.R_OK);
    } catch {
      throw new UsageError(`Cannot read the input file "${opts.file}".`, {
        code: 'FSHARE_NO_INPUT',
        hint: 'Check the path passed to --file.',
      });
    }
    const home = ctx.env.FSHARE_HOME || path.join(os.homedir(), '.fshare');
    const checkpointPath = checkpointPathFor(opts.file, home);
    const rejectsPath = opts.rejects ?? `${opts.file}.rejects.jsonl`;
    const { group, schema } = await openTarget(ctx, text);
    // maxAttempts 1: the engine's own retry loop must see every throttle to adapt its concurrency.
    const store = await ctx.aws.featureStore({ region: group.region, maxAttempts: 1 });
    const bar = openStatusLine(ctx, 'import');
    let summary: ImportSummary;
    try {
      summary = await runImport(
        {
          featureStore: store,
          sleep: (ms, signal) => ctx.clock.sleep(ms, signal),
          now: () => Date.now(),
          signal: ctx.signal,
          warn: (message) => ctx.log.warn(message),
        },
        {
          featureGroupArn: group.arn,
          schema,
          file: opts.file,
          format,
          concurrency,
          resume: opts.resume === true,
          rejectsPath,
          checkpointPath,
          onProgress: (p) => {
            const snapshot = {
              label: 'import',
              done: p.bytesRead,
              total: p.totalBytes,
              count: p.sent,
              elapsedMs: p.elapsedMs,
              extra: [
                `sent ${p.sent}`,
                `rejected ${p.rejected}`,
                `retried ${p.retried}`,
                `${p.concurrency} in flight`,
              ],
            };
            bar.update((width) => formatProgress(snapshot, width), { ...p });
          },
        },
      );
    } catch (error) {
      throw isAccessDenied(error) ? await deniedError(ctx, group, 'PutRecord', error) : error;
    } finally {
      bar.done();
    }
    const failed = summary.rejected > 0;
    return {
      data: summary,
      lines: summaryLines(summary),
      ...(failed
        ? {
            warnings: [
              `${summary.rejected} rows were rejected; each is in ${rejectsPath} with its line number and reason.`,
            ],
            exitCode: 5 as const,
          }
        : {}),
    };
  },
});
