import type { Command } from 'commander';
import { defineCommand } from '../src/cli/define-command.js';

export interface GrantOptions {
  to?: string[];
  level?: string;
  catalog?: boolean;
  discoverable?: boolean;
  allowExternal?: boolean;
  expires?: string;
  dryRun?: boolean;
  wait?: boolean;
  waitTimeout?: string;
}

export default defineCommand({
  path: ['grant'],
  description:
    'Adds the feature groups to each principal’s managed share for the level (one share per principal and level, so one invitation per level however many groups), and moves a principal that holds another level (new level first, then the old one removed: no gap, no union). Refuses, before sending anything, what RAM would refuse part-way (the 20 pending invitations quota, your own account, more than 100 principals). Waits until RAM reports the associations (not for invitations: those wait for the consumer), then prints what each consumer runs next. Running it twice changes nothing.',
  examples: [
    'fshare grant customers --to 222222222222 --level read-only',
    'fshare grant customers transactions --to 222222222222 --level read-write --discoverable',
    'fshare grant customers --to arn:aws:iam::222222222222:role/analyst --level read-only --expires 30d',
    'fshare grant --catalog --to 222222222222',
    'fshare grant customers --to 333333333333 --level read-only --allow-external --dry-run',
  ],
  configure: (cmd: Command) => {
    cmd
      .argument('[feature-groups...]', 'feature groups: NAME, ACCOUNT/NAME or ARN')
      .option('--to <principals...>', 'accounts, OU IDs/ARNs, the organization ARN, or IAM role/user ARNs')
      .option('--level <level>', 'read-only, read-write or admin')
      .option('--catalog', 'grant discoverability of all your feature groups (no feature groups named)')
      .option('--discoverable', 'also grant catalog discoverability in the same run')
      .option('--allow-external', 'allow principals outside your organization')
      .option(
        '--expires <when>',
        'a duration (30d, 12h, 90m, 2w) or an ISO-8601 date (2027-01-31); `fshare reap` revokes after it',
      )
      .option('--dry-run', 'print the AWS calls that would be made, and make none')
      .option('--no-wait', 'return once RAM accepted the calls, without waiting for ASSOCIATED')
      .option('--wait-timeout <duration>', 'stop waiting for RAM after this long (90s, 5m; default 5m)');
  },
  run: async (args: [string[]], opts: GrantOptions, ctx) => {
    const { grant } = await import('../src/sharing/grant.js');
    const { applyView } = await import('../src/sharing/present.js');
    const { input, options } = await grantInput(args[0], opts);
    return applyView(
      await grant(ctx, input, options),
      'No changes: every principal already has that access.',
      ctx.theme,
    );
  },
});

/** Flags → the grant's input and run options (no AWS; tested on its own). */
export async function grantInput(featureGroups: string[], opts: GrantOptions) {
  const { parseWaitTimeout } = await import('../src/sharing/wait-flag.js');
  return {
    input: {
      featureGroups,
      principals: opts.to ?? [],
      level: opts.level,
      catalog: opts.catalog === true,
      discoverable: opts.discoverable === true,
      allowExternal: opts.allowExternal === true,
      expires: opts.expires,
    },
    options: {
      dryRun: opts.dryRun === true,
      wait: opts.wait !== false,
      waitTimeoutMs: parseWaitTimeout(opts.waitTimeout),
    },
  };
}
