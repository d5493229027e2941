/**
 * The consumer's inbox: RAM resource share invitations, with the feature groups and level each
 * one carries and when it expires, plus accepting and rejecting them. Selection and status are
 * pure functions; the rest reads and writes RAM.
 */
import type { RamPort } from '../aws/ports.js';
import { awsErrorCode, isAccessDenied } from '../aws/errors.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { ACCOUNT_ID, parseFeatureGroupArn } from '../permissions/arns.js';
import type { AccessLevel } from '../permissions/levels.js';
import { ShareLevelCache } from './my-access.js';
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
    throw new UsageError('Pass invitation ARNs, or --all / --from, not both.', { hint: 'Drop the ARNs or the flag.' });
  }
  return { arns, all: options.all === true, from: options.from };
}

/** The invitations a selection names; ARNs may name the invitation or its share. */
export function selectInvitations(invitations: Invitation[], selection: Selection): { chosen: Invitation[]; missing: string[] } {
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

async function resourcesOf(ram: RamPort, raw: RawInvitation, status: InvitationStatus, signal: AbortSignal): Promise<string[]> {
  const opts = { abortSignal: signal };
  try {
    if (status === 'PENDING' && raw.resourceShareInvitationArn) {
      const arn = raw.resourceShareInvitationArn;
      const resources = await collectPages(
        (nextToken) => ram.listPendingInvitationResources({ resourceShareInvitationArn: arn, ...(nextToken ? { nextToken } : {}) }, opts),
        (page) => page.resources,
      );
      return resources.map((r) => r.arn ?? '').filter((a) => parseFeatureGroupArn(a) !== undefined);
    }
    if (status === 'ACCEPTED' && raw.resourceShareArn) {
      const shareArn = raw.resourceShareArn;
      const resources = await collectPages(
        (nextToken) =>
          ram.listResources({ resourceOwner: 'OTHER-ACCOUNTS', resourceShareArns: [shareArn], ...(nextToken ? { nextToken } : {}) }, opts),
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
    (nextToken) => ram.getResourceShareInvitations(nextToken ? { nextToken } : {}, { abortSignal: ctx.signal }),
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
    const level = status === 'PENDING' || status === 'ACCEPTED' ? await levels.level(shareArn).catch(() => undefined) : undefined;
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
export async function sharesWithoutInvitation(ctx: Context, invitations: Invitation[]): Promise<{ shareArn: string; name: string; ownerAccount: string }[]> {
  const ram = await ctx.aws.ram();
  const shares = await collectPages(
    (nextToken) =>
      ram.getResourceShares({ resourceOwner: 'OTHER-ACCOUNTS', resourceShareStatus: 'ACTIVE', ...(nextToken ? { nextToken } : {}) }, { abortSignal: ctx.signal }),
    (page) => page.resourceShares,
  );
  const invited = new Set(invitations.map((i) => i.shareArn));
  return shares
    .filter((s) => s.resourceShareArn && !invited.has(s.resourceShareArn))
    .map((s) => ({ shareArn: s.resourceShareArn ?? '', name: s.name ?? '', ownerAccount: s.owningAccountId ?? '' }));
}

export type Decision = 'accept' | 'reject';
export type DecisionOutcome = 'accepted' | 'already-accepted' | 'rejected' | 'already-rejected' | 'expired' | 'failed';

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
      : { outcome: 'failed', message: 'it was already accepted; to give access up, ask the owner to revoke it' };
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
