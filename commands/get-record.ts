import { defineCommand } from '../src/cli/define-command.js';
import { parseList } from '../src/records/options.js';
import { getRecordResult } from '../src/records/present.js';
import { getRecord, type GetRecordInput } from '../src/records/single.js';

export interface GetRecordOptions {
  features?: string;
  cache?: boolean;
}

/** argv → the service's input (no AWS call: parse tests use this). */
export function getRecordInput(featureGroup: string, id: string, opts: GetRecordOptions): GetRecordInput {
  return {
    featureGroup,
    id,
    features: opts.features === undefined ? undefined : parseList(opts.features, '--features'),
    cache: opts.cache !== false,
  };
}

export default defineCommand({
  path: ['get-record'],
  description:
    'Reads one record by its identifier. Values are typed by the schema in every output format:\nIntegral → integer (as a string when beyond 2^53, so it stays exact), Fractional → number,\nList/Set/Vector → arrays. A missing record is exit 4. The schema is cached for an hour\n($FSHARE_HOME/cache), so a repeat read makes one call; --no-cache describes the group again.',
  examples: [
    'fshare get-record customers C0001',
    'fshare get-record 111111111111/customers C0001 --features age,segment -o json',
  ],
  configure: (cmd) =>
    cmd
      .argument('<feature-group>', 'ARN, ACCOUNT/NAME or NAME')
      .argument('<record-id>', 'the record identifier value')
      .option('--features <names>', 'only these features (comma-separated)')
      .option('--no-cache', 'describe the feature group again instead of using the cached schema'),
  run: async ([text, id]: [string, string], opts: GetRecordOptions, ctx) =>
    getRecordResult(await getRecord(ctx, getRecordInput(text, id, opts))),
});
