import type { Command } from 'commander';
import { defineCommand } from '../src/cli/define-command.js';

interface RevokeOptions {
  from?: string[];
  catalog?: boolean;
  allLevels?: boolean;
  dryRun?: boolean;
  wait?: boolean;
}

export default defineCommand({
  path: ['revoke'],
  summary: 'Take access or discoverability away',
  description:
    'Removes the principals from every managed share of the feature groups (all levels), or from the catalog share with --catalog. What is already gone counts as success. Asks for confirmation on a terminal unless --yes; in a pipe it needs --yes.',
  examples: [
    'fshare revoke customers --from 222222222222',
    'fshare revoke customers transactions --from arn:aws:iam::222222222222:role/analyst --yes',
    'fshare revoke --catalog --from 222222222222 --yes',
    'fshare revoke customers --from 222222222222 --dry-run',
  ],
  configure: (cmd: Command) => {
    cmd
      .argument('[feature-groups...]', 'feature groups: NAME, ACCOUNT/NAME or ARN')
      .option('--from <principals...>', 'the principals to remove')
      .option('--catalog', 'remove catalog discoverability instead')
      .option('--all-levels', 'remove every level (the default and only behaviour)')
      .option('--dry-run', 'print the AWS calls that would be made, and make none')
      .option('--no-wait', 'return once RAM accepted the calls, without waiting for DISASSOCIATED');
  },
  run: async (args: [string[]], opts: RevokeOptions, ctx) => {
    const { revoke } = await import('../src/sharing/revoke.js');
    const { applyView, confirmChanges } = await import('../src/sharing/present.js');
    const result = await revoke(
      ctx,
      { featureGroups: args[0], principals: opts.from ?? [], catalog: opts.catalog === true },
      {
        dryRun: opts.dryRun === true,
        wait: opts.wait !== false,
        confirm: confirmChanges(
          ctx,
          (plan) => `Revoke ${plan.changes.length} grant${plan.changes.length === 1 ? '' : 's'}?`,
          'Pass --yes to revoke without a prompt (or --dry-run to see the calls).',
        ),
      },
    );
    return applyView(result, 'No changes: already gone.', ctx.theme);
  },
});
