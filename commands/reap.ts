import type { Command } from 'commander';
import { defineCommand } from '../src/cli/define-command.js';

interface ReapOptions {
  dryRun?: boolean;
  wait?: boolean;
}

export default defineCommand({
  path: ['reap'],
  description:
    'Finds grants made with `fshare grant --expires` whose time has passed and revokes them (from the managed shares only). Meant for a schedule (cron, CI); it does not ask. Nothing expired is success.',
  examples: ['fshare reap', 'fshare reap --dry-run', 'fshare reap -o json'],
  configure: (cmd: Command) => {
    cmd
      .option('--dry-run', 'print the AWS calls that would be made, and make none')
      .option('--no-wait', 'return once RAM accepted the calls, without waiting for DISASSOCIATED');
  },
  run: async (_args: [], opts: ReapOptions, ctx) => {
    const { reap } = await import('../src/sharing/reap.js');
    const { applyView } = await import('../src/sharing/present.js');
    const result = await reap(ctx, { dryRun: opts.dryRun === true, wait: opts.wait !== false });
    return applyView(result, 'No changes: no grant has expired.', ctx.theme);
  },
});
