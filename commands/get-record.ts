import { defineCommand } from '../src/cli/define-command.js';
import { isAccessDenied } from '../src/aws/errors.js';
import { NotFoundError } from '../src/errors.js';
import { decodeRecord } from '../src/records/codec.js';
import { checkFeatureNames, parseList } from '../src/records/options.js';
import { featureByName, describeFeatureType } from '../src/records/schema.js';
import { deniedError, openTarget } from '../src/records/target.js';

export default defineCommand({
  path: ['get-record'],
  summary: 'Read one record, typed by the schema',
  description:
    'Reads one record by its identifier. Values are typed by the schema in every output format:\nIntegral → integer (as a string when beyond 2^53, so it stays exact), Fractional → number,\nList/Set/Vector → arrays. A missing record is exit 4.',
  examples: [
    'fshare get-record customers C0001',
    'fshare get-record 111111111111/customers C0001 --features age,segment -o json',
  ],
  configure: (cmd) =>
    cmd
      .argument('<feature-group>', 'ARN, ACCOUNT/NAME or NAME')
      .argument('<record-id>', 'the record identifier value')
      .option('--features <names>', 'only these features (comma-separated)'),
  run: async ([text, id]: [string, string], opts: { features?: string }, ctx) => {
    const features = opts.features === undefined ? undefined : parseList(opts.features, '--features');
    const { group, schema } = await openTarget(ctx, text);
    if (features) {
      checkFeatureNames(features, schema);
    }
    const store = await ctx.aws.featureStore({ region: group.region });
    let out;
    try {
      out = await store.getRecord(
        {
          FeatureGroupName: group.arn,
          RecordIdentifierValueAsString: id,
          ...(features ? { FeatureNames: features } : {}),
        },
        { abortSignal: ctx.signal },
      );
    } catch (error) {
      throw isAccessDenied(error) ? await deniedError(ctx, group, 'GetRecord', error) : error;
    }
    // Feature Store answers a missing record with an empty result, not an error.
    if (!out.Record || out.Record.length === 0) {
      throw new NotFoundError(`No record with ${schema.recordIdentifier} = "${id}" in ${group.arn}.`, {
        code: 'FSHARE_RECORD_NOT_FOUND',
        hint: `Check the identifier; \`fshare export ${text}\` lists every record.`,
      });
    }
    const record = decodeRecord(schema, out.Record);
    const defs = featureByName(schema);
    return {
      data: record,
      table: {
        columns: [
          { key: 'feature', header: 'Feature' },
          { key: 'value', header: 'Value' },
          { key: 'type', header: 'Type' },
        ],
        rows: Object.entries(record).map(([feature, value]) => {
          const def = defs.get(feature);
          return { feature, value, type: def ? describeFeatureType(def) : 'String' };
        }),
      },
      ...(out.ExpiresAt ? { notes: [`This record expires at ${out.ExpiresAt}.`] } : {}),
    };
  },
});
