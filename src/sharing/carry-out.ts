/**
 * From a desired state to RAM: plan with the pure planner, refuse what RAM would refuse (exit 2,
 * nothing sent), ask when asked to, carry out, and say what each consumer runs next.
 */
import { nextCommand } from '../cli/next-command.js';
import type { Context } from '../context.js';
import { CancelledError, UsageError } from '../errors.js';
import {
  callFor,
  executePlan,
  type AssociationOutcome,
  type DeferredMove,
  type PlannedCall,
} from './executor.js';
import type { OwnerState } from './owner-state.js';
import { sendsInvitation } from './plan-checks.js';
import { planSharing, type DesiredState, type Plan, type PlanBlocker, type PlanChange } from './planner.js';

export interface NextStep {
  principal: string;
  /** live: access works now; invitation: the consumer must accept; pending: RAM still associating. */
  status: 'live' | 'invitation' | 'pending';
  command: string;
  message: string;
}

export interface ApplyResult {
  dryRun: boolean;
  changes: PlanChange[];
  /** The calls made, or (dry run) the calls that would be made. */
  calls: PlannedCall[];
  outcomes: AssociationOutcome[];
  next: NextStep[];
  warnings: string[];
  timedOut: boolean;
  /** Level moves whose old level is kept until the new one is live (run the command again then). */
  deferred: DeferredMove[];
}

export interface RunOptions {
  dryRun: boolean;
  wait: boolean;
  /** How long to wait for RAM (ms); default 5 minutes. */
  waitTimeoutMs?: number | undefined;
  /** Asked before mutating; returns false to cancel. Not called on a dry run or when nothing changes. */
  confirm?: (plan: Plan) => Promise<boolean>;
}

/** Refuses a plan RAM would refuse part-way, naming every problem (exit 2, nothing sent). */
export function assertNoBlockers(blockers: readonly PlanBlocker[]): void {
  const first = blockers[0];
  if (!first) {
    return;
  }
  const rest = blockers.slice(1).map((b) => `\n  also: ${b.message}`);
  throw new UsageError(`${first.message}${rest.join('')}`, {
    code: first.code,
    hint: first.hint,
    details: { blockers },
  });
}

async function profileFor(ctx: Context, principal: string): Promise<string | undefined> {
  if (ctx.aws.mode !== 'sandbox') {
    return undefined;
  }
  // Known sandbox principals live with the sandbox; loaded only in sandbox mode.
  const { sandboxProfileFor } = await import('../sandbox/accounts.js');
  return sandboxProfileFor(principal);
}

async function nextSteps(
  ctx: Context,
  owner: string,
  outcomes: readonly AssociationOutcome[],
  plan: Plan,
): Promise<NextStep[]> {
  const granted = new Map<string, PlanChange>();
  for (const c of plan.changes) {
    if ((c.kind === 'grant' || c.kind === 'move') && !granted.has(c.principal)) {
      granted.set(c.principal, c);
    }
  }
  const steps: NextStep[] = [];
  for (const [principal, change] of granted) {
    const mine = outcomes.filter((o) => o.principal === principal && o.status !== 'DISASSOCIATED');
    const account = /^\d{12}$/.test(principal) ? principal : /^arn:[^:]+:iam::(\d{12}):/.exec(principal)?.[1];
    const profile = await profileFor(ctx, principal);
    // An OU or organization has no profile of its own: one of its accounts' profiles is meant.
    const unit = /^arn:[^:]+:organizations::\d{12}:(?:ou\/o-[^/]+\/|organization\/)(.+)$/.exec(
      principal,
    )?.[1];
    const placeholder = account
      ? `profile for ${account}`
      : unit
        ? `profile of an account in ${unit}`
        : `profile for ${principal}`;
    const as = (cmd: string) =>
      profile
        ? nextCommand(ctx.globals, cmd, { actor: 'other', profile })
        : nextCommand(ctx.globals, cmd.replace(/^fshare /, `fshare --profile <${placeholder}> `), {
            actor: 'other',
          });
    const what = change.featureGroup ?? 'your catalog';
    if (mine.some((o) => o.invitationPending)) {
      const command = as(`fshare accept --from ${owner}`);
      steps.push({
        principal,
        status: 'invitation',
        command,
        message: `${principal} must accept the invitation (it expires in 12 hours) to use ${what}`,
      });
    } else if (mine.length > 0 && mine.every((o) => o.status === 'ASSOCIATED')) {
      steps.push({
        principal,
        status: 'live',
        command: as(`fshare discover --owner ${owner}`),
        message: `${principal}: access to ${what} is already live (no invitation needed)`,
      });
    } else {
      const accept = as(`fshare accept --from ${owner}`);
      steps.push({
        principal,
        status: 'pending',
        command: as('fshare invitations'),
        message: `${principal}: RAM is still associating; if an invitation arrives, accept it with \`${accept}\``,
      });
    }
  }
  return steps;
}

export async function carryOut(
  ctx: Context,
  state: OwnerState,
  desired: DesiredState,
  options: RunOptions,
): Promise<ApplyResult> {
  const plan = planSharing(state.snapshot, desired, { permissionArns: state.permissionArns });
  assertNoBlockers(plan.blockers);
  const base = {
    changes: plan.changes,
    warnings: plan.warnings,
    outcomes: [],
    next: [],
    timedOut: false,
    deferred: [],
  };
  if (options.dryRun || plan.actions.length === 0) {
    return { ...base, dryRun: options.dryRun, calls: plan.actions.map((a) => callFor(a)) };
  }
  if (options.confirm && !(await options.confirm(plan))) {
    throw new CancelledError(
      `Cancelled: nothing was changed (${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'} not made).`,
      {
        hint: 'Run the command again and confirm, or pass --yes.',
      },
    );
  }
  // One SDK attempt per call: fshare's retry resends, so the pacer sees every throttle and paces
  // every resend (the SDK's own retries would bypass it).
  const writer = await ctx.aws.ram({ maxAttempts: 1 });
  const report = await executePlan(ctx, writer, plan.actions, {
    wait: options.wait,
    ...(options.waitTimeoutMs !== undefined ? { timeoutMs: options.waitTimeoutMs } : {}),
    sendsInvitation: (principal) => sendsInvitation(principal, state.snapshot, desired),
  });
  const warnings = [...plan.warnings];
  for (const d of report.deferred) {
    warnings.push(
      `${d.principal} keeps its access through ${d.fromShare} until its association with ${d.toShare} is live (an invitation to accept, or RAM still working); run the same command again then to finish the move.`,
    );
  }
  return {
    ...base,
    warnings,
    dryRun: false,
    calls: report.calls,
    outcomes: report.outcomes,
    next: await nextSteps(ctx, state.snapshot.account, report.outcomes, plan),
    timedOut: report.timedOut,
    deferred: report.deferred,
  };
}
