/** RAM operations on a share's associations: associate, disassociate, GetResourceShareAssociations. */
import {
  SandboxServiceError,
  type OperationContext,
  type OperationInput,
  type OperationOutput,
} from '../../types.js';
import { idempotent } from '../idempotency.js';
import { associate } from '../models/associate.js';
import {
  associationRow,
  ownShare,
  parseShareArn,
  touch,
  type AssociationRow,
  type AssociationType,
} from '../models/rows.js';
import { placeholders, statement } from '../models/statements.js';
import { paginateQuery } from '../paging.js';
import { invalid, optionalString, requiredString, stringList } from '../params.js';
import { associationView, pageOf } from '../views.js';

export function associateResourceShare(input: OperationInput, ctx: OperationContext): OperationOutput {
  const arn = requiredString(input, 'resourceShareArn');
  return idempotent(ctx, 'AssociateResourceShare', input, () => {
    const share = ownShare(ctx, arn);
    const rows = associate(ctx, share, stringList(input, 'resourceArns'), stringList(input, 'principals'));
    return { resourceShareAssociations: rows.map((r) => associationView(r, share.name, ctx.now)) };
  });
}

export function disassociateResourceShare(input: OperationInput, ctx: OperationContext): OperationOutput {
  const arn = requiredString(input, 'resourceShareArn');
  return idempotent(ctx, 'DisassociateResourceShare', input, () => {
    const share = ownShare(ctx, arn);
    const t = ctx.now.getTime();
    const targets: [AssociationType, string][] = [
      ...stringList(input, 'resourceArns').map((e): [AssociationType, string] => ['RESOURCE', e]),
      ...stringList(input, 'principals').map((e): [AssociationType, string] => ['PRINCIPAL', e]),
    ];
    for (const [type, entity] of targets) {
      const row = associationRow(ctx.db, arn, type, entity);
      if (!row || row.status === 'DISASSOCIATED' || row.status === 'DISASSOCIATING') {
        throw new SandboxServiceError(
          'UnknownResourceException',
          `${entity} is not associated with the resource share ${arn}.`,
        );
      }
    }
    const out: Record<string, unknown>[] = [];
    for (const [type, entity] of targets) {
      statement(
        ctx.db,
        `UPDATE ram_associations SET status = 'DISASSOCIATING', last_updated_time = ? WHERE share_arn = ? AND association_type = ? AND entity = ?`,
      ).run(t, arn, type, entity);
      const row = associationRow(ctx.db, arn, type, entity) as AssociationRow;
      // The response shows the move in progress; access is already gone (state.ts).
      out.push({ ...associationView(row, share.name, ctx.now), status: 'DISASSOCIATING' });
    }
    touch(ctx, arn);
    return { resourceShareAssociations: out };
  });
}

/**
 * One indexed query per page over the caller's shares' associations. The stored status equals the
 * effective one here because every RAM call settles first (see service.ts).
 */
export function getResourceShareAssociations(input: OperationInput, ctx: OperationContext): OperationOutput {
  const type = requiredString(input, 'associationType');
  if (type !== 'PRINCIPAL' && type !== 'RESOURCE') {
    throw invalid(`The value ${type} for associationType is not valid. It must be PRINCIPAL or RESOURCE.`);
  }
  const resourceArn = optionalString(input, 'resourceArn');
  const principal = optionalString(input, 'principal');
  if (resourceArn !== undefined && type !== 'RESOURCE') {
    throw invalid('resourceArn can be used only with associationType RESOURCE.');
  }
  if (principal !== undefined && type !== 'PRINCIPAL') {
    throw invalid('principal can be used only with associationType PRINCIPAL.');
  }
  const arns = stringList(input, 'resourceShareArns');
  arns.forEach(parseShareArn);
  const status = optionalString(input, 'associationStatus');
  const clauses = ['s.owner_account_id = ?', 's.region = ?', 'a.association_type = ?'];
  const params: unknown[] = [ctx.caller.accountId, ctx.region, type];
  if (arns.length > 0) {
    clauses.push(`a.share_arn IN (${placeholders(arns.length)})`);
    params.push(...arns);
  }
  const entity = resourceArn ?? principal;
  if (entity !== undefined) {
    clauses.push('a.entity = ?');
    params.push(entity);
  }
  if (status !== undefined) {
    clauses.push('a.status = ?');
    params.push(status);
  }
  const sql = `SELECT a.*, s.name AS share_name, i.status AS invitation_status, i.invitation_time AS invitation_time
    FROM ram_associations a JOIN ram_shares s ON s.arn = a.share_arn
    LEFT JOIN ram_invitations i ON i.arn = a.invitation_arn
    WHERE ${clauses.join(' AND ')}
    ORDER BY s.creation_time, s.arn, a.creation_time, a.entity LIMIT ? OFFSET ?`;
  const { page, nextToken } = paginateQuery(
    { db: ctx.db, operation: 'GetResourceShareAssociations', accountId: ctx.caller.accountId, input },
    (offset, limit) =>
      statement(ctx.db, sql).all(...params, limit, offset) as (AssociationRow & { share_name: string })[],
  );
  return pageOf(
    'resourceShareAssociations',
    page.map((r) => associationView(r, r.share_name, ctx.now)),
    nextToken,
  );
}
