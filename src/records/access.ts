/**
 * The one place an access denial from Feature Store or SageMaker becomes fshare's typed error: it
 * names the level the operation needs and the command that grants it.
 */
import { isAccessDenied } from '../aws/errors.js';
import { acceptStepFor } from '../consumer/pending.js';
import type { ResolvedFeatureGroup } from '../consumer/resolve-feature-group.js';
import type { Context } from '../context.js';
import { AccessDeniedError } from '../errors.js';
import { minimumLevel, type FeatureStoreOperation } from '../permissions/operations.js';

type DeniedGroup = Pick<ResolvedFeatureGroup, 'arn' | 'name' | 'account' | 'own'> &
  Partial<Pick<ResolvedFeatureGroup, 'pendingInvitation'>>;

/** The consumer's own next step when an invitation for the group waits to be accepted. */
async function pendingAccept(ctx: Context, group: DeniedGroup): Promise<string | undefined> {
  try {
    return await acceptStepFor(ctx, group);
  } catch {
    // Without the inbox the grant advice below still applies.
    return undefined;
  }
}

/** Access denied on `operation`: says which level is missing and who can grant it. */
export async function deniedError(
  ctx: Context,
  group: DeniedGroup,
  operation: FeatureStoreOperation,
  cause: unknown,
): Promise<AccessDeniedError> {
  const needed = minimumLevel(operation);
  let you = 'your-account';
  try {
    you = (await ctx.aws.identity()).account;
  } catch {
    // The hint still reads well with a placeholder.
  }
  const accept = group.own ? undefined : await pendingAccept(ctx, group);
  const hint = group.own
    ? `You own ${group.name}: an IAM policy in your account denies sagemaker:${operation}.`
    : accept
      ? `${operation} needs the owner's invitation accepted first: \`${accept}\`.`
      : `${operation} needs ${needed}: ask the owner (account ${group.account}) to run \`fshare grant ${group.name} --to ${you} --level ${needed}\`; \`fshare can ${operation} ${group.arn}\` shows what you have.`;
  return new AccessDeniedError(`Access denied: ${operation} on ${group.arn} was refused.`, {
    code: 'FSHARE_ACCESS_DENIED',
    hint,
    cause,
    details: { operation, featureGroupArn: group.arn, neededLevel: needed },
  });
}

/** Turns an access denial thrown by `error` into the typed error; anything else passes through. */
export async function explainDenial(
  ctx: Context,
  group: DeniedGroup,
  operation: FeatureStoreOperation,
  error: unknown,
): Promise<unknown> {
  return isAccessDenied(error) ? deniedError(ctx, group, operation, error) : error;
}

/** Runs one call; an access denial comes out as the typed error for `operation`. */
export async function guarded<T>(
  ctx: Context,
  group: DeniedGroup,
  operation: FeatureStoreOperation,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw await explainDenial(ctx, group, operation, error);
  }
}
