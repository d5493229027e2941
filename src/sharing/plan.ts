/** `fshare plan`: what apply would change, and every problem apply would hit that is knowable now. */
import type { Context } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import type { CommandResult } from '../output/render.js';
import { planPolicy } from './apply.js';
import { callFor } from './calls.js';
import { loadPolicy } from './policy-file.js';
import { planSharing, summarizeChanges } from './planner.js';
import { colourChange } from './present.js';

export interface PlanInput {
  file: string;
  prune: boolean;
  exitCode: boolean;
}

export async function runPlan(ctx: Context, input: PlanInput): Promise<CommandResult> {
  const policy = await loadPolicy(input.file, ctx.io.stdin);
  const { state, desired } = await planPolicy(ctx, policy, input.prune);
  const plan = planSharing(state.snapshot, desired, { permissionArns: state.permissionArns });
  if (plan.blockers.length > 0) {
    // apply would stop on these part-way: plan says so now, as an error (exit 2).
    throw new UsageError(
      `The plan cannot be applied:\n${plan.blockers.map((b) => `  ${b.message}`).join('\n')}`,
      {
        code: plan.blockers[0]?.code ?? 'FSHARE_PLAN_BLOCKED',
        hint: plan.blockers[0]?.hint,
        details: { blockers: plan.blockers },
      },
    );
  }
  const lines =
    plan.changes.length === 0
      ? ['No changes: RAM already matches the policy.']
      : [
          ...plan.changes.map((c) => colourChange(c, ctx.theme)),
          '',
          `${summarizeChanges(plan.changes)} Run \`fshare apply -f ${input.file}${input.prune ? ' --prune' : ''}\` to make them (${plan.actions.length} RAM call${plan.actions.length === 1 ? '' : 's'}).`,
        ];
  return {
    data: {
      dryRun: true,
      pending: plan.changes.length > 0,
      changes: plan.changes,
      calls: plan.actions.map((a) => callFor(a)),
      warnings: plan.warnings,
    },
    lines,
    warnings: plan.warnings,
    ...(input.exitCode && plan.changes.length > 0 ? { exitCode: ExitCode.changesPending } : {}),
  };
}
