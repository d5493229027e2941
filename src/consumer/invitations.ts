/**
 * The consumer's inbox: RAM resource share invitations, with the feature groups and level each
 * one carries and when it expires, plus accepting and rejecting them. Selection and status are
 * pure functions; the rest reads and writes RAM.
 */
import type { RamPort } from '../aws/ports.js';
import { awsErrorCode, isAccessDenied } from '../aws/errors.js';
import type { Context } from '../context.js';
import { NotFoundError, UsageError } from '../errors.js';
import { ACCOUNT_ID, parseFeatureGroupArn } from '../permissions/arns.js';
import type { AccessLevel } from '../permissions/levels.js';
import { operationsAt, ShareLevelCache } from './my-access.js';
import { collectPages } from './read-snapshot.js';

/** RAM gives invitations for SageMaker resource types 12 hours (aws-facts §2). */
export const INVITATION_LIFETIME_MS = 12 * 60 * 60 * 1000;

export type InvitationStatus = 'PENDING' | 'ACCEPTED' | 'REJECTED' | 'EXPIRED';

export interface Invitation {
  invitationArn: string;
  shareArn: string;
  shareName: string;
  ownerAccount: string;
  /** As RAM reports it, except that a PENDING invitation past its expiry is EXPIRED. */
  status: InvitationStatus;
  invitedAt: string | undefined;
  expiresAt: string | undefined;
  featureGroups: string[];
  level: AccessLevel | undefined;
}

export interface RawInvitation {
  resourceShareInvitationArn?: string | undefined;
  resourceShareArn?: string | undefined;
  resourceShareName?: string | undefined;
  senderAccountId?: string | undefined;
  status?: string | undefined;
  invitationTimestamp?: Date | undefined;
}

export function invitationStatus(raw: RawInvitation, now: Date): InvitationStatus {
  const status = (raw.status ?? 'PENDING') as InvitationStatus;
  if (status === 'PENDING' && raw.invitationTimestamp) {
    if (now.getTime() >= raw.invitationTimestamp.getTime() + INVITATION_LIFETIME_MS) {
      return 'EXPIRED';
    }
  }
  return status;
}

export interface Selection {
  arns: string[];
  all: boolean;
  from: string | undefined;
}

/** Validates the accept/reject arguments before any call. */
export function parseSelection(arns: string[], options: { all?: boolean; from?: string }): Selection {
  for (const arn of arns) {
    if (!/^arn:aws[a-z-]*:ram:[a-z0-9-]+:\d{12}:resource-share(-invitation)?\/.+/.test(arn)) {
      throw new UsageError(`"${arn}" is not a resource share invitation ARN.`, {
        code: 'FSHARE_BAD_INVITATION',
        hint: 'Pass an ARN from `fshare invitations` (arn:aws:ram:REGION:ACCOUNT:resource-share-invitation/…), or use --all / --from <account>.',
      });
    }
  }
  if (options.from !== undefined && !ACCOUNT_ID.test(options.from)) {
    throw new UsageError(`--from "${options.from}" is not a 12-digit account ID.`, {
      code: 'FSHARE_BAD_ACCOUNT',
      hint: 'Pass the owner account, e.g. --from 111111111111.',
    });
  }
  if (arns.length > 0 && (options.all || options.from !== undefined)) {
    throw new UsageError('Pass invitation ARNs, or --all / --from, not both.', {
      hint: 'Drop the ARNs or the flag.',
    });
  }
  return { arns, all: options.all === true, from: options.from };
}

/** The invitations a selection names; ARNs may name the invitation or its share. */
export function selectInvitations(
  invitations: Invitation[],
  selection: Selection,
): { chosen: Invitation[]; missing: string[] } {
  if (selection.arns.length > 0) {
    const chosen: Invitation[] = [];
    const missing: string[] = [];
    for (const arn of selection.arns) {
      const matches = invitations.filter((i) => i.invitationArn === arn || i.shareArn === arn);
      // A share can have an old expired invitation and a fresh one: prefer the live one.
      const best = matches.find((i) => i.status === 'PENDING') ?? matches[0];
      if (best) {
        chosen.push(best);
      } else {
        missing.push(arn);
      }
    }
    return { chosen, missing };
  }
  const pending = invitations.filter((i) => i.status === 'PENDING');
  if (selection.from !== undefined) {
    return { chosen: pending.filter((i) => i.ownerAccount === selection.from), missing: [] };
  }
  return { chosen: pending, missing: [] };
}

async function resourcesOf(
  ram: RamPort,
  raw: RawInvitation,
  status: InvitationStatus,
  signal: AbortSignal,
): Promise<string[]> {
  const opts = { abortSignal: signal };
  try {
    // Expired and rejected invitations are asked too: the resources name what to grant again.
    if (status !== 'ACCEPTED' && raw.resourceShareInvitationArn) {
      const arn = raw.resourceShareInvitationArn;
      const resources = await collectPages(
        (nextToken) =>
          ram.listPendingInvitationResources(
            { resourceShareInvitationArn: arn, ...(nextToken ? { nextToken } : {}) },
            opts,
          ),
        (page) => page.resources,
      );
      return resources.map((r) => r.arn ?? '').filter((a) => parseFeatureGroupArn(a) !== undefined);
    }
    if (status === 'ACCEPTED' && raw.resourceShareArn) {
      const shareArn = raw.resourceShareArn;
      const resources = await collectPages(
        (nextToken) =>
          ram.listResources(
            {
              resourceOwner: 'OTHER-ACCOUNTS',
              resourceShareArns: [shareArn],
              ...(nextToken ? { nextToken } : {}),
            },
            opts,
          ),
        (page) => page.resources,
      );
      return resources.map((r) => r.arn ?? '').filter((a) => parseFeatureGroupArn(a) !== undefined);
    }
  } catch (error) {
    if (!isAccessDenied(error) && awsErrorCode(error) !== 'ResourceShareInvitationExpiredException') {
      throw error;
    }
  }
  return [];
}

/** Invitations sent to the caller; by default only the pending ones. */
export async function listInvitations(ctx: Context, options: { all: boolean }): Promise<Invitation[]> {
  const ram = await ctx.aws.ram();
  const raws = await collectPages(
    (nextToken) =>
      ram.getResourceShareInvitations(nextToken ? { nextToken } : {}, { abortSignal: ctx.signal }),
    (page) => page.resourceShareInvitations,
  );
  const now = ctx.clock.now();
  const levels = new ShareLevelCache(ram, ctx.signal);
  const out: Invitation[] = [];
  for (const raw of raws) {
    const status = invitationStatus(raw, now);
    if (!options.all && status !== 'PENDING') {
      continue;
    }
    const shareArn = raw.resourceShareArn ?? '';
    const level =
      status === 'PENDING' || status === 'ACCEPTED'
        ? await levels.level(shareArn).catch(() => undefined)
        : undefined;
    out.push({
      invitationArn: raw.resourceShareInvitationArn ?? '',
      shareArn,
      shareName: raw.resourceShareName ?? '',
      ownerAccount: raw.senderAccountId ?? '',
      status,
      invitedAt: raw.invitationTimestamp?.toISOString(),
      expiresAt: raw.invitationTimestamp
        ? new Date(raw.invitationTimestamp.getTime() + INVITATION_LIFETIME_MS).toISOString()
        : undefined,
      featureGroups: await resourcesOf(ram, raw, status, ctx.signal),
      level,
    });
  }
  return out.sort((a, b) => (b.invitedAt ?? '').localeCompare(a.invitedAt ?? ''));
}

/** Shares from other accounts that are live without any invitation: organization sharing. */
export async function sharesWithoutInvitation(
  ctx: Context,
  invitations: Invitation[],
): Promise<{ shareArn: string; name: string; ownerAccount: string }[]> {
  const ram = await ctx.aws.ram();
  const shares = await collectPages(
    (nextToken) =>
      ram.getResourceShares(
        {
          resourceOwner: 'OTHER-ACCOUNTS',
          resourceShareStatus: 'ACTIVE',
          ...(nextToken ? { nextToken } : {}),
        },
        { abortSignal: ctx.signal },
      ),
    (page) => page.resourceShares,
  );
  const invited = new Set(invitations.map((i) => i.shareArn));
  return shares
    .filter((s) => s.resourceShareArn && !invited.has(s.resourceShareArn))
    .map((s) => ({
      shareArn: s.resourceShareArn ?? '',
      name: s.name ?? '',
      ownerAccount: s.owningAccountId ?? '',
    }));
}

export type Decision = 'accept' | 'reject';
export type DecisionOutcome =
  'accepted' | 'already-accepted' | 'rejected' | 'already-rejected' | 'expired' | 'failed';

/** Accepts or rejects one invitation; RAM's "already done" answers count as success. */
export async function decide(
  ctx: Context,
  invitation: Invitation,
  decision: Decision,
): Promise<{ outcome: DecisionOutcome; message: string | undefined }> {
  if (invitation.status === 'EXPIRED') {
    return { outcome: 'expired', message: undefined };
  }
  if (invitation.status === 'ACCEPTED') {
    return decision === 'accept'
      ? { outcome: 'already-accepted', message: undefined }
      : {
          outcome: 'failed',
          message: 'it was already accepted; to give access up, ask the owner to revoke it',
        };
  }
  if (invitation.status === 'REJECTED') {
    return decision === 'reject'
      ? { outcome: 'already-rejected', message: undefined }
      : { outcome: 'failed', message: 'it was rejected; the owner must grant again' };
  }
  const ram = await ctx.aws.ram();
  const input = { resourceShareInvitationArn: invitation.invitationArn };
  try {
    if (decision === 'accept') {
      await ram.acceptResourceShareInvitation(input, { abortSignal: ctx.signal });
      return { outcome: 'accepted', message: undefined };
    }
    await ram.rejectResourceShareInvitation(input, { abortSignal: ctx.signal });
    return { outcome: 'rejected', message: undefined };
  } catch (error) {
    switch (awsErrorCode(error)) {
      case 'ResourceShareInvitationAlreadyAcceptedException':
        return decision === 'accept'
          ? { outcome: 'already-accepted', message: undefined }
          : { outcome: 'failed', message: 'it was already accepted' };
      case 'ResourceShareInvitationAlreadyRejectedException':
        return decision === 'reject'
          ? { outcome: 'already-rejected', message: undefined }
          : { outcome: 'failed', message: 'it was already rejected; the owner must grant again' };
      case 'ResourceShareInvitationExpiredException':
        return { outcome: 'expired', message: undefined };
      default:
        throw error;
    }
  }
}

export interface DecisionRow {
  invitationArn: string;
  shareName: string;
  ownerAccount: string;
  featureGroups: string[];
  level: AccessLevel | null;
  outcome: DecisionOutcome | 'live (organization sharing)';
  message: string | null;
  /** After accepting: whether each feature group could be described with the owner's ARN and region. */
  verified: boolean | null;
  /** After accepting: the operations your level allows. */
  canNow: string[];
}

export interface DecisionRun {
  rows: DecisionRow[];
  notes: string[];
  failed: number;
}

export interface DecisionOptions {
  decision: Decision;
  selection: Selection;
  /** How long to keep looking for invitations that are not visible yet (pain point: "invitation not found"). */
  waitMs: number;
  /** Asks the person which invitations to take; only given on a terminal. */
  pick?: (pending: Invitation[]) => Promise<string[]>;
}

/** Describes each group by the owner's ARN in the owner's region, retrying briefly while access propagates. */
async function verifyAccess(ctx: Context, featureGroups: string[]): Promise<boolean> {
  for (const arn of featureGroups) {
    const parsed = parseFeatureGroupArn(arn);
    if (!parsed) {
      continue;
    }
    const sagemaker = await ctx.aws.sagemaker({ region: parsed.region });
    let ok = false;
    for (let attempt = 0; attempt < 3 && !ok; attempt++) {
      try {
        await sagemaker.describeFeatureGroup({ FeatureGroupName: arn }, { abortSignal: ctx.signal });
        ok = true;
      } catch (error) {
        const code = awsErrorCode(error) ?? '';
        if (!isAccessDenied(error) && !['ResourceNotFound', 'ResourceNotFoundException'].includes(code)) {
          throw error;
        }
        if (attempt < 2) {
          await ctx.clock.sleep(500 * 2 ** attempt, ctx.signal);
        }
      }
    }
    if (!ok) {
      return false;
    }
  }
  return true;
}

function expiredMessage(invitation: Invitation, you: string): string {
  const groups = invitation.featureGroups.map((a) => a.split('/').pop() ?? a);
  const grant = `fshare grant ${groups.length > 0 ? groups.join(' ') : '<feature-group>'} --to ${you} --level ${invitation.level ?? 'read-only'}`;
  return `the invitation expired${invitation.expiresAt ? ` at ${invitation.expiresAt}` : ''}; the owner (account ${invitation.ownerAccount}) must grant again: \`${grant}\``;
}

export async function runDecisions(ctx: Context, options: DecisionOptions): Promise<DecisionRun> {
  const { decision } = options;
  let selection = options.selection;
  let invitations = await listInvitations(ctx, { all: true });
  const notes: string[] = [];
  const interactive = selection.arns.length === 0 && !selection.all && selection.from === undefined;
  if (interactive && options.pick) {
    const pending = invitations.filter((i) => i.status === 'PENDING');
    if (pending.length > 0) {
      selection = { ...selection, arns: await options.pick(pending) };
    } else {
      selection = { ...selection, all: true };
    }
  }
  let { chosen, missing } = selectInvitations(invitations, selection);
  const you = (await ctx.aws.identity()).account;
  const rows: DecisionRow[] = [];
  const ram = await ctx.aws.ram();
  const levels = new ShareLevelCache(ram, ctx.signal);
  const liveShares = async () =>
    (await sharesWithoutInvitation(ctx, invitations)).filter(
      (s) => selection.from === undefined || s.ownerAccount === selection.from,
    );
  let live = chosen.length === 0 && missing.length === 0 && decision === 'accept' ? await liveShares() : [];
  // Invitations can take a moment to appear after the owner grants: look again with backoff. With
  // --all, only when nothing at all is visible yet (an inbox of old invitations is an answer).
  const worthWaiting = () =>
    live.length === 0 &&
    (missing.length > 0 ||
      (chosen.length === 0 && (selection.from !== undefined || invitations.length === 0)));
  const deadline = ctx.clock.now().getTime() + options.waitMs;
  for (
    let delay = 500;
    worthWaiting() && ctx.clock.now().getTime() + delay <= deadline;
    delay = Math.min(delay * 2, 4000)
  ) {
    ctx.log.info(`No matching invitation yet; looking again in ${delay / 1000}s…`);
    await ctx.clock.sleep(delay, ctx.signal);
    invitations = await listInvitations(ctx, { all: true });
    ({ chosen, missing } = selectInvitations(invitations, selection));
    live = chosen.length === 0 && missing.length === 0 && decision === 'accept' ? await liveShares() : [];
  }

  if (chosen.length === 0 && live.length > 0) {
    notes.push(
      'No invitation is needed: these shares come through AWS Organizations sharing, and access is already live.',
    );
    for (const share of live) {
      const featureGroups = await resourcesOf(
        ram,
        { resourceShareArn: share.shareArn },
        'ACCEPTED',
        ctx.signal,
      );
      const level = (await levels.level(share.shareArn)) ?? null;
      rows.push({
        invitationArn: '',
        shareName: share.name,
        ownerAccount: share.ownerAccount,
        featureGroups,
        level,
        outcome: 'live (organization sharing)',
        message: null,
        verified: await verifyAccess(ctx, featureGroups),
        canNow: operationsAt(level ?? undefined),
      });
    }
    return { rows, notes, failed: 0 };
  }
  if (missing.length > 0) {
    throw new NotFoundError(`No invitation ${missing.join(', ')} was found for account ${you}.`, {
      code: 'FSHARE_INVITATION_NOT_FOUND',
      hint: 'Run `fshare invitations --all` to see every invitation; the owner may need to grant again, or shares may be in another --region.',
    });
  }
  if (chosen.length === 0) {
    if (selection.from !== undefined) {
      throw new NotFoundError(`No pending invitation from account ${selection.from}.`, {
        code: 'FSHARE_INVITATION_NOT_FOUND',
        hint: `Ask the owner to run \`fshare grant <feature-group> --to ${you} --level read-only\`, then try again; \`fshare invitations --all\` lists past ones.`,
      });
    }
    notes.push(
      'No pending invitations. `fshare invitations --all` lists past ones; `fshare discover` what is already shared with you.',
    );
    return { rows, notes, failed: 0 };
  }

  let failed = 0;
  for (const invitation of chosen) {
    const { outcome, message } = await decide(ctx, invitation, decision);
    const row: DecisionRow = {
      invitationArn: invitation.invitationArn,
      shareName: invitation.shareName,
      ownerAccount: invitation.ownerAccount,
      featureGroups: invitation.featureGroups,
      level: invitation.level ?? null,
      outcome,
      message: message ?? null,
      verified: null,
      canNow: [],
    };
    if (outcome === 'expired') {
      row.message = expiredMessage(invitation, you);
    }
    if (outcome === 'expired' || outcome === 'failed') {
      failed++;
    }
    if (decision === 'accept' && (outcome === 'accepted' || outcome === 'already-accepted')) {
      if (row.featureGroups.length === 0) {
        row.featureGroups = await resourcesOf(
          ram,
          { resourceShareArn: invitation.shareArn },
          'ACCEPTED',
          ctx.signal,
        );
      }
      row.level = row.level ?? (await levels.level(invitation.shareArn)) ?? null;
      row.verified = await verifyAccess(ctx, row.featureGroups);
      row.canNow = operationsAt(row.level ?? undefined);
      if (!row.verified) {
        row.message =
          'accepted, but describing the feature group was still refused; access can take a minute to propagate: try `fshare describe` shortly';
      }
    }
    rows.push(row);
  }
  return { rows, notes, failed };
}
