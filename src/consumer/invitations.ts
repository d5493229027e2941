/**
 * The consumer's inbox: RAM resource share invitations, with the feature groups and level each
 * one carries and when it expires, and the shares that reach the caller without one.
 */
import type { RamPort } from '../aws/ports.js';
import { awsErrorCode, isAccessDenied } from '../aws/errors.js';
import type { Context } from '../context.js';
import { parseFeatureGroupArn } from '../permissions/arns.js';
import { ACCESS_LEVELS, type AccessLevel } from '../permissions/levels.js';
import { collectAll } from '../aws/paginate.js';
import { ShareLevelCache } from './my-access.js';
import { INVITATION_LIFETIME_MS } from './pending.js';

export { INVITATION_LIFETIME_MS };

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
  /** From the share's permission, its `fshare:level` tag or its name; null when none says. */
  level: AccessLevel | null;
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

/**
 * RAM's answers when an invitation is no longer pending: it lists no resources then, which is
 * not a failure of the listing (issue 14: one rejected invitation broke the whole inbox).
 */
const NOT_PENDING = new Set([
  'ResourceShareInvitationAlreadyRejectedException',
  'ResourceShareInvitationAlreadyAcceptedException',
  'ResourceShareInvitationExpiredException',
  'ResourceShareInvitationArnNotFoundException',
]);

const featureGroupArns = (resources: readonly { arn?: string | undefined }[]): string[] =>
  resources.map((r) => r.arn ?? '').filter((a) => parseFeatureGroupArn(a) !== undefined);

/** The feature groups an invitation or share carries; empty when RAM no longer says. */
export async function resourcesOf(
  ram: RamPort,
  raw: RawInvitation,
  status: InvitationStatus,
  signal: AbortSignal,
): Promise<string[]> {
  const call = { abortSignal: signal };
  try {
    // RAM refuses ListPendingInvitationResources for a rejected invitation; an expired one is
    // still asked (RAM may not have expired it yet), and its resources name what to grant again.
    if (status !== 'ACCEPTED' && status !== 'REJECTED' && raw.resourceShareInvitationArn) {
      const input = { resourceShareInvitationArn: raw.resourceShareInvitationArn };
      const op = ram.listPendingInvitationResources.bind(ram);
      return featureGroupArns(await collectAll(op, input, { items: (page) => page.resources, call }));
    }
    if (status === 'ACCEPTED' && raw.resourceShareArn) {
      const input = { resourceOwner: 'OTHER-ACCOUNTS' as const, resourceShareArns: [raw.resourceShareArn] };
      const op = ram.listResources.bind(ram);
      return featureGroupArns(await collectAll(op, input, { items: (page) => page.resources, call }));
    }
  } catch (error) {
    if (!isAccessDenied(error) && !NOT_PENDING.has(awsErrorCode(error) ?? '')) {
      throw error;
    }
  }
  return [];
}

/**
 * The level a share's name says, for shares fshare made: `fshare-<group>-<level>` (the older
 * layout) or `fshare-<level>-<principal>`. Used when RAM will not tell an invitee the permission.
 */
export function levelFromShareName(name: string): AccessLevel | undefined {
  if (!name.startsWith('fshare-')) {
    return undefined;
  }
  // The suffix first: an older-layout group name may itself start with a level's word.
  return (
    ACCESS_LEVELS.find((level) => name.endsWith(`-${level}`)) ??
    ACCESS_LEVELS.find((level) => name.startsWith(`fshare-${level}-`))
  );
}

/** Invitations sent to the caller; by default only the pending ones. */
export async function listInvitations(ctx: Context, options: { all: boolean }): Promise<Invitation[]> {
  const ram = await ctx.aws.ram();
  const call = { abortSignal: ctx.signal };
  const raws = await collectAll(
    ram.getResourceShareInvitations.bind(ram),
    {},
    { items: (page) => page.resourceShareInvitations, call },
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
    const shareName = raw.resourceShareName ?? '';
    const asked =
      status === 'PENDING' || status === 'ACCEPTED'
        ? await levels.level(shareArn).catch(() => undefined)
        : undefined;
    out.push({
      invitationArn: raw.resourceShareInvitationArn ?? '',
      shareArn,
      shareName,
      ownerAccount: raw.senderAccountId ?? '',
      status,
      invitedAt: raw.invitationTimestamp?.toISOString(),
      expiresAt: raw.invitationTimestamp
        ? new Date(raw.invitationTimestamp.getTime() + INVITATION_LIFETIME_MS).toISOString()
        : undefined,
      featureGroups: await resourcesOf(ram, raw, status, ctx.signal),
      level: asked ?? levelFromShareName(shareName) ?? null,
    });
  }
  borrowSiblingResources(out);
  return out.sort((a, b) => (b.invitedAt ?? '').localeCompare(a.invitedAt ?? ''));
}

/**
 * A rejected or expired invitation lists no resources any more; another invitation of the same
 * share (the owner granted again) does, and they are the same share's resources.
 */
function borrowSiblingResources(invitations: Invitation[]): void {
  for (const invitation of invitations) {
    if (invitation.featureGroups.length === 0) {
      const sibling = invitations.find(
        (i) => i !== invitation && i.shareArn === invitation.shareArn && i.featureGroups.length > 0,
      );
      invitation.featureGroups = sibling ? [...sibling.featureGroups] : [];
    }
  }
}

/**
 * The next step for a list of invitations, with the real ARN so it pastes and runs as printed
 * (the command adds this invocation's --sandbox/--profile/--region).
 */
export function acceptHint(invitations: readonly Invitation[]): string[] {
  const pending = invitations.filter((i) => i.status === 'PENDING');
  const [first] = pending;
  if (!first) {
    return [];
  }
  if (pending.length === 1) {
    return [`Accept it with \`fshare accept ${first.invitationArn}\`.`];
  }
  return [
    `Accept them all with \`fshare accept --all\`, pick on a terminal with \`fshare accept\`, or one with \`fshare accept ${first.invitationArn}\`.`,
  ];
}

/** Shares from other accounts that are live without any invitation: organization sharing. */
export async function sharesWithoutInvitation(
  ctx: Context,
  invitations: Invitation[],
): Promise<{ shareArn: string; name: string; ownerAccount: string }[]> {
  const ram = await ctx.aws.ram();
  const shares = await collectAll(
    ram.getResourceShares.bind(ram),
    { resourceOwner: 'OTHER-ACCOUNTS', resourceShareStatus: 'ACTIVE' },
    { items: (page) => page.resourceShares, call: { abortSignal: ctx.signal } },
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
