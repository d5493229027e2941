/**
 * RAM's stored rows and the lookups every operation shares: shares (own and reaching the caller),
 * their associations, permissions, tags and names.
 */
import { SandboxServiceError, type Db, type OperationContext } from '../../types.js';
import { principalEntitiesFor } from '../access.js';
import type { Tag } from '../params.js';
import type { AssociationRow } from '../state.js';
import { placeholders, statement } from './statements.js';

export type { AssociationRow } from '../state.js';
export type AssociationType = 'RESOURCE' | 'PRINCIPAL';

export interface ShareRow {
  arn: string;
  name: string;
  owner_account_id: string;
  region: string;
  allow_external: number;
  status: string;
  creation_time: number;
  last_updated_time: number;
}

export interface InvitationRow {
  arn: string;
  share_arn: string;
  sender_account_id: string;
  receiver_account_id: string;
  receiver_arn: string | null;
  status: string;
  invitation_time: number;
}

/** Association statuses that hold a place (for access, for quotas, for idempotent re-association). */
export const LIVE_STATUSES = ['ASSOCIATING', 'ASSOCIATED'] as const;

export function isLive(status: string): boolean {
  return status === 'ASSOCIATING' || status === 'ASSOCIATED';
}

const SHARE_ARN = /^arn:aws:ram:([a-z0-9-]+):(\d{12}):resource-share\/[0-9a-f-]{36}$/;

export function parseShareArn(arn: string): void {
  if (!SHARE_ARN.test(arn)) {
    throw new SandboxServiceError('MalformedArnException', `The format of the ARN ${arn} is not valid.`);
  }
}

export function unknownShare(arn: string): SandboxServiceError {
  return new SandboxServiceError('UnknownResourceException', `ResourceShare ${arn} could not be found.`);
}

export function shareByArn(db: Db, arn: string): ShareRow | undefined {
  return statement(db, 'SELECT * FROM ram_shares WHERE arn = ?').get(arn) as ShareRow | undefined;
}

export function shareName(db: Db, arn: string): string {
  return shareByArn(db, arn)?.name ?? '';
}

/** The caller's own share in this region, named in CloudTrail; others' shares are unknown. */
export function ownShare(
  ctx: OperationContext,
  arn: string,
  options: { allowDeleted?: boolean } = {},
): ShareRow {
  parseShareArn(arn);
  const row = shareByArn(ctx.db, arn);
  if (!row || row.owner_account_id !== ctx.caller.accountId || row.region !== ctx.region) {
    throw unknownShare(arn);
  }
  if (row.status === 'DELETED' && options.allowDeleted !== true) {
    throw new SandboxServiceError(
      'OperationNotPermittedException',
      `The resource share ${arn} has been deleted.`,
    );
  }
  ctx.trail.resources = [{ accountId: row.owner_account_id, type: 'AWS::RAM::ResourceShare', ARN: row.arn }];
  return row;
}

export function ownShares(ctx: OperationContext): ShareRow[] {
  return statement(
    ctx.db,
    'SELECT * FROM ram_shares WHERE owner_account_id = ? AND region = ? ORDER BY creation_time, arn',
  ).all(ctx.caller.accountId, ctx.region) as ShareRow[];
}

/** Shares of other accounts that reach the caller through an ASSOCIATED principal association. */
export function sharesWithCaller(ctx: OperationContext): ShareRow[] {
  const entities = principalEntitiesFor(ctx.caller);
  return statement(
    ctx.db,
    `SELECT DISTINCT s.* FROM ram_shares s JOIN ram_associations a ON a.share_arn = s.arn
     WHERE a.association_type = 'PRINCIPAL' AND a.status = 'ASSOCIATED' AND s.status = 'ACTIVE'
       AND s.region = ? AND s.owner_account_id <> ?
       AND a.entity IN (${placeholders(entities.length)})
     ORDER BY s.creation_time, s.arn`,
  ).all(ctx.region, ctx.caller.accountId, ...entities) as ShareRow[];
}

export function associationRows(db: Db, shareArn: string, type: AssociationType): AssociationRow[] {
  return statement(
    db,
    `SELECT a.*, i.status AS invitation_status, i.invitation_time AS invitation_time
     FROM ram_associations a LEFT JOIN ram_invitations i ON i.arn = a.invitation_arn
     WHERE a.share_arn = ? AND a.association_type = ? ORDER BY a.creation_time, a.entity`,
  ).all(shareArn, type) as AssociationRow[];
}

export function associationRow(
  db: Db,
  shareArn: string,
  type: AssociationType,
  entity: string,
): AssociationRow | undefined {
  return statement(
    db,
    'SELECT * FROM ram_associations WHERE share_arn = ? AND association_type = ? AND entity = ?',
  ).get(shareArn, type, entity) as AssociationRow | undefined;
}

export function sharePermissions(
  db: Db,
  shareArn: string,
): { resource_type: string; permission_arn: string }[] {
  return statement(
    db,
    'SELECT resource_type, permission_arn FROM ram_share_permissions WHERE share_arn = ? ORDER BY resource_type',
  ).all(shareArn) as { resource_type: string; permission_arn: string }[];
}

export function tagsOf(db: Db, shareArn: string): Tag[] {
  return statement(db, 'SELECT key, value FROM ram_share_tags WHERE share_arn = ? ORDER BY key').all(
    shareArn,
  ) as Tag[];
}

export function putTag(db: Db, shareArn: string, tag: Tag): void {
  statement(db, 'INSERT OR REPLACE INTO ram_share_tags (share_arn, key, value) VALUES (?, ?, ?)').run(
    shareArn,
    tag.key,
    tag.value,
  );
}

export function touch(ctx: OperationContext, shareArn: string): void {
  statement(ctx.db, 'UPDATE ram_shares SET last_updated_time = ? WHERE arn = ?').run(
    ctx.now.getTime(),
    shareArn,
  );
}
