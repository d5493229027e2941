import { defineCommand } from '../src/cli/define-command.js';
import { UsageError } from '../src/errors.js';
import { ACCOUNT_ID } from '../src/permissions/arns.js';
import { discover, type DiscoveredGroup, type DiscoverFilter } from '../src/consumer/discover.js';

/** Flags → filter, checked before any call. */
export function discoverInput(opts: { owner?: string; name?: string }): DiscoverFilter {
  if (opts.owner !== undefined && !ACCOUNT_ID.test(opts.owner)) {
    throw new UsageError(`--owner "${opts.owner}" is not a 12-digit account ID.`, {
      hint: 'For example --owner 111111111111.',
    });
  }
  return { owner: opts.owner, name: opts.name };
}

export default defineCommand<[], { owner?: string; name?: string }, DiscoveredGroup>({
  path: ['discover'],
  description:
    'Lists feature groups from other accounts: those made discoverable to you (SageMaker Search with\nCrossAccountFilterOption=CrossAccount) and those shared with you (RAM), merged, with your level on\neach, or "discoverable only" when you can see a group but not use it.',
  examples: ['fshare discover', 'fshare discover --owner 111111111111 --name cust -o json'],
  configure: (cmd) =>
    cmd
      .option('--owner <account>', 'only groups owned by this account')
      .option('--name <text>', 'only groups whose name contains this text (case-insensitive)'),
  run: async (_args, opts, ctx) => {
    const { groups, warnings } = await discover(ctx, discoverInput(opts));
    const discoverableOnly = groups.filter((g) => !g.accessible).length;
    return {
      data: groups,
      table: {
        columns: [
          { key: 'ownerAccount', header: 'Owner' },
          { key: 'name', header: 'Feature group' },
          { key: 'region', header: 'Region' },
          {
            key: 'level',
            header: 'Your level',
            // Words for a person; the data keeps level null with accessible/customPermission.
            get: (g) => g.level ?? (g.accessible ? 'custom permission' : 'discoverable only'),
          },
          { key: 'discoverable', header: 'Discoverable' },
          { key: 'arn', header: 'ARN' },
        ],
        rows: groups,
      },
      warnings,
      emptyMessage:
        'Nothing from other accounts is visible to you. Check `fshare invitations` for pending shares, and --region.',
      notes:
        discoverableOnly > 0
          ? [
              `${discoverableOnly} group(s) are discoverable only: ask the owner for access with \`fshare grant <name> --to <your-account> --level read-only\`.`,
            ]
          : [],
    };
  },
});
