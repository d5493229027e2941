import type { Command } from 'commander';
import { defineCommand } from '../src/cli/define-command.js';

interface ApplyOptions {
  file: string;
  prune?: boolean;
  dryRun?: boolean;
  wait?: boolean;
}

export default defineCommand({
  path: ['apply'],
  summary: 'Converge sharing to a policy file',
  description:
    'Makes the changes `fshare plan` lists for the same policy: grants, level moves (new level first, then the old one removed) and, with --prune, revocations. Shows the plan and asks on a terminal unless --yes; in a pipe it needs --yes. A second run changes nothing.',
  examples: [
    'fshare apply -f fixtures/policies/example.yaml --yes',
    'fshare apply -f sharing.yaml --prune',
    'fshare apply -f sharing.yaml --dry-run',
  ],
  configure: (cmd: Command) => {
    cmd
      .requiredOption('-f, --file <policy.yaml>', 'the policy file')
      .option('--prune', 'also revoke what the policy does not name, for the groups (and catalog) it lists')
      .option('--dry-run', 'print the AWS calls that would be made, and make none')
      .option('--no-wait', 'return once RAM accepted the calls, without waiting for ASSOCIATED');
  },
  run: async (_args: [], opts: ApplyOptions, ctx) => {
    const { loadPolicy } = await import('../src/sharing/policy-file.js');
    const { carryOut, planPolicy } = await import('../src/sharing/owner.js');
    const { applyView, confirmChanges } = await import('../src/sharing/present.js');
    const policy = await loadPolicy(opts.file);
    const { state, desired } = await planPolicy(ctx, policy, opts.prune === true);
    const result = await carryOut(ctx, state, desired, {
      dryRun: opts.dryRun === true,
      wait: opts.wait !== false,
      confirm: confirmChanges(
        ctx,
        (n) => `Apply ${n} change${n === 1 ? '' : 's'}?`,
        'Pass --yes to apply without a prompt (review it first with `fshare plan`).',
      ),
    });
    return applyView(result, 'No changes: RAM already matches the policy.');
  },
});
