import { defineCommand } from '../src/cli/define-command.js';
import { describeFeatureGroup } from '../src/records/describe.js';

export default defineCommand({
  path: ['describe'],
  description:
    "Shows a feature group's schema (features, types, collection types, record identifier, event time),\nits stores, the owner account and the level you hold. Cross-account groups are described by the\nowner's ARN in the owner's region. Always asks AWS (the schema cache is for record commands).",
  examples: [
    'fshare describe customers',
    'fshare describe 111111111111/customers -o json',
    'fshare describe arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers',
  ],
  configure: (cmd) => cmd.argument('<feature-group>', 'ARN, ACCOUNT/NAME or NAME'),
  run: async ([text]: [string], _opts: Record<string, never>, ctx) => describeFeatureGroup(ctx, text),
});
