import type { Command } from 'commander';
import { defineCommand } from '../src/cli/define-command.js';
import type { ShareRow } from '../src/sharing/shares.js';

export default defineCommand<[], { withMe?: boolean }, ShareRow>({
  path: ['shares'],
  description:
    'Every RAM resource share you own (or, with --with-me, every share other accounts share with you, including pending invitations): its level, resources, principals with their association status, and whether fshare manages it.',
  examples: ['fshare shares', 'fshare shares -o json', 'fshare --profile consumer shares --with-me'],
  configure: (cmd: Command) => {
    cmd.option('--with-me', 'shares other accounts share with you');
  },
  run: async (_args, opts, ctx) => {
    const { resourceNames, listShares } = await import('../src/sharing/shares.js');
    const rows = await listShares(ctx, opts.withMe === true);
    return {
      table: {
        columns: [
          { key: 'name', header: 'Share' },
          ...(opts.withMe === true ? [{ key: 'owner', header: 'Owner' }] : []),
          { key: 'levels', header: 'Level', get: (r: ShareRow) => r.levels },
          { key: 'resources', header: 'Resources', get: resourceNames },
          {
            key: 'principals',
            header: 'Principals',
            get: (r: ShareRow) => r.principals.map((p) => p.principal),
          },
          {
            key: 'associations',
            header: 'Association',
            get: (r: ShareRow) => r.principals.map((p) => p.status.toLowerCase()),
          },
          { key: 'status', header: 'Status' },
          { key: 'managed', header: 'Managed', get: (r: ShareRow) => (r.managed ? 'yes' : 'no') },
          { key: 'arn', header: 'ARN' },
        ],
        rows,
      },
      emptyMessage: opts.withMe === true ? 'Nothing is shared with you.' : 'You own no resource shares.',
    };
  },
});
