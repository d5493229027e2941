import { defineCommand } from '../src/cli/define-command.js';
import { withNextCommands } from '../src/cli/next-command.js';
import { acceptHint, listInvitations, type Invitation } from '../src/consumer/invitations.js';

const shortName = (arn: string): string => arn.split('/').pop() ?? arn;

export default defineCommand<[], { all?: boolean }, Invitation>({
  path: ['invitations'],
  summary: 'List resource share invitations sent to you',
  description:
    'Lists the RAM resource share invitations sent to your account: owner account, share name, the\nfeature groups it carries, the level, and when it expires (12 hours after it was sent). Pending\nones only, unless --all. Under AWS Organizations sharing there are no invitations: see `fshare discover`.',
  examples: ['fshare invitations', 'fshare invitations --all -o json'],
  configure: (cmd) => cmd.option('--all', 'also accepted, rejected and expired invitations'),
  run: async (_args, opts, ctx) => {
    const invitations = await listInvitations(ctx, { all: opts.all === true });
    const hint = acceptHint(invitations);
    return {
      // Every field in every row (null when unknown), so JSON and CSV keep one shape.
      data: invitations.map((i) => ({
        ...i,
        invitedAt: i.invitedAt ?? null,
        expiresAt: i.expiresAt ?? null,
      })),
      table: {
        columns: [
          { key: 'ownerAccount', header: 'Owner' },
          { key: 'shareName', header: 'Share' },
          { key: 'featureGroups', header: 'Feature groups', get: (row) => row.featureGroups.map(shortName) },
          { key: 'level', header: 'Level' },
          { key: 'status', header: 'Status' },
          { key: 'expiresAt', header: 'Expires' },
          { key: 'invitationArn', header: 'Invitation' },
        ],
        rows: invitations,
      },
      emptyMessage: opts.all
        ? 'No invitations. Under AWS Organizations sharing none are sent: run `fshare discover`.'
        : 'No pending invitations. `fshare invitations --all` lists past ones; `fshare discover` shows what is shared with you.',
      notes: hint.map((note) => withNextCommands(ctx.globals, note)),
    };
  },
});
