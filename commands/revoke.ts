import type { Command } from 'commander';
import { defineCommand } from '../src/cli/define-command.js';

export interface RevokeOptions {
  from?: string[];
  catalog?: boolean;
  allLevels?: boolean;
  dryRun?: boolean;
  wait?: boolean;
  waitTimeout?: string;
}

export default defineCommand({
  path: ['revoke'],
  description:
    'Takes the feature groups out of each principal’s managed shares (all levels; the share stays, so a later grant needs no new invitation), or removes the principals from the catalog share with --catalog. What is already gone counts as success. Asks for confirmation on a terminal unless --yes; in a pipe it needs --yes.',
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
      .option('--no-wait', 'return once RAM accepted the calls, without waiting for DISASSOCIATED')
      .option('--wait-timeout <duration>', 'stop waiting for RAM after this long (90s, 5m; default 5m)');
  },
  run: async (args: [string[]], opts: RevokeOptions, ctx) => {
    const { revoke } = await import('../src/sharing/revoke.js');
    const { applyView, confirmChanges } = await import('../src/sharing/present.js');
    const { input, options } = await revokeInput(args[0], opts);
    const confirm = confirmChanges(
      ctx,
      (plan) => `Revoke ${plan.changes.length} grant${plan.changes.length === 1 ? '' : 's'}?`,
      'Pass --yes to revoke without a prompt (or --dry-run to see the calls).',
    );
    return applyView(
      await revoke(ctx, input, { ...options, confirm }),
      'No changes: already gone.',
      ctx.theme,
    );
  },
});

/** Flags → the revoke's input and run options (no AWS; tested on its own). */
export async function revokeInput(featureGroups: string[], opts: RevokeOptions) {
  const { parseWaitTimeout } = await import('../src/sharing/wait-flag.js');
  return {
    input: { featureGroups, principals: opts.from ?? [], catalog: opts.catalog === true },
    options: {
      dryRun: opts.dryRun === true,
      wait: opts.wait !== false,
      waitTimeoutMs: parseWaitTimeout(opts.waitTimeout),
    },
  };
}
