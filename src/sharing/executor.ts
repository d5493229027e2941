/**
 * Turns a plan's actions into RAM calls, in order, then waits until RAM reports the associations
 * ASSOCIATED / DISASSOCIATED. Also renders the exact calls for --dry-run without making any.
 */
import { awsErrorCode } from '../aws/errors.js';
import type { RamPort } from '../aws/ports.js';
import type { Context } from '../context.js';
import { PartialFailureError, ServiceError } from '../errors.js';
import { toFshareError } from '../aws/errors.js';
import type { PlanAction, ShareRef } from './planner.js';
import { collectPages } from './read-snapshot.js';
import { TAG_FEATURE_GROUP, TAG_LEVEL, TAG_MANAGED, deterministicToken, expiryTagKey } from './snapshot.js';

/** One AWS call, as --dry-run prints it and as the executor makes it. */
export interface PlannedCall {
  service: 'ram';
  operation: string;
  parameters: Record<string, unknown>;
}

const placeholder = (share: ShareRef): string => share.arn ?? `<arn of new share ${share.name}>`;
const tagList = (tags: Record<string, string>) =>
  Object.entries(tags).map(([key, value]) => ({ key, value }));

/** The call an action makes; new shares' ARNs come from `created` (or a placeholder in a dry run). */
export function callFor(action: PlanAction, created: ReadonlyMap<string, string> = new Map()): PlannedCall {
  const arnOf = (share: ShareRef) => share.arn ?? created.get(share.key) ?? placeholder(share);
  switch (action.type) {
    case 'create-share':
      return {
        service: 'ram',
        operation: 'CreateResourceShare',
        parameters: {
          name: action.share.name,
          resourceArns: [action.resourceArn],
          permissionArns: [action.permissionArn],
          allowExternalPrincipals: action.allowExternalPrincipals,
          tags: tagList(action.tags),
          clientToken: action.clientToken,
        },
      };
    case 'allow-external':
      return {
        service: 'ram',
        operation: 'UpdateResourceShare',
        parameters: {
          resourceShareArn: arnOf(action.share),
          allowExternalPrincipals: true,
          clientToken: action.clientToken,
        },
      };
    case 'associate':
      return {
        service: 'ram',
        operation: 'AssociateResourceShare',
        parameters: {
          resourceShareArn: arnOf(action.share),
          principals: action.principals,
          clientToken: action.clientToken,
        },
      };
    case 'disassociate':
      return {
        service: 'ram',
        operation: 'DisassociateResourceShare',
        parameters: {
          resourceShareArn: arnOf(action.share),
          principals: action.principals,
          clientToken: action.clientToken,
        },
      };
    case 'tag':
      return {
        service: 'ram',
        operation: 'TagResource',
        parameters: { resourceShareArn: arnOf(action.share), tags: tagList(action.tags) },
      };
    case 'untag':
      return {
        service: 'ram',
        operation: 'UntagResource',
        parameters: { resourceShareArn: arnOf(action.share), tagKeys: action.keys },
      };
  }
}

export interface ExecuteOptions {
  wait: boolean;
  /** Give up waiting after this long (the calls stay made). */
  timeoutMs?: number;
  /**
   * Account principals still ASSOCIATING after this many polls are taken to be waiting for their
   * invitation to be accepted (RAM keeps them ASSOCIATING until then; the owner cannot see invitations).
   */
  invitationPolls?: number;
}

export interface AssociationOutcome {
  shareArn: string;
  shareName: string;
  principal: string;
  /** ASSOCIATED, DISASSOCIATED, or ASSOCIATING (invitation pending, or --no-wait / timeout). */
  status: string;
  invitationPending: boolean;
}

export interface DeferredMove {
  principal: string;
  fromShare: string;
  toShare: string;
}

export interface ExecutionReport {
  calls: PlannedCall[];
  created: Map<string, string>;
  outcomes: AssociationOutcome[];
  timedOut: boolean;
  /** Level moves left half-done on purpose: the old level stays until the new one is live. */
  deferred: DeferredMove[];
}

async function createShare(
  ctx: Context,
  ram: RamPort,
  action: Extract<PlanAction, { type: 'create-share' }>,
  call: PlannedCall,
): Promise<string> {
  const options = { abortSignal: ctx.signal };
  let arn: string | undefined;
  try {
    const out = await ram.createResourceShare(call.parameters as never, options);
    arn = out.resourceShare?.resourceShareArn;
  } catch (error) {
    // Another fshare run created the same share with other parameters: use the one that exists.
    if (awsErrorCode(error) !== 'IdempotentParameterMismatchException') {
      throw error;
    }
  }
  // Re-read: if two runs raced past idempotency (different parameters), keep the oldest and drop ours.
  const found = await collectPages(
    (nextToken) =>
      ram.getResourceShares(
        {
          resourceOwner: 'SELF',
          resourceShareStatus: 'ACTIVE',
          tagFilters: [
            { tagKey: TAG_MANAGED, tagValues: ['true'] },
            { tagKey: TAG_LEVEL, tagValues: [action.tags[TAG_LEVEL] ?? ''] },
            { tagKey: TAG_FEATURE_GROUP, tagValues: [action.tags[TAG_FEATURE_GROUP] ?? ''] },
          ],
          ...(nextToken ? { nextToken } : {}),
        },
        options,
      ),
    (page) => page.resourceShares,
  );
  const sorted = found
    .filter((s) => s.resourceShareArn)
    .sort(
      (a, b) =>
        (a.creationTime?.getTime() ?? 0) - (b.creationTime?.getTime() ?? 0) ||
        (a.resourceShareArn ?? '').localeCompare(b.resourceShareArn ?? ''),
    );
  const oldest = sorted[0]?.resourceShareArn;
  if (arn && oldest && oldest !== arn) {
    ctx.log.debug(`another run created ${oldest} first; deleting the duplicate ${arn}`);
    await ram.deleteResourceShare({ resourceShareArn: arn, clientToken: action.clientToken }, options);
    return oldest;
  }
  const result = arn ?? oldest;
  if (!result) {
    throw new ServiceError('FSHARE_SHARE_NOT_CREATED', `RAM did not return the share ${action.share.name}.`, {
      hint: 'Run the command again; it is idempotent.',
    });
  }
  return result;
}

/** Makes the calls in order. Stops at the first failure: later actions may depend on earlier ones. */
async function makeCalls(
  ctx: Context,
  ram: RamPort,
  actions: readonly PlanAction[],
  report: ExecutionReport,
  total: number,
): Promise<void> {
  const callOptions = { abortSignal: ctx.signal };
  for (const action of actions) {
    const call = callFor(action, report.created);
    ctx.log.debug(`${call.operation} ${JSON.stringify(call.parameters)}`);
    try {
      switch (action.type) {
        case 'create-share':
          report.created.set(action.share.key, await createShare(ctx, ram, action, call));
          break;
        case 'allow-external':
          await ram.updateResourceShare(call.parameters as never, callOptions);
          break;
        case 'associate':
          await ram.associateResourceShare(call.parameters as never, callOptions);
          break;
        case 'disassociate':
          await ram.disassociateResourceShare(call.parameters as never, callOptions);
          break;
        case 'tag':
          await ram.tagResource(call.parameters as never, callOptions);
          break;
        case 'untag':
          await ram.untagResource(call.parameters as never, callOptions);
          break;
      }
    } catch (error) {
      const cause = toFshareError(error);
      const done = report.calls.length;
      if (done === 0) {
        throw cause;
      }
      throw new PartialFailureError(
        `${call.operation} failed after ${done} of ${total} calls succeeded: ${cause.message}`,
        {
          code: 'FSHARE_PARTIAL_APPLY',
          hint: `${cause.hint ?? 'Fix the cause'}; then run the same command again: it carries on from where it stopped.`,
          details: { done: report.calls, failed: call, error: { code: cause.code, message: cause.message } },
          cause: error,
        },
      );
    }
    report.calls.push(call);
  }
}

async function principalStatuses(ctx: Context, ram: RamPort, shareArn: string): Promise<Map<string, string>> {
  const associations = await collectPages(
    (nextToken) =>
      ram.getResourceShareAssociations(
        { associationType: 'PRINCIPAL', resourceShareArns: [shareArn], ...(nextToken ? { nextToken } : {}) },
        { abortSignal: ctx.signal },
      ),
    (page) => page.resourceShareAssociations,
  );
  return new Map(associations.map((a) => [a.associatedEntity ?? '', a.status ?? '']));
}

/**
 * Level moves whose new association is not live yet (typically an invitation to accept) keep the
 * old association: removing it now would leave the consumer without access.
 */
async function deferMoves(
  ctx: Context,
  ram: RamPort,
  removals: readonly PlanAction[],
  report: ExecutionReport,
): Promise<PlanAction[]> {
  const statuses = new Map<string, Map<string, string>>();
  const deferredOn = new Map<string, Set<string>>();
  for (const action of removals) {
    if (action.type !== 'disassociate') {
      continue;
    }
    for (const move of action.moves ?? []) {
      const target = move.to.arn ?? report.created.get(move.to.key) ?? '';
      let byPrincipal = statuses.get(target);
      if (!byPrincipal) {
        byPrincipal = await principalStatuses(ctx, ram, target);
        statuses.set(target, byPrincipal);
      }
      if (byPrincipal.get(move.principal) !== 'ASSOCIATED') {
        const set = deferredOn.get(action.share.arn ?? '') ?? new Set<string>();
        set.add(move.principal);
        deferredOn.set(action.share.arn ?? '', set);
        report.deferred.push({
          principal: move.principal,
          fromShare: action.share.name,
          toShare: move.to.name,
        });
      }
    }
  }
  if (deferredOn.size === 0) {
    return [...removals];
  }
  const kept: PlanAction[] = [];
  for (const action of removals) {
    const deferred = deferredOn.get(action.share.arn ?? '') ?? new Set<string>();
    if (action.type === 'disassociate') {
      const principals = action.principals.filter((p) => !deferred.has(p));
      if (principals.length > 0) {
        // Fewer principals is a different request: it needs its own idempotency token.
        kept.push({
          ...action,
          principals,
          clientToken: deterministicToken(action.clientToken, ...principals),
        });
      }
    } else if (action.type === 'untag') {
      const skip = new Set([...deferred].map(expiryTagKey));
      const keys = action.keys.filter((k) => !skip.has(k));
      if (keys.length > 0) {
        kept.push({ ...action, keys });
      }
    } else {
      kept.push(action);
    }
  }
  return kept;
}

/**
 * Makes the calls, in two phases: everything that adds access (then waits for it), and everything
 * that removes access (then waits for that).
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
  const split = actions.findIndex((a) => a.type === 'disassociate' || a.type === 'untag');
  const additions = split < 0 ? actions : actions.slice(0, split);
  let removals = split < 0 ? [] : actions.slice(split);
  await makeCalls(ctx, ram, additions, report, actions.length);
  await waitForAssociations(ctx, ram, additions, report, options);
  removals = await deferMoves(ctx, ram, removals, report);
  await makeCalls(ctx, ram, removals, report, actions.length);
  await waitForAssociations(ctx, ram, removals, report, options);
  return report;
}

const MAX_POLLS = 400;

interface Expectation {
  shareArn: string;
  shareName: string;
  principal: string;
  want: 'ASSOCIATED' | 'DISASSOCIATED';
}

async function waitForAssociations(
  ctx: Context,
  ram: RamPort,
  actions: readonly PlanAction[],
  report: ExecutionReport,
  options: ExecuteOptions,
): Promise<void> {
  const expectations: Expectation[] = [];
  for (const action of actions) {
    if (action.type !== 'associate' && action.type !== 'disassociate') {
      continue;
    }
    const shareArn = action.share.arn ?? report.created.get(action.share.key) ?? '';
    for (const principal of action.principals) {
      expectations.push({
        shareArn,
        shareName: action.share.name,
        principal,
        want: action.type === 'associate' ? 'ASSOCIATED' : 'DISASSOCIATED',
      });
    }
  }
  const status = new Map<string, string>(
    expectations.map((e) => [`${e.shareArn} ${e.principal}`, 'ASSOCIATING']),
  );
  const outcome = (e: Expectation, invitationPending: boolean): AssociationOutcome => ({
    shareArn: e.shareArn,
    shareName: e.shareName,
    principal: e.principal,
    status: status.get(`${e.shareArn} ${e.principal}`) ?? 'UNKNOWN',
    invitationPending,
  });
  if (!options.wait || expectations.length === 0) {
    report.outcomes.push(
      ...expectations.map((e) => {
        status.set(
          `${e.shareArn} ${e.principal}`,
          e.want === 'ASSOCIATED' ? 'ASSOCIATING' : 'DISASSOCIATING',
        );
        return outcome(e, false);
      }),
    );
    return;
  }
  const timeoutMs = options.timeoutMs ?? 300_000;
  const invitationPolls = options.invitationPolls ?? 3;
  const started = ctx.clock.now().getTime();
  const shares = [...new Set(expectations.map((e) => e.shareArn))];
  let delay = 250;
  let polls = 0;
  const progress = ctx.showProgress();
  const settled = (e: Expectation): boolean => {
    const s = status.get(`${e.shareArn} ${e.principal}`) ?? '';
    if (s === 'FAILED') {
      return true;
    }
    if (e.want === 'DISASSOCIATED') {
      return s === 'DISASSOCIATED' || s === 'GONE';
    }
    if (s === 'ASSOCIATED') {
      return true;
    }
    return s === 'ASSOCIATING' && /^\d{12}$/.test(e.principal) && polls >= invitationPolls;
  };
  for (;;) {
    for (const shareArn of shares) {
      const associations = await collectPages(
        (nextToken) =>
          ram.getResourceShareAssociations(
            {
              associationType: 'PRINCIPAL',
              resourceShareArns: [shareArn],
              ...(nextToken ? { nextToken } : {}),
            },
            { abortSignal: ctx.signal },
          ),
        (page) => page.resourceShareAssociations,
      );
      for (const e of expectations.filter((x) => x.shareArn === shareArn)) {
        const found = associations.find((a) => a.associatedEntity === e.principal);
        status.set(`${e.shareArn} ${e.principal}`, found?.status ?? 'GONE');
      }
    }
    polls++;
    const pending = expectations.filter((e) => !settled(e));
    if (pending.length === 0) {
      break;
    }
    // The poll cap guards against a clock that does not move (tests, a suspended laptop).
    if (ctx.clock.now().getTime() - started >= timeoutMs || polls >= MAX_POLLS) {
      report.timedOut = true;
      break;
    }
    if (progress) {
      ctx.log.info(
        `waiting for RAM: ${expectations.length - pending.length}/${expectations.length} associations settled…`,
      );
    }
    await ctx.clock.sleep(delay, ctx.signal);
    delay = Math.min(delay * 2, 5_000);
  }
  const failed = expectations.filter((e) => status.get(`${e.shareArn} ${e.principal}`) === 'FAILED');
  const outcomes = expectations.map((e) =>
    outcome(e, e.want === 'ASSOCIATED' && status.get(`${e.shareArn} ${e.principal}`) === 'ASSOCIATING'),
  );
  for (const o of outcomes) {
    if (o.status === 'GONE') {
      o.status = 'DISASSOCIATED';
    }
  }
  report.outcomes.push(...outcomes);
  if (failed.length > 0) {
    throw new PartialFailureError(
      `RAM failed ${failed.length} association${failed.length === 1 ? '' : 's'}: ${failed.map((f) => `${f.principal} on ${f.shareName}`).join(', ')}.`,
      {
        code: 'FSHARE_ASSOCIATION_FAILED',
        hint: 'Run `fshare shares` to see RAM’s status message; the rest of the changes were made.',
        details: { outcomes },
      },
    );
  }
}
