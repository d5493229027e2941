/**
 * RAM's quota checks, each run before anything is written so that a refused call changes nothing.
 * Codes: ResourceShareLimitExceededException for shares and associations (RAM's model documents it
 * as "would exceed the limit for resource shares for your account"), the same code for pending
 * invitations (assumed: AWS names no code), TagLimitExceededException for tags, and
 * ThrottlingException (429, in RAM's model) for the request rate (assumed rates).
 */
import { takeToken } from '../../cloudtrail/rate-limit.js';
import { SandboxServiceError, type OperationContext } from '../../types.js';
import type { AssociationType } from './rows.js';
import { ramLimits, type RamLimits } from './limits.js';
import { statement } from './statements.js';

function limitExceeded(message: string): SandboxServiceError {
  return new SandboxServiceError('ResourceShareLimitExceededException', message);
}

export function limitsOf(ctx: OperationContext): RamLimits {
  return ramLimits(ctx.db);
}

export function checkShareCount(ctx: OperationContext, limits: RamLimits): void {
  const { n } = statement(
    ctx.db,
    `SELECT COUNT(*) AS n FROM ram_shares WHERE owner_account_id = ? AND region = ? AND status = 'ACTIVE'`,
  ).get(ctx.caller.accountId, ctx.region) as { n: number };
  if (n + 1 > limits.resourceSharesPerRegion) {
    throw limitExceeded(
      `The account ${ctx.caller.accountId} already has ${n} resource shares in ${ctx.region}; the limit is ${limits.resourceSharesPerRegion}.`,
    );
  }
}

export function checkPerCall(resources: number, principals: number, limits: RamLimits): void {
  if (resources > limits.entitiesPerCall || principals > limits.entitiesPerCall) {
    throw limitExceeded(
      `You can associate up to ${limits.entitiesPerCall} resources and ${limits.entitiesPerCall} principals per call (this call has ${resources} and ${principals}).`,
    );
  }
}

const WORD: Record<AssociationType, string> = { RESOURCE: 'resource', PRINCIPAL: 'principal' };

/** `added` associations of `type` that are not live yet would join `shareArn`. */
export function checkAssociationCounts(
  ctx: OperationContext,
  limits: RamLimits,
  shareArn: string,
  type: AssociationType,
  added: number,
): void {
  if (added === 0) {
    return;
  }
  const perShare = type === 'RESOURCE' ? limits.resourcesPerShare : limits.principalsPerShare;
  const inShare = (
    statement(
      ctx.db,
      `SELECT COUNT(*) AS n FROM ram_associations INDEXED BY ram_associations_quota
       WHERE share_arn = ? AND association_type = ? AND status IN ('ASSOCIATING', 'ASSOCIATED')`,
    ).get(shareArn, type) as { n: number }
  ).n;
  if (inShare + added > perShare) {
    throw limitExceeded(
      `The resource share would have ${inShare + added} ${WORD[type]} associations; the limit is ${perShare} per resource share.`,
    );
  }
  const perRegion = type === 'RESOURCE' ? limits.resourcesPerRegion : limits.principalsPerRegion;
  // A share's ARN starts with its region and owner, so the account's associations in a region are
  // one range of the (share_arn, association_type, status) index: no join, no table lookups. The
  // planner would rather take the status index (every row is ASSOCIATED at scale), hence INDEXED BY.
  const prefix = `arn:aws:ram:${ctx.region}:${ctx.caller.accountId}:resource-share/`;
  const inRegion = (
    statement(
      ctx.db,
      `SELECT COUNT(*) AS n FROM ram_associations INDEXED BY ram_associations_quota
       WHERE share_arn >= ? AND share_arn < ? AND association_type = ?
         AND status IN ('ASSOCIATING', 'ASSOCIATED')`,
    ).get(prefix, `${prefix}\uffff`, type) as { n: number }
  ).n;
  if (inRegion + added > perRegion) {
    throw limitExceeded(
      `The account ${ctx.caller.accountId} would have ${inRegion + added} ${WORD[type]} associations across its resource shares in ${ctx.region}; the limit is ${perRegion}.`,
    );
  }
}

/** `added` new invitations would go out from the caller's account (answered or expired ones don't count). */
export function checkPendingInvitations(ctx: OperationContext, limits: RamLimits, added: number): void {
  if (added === 0) {
    return;
  }
  const { n } = statement(
    ctx.db,
    `SELECT COUNT(*) AS n FROM ram_invitations WHERE sender_account_id = ? AND status = 'PENDING'`,
  ).get(ctx.caller.accountId) as { n: number };
  if (n + added > limits.pendingInvitationsPerAccount) {
    throw limitExceeded(
      `The account ${ctx.caller.accountId} has ${n} pending resource share invitations and this call would send ${added} more; the limit is ${limits.pendingInvitationsPerAccount}. Wait for the invitations to be accepted or rejected, or enable sharing with AWS Organizations.`,
    );
  }
}

export function checkTagCount(limits: RamLimits, count: number): void {
  if (count > limits.tagsPerShare) {
    throw new SandboxServiceError(
      'TagLimitExceededException',
      `A resource share can have at most ${limits.tagsPerShare} tags (this one would have ${count}).`,
    );
  }
}

/** One token from the caller's bucket for this family of operations, or ThrottlingException. */
export function checkRequestRate(ctx: OperationContext, limits: RamLimits, readOnly: boolean): void {
  const limit = readOnly
    ? { ratePerSecond: limits.readRatePerSecond, burst: limits.readBurst }
    : { ratePerSecond: limits.writeRatePerSecond, burst: limits.writeBurst };
  const allowed = takeToken(
    ctx.db,
    { accountId: ctx.caller.accountId, region: ctx.region, api: readOnly ? 'ram:read' : 'ram:write' },
    ctx.now.getTime(),
    limit,
  );
  if (!allowed) {
    throw new SandboxServiceError('ThrottlingException', 'Rate exceeded', 429);
  }
}
