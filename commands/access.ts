import type { Command } from 'commander';
import { defineCommand } from '../src/cli/define-command.js';

export default defineCommand({
  path: ['access'],
  description:
    'Who can use which of your feature groups, at which level, and whether they can discover it, computed from every share you own (managed by fshare or not). Warns about unions of levels, access without discoverability (and the reverse), external principals, pending invitations and expired grants.',
  examples: ['fshare access', 'fshare access customers', 'fshare access -o json'],
  configure: (cmd: Command) => {
    cmd.argument('[feature-group]', 'only this feature group: NAME, ACCOUNT/NAME or ARN');
  },
  run: async (args: [string | undefined], _opts: Record<string, never>, ctx) => {
    const { effectiveAccess } = await import('../src/sharing/access.js');
    const { accessView } = await import('../src/sharing/present.js');
    return accessView(await effectiveAccess(ctx, args[0]));
  },
});
