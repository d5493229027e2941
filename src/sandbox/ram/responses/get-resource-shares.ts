/**
 * GetResourceShares, SELF (the caller's shares) or OTHER-ACCOUNTS (shares reaching the caller
 * through an ASSOCIATED principal association), with RAM's filters. Each page is one indexed query
 * with LIMIT/OFFSET in share order (creation time, ARN): an owner with thousands of shares pays for
 * the page it reads, not for every share.
 */
import type { OperationContext, OperationInput, OperationOutput } from '../../types.js';
import { type ShareRow } from '../models/rows.js';
import { placeholders, statement } from '../models/statements.js';
import { paginateQuery } from '../paging.js';
import { optionalString, resourceOwner } from '../params.js';
import { pageOf, shareView } from '../views.js';
import { shareScope } from './share-scope.js';

/** `tagFilters`: every filter must match one tag (its key, if given, and one of its values, if any). */
function tagClauses(input: OperationInput): { clauses: string[]; params: unknown[] } {
  const filters = Array.isArray(input.tagFilters) ? (input.tagFilters as unknown[]) : [];
  const clauses: string[] = [];
  const params: unknown[] = [];
  for (const f of filters) {
    const filter = (f ?? {}) as { tagKey?: unknown; tagValues?: unknown };
    const tests = ['t.share_arn = s.arn'];
    if (filter.tagKey !== undefined && filter.tagKey !== null) {
      tests.push('t.key = ?');
      params.push(filter.tagKey);
    }
    const values = Array.isArray(filter.tagValues) ? (filter.tagValues as unknown[]) : [];
    if (values.length > 0) {
      tests.push(`t.value IN (${placeholders(values.length)})`);
      params.push(...values);
    }
    clauses.push(`EXISTS (SELECT 1 FROM ram_share_tags t WHERE ${tests.join(' AND ')})`);
  }
  return { clauses, params };
}

export function getResourceShares(input: OperationInput, ctx: OperationContext): OperationOutput {
  const owner = resourceOwner(input);
  const { clauses, params } = shareScope(ctx, owner, input);
  const status = optionalString(input, 'resourceShareStatus');
  clauses.push(status === undefined ? `s.status <> 'DELETED'` : 's.status = ?');
  params.push(...(status === undefined ? [] : [status]));
  const name = optionalString(input, 'name');
  if (name !== undefined) {
    clauses.push('s.name = ?');
    params.push(name);
  }
  const permissionArn = optionalString(input, 'permissionArn');
  if (permissionArn !== undefined) {
    clauses.push(
      'EXISTS (SELECT 1 FROM ram_share_permissions p WHERE p.share_arn = s.arn AND p.permission_arn = ?)',
    );
    params.push(permissionArn);
  }
  const tags = tagClauses(input);
  clauses.push(...tags.clauses);
  params.push(...tags.params);
  const sql = `SELECT s.* FROM ram_shares s WHERE ${clauses.join(' AND ')}
    ORDER BY s.creation_time, s.arn LIMIT ? OFFSET ?`;
  const { page, nextToken } = paginateQuery(
    { db: ctx.db, operation: 'GetResourceShares', accountId: ctx.caller.accountId, input },
    (offset, limit) => statement(ctx.db, sql).all(...params, limit, offset) as ShareRow[],
  );
  return pageOf(
    'resourceShares',
    page.map((s) => shareView(ctx.db, s)),
    nextToken,
  );
}
