/**
 * The consumer's inbox: RAM resource share invitations, with the feature groups and level each
 * one carries and when it expires, and the shares that reach the caller without one.
 */
import type { RamPort } from '../aws/ports.js';
import { awsErrorCode, isAccessDenied } from '../aws/errors.js';
import type { Context } from '../context.js';
import { parseFeatureGroupArn } from '../permissions/arns.js';
import type { AccessLevel } from '../permissions/levels.js';
import { collectPages } from '../sharing/read-snapshot.js';
import { ShareLevelCache } from './my-access.js';

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

/** The feature groups an invitation or share carries. */
export async function resourcesOf(
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
