import { defineCommand } from '../src/cli/define-command.js';
import { exportToFile, exportInput, type ExportOptions } from '../src/records/export.js';
import { recordStreamResult } from '../src/records/present.js';
import { exportRecords } from '../src/records/read-many.js';

export default defineCommand({
  path: ['export'],
  description:
    'Lists the record identifiers in the online store (ListRecords, page by page) and reads the\nrecords with BatchGetRecord in chunks of 100, streaming them out typed by the schema, retrying\nthrottles and 5xx. With --file the records go to a .jsonl or .csv file (CSV cells of lists hold\nJSON arrays). The global --max-items stops early and prints a token for --starting-token to\ncontinue. A terminal table shows the first 100 records unless --max-items says otherwise.',
  examples: [
    'fshare export customers --file customers.jsonl',
    'fshare export 111111111111/customers -o ndjson | head',
    'fshare export customers --max-items 1000 -o ndjson',
  ],
  configure: (cmd) =>
    cmd
      .argument('<feature-group>', 'ARN, ACCOUNT/NAME or NAME')
      .option('--file <path>', 'write to this .jsonl or .csv file instead of stdout')
      .option('--concurrency <n>', 'BatchGetRecord calls in flight (default 4)')
      .option('--starting-token <token>', 'continue where an earlier --max-items stopped')
      .option('--progress <mode>', 'auto (default), json (lines on stderr) or none')
      .option('--no-cache', 'describe the feature group again instead of using the cached schema'),
  run: async ([text]: [string], opts: ExportOptions, ctx) => {
    const input = exportInput(text, opts, ctx);
    if (input.file !== undefined) {
      return exportToFile(ctx, input);
    }
    const stream = await exportRecords(ctx, { ...input, announceNextToken: true });
    return recordStreamResult(stream, `${stream.target.group.name} has no records.`, () =>
      input.limitedByDefault && stream.nextToken()
        ? [`Showed the first ${input.maxItems} records; pass --max-items, -o ndjson or --file for more.`]
        : [],
    );
  },
});
