/**
 * Feature groups waiting behind a pending invitation. Before the consumer accepts, RAM's
 * ListResources and SageMaker Search do not show the group at all, so name resolution, `can` and
 * access-denied hints ask here to say "accept" instead of "no such group" or "ask the owner".
 */
import { awsErrorCode, isAccessDenied } from '../aws/errors.js';
import { collectAll } from '../aws/paginate.js';
import { nextCommand } from '../cli/next-command.js';
import type { Context } from '../context.js';
import { parseFeatureGroupArn } from '../permissions/arns.js';

export interface PendingInvitationRef {
  invitationArn: string;
  shareName: string | undefined;
}

export interface PendingFeatureGroup {
  arn: string;
  ownerAccount: string;
  invitation: PendingInvitationRef;
}

/** RAM's answers for an invitation that stopped being pending between the two calls. */
const GONE = new Set([
  'ResourceShareInvitationAlreadyRejectedException',
  'ResourceShareInvitationAlreadyAcceptedException',
  'ResourceShareInvitationExpiredException',
  'ResourceShareInvitationArnNotFoundException',
]);

/** RAM gives invitations for SageMaker resource types 12 hours (aws-facts §2). */
export const INVITATION_LIFETIME_MS = 12 * 60 * 60 * 1000;

/**
 * Every feature group in a pending invitation to the caller, optionally only from one owner.
 * An invitation RAM refuses to list (rejected or expired meanwhile) is skipped, not fatal; a
 * caller not allowed to read invitations gets an empty answer.
 */
export async function pendingFeatureGroups(
  ctx: Context,
  options: { ownerAccount?: string; region?: string | undefined } = {},
): Promise<PendingFeatureGroup[]> {
  // RAM is regional: invitations live in the region of their share.
  const ram = await ctx.aws.ram(options.region ? { region: options.region } : {});
  const call = { abortSignal: ctx.signal };
  const now = ctx.clock.now().getTime();
  let invitations;
  try {
    invitations = await collectAll(
      ram.getResourceShareInvitations.bind(ram),
      {},
      { items: (page) => page.resourceShareInvitations, call },
    );
  } catch (error) {
    if (isAccessDenied(error)) {
      return [];
    }
    throw error;
  }
  const out: PendingFeatureGroup[] = [];
  for (const invitation of invitations) {
    const invitationArn = invitation.resourceShareInvitationArn;
    const ownerAccount = invitation.senderAccountId ?? '';
    const sent = invitation.invitationTimestamp?.getTime();
    if (
      invitation.status !== 'PENDING' ||
      !invitationArn ||
      (sent !== undefined && now >= sent + INVITATION_LIFETIME_MS) ||
      (options.ownerAccount !== undefined && ownerAccount !== options.ownerAccount)
    ) {
      continue;
    }
    try {
      const resources = await collectAll(
        ram.listPendingInvitationResources.bind(ram),
        { resourceShareInvitationArn: invitationArn },
        { items: (page) => page.resources, call },
      );
      for (const r of resources) {
        if (r.arn && parseFeatureGroupArn(r.arn)) {
          out.push({
            arn: r.arn,
            ownerAccount,
            invitation: { invitationArn, shareName: invitation.resourceShareName },
          });
        }
      }
    } catch (error) {
      if (!GONE.has(awsErrorCode(error) ?? '') && !isAccessDenied(error)) {
        throw error;
      }
    }
  }
  return out;
}

/** The pending invitations that carry one feature group. */
export async function pendingInvitationsFor(
  ctx: Context,
  group: { arn: string; account: string },
  region: string | undefined = parseFeatureGroupArn(group.arn)?.region,
): Promise<PendingInvitationRef[]> {
  const pending = await pendingFeatureGroups(ctx, { ownerAccount: group.account, region });
  return pending.filter((p) => p.arn === group.arn).map((p) => p.invitation);
}

/**
 * The command that accepts the pending invitation carrying `group`, ready to paste (this
 * invocation's flags added), or undefined when none does. For access-denied hints: when the step
 * is the consumer's (accept), "ask the owner to grant" is the wrong advice.
 */
export async function acceptStepFor(
  ctx: Context,
  group: { arn: string; account: string; own: boolean; pendingInvitation?: PendingInvitationRef | undefined },
): Promise<string | undefined> {
  if (group.own) {
    return undefined;
  }
  const [invitation] = group.pendingInvitation
    ? [group.pendingInvitation]
    : await pendingInvitationsFor(ctx, group);
  return invitation ? nextCommand(ctx.globals, `fshare accept ${invitation.invitationArn}`) : undefined;
}
