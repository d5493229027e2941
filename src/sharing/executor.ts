/**
 * Carries out a plan's actions against RAM in three phases — creates; everything else that adds
 * access; then (after the additions are live) everything that removes access — each phase's
 * calls concurrent within a bound and retried (bounded.ts). A failure or Ctrl-C part-way reports
 * exactly which calls were made and which were not; running the same command again finishes the
 * job (every call is idempotent through its clientToken, and the plan is recomputed from RAM).
 */
import { awsErrorCode, toFshareError } from '../aws/errors.js';
import type { RamPort } from '../aws/ports.js';
import type { Context } from '../context.js';
import { CancelledError, FshareError, PartialFailureError, ServiceError } from '../errors.js';
import { formatProgress, openStatusLine, type StatusLine } from '../ui/progress.js';
import { RAM_CONCURRENCY, runBounded, withRetry } from './bounded.js';
import { callFor, type PlannedCall } from './calls.js';
import { AdaptivePacer } from './pacer.js';
import type { PlanAction } from './plan-types.js';
import { collectPages } from './read-snapshot.js';
import { TAG_FEATURE_GROUP, TAG_LEVEL, TAG_MANAGED, TAG_PRINCIPAL } from './snapshot.js';
import { deferMoves, waitForAssociations, type ExecuteOptions, type ExecutionReport } from './wait.js';

export { callFor, type PlannedCall } from './calls.js';
export type { AssociationOutcome, DeferredMove, ExecuteOptions, ExecutionReport } from './wait.js';

type CreateAction = Extract<PlanAction, { type: 'create-share' }>;

/** The surviving share when another run created the same (principal, level) share first. */
async function findExisting(ctx: Context, ram: RamPort, action: CreateAction): Promise<string | undefined> {
  const filters = [TAG_MANAGED, TAG_LEVEL, TAG_PRINCIPAL, TAG_FEATURE_GROUP]
    .filter((key) => action.tags[key] !== undefined)
    .map((key) => ({ tagKey: key, tagValues: [action.tags[key] ?? ''] }));
  const found = await collectPages(
    (nextToken) =>
      withRetry(ctx, () =>
        ram.getResourceShares(
          {
            resourceOwner: 'SELF',
            resourceShareStatus: 'ACTIVE',
            tagFilters: filters,
            maxResults: 500,
            ...(nextToken ? { nextToken } : {}),
          },
          { abortSignal: ctx.signal },
        ),
      ),
    (page) => page.resourceShares,
  );
  return found
    .filter(
      (s) =>
        s.resourceShareArn &&
        (action.tags[TAG_PRINCIPAL] !== undefined || !s.tags?.some((t) => t.key === TAG_PRINCIPAL)),
    )
    .sort(
      (a, b) =>
        (a.creationTime?.getTime() ?? 0) - (b.creationTime?.getTime() ?? 0) ||
        (a.resourceShareArn ?? '').localeCompare(b.resourceShareArn ?? ''),
    )[0]?.resourceShareArn;
}

async function createShare(
  ctx: Context,
  ram: RamPort,
  action: CreateAction,
  call: PlannedCall,
  pacer: AdaptivePacer,
): Promise<string> {
  const options = { abortSignal: ctx.signal };
  try {
    const out = await withRetry(ctx, () => ram.createResourceShare(call.parameters as never, options), {
      pacer,
    });
    const arn = out.resourceShare?.resourceShareArn;
    if (arn) {
      return arn;
    }
  } catch (error) {
    // Another run created this (principal, level) share with other groups: add ours to it.
    if (awsErrorCode(error) !== 'IdempotentParameterMismatchException') {
      throw error;
    }
  }
  const existing = await findExisting(ctx, ram, action);
  if (!existing) {
    throw new ServiceError('FSHARE_SHARE_NOT_CREATED', `RAM did not return the share ${action.share.name}.`, {
      hint: 'Run the command again; it is idempotent.',
    });
  }
  ctx.log.debug(`another run created ${existing} first; adding this run's principals and groups to it`);
  const items = [...action.principals, ...action.resourceArns];
  if (items.length > 0) {
    await withRetry(
      ctx,
      () =>
        ram.associateResourceShare(
          {
            resourceShareArn: existing,
            ...(action.principals.length > 0 ? { principals: action.principals } : {}),
            ...(action.resourceArns.length > 0 ? { resourceArns: action.resourceArns } : {}),
          },
          options,
        ),
      { pacer },
    );
  }
  return existing;
}

async function makeCall(
  ctx: Context,
  ram: RamPort,
  action: PlanAction,
  report: ExecutionReport,
  pacer: AdaptivePacer,
): Promise<PlannedCall> {
  const call = callFor(action, report.created);
  const options = { abortSignal: ctx.signal };
  const paced = { pacer };
  ctx.log.debug(`${call.operation} ${JSON.stringify(call.parameters)}`);
  const params = call.parameters as never;
  switch (action.type) {
    case 'create-share':
      report.created.set(action.share.key, await createShare(ctx, ram, action, call, pacer));
      break;
    case 'allow-external':
      await withRetry(ctx, () => ram.updateResourceShare(params, options), paced);
      break;
    case 'associate':
      await withRetry(ctx, () => ram.associateResourceShare(params, options), paced);
      break;
    case 'disassociate':
      await withRetry(ctx, () => ram.disassociateResourceShare(params, options), paced);
      break;
    case 'tag':
      await withRetry(ctx, () => ram.tagResource(params, options), paced);
      break;
    case 'untag':
      await withRetry(ctx, () => ram.untagResource(params, options), paced);
      break;
  }
  return call;
}

interface Progress {
  line: StatusLine;
  total: number;
  started: number;
  /** One for every mutating call of the run: RAM's write rate is one budget across operations. */
  pacer: AdaptivePacer;
}

/** Makes one phase's calls concurrently; records each call once it succeeded. */
async function runPhase(
  ctx: Context,
  ram: RamPort,
  actions: readonly PlanAction[],
  report: ExecutionReport,
  progress: Progress,
): Promise<void> {
  await runBounded(ctx, actions, RAM_CONCURRENCY, async (action) => {
    const call = await makeCall(ctx, ram, action, report, progress.pacer);
    report.calls.push(call);
    const done = report.calls.length;
    const elapsedMs = ctx.clock.now().getTime() - progress.started;
    progress.line.update(
      (width) =>
        formatProgress({ label: 'RAM calls', done, total: progress.total, count: done, elapsedMs }, width),
      { done, total: progress.total },
    );
  });
}

function failureReport(error: unknown, report: ExecutionReport, all: readonly PlanAction[]): FshareError {
  const madeCalls = new Set(report.calls.map((c) => JSON.stringify(c)));
  const notDone = all.map((a) => callFor(a, report.created)).filter((c) => !madeCalls.has(JSON.stringify(c)));
  const details = { done: report.calls, notDone };
  const summary = `${report.calls.length} of ${all.length} calls were made`;
  if (error instanceof CancelledError) {
    return new CancelledError(`Interrupted: ${summary}; no call was started after the interrupt.`, {
      hint: 'Run the same command again to finish: it carries on from where it stopped.',
      details,
    });
  }
  const cause = toFshareError(error);
  if (report.calls.length === 0) {
    return cause;
  }
  return new PartialFailureError(`${cause.message} (${summary}; ${notDone.length} not made).`, {
    code: 'FSHARE_PARTIAL_APPLY',
    hint: `${cause.hint ?? 'Fix the cause'}; then run the same command again: it carries on from where it stopped.`,
    details: { ...details, error: { code: cause.code, message: cause.message } },
    cause: error,
  });
}

/**
 * Makes the calls: creates, then the other additions (then waits for them), then the removals —
 * minus the halves of level moves whose new level is not live yet — (then waits for those).
 */
export async function executePlan(
  ctx: Context,
  ram: RamPort,
  actions: readonly PlanAction[],
  options: ExecuteOptions,
): Promise<ExecutionReport> {
  const report: ExecutionReport = {
    calls: [],
    created: new Map(),
    outcomes: [],
    timedOut: false,
    deferred: [],
  };
  const creates = actions.filter((a) => a.type === 'create-share');
  const additions = actions.filter(
    (a) => a.type === 'allow-external' || a.type === 'associate' || a.type === 'tag',
  );
  let removals: PlanAction[] = actions.filter((a) => a.type === 'disassociate' || a.type === 'untag');
  const line = openStatusLine(ctx, 'apply');
  const pacer = new AdaptivePacer(ctx.clock, {
    onDecrease: (rate) => ctx.log.debug(`RAM throttled: pacing its mutating calls at ${rate.toFixed(1)}/s`),
  });
  const progress: Progress = { line, total: actions.length, started: ctx.clock.now().getTime(), pacer };
  try {
    await runPhase(ctx, ram, creates, report, progress);
    await runPhase(ctx, ram, additions, report, progress);
    const statuses = await waitForAssociations(ctx, ram, [...creates, ...additions], report, options, line);
    removals = await deferMoves(ctx, ram, removals, report, statuses);
    progress.total = report.calls.length + removals.length;
    await runPhase(ctx, ram, removals, report, progress);
    await waitForAssociations(ctx, ram, removals, report, options, line);
  } catch (error) {
    if (error instanceof FshareError && error.code === 'FSHARE_ASSOCIATION_FAILED') {
      throw error;
    }
    throw failureReport(ctx.signal?.aborted ? new CancelledError() : error, report, [
      ...creates,
      ...additions,
      ...removals,
    ]);
  } finally {
    line.done({ done: report.calls.length, total: progress.total });
  }
  return report;
}
