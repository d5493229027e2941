/**
 * Associating resources and principals with a share — the shared core of CreateResourceShare and
 * AssociateResourceShare — and the share's permissions. Everything is validated and every quota
 * checked before anything is written: a refused call changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { featureGroupExists } from '../../sagemaker/lookup.js';
import { SandboxServiceError, type Db, type OperationContext } from '../../types.js';
import { invalid } from '../params.js';
import {
  CATALOG_RESOURCE_TYPE,
  defaultPermissionFor,
  permissionByArn,
  shareableResource,
  type ManagedPermission,
} from '../permissions.js';
import {
  catalogRefusesIam,
  parsePrincipalEntity,
  validatePrincipal,
  type PrincipalSpec,
} from '../principals.js';
import { limitsOf, checkAssociationCounts, checkPendingInvitations, checkPerCall } from './quotas.js';
import {
  associationRow,
  associationRows,
  isLive,
  sharePermissions,
  touch,
  type AssociationRow,
  type AssociationType,
  type ShareRow,
} from './rows.js';
import { statement } from './statements.js';

function validateResource(ctx: OperationContext, arn: string): { arn: string; type: string } {
  const res = shareableResource(arn);
  if (!res) {
    if (!arn.startsWith('arn:')) {
      throw new SandboxServiceError(
        'MalformedArnException',
        `The format of the resource ARN ${arn} is not valid.`,
      );
    }
    throw invalid(`The resource ${arn} is not of a type that can be shared.`);
  }
  if (res.accountId !== ctx.caller.accountId || res.region !== ctx.region) {
    throw new SandboxServiceError('UnknownResourceException', `The resource ${arn} could not be found.`);
  }
  if (res.type !== CATALOG_RESOURCE_TYPE && !featureGroupExists(ctx.db, arn)) {
    throw new SandboxServiceError('UnknownResourceException', `The resource ${arn} could not be found.`);
  }
  return { arn: res.arn, type: res.type };
}

function shareResourceTypes(db: Db, shareArn: string): Set<string> {
  const types = new Set<string>();
  for (const row of associationRows(db, shareArn, 'RESOURCE')) {
    const res = isLive(row.status) ? shareableResource(row.entity) : undefined;
    if (res) {
      types.add(res.type);
    }
  }
  return types;
}

function isLiveAssociation(db: Db, shareArn: string, type: AssociationType, entity: string): boolean {
  const row = associationRow(db, shareArn, type, entity);
  return row !== undefined && isLive(row.status);
}

function upsertAssociation(
  ctx: OperationContext,
  shareArn: string,
  type: AssociationType,
  entity: string,
  options: { external: boolean; invitationArn: string | null },
): AssociationRow {
  const t = ctx.now.getTime();
  statement(
    ctx.db,
    `INSERT INTO ram_associations (share_arn, association_type, entity, status, status_message, external, invitation_arn, creation_time, last_updated_time)
     VALUES (?, ?, ?, 'ASSOCIATING', NULL, ?, ?, ?, ?)
     ON CONFLICT (share_arn, association_type, entity) DO UPDATE SET status = 'ASSOCIATING', status_message = NULL,
       external = excluded.external, invitation_arn = excluded.invitation_arn, last_updated_time = excluded.last_updated_time`,
  ).run(shareArn, type, entity, options.external ? 1 : 0, options.invitationArn, t, t);
  return associationRow(ctx.db, shareArn, type, entity) as AssociationRow;
}

function pendingInvitation(
  db: Db,
  shareArn: string,
  receiverAccountId: string,
  receiverArn: string | null,
): string | undefined {
  const row = statement(
    db,
    `SELECT arn FROM ram_invitations WHERE share_arn = ? AND receiver_account_id = ? AND status = 'PENDING'
       AND ((receiver_arn IS NULL AND ? IS NULL) OR receiver_arn = ?)`,
  ).get(shareArn, receiverAccountId, receiverArn, receiverArn) as { arn: string } | undefined;
  return row?.arn;
}

/**
 * The pending invitation for (share, receiver), or a new one. A past answer never blocks: after a
 * rejection (or acceptance, then removal) a new association gets a new invitation with a new ARN,
 * and the old one keeps its status.
 */
function invitationFor(
  ctx: OperationContext,
  share: ShareRow,
  receiver: { accountId: string; arn: string | null },
): string {
  const pending = pendingInvitation(ctx.db, share.arn, receiver.accountId, receiver.arn);
  if (pending) {
    return pending;
  }
  const arn = `arn:aws:ram:${share.region}:${share.owner_account_id}:resource-share-invitation/${randomUUID()}`;
  statement(
    ctx.db,
    `INSERT INTO ram_invitations (arn, share_arn, sender_account_id, receiver_account_id, receiver_arn, status, invitation_time)
     VALUES (?, ?, ?, ?, ?, 'PENDING', ?)`,
  ).run(arn, share.arn, share.owner_account_id, receiver.accountId, receiver.arn, ctx.now.getTime());
  return arn;
}

function receiverOf(spec: PrincipalSpec): { accountId: string; arn: string | null } | undefined {
  return spec.accountId === undefined
    ? undefined
    : { accountId: spec.accountId, arn: spec.kind === 'iam' ? spec.entity : null };
}

export function associate(
  ctx: OperationContext,
  share: ShareRow,
  resourceArns: readonly string[],
  principals: readonly string[],
): AssociationRow[] {
  const limits = limitsOf(ctx);
  checkPerCall(resourceArns.length, principals.length, limits);
  const resources = resourceArns.map((arn) => validateResource(ctx, arn));
  const types = shareResourceTypes(ctx.db, share.arn);
  for (const r of resources) {
    types.add(r.type);
  }
  const principalSpecs = principals.map(parsePrincipalEntity);
  if (types.has(CATALOG_RESOURCE_TYPE)) {
    const existing = associationRows(ctx.db, share.arn, 'PRINCIPAL')
      .filter((p) => isLive(p.status))
      .map((p) => parsePrincipalEntity(p.entity));
    const iam = [...principalSpecs, ...existing].find((p) => p.kind === 'iam');
    if (iam) {
      throw catalogRefusesIam(iam.entity);
    }
  }
  const checked = principalSpecs.map((spec) => ({
    spec,
    ...validatePrincipal(ctx, spec, { allowExternal: share.allow_external === 1 }, types),
  }));

  // Only associations that are not live yet count against quotas and send invitations.
  const newResources = resources.filter((r) => !isLiveAssociation(ctx.db, share.arn, 'RESOURCE', r.arn));
  const newPrincipals = checked.filter(
    (p) => !isLiveAssociation(ctx.db, share.arn, 'PRINCIPAL', p.spec.entity),
  );
  const newInvitations = newPrincipals.filter((p) => {
    const receiver = receiverOf(p.spec);
    return (
      p.needsInvitation && receiver && !pendingInvitation(ctx.db, share.arn, receiver.accountId, receiver.arn)
    );
  }).length;
  checkAssociationCounts(ctx, limits, share.arn, 'RESOURCE', newResources.length);
  checkAssociationCounts(ctx, limits, share.arn, 'PRINCIPAL', newPrincipals.length);
  checkPendingInvitations(ctx, limits, newInvitations);

  const permissions = new Set(sharePermissions(ctx.db, share.arn).map((p) => p.resource_type));
  for (const r of resources) {
    const def = permissions.has(r.type) ? undefined : defaultPermissionFor(r.type);
    if (def) {
      writePermission(ctx.db, share.arn, def);
      permissions.add(r.type);
    }
  }
  const out: AssociationRow[] = [];
  for (const r of resources) {
    out.push(
      newResources.includes(r)
        ? upsertAssociation(ctx, share.arn, 'RESOURCE', r.arn, { external: false, invitationArn: null })
        : (associationRow(ctx.db, share.arn, 'RESOURCE', r.arn) as AssociationRow),
    );
  }
  for (const p of checked) {
    if (!newPrincipals.includes(p)) {
      out.push(associationRow(ctx.db, share.arn, 'PRINCIPAL', p.spec.entity) as AssociationRow);
      continue;
    }
    const receiver = receiverOf(p.spec);
    const invitationArn = p.needsInvitation && receiver ? invitationFor(ctx, share, receiver) : null;
    out.push(
      upsertAssociation(ctx, share.arn, 'PRINCIPAL', p.spec.entity, { external: p.external, invitationArn }),
    );
  }
  touch(ctx, share.arn);
  return out;
}

function writePermission(db: Db, shareArn: string, p: ManagedPermission): void {
  statement(
    db,
    `INSERT INTO ram_share_permissions (share_arn, resource_type, permission_arn, permission_version) VALUES (?, ?, ?, ?)
     ON CONFLICT (share_arn, resource_type) DO UPDATE SET permission_arn = excluded.permission_arn, permission_version = excluded.permission_version`,
  ).run(shareArn, p.resourceType, p.arn, p.version);
}

export function lookupPermission(arn: string): ManagedPermission {
  if (!/^arn:aws:ram::(aws|\d{12}):permission\/[\w-]+$/.test(arn)) {
    throw new SandboxServiceError(
      'MalformedArnException',
      `The format of the permission ARN ${arn} is not valid.`,
    );
  }
  const p = permissionByArn(arn);
  if (!p) {
    throw new SandboxServiceError('UnknownResourceException', `The permission ${arn} could not be found.`);
  }
  return p;
}

/** Sets one permission per resource type; two for one type in one call is refused. */
export function setPermissions(
  ctx: OperationContext,
  shareArn: string,
  permissionArns: readonly string[],
): void {
  const byType = new Map<string, ManagedPermission>();
  for (const arn of permissionArns) {
    const p = lookupPermission(arn);
    if (byType.has(p.resourceType)) {
      throw invalid(
        `You can associate only one permission with each resource type (${p.resourceType}) in a resource share.`,
      );
    }
    byType.set(p.resourceType, p);
  }
  for (const p of byType.values()) {
    writePermission(ctx.db, shareArn, p);
  }
}
