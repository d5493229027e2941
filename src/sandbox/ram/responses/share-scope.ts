/** Which shares (alias s) a caller sees as `SELF` or `OTHER-ACCOUNTS`, for every RAM list call. */
import type { OperationContext, OperationInput } from '../../types.js';
import { principalEntitiesFor } from '../access.js';
import { parseShareArn } from '../models/rows.js';
import { placeholders } from '../models/statements.js';
import { stringList } from '../params.js';

/**
 * SELF: the caller's own shares. OTHER-ACCOUNTS: active shares of other accounts with an
 * ASSOCIATED principal association naming the caller, its OU, organization or role. Both narrowed
 * to `resourceShareArns` when given (each checked as a share ARN) and to the caller's region.
 */
export function shareScope(
  ctx: OperationContext,
  owner: 'SELF' | 'OTHER-ACCOUNTS',
  input: OperationInput,
): { clauses: string[]; params: unknown[] } {
  const clauses = ['s.region = ?'];
  const params: unknown[] = [ctx.region];
  if (owner === 'SELF') {
    clauses.push('s.owner_account_id = ?');
    params.push(ctx.caller.accountId);
  } else {
    const entities = principalEntitiesFor(ctx.caller);
    clauses.push(
      `s.status = 'ACTIVE'`,
      's.owner_account_id <> ?',
      `EXISTS (SELECT 1 FROM ram_associations p WHERE p.share_arn = s.arn AND p.association_type = 'PRINCIPAL'
         AND p.status = 'ASSOCIATED' AND p.entity IN (${placeholders(entities.length)}))`,
    );
    params.push(ctx.caller.accountId, ...entities);
  }
  const arns = stringList(input, 'resourceShareArns');
  arns.forEach(parseShareArn);
  if (arns.length > 0) {
    clauses.push(`s.arn IN (${placeholders(arns.length)})`);
    params.push(...arns);
  }
  return { clauses, params };
}
