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
import { statement } from '../models/statements.js';
import { paginate } from '../paging.js';
import { optionalBoolean, optionalInteger, optionalString } from '../params.js';
import { permissionByArn } from '../permissions.js';
import { pageOf } from '../views.js';

const PERMISSION_ARN = /^arn:aws:ram::(aws|\d{12}):permission\/[\w-]+$/;

interface PermissionAssociationRow {
  share_arn: string;
  resource_type: string;
  permission_arn: string;
  permission_version: string;
  last_updated_time: number;
}

export function listPermissionAssociations(input: OperationInput, ctx: OperationContext): OperationOutput {
  const permissionArn = optionalString(input, 'permissionArn');
  if (permissionArn !== undefined && !PERMISSION_ARN.test(permissionArn)) {
    throw new SandboxServiceError(
      'MalformedArnException',
      `The format of the permission ARN ${permissionArn} is not valid.`,
    );
  }
  const version = optionalInteger(input, 'permissionVersion');
  const status = optionalString(input, 'associationStatus');
  const resourceType = optionalString(input, 'resourceType')?.toLowerCase();
  const featureSet = optionalString(input, 'featureSet');
  const defaultOnly = optionalBoolean(input, 'defaultVersion') === true;
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
  const rows = statement(
    ctx.db,
    `SELECT p.share_arn, p.resource_type, p.permission_arn, p.permission_version, s.last_updated_time
       FROM ram_share_permissions p JOIN ram_shares s ON s.arn = p.share_arn
       WHERE ${clauses.join(' AND ')} ORDER BY s.creation_time, s.arn, p.resource_type`,
  ).all(...params) as PermissionAssociationRow[];
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
  return pageOf(
    'permissions',
    page.map((row) => ({
      arn: row.permission_arn,
      permissionVersion: row.permission_version,
      defaultVersion: true,
      resourceType: row.resource_type,
      status: 'ASSOCIATED',
      featureSet: 'STANDARD',
      lastUpdatedTime: new Date(row.last_updated_time),
      resourceShareArn: row.share_arn,
    })),
    nextToken,
  );
}
