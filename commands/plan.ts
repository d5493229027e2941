import type { Command } from 'commander';
import { defineCommand } from '../src/cli/define-command.js';

interface PlanOptions {
  file: string;
  prune?: boolean;
  exitCode?: boolean;
}

export default defineCommand({
  path: ['plan'],
  description:
    'Compares a policy file (docs/policy.md) with the shares in RAM and lists every grant (+), level move or expiry change (~) and revocation (-) that `fshare apply` would make, with the counts. Problems apply would hit (pending-invitation quota, organization sharing off for an OU, an IAM principal on the catalog, too many expiry tags) are reported as errors (exit 2). Only what the policy names is touched, unless --prune. Makes no change.',
  examples: [
    'fshare plan -f fixtures/policies/example.yaml',
    'fshare plan -f sharing.yaml --prune',
    'fshare plan -f sharing.yaml --exit-code   # exit 6 when changes are pending (CI drift check)',
    'generate-policy | fshare plan -f -',
  ],
  configure: (cmd: Command) => {
    cmd
      .requiredOption('-f, --file <policy.yaml>', 'the policy file (- reads it from stdin)')
      .option('--prune', 'also revoke what the policy does not name, for the groups (and catalog) it lists')
      .option('--exit-code', 'exit 6 when changes are pending, 0 when none');
  },
  run: async (_args: [], opts: PlanOptions, ctx) => {
    const { runPlan } = await import('../src/sharing/plan.js');
    return runPlan(ctx, { file: opts.file, prune: opts.prune === true, exitCode: opts.exitCode === true });
  },
});
