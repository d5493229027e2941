/**
 * Waiting for RAM after the calls: polls GetResourceShareAssociations (many shares per call, RAM's
 * largest page) until the associations are ASSOCIATED / DISASSOCIATED. An association that is an
 * invitation is not waited for — only the consumer can settle it — and is reported at once with
 * the consumer's next command. Also decides which halves of level moves must wait for a later run.
 */
import type { RamPort } from '../aws/ports.js';
import type { Context } from '../context.js';
import { PartialFailureError } from '../errors.js';
import { formatDuration } from '../dates.js';
import type { StatusLine } from '../ui/progress.js';
import { withRetry } from './bounded.js';
import type { PlannedCall } from './calls.js';
import type { PlanAction } from './plan-types.js';
import { collectPages } from './read-snapshot.js';
import { deterministicToken } from './snapshot.js';

export interface AssociationOutcome {
  shareArn: string;
  shareName: string;
  principal: string;
  /** Set for a feature group added to / removed from a principal's share. */
  resourceArn?: string | undefined;
  /** ASSOCIATED, DISASSOCIATED, or ASSOCIATING (invitation pending, or --no-wait / timeout). */
  status: string;
  invitationPending: boolean;
}

export interface DeferredMove {
  principal: string;
  fromShare: string;
  toShare: string;
  featureGroupArn?: string | undefined;
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
  /** Principals whose new association is an invitation: nothing to wait for, report at once. */
  sendsInvitation?: (principal: string) => boolean;
}

export interface ExecutionReport {
  calls: PlannedCall[];
  created: Map<string, string>;
  outcomes: AssociationOutcome[];
  timedOut: boolean;
  /** Level moves left half-done on purpose: the old level stays until the new one is live. */
  deferred: DeferredMove[];
}

/** share ARN → associated entity → status, as last read. */
export type StatusMap = Map<string, Map<string, string>>;

const MAX_POLLS = 400;
const SHARES_PER_POLL = 100;
const isPrincipalOfAccount = (p: string): boolean => /^\d{12}$/.test(p) || /^arn:[^:]+:iam::/.test(p);

interface Expectation {
  shareArn: string;
  shareName: string;
  principal: string;
  resourceArn?: string | undefined;
  want: 'ASSOCIATED' | 'DISASSOCIATED';
  invitation: boolean;
}

function expectationsOf(
  actions: readonly PlanAction[],
  report: ExecutionReport,
  options: ExecuteOptions,
): Expectation[] {
  const out: Expectation[] = [];
  for (const action of actions) {
    if (action.type !== 'create-share' && action.type !== 'associate' && action.type !== 'disassociate') {
      continue;
    }
    const shareArn = action.share.arn ?? report.created.get(action.share.key) ?? '';
    const want = action.type === 'disassociate' ? 'DISASSOCIATED' : 'ASSOCIATED';
    for (const principal of action.principals) {
      const invitation = want === 'ASSOCIATED' && (options.sendsInvitation?.(principal) ?? false);
      out.push({ shareArn, shareName: action.share.name, principal, want, invitation });
    }
    // A new share's groups reach its principal with the principal's own association.
    if (action.type !== 'create-share') {
      for (const resourceArn of action.resourceArns) {
        out.push({
          shareArn,
          shareName: action.share.name,
          principal: action.share.principal ?? '',
          resourceArn,
          want,
          invitation: false,
        });
      }
    }
  }
  return out;
}

/** Reads the statuses of one association type on many shares: one paged call per 100 shares. */
export async function readStatuses(
  ctx: Context,
  ram: RamPort,
  associationType: 'PRINCIPAL' | 'RESOURCE',
  shareArns: readonly string[],
  into: StatusMap = new Map(),
): Promise<StatusMap> {
  for (let i = 0; i < shareArns.length; i += SHARES_PER_POLL) {
    const batch = shareArns.slice(i, i + SHARES_PER_POLL);
    const rows = await collectPages(
      (nextToken) =>
        withRetry(ctx, () =>
          ram.getResourceShareAssociations(
            {
              associationType,
              resourceShareArns: batch,
              maxResults: 500,
              ...(nextToken ? { nextToken } : {}),
            },
            { abortSignal: ctx.signal },
          ),
        ),
      (page) => page.resourceShareAssociations,
    );
    for (const arn of batch) {
      into.set(arn, into.get(arn) ?? new Map());
    }
    for (const a of rows) {
      into.get(a.resourceShareArn ?? '')?.set(a.associatedEntity ?? '', a.status ?? '');
    }
  }
  return into;
}

const keyOf = (e: Expectation): string => `${e.shareArn} ${e.resourceArn ?? e.principal}`;

/** Waits for the associations the actions made; returns the principal statuses last read. */
export async function waitForAssociations(
  ctx: Context,
  ram: RamPort,
  actions: readonly PlanAction[],
  report: ExecutionReport,
  options: ExecuteOptions,
  line: StatusLine,
): Promise<StatusMap> {
  const expectations = expectationsOf(actions, report, options);
  const status = new Map<string, string>(
    expectations.map((e) => [keyOf(e), e.want === 'ASSOCIATED' ? 'ASSOCIATING' : 'DISASSOCIATING']),
  );
  const principalStatuses: StatusMap = new Map();
  const waitable = expectations.filter((e) => !e.invitation);
  let polls = 0;
  const settled = (e: Expectation): boolean => {
    const s = status.get(keyOf(e)) ?? '';
    if (s === 'FAILED') {
      return true;
    }
    if (e.want === 'DISASSOCIATED') {
      return s === 'DISASSOCIATED' || s === 'GONE';
    }
    if (s === 'ASSOCIATED') {
      return true;
    }
    const invitationInvisible = e.resourceArn === undefined && isPrincipalOfAccount(e.principal);
    return s === 'ASSOCIATING' && invitationInvisible && polls >= (options.invitationPolls ?? 3);
  };
  if (options.wait && waitable.length > 0) {
    const timeoutMs = options.timeoutMs ?? 300_000;
    const started = ctx.clock.now().getTime();
    let delay = 250;
    for (;;) {
      const byType = (resource: boolean) => [
        ...new Set(
          waitable
            .filter((e) => !settled(e) && (e.resourceArn !== undefined) === resource)
            .map((e) => e.shareArn),
        ),
      ];
      await readStatuses(ctx, ram, 'PRINCIPAL', byType(false), principalStatuses);
      const resources = await readStatuses(ctx, ram, 'RESOURCE', byType(true));
      for (const e of waitable) {
        const map = e.resourceArn === undefined ? principalStatuses : resources;
        const found = map.get(e.shareArn);
        if (found) {
          status.set(keyOf(e), found.get(e.resourceArn ?? e.principal) ?? 'GONE');
        }
      }
      polls++;
      const pending = waitable.filter((e) => !settled(e));
      if (pending.length === 0) {
        break;
      }
      const elapsed = ctx.clock.now().getTime() - started;
      // The poll cap guards against a clock that does not move (tests, a suspended laptop).
      if (elapsed >= timeoutMs || polls >= MAX_POLLS) {
        report.timedOut = true;
        break;
      }
      line.update(
        `waiting for RAM: ${waitable.length - pending.length}/${waitable.length} associations settled · ${formatDuration(elapsed)}`,
        { settled: waitable.length - pending.length, total: waitable.length },
      );
      await ctx.clock.sleep(delay, ctx.signal);
      delay = Math.min(delay * 2, 5_000);
    }
  }
  const outcomes = expectations.map((e): AssociationOutcome => ({
    shareArn: e.shareArn,
    shareName: e.shareName,
    principal: e.principal,
    ...(e.resourceArn ? { resourceArn: e.resourceArn } : {}),
    status: status.get(keyOf(e)) === 'GONE' ? 'DISASSOCIATED' : (status.get(keyOf(e)) ?? 'UNKNOWN'),
    invitationPending:
      e.invitation ||
      (options.wait &&
        e.want === 'ASSOCIATED' &&
        e.resourceArn === undefined &&
        status.get(keyOf(e)) === 'ASSOCIATING'),
  }));
  report.outcomes.push(...outcomes);
  const failed = outcomes.filter((o) => o.status === 'FAILED');
  if (failed.length > 0) {
    throw new PartialFailureError(
      `RAM failed ${failed.length} association${failed.length === 1 ? '' : 's'}: ${failed.map((f) => `${f.resourceArn ?? f.principal} on ${f.shareName}`).join(', ')}.`,
      {
        code: 'FSHARE_ASSOCIATION_FAILED',
        hint: 'Run `fshare shares` to see RAM’s status message; the rest of the changes were made.',
        details: { outcomes },
      },
    );
  }
  return principalStatuses;
}

/**
 * Level moves whose new association is not live yet (typically an invitation to accept) keep the
 * old association: removing it now would leave the consumer without access.
 */
export async function deferMoves(
  ctx: Context,
  ram: RamPort,
  removals: readonly PlanAction[],
  report: ExecutionReport,
  known: StatusMap,
): Promise<PlanAction[]> {
  const targets = new Set<string>();
  for (const action of removals) {
    if (action.type === 'disassociate') {
      for (const move of action.moves ?? []) {
        targets.add(move.to.arn ?? report.created.get(move.to.key) ?? '');
      }
    }
  }
  const unknown = [...targets].filter((arn) => !known.has(arn));
  await readStatuses(ctx, ram, 'PRINCIPAL', unknown, known);
  const keepPrincipals = new Map<string, Set<string>>();
  const keepResources = new Map<string, Set<string>>();
  const keepTags = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, value: string) =>
    map.set(key, (map.get(key) ?? new Set()).add(value));
  for (const action of removals) {
    if (action.type !== 'disassociate') {
      continue;
    }
    const from = action.share.arn ?? '';
    for (const move of action.moves ?? []) {
      const target = move.to.arn ?? report.created.get(move.to.key) ?? '';
      if (known.get(target)?.get(move.principal) === 'ASSOCIATED') {
        continue;
      }
      add(
        move.resourceArn === undefined ? keepPrincipals : keepResources,
        from,
        move.resourceArn ?? move.principal,
      );
      if (move.tagKey) {
        add(keepTags, from, move.tagKey);
      }
      report.deferred.push({
        principal: move.principal,
        fromShare: action.share.name,
        toShare: move.to.name,
        ...(move.resourceArn ? { featureGroupArn: move.resourceArn } : {}),
      });
    }
  }
  const kept: PlanAction[] = [];
  for (const action of removals) {
    const from = action.share.arn ?? '';
    if (action.type === 'disassociate') {
      const principals = action.principals.filter((p) => !keepPrincipals.get(from)?.has(p));
      const resourceArns = action.resourceArns.filter((r) => !keepResources.get(from)?.has(r));
      if (principals.length + resourceArns.length === 0) {
        continue;
      }
      const same =
        principals.length === action.principals.length && resourceArns.length === action.resourceArns.length;
      // Fewer items is a different request: it needs its own idempotency token.
      kept.push(
        same
          ? action
          : {
              ...action,
              principals,
              resourceArns,
              clientToken: deterministicToken(action.clientToken, ...principals, ...resourceArns),
            },
      );
    } else if (action.type === 'untag') {
      const keys = action.keys.filter((k) => !keepTags.get(from)?.has(k));
      if (keys.length > 0) {
        kept.push({ ...action, keys });
      }
    } else {
      kept.push(action);
    }
  }
  return kept;
}
