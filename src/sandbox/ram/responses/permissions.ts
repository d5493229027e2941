/** RAM's managed permissions: the catalogue, one share's permissions, and replacing one. */
import {
  SandboxServiceError,
  type OperationContext,
  type OperationInput,
  type OperationOutput,
} from '../../types.js';
import { idempotent } from '../idempotency.js';
import { lookupPermission, setPermissions } from '../models/associate.js';
import {
  ownShare,
  parseShareArn,
  shareByArn,
  sharePermissions,
  sharesWithCaller,
  touch,
  unknownShare,
} from '../models/rows.js';
import { paginate } from '../paging.js';
import { invalid, optionalBoolean, optionalString, requiredString } from '../params.js';
import {
  MANAGED_PERMISSIONS,
  permissionByArn,
  permissionDocument,
  type ManagedPermission,
} from '../permissions.js';
import { pageOf, permissionSummary } from '../views.js';

export function listResourceSharePermissions(input: OperationInput, ctx: OperationContext): OperationOutput {
  const arn = requiredString(input, 'resourceShareArn');
  parseShareArn(arn);
  const share = shareByArn(ctx.db, arn);
  const visible =
    share !== undefined &&
    (share.owner_account_id === ctx.caller.accountId || sharesWithCaller(ctx).some((s) => s.arn === arn));
  if (!share || !visible) {
    throw unknownShare(arn);
  }
  ctx.trail.resources = [{ accountId: share.owner_account_id, type: 'AWS::RAM::ResourceShare', ARN: arn }];
  const perms = sharePermissions(ctx.db, arn)
    .map((p) => permissionByArn(p.permission_arn))
    .filter((p): p is ManagedPermission => p !== undefined)
    .map(permissionSummary);
  const { page, nextToken } = paginate(
    { db: ctx.db, operation: 'ListResourceSharePermissions', accountId: ctx.caller.accountId, input },
    perms,
  );
  return pageOf('permissions', page, nextToken);
}

export function listPermissions(input: OperationInput, ctx: OperationContext): OperationOutput {
  const type = optionalString(input, 'resourceType')?.toLowerCase();
  const permissionType = optionalString(input, 'permissionType') ?? 'ALL';
  if (!['ALL', 'AWS_MANAGED', 'CUSTOMER_MANAGED'].includes(permissionType)) {
    throw invalid(`The value ${permissionType} for permissionType is not valid.`);
  }
  const perms =
    permissionType === 'CUSTOMER_MANAGED'
      ? []
      : MANAGED_PERMISSIONS.filter((p) => type === undefined || p.resourceType.toLowerCase() === type);
  const { page, nextToken } = paginate(
    { db: ctx.db, operation: 'ListPermissions', accountId: ctx.caller.accountId, input },
    perms.map(permissionSummary),
  );
  return pageOf('permissions', page, nextToken);
}

export function getPermission(input: OperationInput, _ctx: OperationContext): OperationOutput {
  const p = lookupPermission(requiredString(input, 'permissionArn'));
  const version = input.permissionVersion;
  if (version !== undefined && version !== null && String(version) !== p.version) {
    throw new SandboxServiceError(
      'UnknownResourceException',
      `Version ${String(version)} of the permission ${p.arn} could not be found.`,
    );
  }
  return { permission: { ...permissionSummary(p), permission: permissionDocument(p) } };
}

export function listResourceTypes(input: OperationInput, ctx: OperationContext): OperationOutput {
  const types = [...new Set(MANAGED_PERMISSIONS.map((p) => p.resourceType))].map((resourceType) => ({
    resourceType,
    serviceName: 'sagemaker',
    resourceRegionScope: 'REGIONAL',
  }));
  const { page, nextToken } = paginate(
    { db: ctx.db, operation: 'ListResourceTypes', accountId: ctx.caller.accountId, input },
    types,
  );
  return pageOf('resourceTypes', page, nextToken);
}

export function associateResourceSharePermission(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  const arn = requiredString(input, 'resourceShareArn');
  const permissionArn = requiredString(input, 'permissionArn');
  return idempotent(ctx, 'AssociateResourceSharePermission', input, () => {
    ownShare(ctx, arn);
    const p = lookupPermission(permissionArn);
    const replace = optionalBoolean(input, 'replace') ?? false;
    const current = sharePermissions(ctx.db, arn).find((x) => x.resource_type === p.resourceType);
    if (current && current.permission_arn !== p.arn && !replace) {
      throw invalid(
        `The resource share already has a permission for ${p.resourceType} (${current.permission_arn}). Set replace to true to replace it.`,
      );
    }
    setPermissions(ctx, arn, [p.arn]);
    touch(ctx, arn);
    return { returnValue: true };
  });
}
