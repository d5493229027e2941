import { defineCommand } from '../src/cli/define-command.js';
import { listInvitations, type Invitation } from '../src/consumer/invitations.js';
import { presentInvitations } from '../src/consumer/present.js';

export default defineCommand<[], { all?: boolean }, Invitation>({
  path: ['invitations'],
  description:
    'Lists the RAM resource share invitations sent to your account: owner account, share name, the\nfeature groups it carries, the level, and when it expires (12 hours after it was sent). Pending\nones only, unless --all. Under AWS Organizations sharing there are no invitations: see `fshare discover`.',
  examples: ['fshare invitations', 'fshare invitations --all -o json'],
  configure: (cmd) => cmd.option('--all', 'also accepted, rejected and expired invitations'),
  run: async (_args, opts, ctx) => {
    const all = opts.all === true;
    return presentInvitations(await listInvitations(ctx, { all }), all, ctx.globals);
  },
});
