import { defineCommand } from '../src/cli/define-command.js';
import { whoami } from '../src/aws/identity.js';

export default defineCommand({
  path: ['whoami'],
  examples: ['fshare whoami', 'fshare --sandbox --profile consumer whoami -o json'],
  run: async (_args: [], _opts: Record<string, never>, ctx) => {
    const me = await whoami(ctx);
    return {
      data: me,
      table: {
        columns: [
          { key: 'field', header: 'Field' },
          { key: 'value', header: 'Value' },
        ],
        rows: Object.entries(me).map(([field, value]) => ({ field, value })),
      },
    };
  },
});
