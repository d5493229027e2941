/**
 * ListResources and ListPrincipals, SELF (the caller's shares) or OTHER-ACCOUNTS (shares reaching
 * the caller). Each page is one indexed query with LIMIT/OFFSET, in share order (creation time,
 * ARN) and then association order. Stored statuses are the effective ones: every RAM call settles
 * first (see service.ts).
 */
import { isInOrganization } from '../../core/principals.js';
import {
  SandboxServiceError,
  type OperationContext,
  type OperationInput,
  type OperationOutput,
} from '../../types.js';
import { type AssociationRow } from '../models/rows.js';
import { placeholders, statement } from '../models/statements.js';
import { paginateQuery } from '../paging.js';
import { optionalString, resourceOwner, stringList } from '../params.js';
import { shareScope } from './share-scope.js';
import { CATALOG_RESOURCE_TYPE, FEATURE_GROUP_RESOURCE_TYPE, shareableResource } from '../permissions.js';
import { pageOf, resourceView } from '../views.js';

/** How a resource type shows in a shareable ARN (the codes are matched case-insensitively). */
const ARN_PATTERN_OF_TYPE: Record<string, string> = {
  [FEATURE_GROUP_RESOURCE_TYPE.toLowerCase()]: 'arn:aws:sagemaker:%:feature-group/%',
  [CATALOG_RESOURCE_TYPE.toLowerCase()]: 'arn:aws:sagemaker:%:sagemaker-catalog/%',
};

function resourceTypePattern(input: OperationInput): string | undefined {
  const type = optionalString(input, 'resourceType');
  if (type === undefined) {
    return undefined;
  }
  const pattern = ARN_PATTERN_OF_TYPE[type.toLowerCase()];
  if (pattern === undefined) {
    throw new SandboxServiceError(
      'InvalidResourceTypeException',
      `The resource type ${type} is not supported.`,
    );
  }
  return pattern;
}

const hasAssociated = (type: 'RESOURCE' | 'PRINCIPAL', test: string) =>
  `EXISTS (SELECT 1 FROM ram_associations x WHERE x.share_arn = s.arn AND x.association_type = '${type}'
     AND x.status = 'ASSOCIATED' AND x.entity ${test})`;

export function listResources(input: OperationInput, ctx: OperationContext): OperationOutput {
  const owner = resourceOwner(input);
  const typePattern = resourceTypePattern(input);
  const principal = optionalString(input, 'principal');
  const wanted = stringList(input, 'resourceArns');
  const { clauses, params } = shareScope(ctx, owner, input);
  // Listed resources and principals are those of active shares (other accounts' are active already).
  if (owner === 'SELF') {
    clauses.push(`s.status = 'ACTIVE'`);
  }
  clauses.push(`a.association_type = 'RESOURCE'`, `a.status = 'ASSOCIATED'`);
  if (typePattern !== undefined) {
    clauses.push('a.entity LIKE ?');
    params.push(typePattern);
  }
  if (wanted.length > 0) {
    clauses.push(`a.entity IN (${placeholders(wanted.length)})`);
    params.push(...wanted);
  }
  if (principal !== undefined) {
    clauses.push(hasAssociated('PRINCIPAL', '= ?'));
    params.push(principal);
  }
  const sql = `SELECT a.* FROM ram_associations a JOIN ram_shares s ON s.arn = a.share_arn
    WHERE ${clauses.join(' AND ')}
    ORDER BY s.creation_time, s.arn, a.creation_time, a.entity LIMIT ? OFFSET ?`;
  const { page, nextToken } = paginateQuery(
    { db: ctx.db, operation: 'ListResources', accountId: ctx.caller.accountId, input },
    (offset, limit) => statement(ctx.db, sql).all(...params, limit, offset) as AssociationRow[],
  );
  return pageOf(
    'resources',
    page.map((r) => resourceView(r, shareableResource(r.entity)?.type ?? 'unknown')),
    nextToken,
  );
}

interface PrincipalRow {
  id: string;
  share_arn: string;
  creation_time: number;
  last_updated_time: number;
  external: number;
}

export function listPrincipals(input: OperationInput, ctx: OperationContext): OperationOutput {
  const owner = resourceOwner(input);
  const typePattern = resourceTypePattern(input);
  const resourceArn = optionalString(input, 'resourceArn');
  const wanted = stringList(input, 'principals');
  const { clauses, params } = shareScope(ctx, owner, input);
  // Listed resources and principals are those of active shares (other accounts' are active already).
  if (owner === 'SELF') {
    clauses.push(`s.status = 'ACTIVE'`);
  }
  if (resourceArn !== undefined) {
    clauses.push(hasAssociated('RESOURCE', '= ?'));
    params.push(resourceArn);
  }
  if (typePattern !== undefined) {
    clauses.push(hasAssociated('RESOURCE', 'LIKE ?'));
    params.push(typePattern);
  }
  let sql: string;
  if (owner === 'OTHER-ACCOUNTS') {
    // Seen from the receiving side, the principal that shared is the owning account.
    sql = `SELECT s.owner_account_id AS id, s.arn AS share_arn, s.creation_time, s.last_updated_time, 0 AS external
      FROM ram_shares s WHERE ${clauses.join(' AND ')} ORDER BY s.creation_time, s.arn LIMIT ? OFFSET ?`;
  } else {
    clauses.push(`a.association_type = 'PRINCIPAL'`, `a.status = 'ASSOCIATED'`);
    if (wanted.length > 0) {
      clauses.push(`a.entity IN (${placeholders(wanted.length)})`);
      params.push(...wanted);
    }
    sql = `SELECT a.entity AS id, a.share_arn, a.creation_time, a.last_updated_time, a.external
      FROM ram_associations a JOIN ram_shares s ON s.arn = a.share_arn
      WHERE ${clauses.join(' AND ')}
      ORDER BY s.creation_time, s.arn, a.creation_time, a.entity LIMIT ? OFFSET ?`;
  }
  const { page, nextToken } = paginateQuery(
    { db: ctx.db, operation: 'ListPrincipals', accountId: ctx.caller.accountId, input },
    (offset, limit) => statement(ctx.db, sql).all(...params, limit, offset) as PrincipalRow[],
  );
  const callerInOrg = isInOrganization(ctx.caller.accountId);
  return pageOf(
    'principals',
    page.map((p) => ({
      id: p.id,
      resourceShareArn: p.share_arn,
      creationTime: new Date(p.creation_time),
      lastUpdatedTime: new Date(p.last_updated_time),
      external: owner === 'OTHER-ACCOUNTS' ? !isInOrganization(p.id) || !callerInOrg : p.external === 1,
    })),
    nextToken,
  );
}
