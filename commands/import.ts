import { defineCommand } from '../src/cli/define-command.js';
import { importInput, importRecords, importResult, type ImportFlags } from '../src/records/import.js';

export default defineCommand({
  path: ['import'],
  description:
    'Streams a CSV (header row of feature names) or JSONL file into a feature group. Every row is\nvalidated against the schema; valid rows go out with BatchWriteRecord in groups of 25 (PutRecord\nwhen BatchWriteRecord is refused), retried with jittered backoff while concurrency adapts to\nthrottling. Rows that fail validation or are finally rejected go to the rejects file with the reason.\nA checkpoint beside the input lets --resume send only what was not acknowledged; a lock keeps a\nsecond import of the same file from running at once. Access denied stops at once (exit 3).\nExit 5 when some rows were rejected. Progress goes to stderr (--progress json for machines).',
  examples: [
    'fshare import customers --file customers.csv',
    'fshare import 111111111111/customers --file big.jsonl --concurrency 16 --rejects bad.jsonl',
    'fshare import customers --file big.jsonl --resume',
    'gunzip -c rows.jsonl.gz | fshare import customers --file - --format jsonl',
  ],
  configure: (cmd) =>
    cmd
      .argument('<feature-group>', 'ARN, ACCOUNT/NAME or NAME')
      .requiredOption('--file <path>', 'a .csv or .jsonl file, or - for stdin (with --format)')
      .option('--format <format>', 'csv or jsonl: the format of stdin (a file name says its own)')
      .option(
        '--concurrency <n>',
        'most write calls in flight (default 8; lowered automatically on throttling)',
      )
      .option('--resume', 'continue an interrupted import from its checkpoint')
      .option('--rejects <path>', 'where rejected rows go (default: <file>.rejects.jsonl)')
      .option('--progress <mode>', 'auto (default), json (lines on stderr) or none')
      .option('--no-cache', 'describe the feature group again instead of using the cached schema'),
  run: async ([text]: [string], opts: ImportFlags, ctx) => {
    const input = importInput(text, opts);
    return importResult(await importRecords(ctx, input), input.rejectsPath);
  },
});
