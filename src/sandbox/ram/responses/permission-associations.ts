/**
 * ListPermissionAssociations: which of the caller's resource shares use a managed permission, one
 * row per (share, resource type). Read from the ram_share_permissions index on permission_arn, so
 * one call per managed permission replaces one ListResourceSharePermissions per share.
 *
 * Assumed (docs/sandbox.md): only the caller's own ACTIVE shares are listed; the association's
 * `status` is ASSOCIATED (the associationStatus filter takes RAM's association statuses); every
 * AWS-managed permission here has one version, which is its default.
 */
import {
  SandboxServiceError,
  type OperationContext,
  type OperationInput,
  type OperationOutput,
} from '../../types.js';
import { paginate } from '../paging.js';
import { permissionByArn } from '../permissions.js';

const PERMISSION_ARN = /^arn:aws:ram::(aws|\d{12}):permission\/[\w-]+$/;

interface PermissionAssociationRow {
  share_arn: string;
  resource_type: string;
  permission_arn: string;
  permission_version: string;
  last_updated_time: number;
}

function optional(input: OperationInput, member: string, type: 'string' | 'number' | 'boolean'): unknown {
  const value = input[member];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== type) {
    throw new SandboxServiceError('InvalidParameterException', `The parameter ${member} must be a ${type}.`);
  }
  return value;
}

export function listPermissionAssociations(input: OperationInput, ctx: OperationContext): OperationOutput {
  const permissionArn = optional(input, 'permissionArn', 'string') as string | undefined;
  if (permissionArn !== undefined && !PERMISSION_ARN.test(permissionArn)) {
    throw new SandboxServiceError(
      'MalformedArnException',
      `The format of the permission ARN ${permissionArn} is not valid.`,
    );
  }
  const version = optional(input, 'permissionVersion', 'number') as number | undefined;
  const status = optional(input, 'associationStatus', 'string') as string | undefined;
  const resourceType = (optional(input, 'resourceType', 'string') as string | undefined)?.toLowerCase();
  const featureSet = optional(input, 'featureSet', 'string') as string | undefined;
  const defaultOnly = optional(input, 'defaultVersion', 'boolean') === true;
  const clauses = ['s.owner_account_id = ?', 's.region = ?', `s.status = 'ACTIVE'`];
  const params: unknown[] = [ctx.caller.accountId, ctx.region];
  if (permissionArn !== undefined) {
    clauses.push('p.permission_arn = ?');
    params.push(permissionArn);
  }
  if (version !== undefined) {
    clauses.push('p.permission_version = ?');
    params.push(String(version));
  }
  const rows = ctx.db
    .prepare(
      `SELECT p.share_arn, p.resource_type, p.permission_arn, p.permission_version, s.last_updated_time
       FROM ram_share_permissions p JOIN ram_shares s ON s.arn = p.share_arn
       WHERE ${clauses.join(' AND ')} ORDER BY s.creation_time, s.arn, p.resource_type`,
    )
    .all(...params) as PermissionAssociationRow[];
  const matching = rows.filter((row) => {
    const permission = permissionByArn(row.permission_arn);
    return (
      permission !== undefined &&
      (status === undefined || status === 'ASSOCIATED') &&
      (featureSet === undefined || featureSet === 'STANDARD') &&
      (!defaultOnly || row.permission_version === permission.version) &&
      (resourceType === undefined || row.resource_type.toLowerCase() === resourceType)
    );
  });
  const { page, nextToken } = paginate(
    { db: ctx.db, operation: 'ListPermissionAssociations', accountId: ctx.caller.accountId, input },
    matching,
  );
  return {
    permissions: page.map((row) => ({
      arn: row.permission_arn,
      permissionVersion: row.permission_version,
      defaultVersion: true,
      resourceType: row.resource_type,
      status: 'ASSOCIATED',
      featureSet: 'STANDARD',
      lastUpdatedTime: new Date(row.last_updated_time),
      resourceShareArn: row.share_arn,
    })),
    ...(nextToken ? { nextToken } : {}),
  };
}
