/**
 * Which feature group a request names, and whether the caller may act on it. A bare name always
 * means the caller's own account; an ARN may name another account's group, which the caller
 * reaches only through the RAM shares it holds (A's `allowedActions`).
 */
import { allowedActions } from '../ram/access.js';
import { SandboxServiceError } from '../types.js';
import type { OperationContext } from '../types.js';
import type { StoredFeatureGroup } from './store.js';
import { getFeatureGroup, getFeatureGroupByArn } from './store.js';
import type { FeatureGroupReference } from './definitions.js';

export const FEATURE_GROUP_RESOURCE_TYPE = 'AWS::SageMaker::FeatureGroup';

/**
 * The newer runtime operations appear in no managed permission. Assumed: a share grants them
 * when it grants their documented relative (docs/sandbox.md, "behaviours chosen").
 */
const ASSUMED_EQUIVALENT_ACTION: Readonly<Record<string, string>> = {
  BatchWriteRecord: 'PutRecord',
  UpdateRecord: 'PutRecord',
  ListRecords: 'GetRecord',
};

export type Plane = 'control' | 'runtime';

export function featureGroupArnOf(region: string, accountId: string, name: string): string {
  return `arn:aws:sagemaker:${region}:${accountId}:feature-group/${name}`;
}

/**
 * Only GetRecord models ResourceNotFound among the runtime's operations; for the others AWS answers
 * ValidationError "Resource Not Found: …" (aws/sagemaker-python-sdk#2606, PutRecord), and the
 * control plane answers ResourceNotFound with 400.
 */
const RUNTIME_NOT_FOUND_OPERATIONS: ReadonlySet<string> = new Set(['GetRecord']);

export function notFound(plane: Plane, name: string, operation = ''): SandboxServiceError {
  const message = `Resource Not Found: Amazon SageMaker can't find a feature group with name ${name}`;
  if (plane === 'control') {
    return new SandboxServiceError('ResourceNotFound', message, 400);
  }
  return RUNTIME_NOT_FOUND_OPERATIONS.has(operation)
    ? new SandboxServiceError('ResourceNotFound', message, 404)
    : new SandboxServiceError('ValidationError', message, 400);
}

export function accessDenied(
  plane: Plane,
  callerArn: string,
  operation: string,
  resourceArn: string,
): SandboxServiceError {
  const action = `sagemaker:${operation}`;
  const message = `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resourceArn} because no resource-based policy allows the ${action} action`;
  return plane === 'control'
    ? new SandboxServiceError('AccessDeniedException', message, 400)
    : new SandboxServiceError('AccessForbidden', message, 403);
}

/** True when the caller's shares allow `operation` on another account's resource. */
export function sharedAccessAllows(ctx: OperationContext, resourceArn: string, operation: string): boolean {
  const actions = allowedActions(ctx.db, { caller: ctx.caller, resourceArn, now: ctx.now });
  if (actions.has(`sagemaker:${operation}`)) {
    return true;
  }
  const equivalent = ASSUMED_EQUIVALENT_ACTION[operation];
  return equivalent !== undefined && actions.has(`sagemaker:${equivalent}`);
}

export function trailFor(ctx: OperationContext, group: { accountId: string; arn: string }): void {
  ctx.trail.resources = [{ accountId: group.accountId, type: FEATURE_GROUP_RESOURCE_TYPE, ARN: group.arn }];
  ctx.trail.ownerAccountId = group.accountId;
}

/**
 * Resolves the group and checks the caller may run `operation` on it. Another account's group is
 * checked for access before existence, so a caller without a share learns nothing about it.
 */
export function authorizeFeatureGroup(
  ctx: OperationContext,
  reference: FeatureGroupReference,
  operation: string,
  plane: Plane,
  options: { recordTrail?: boolean } = {},
): StoredFeatureGroup {
  const recordTrail = options.recordTrail ?? true;
  if (reference.kind === 'name') {
    const group = getFeatureGroup(ctx.db, ctx.caller.accountId, ctx.region, reference.name);
    if (recordTrail) {
      trailFor(ctx, {
        accountId: ctx.caller.accountId,
        arn: group?.arn ?? featureGroupArnOf(ctx.region, ctx.caller.accountId, reference.name),
      });
    }
    if (!group) {
      throw notFound(plane, reference.name, operation);
    }
    return group;
  }
  if (recordTrail) {
    trailFor(ctx, { accountId: reference.accountId, arn: reference.arn });
  }
  if (reference.accountId !== ctx.caller.accountId && !sharedAccessAllows(ctx, reference.arn, operation)) {
    throw accessDenied(plane, ctx.caller.arn, operation, reference.arn);
  }
  const group = reference.region === ctx.region ? getFeatureGroupByArn(ctx.db, reference.arn) : undefined;
  if (!group) {
    throw notFound(plane, reference.arn, operation);
  }
  return group;
}
