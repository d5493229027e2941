import type { Command } from 'commander';
import { defineCommand } from '../src/cli/define-command.js';
import { ExitCode } from '../src/errors.js';

interface PlanOptions {
  file: string;
  prune?: boolean;
  exitCode?: boolean;
}

export default defineCommand({
  path: ['plan'],
  summary: 'Show what a policy file would change',
  description:
    'Compares a policy file (docs/policy.md) with the shares in RAM and lists every grant (+), level move or expiry change (~) and revocation (-) that `fshare apply` would make. Only what the policy names is touched, unless --prune. Makes no change.',
  examples: [
    'fshare plan -f fixtures/policies/example.yaml',
    'fshare plan -f sharing.yaml --prune',
    'fshare plan -f sharing.yaml --exit-code   # exit 6 when changes are pending (CI drift check)',
  ],
  configure: (cmd: Command) => {
    cmd
      .requiredOption('-f, --file <policy.yaml>', 'the policy file')
      .option('--prune', 'also revoke what the policy does not name, for the groups (and catalog) it lists')
      .option('--exit-code', 'exit 6 when changes are pending, 0 when none');
  },
  run: async (_args: [], opts: PlanOptions, ctx) => {
    const { loadPolicy } = await import('../src/sharing/policy-file.js');
    const { planPolicy } = await import('../src/sharing/owner.js');
    const { planSharing } = await import('../src/sharing/planner.js');
    const { callFor } = await import('../src/sharing/executor.js');
    const { applyView } = await import('../src/sharing/present.js');
    const policy = await loadPolicy(opts.file);
    const { state, desired } = await planPolicy(ctx, policy, opts.prune === true);
    const plan = planSharing(state.snapshot, desired, { permissionArns: state.permissionArns });
    const view = applyView(
      {
        dryRun: true,
        changes: plan.changes,
        calls: plan.actions.map((a) => callFor(a)),
        outcomes: [],
        next: [],
        warnings: plan.warnings,
        timedOut: false,
        deferred: [],
      },
      'No changes: RAM already matches the policy.',
    );
    const lines = (view.lines ?? []).filter(
      (l) => !l.startsWith('Dry run') && !l.startsWith('  ram ') && l !== '',
    );
    if (plan.changes.length > 0) {
      lines.push(
        '',
        `Plan: ${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}. Run \`fshare apply -f ${opts.file}${opts.prune === true ? ' --prune' : ''}\` to make them.`,
      );
    }
    return {
      ...view,
      lines,
      data: { ...(view.data as object), pending: plan.changes.length > 0 },
      ...(opts.exitCode === true && plan.changes.length > 0 ? { exitCode: ExitCode.changesPending } : {}),
    };
  },
});
