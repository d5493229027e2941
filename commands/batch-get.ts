import { defineCommand } from '../src/cli/define-command.js';
import { UsageError } from '../src/errors.js';
import { checkInputFile } from '../src/records/inputs.js';
import { parseConcurrency, parseList } from '../src/records/options.js';
import { recordStreamResult } from '../src/records/present.js';
import { batchGetRecords, type BatchGetInput } from '../src/records/read-many.js';

export interface BatchGetOptions {
  ids?: string;
  idsFile?: string;
  features?: string;
  concurrency?: string;
  progress?: string;
  cache?: boolean;
}

/** argv → the service's input; checks --ids-file (a readable file, or - for stdin), no AWS call. */
export function batchGetInput(featureGroup: string, opts: BatchGetOptions): BatchGetInput {
  if ((opts.ids === undefined) === (opts.idsFile === undefined)) {
    throw new UsageError('Pass the identifiers with exactly one of --ids or --ids-file.', {
      hint: 'For example: --ids C0001,C0002 or --ids-file ids.txt (one per line; - reads stdin).',
    });
  }
  if (opts.idsFile !== undefined && opts.idsFile !== '-') {
    checkInputFile(opts.idsFile, '--ids-file');
  }
  return {
    featureGroup,
    cache: opts.cache !== false,
    ids: opts.ids !== undefined ? parseList(opts.ids, '--ids') : { file: opts.idsFile ?? '-' },
    features: opts.features === undefined ? undefined : parseList(opts.features, '--features'),
    concurrency: parseConcurrency(opts.concurrency, 4, 16),
    progress: opts.progress,
  };
}

export default defineCommand({
  path: ['batch-get'],
  description:
    'Reads many records with BatchGetRecord, at most 100 identifiers per call, a few calls in flight,\nretrying UnprocessedIdentifiers, throttles and 5xx. Records stream out as they arrive (NDJSON with\n-o ndjson, CSV with -o csv). Identifiers that are missing or fail are reported on stderr; exit 5\nwhen any did. Progress goes to stderr (--progress json for machines, none to hide it).',
  examples: [
    'fshare batch-get customers --ids C0001,C0002',
    'fshare batch-get 111111111111/customers --ids-file ids.txt -o ndjson > records.ndjson',
    'cut -d, -f1 list.csv | fshare batch-get customers --ids-file - -o csv',
  ],
  configure: (cmd) =>
    cmd
      .argument('<feature-group>', 'ARN, ACCOUNT/NAME or NAME')
      .option('--ids <ids>', 'comma-separated record identifiers')
      .option('--ids-file <path>', 'a file with one record identifier per line (- for stdin)')
      .option('--features <names>', 'only these features (comma-separated)')
      .option('--concurrency <n>', 'BatchGetRecord calls in flight (default 4)')
      .option('--progress <mode>', 'auto (default), json (lines on stderr) or none')
      .option('--no-cache', 'describe the feature group again instead of using the cached schema'),
  run: async ([text]: [string], opts: BatchGetOptions, ctx) =>
    recordStreamResult(await batchGetRecords(ctx, batchGetInput(text, opts)), 'No records found.'),
});
