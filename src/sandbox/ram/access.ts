/**
 * What RAM grants a caller, for the other domains' authorisation: the union of the actions of every
 * active share that holds a resource and reaches the caller through an effective principal
 * association. Read-only: it derives settled statuses instead of writing them.
 */
import { ORGANIZATION, isInOrganization, ouOfAccount } from '../core/principals.js';
import type { Caller, Db } from '../types.js';
import { effectiveStatus, type AssociationRow } from './state.js';
import { catalogArn, permissionByArn } from './permissions.js';

/** The principal entities that reach `caller`: its account, its role, its organization and OU. */
export function principalEntitiesFor(caller: Pick<Caller, 'accountId' | 'roleArn'>): string[] {
  const entities = [caller.accountId, caller.roleArn];
  if (isInOrganization(caller.accountId)) {
    entities.push(ORGANIZATION.arn);
    const ou = ouOfAccount(caller.accountId);
    if (ou) {
      entities.push(ou.arn);
    }
  }
  return entities;
}

interface ShareHit {
  share_arn: string;
  owner_account_id: string;
}

function sharesReachingCaller(
  db: Db,
  caller: Pick<Caller, 'accountId' | 'roleArn'>,
  resourceArns: readonly string[],
  now: Date,
): (ShareHit & { resource: string })[] {
  if (resourceArns.length === 0) {
    return [];
  }
  const entities = principalEntitiesFor(caller);
  const resourceRows = db
    .prepare(
      `SELECT a.*, s.owner_account_id FROM ram_associations a JOIN ram_shares s ON s.arn = a.share_arn
       WHERE a.association_type = 'RESOURCE' AND s.status = 'ACTIVE'
         AND a.entity IN (${resourceArns.map(() => '?').join(',')})`,
    )
    .all(...resourceArns) as (AssociationRow & { owner_account_id: string })[];
  const principalStmt = db.prepare(
    `SELECT a.*, i.status AS invitation_status, i.invitation_time AS invitation_time
     FROM ram_associations a LEFT JOIN ram_invitations i ON i.arn = a.invitation_arn
     WHERE a.share_arn = ? AND a.association_type = 'PRINCIPAL'
       AND a.entity IN (${entities.map(() => '?').join(',')})`,
  );
  const hits: (ShareHit & { resource: string })[] = [];
  for (const r of resourceRows) {
    if (r.owner_account_id === caller.accountId || effectiveStatus(r, now) !== 'ASSOCIATED') {
      continue;
    }
    const principals = principalStmt.all(r.share_arn, ...entities) as AssociationRow[];
    if (principals.some((p) => effectiveStatus(p, now) === 'ASSOCIATED')) {
      hits.push({ share_arn: r.share_arn, owner_account_id: r.owner_account_id, resource: r.entity });
    }
  }
  return hits;
}

function shareActions(db: Db, shareArn: string): string[] {
  const rows = db
    .prepare('SELECT permission_arn FROM ram_share_permissions WHERE share_arn = ?')
    .all(shareArn) as {
    permission_arn: string;
  }[];
  return rows.flatMap((r) => [...(permissionByArn(r.permission_arn)?.actions ?? [])]);
}

export function allowedActions(
  db: Db,
  options: { caller: Caller; resourceArn: string; now: Date },
): Set<string> {
  const actions = new Set<string>();
  for (const hit of sharesReachingCaller(db, options.caller, [options.resourceArn], options.now)) {
    for (const action of shareActions(db, hit.share_arn)) {
      actions.add(action);
    }
  }
  return actions;
}

export function discoverableOwnerAccounts(
  db: Db,
  options: { caller: Caller; region: string; now: Date },
): string[] {
  const catalogs = (
    db
      .prepare(
        `SELECT DISTINCT a.entity FROM ram_associations a JOIN ram_shares s ON s.arn = a.share_arn
         WHERE a.association_type = 'RESOURCE' AND s.status = 'ACTIVE' AND s.owner_account_id <> ?`,
      )
      .all(options.caller.accountId) as { entity: string }[]
  )
    .map((r) => r.entity)
    .filter(
      (arn) =>
        arn.startsWith(`arn:aws:sagemaker:${options.region}:`) &&
        arn.endsWith(':sagemaker-catalog/DefaultFeatureGroupCatalog'),
    );
  const owners = new Set<string>();
  for (const hit of sharesReachingCaller(db, options.caller, catalogs, options.now)) {
    if (
      hit.resource === catalogArn(options.region, hit.owner_account_id) &&
      shareActions(db, hit.share_arn).length > 0
    ) {
      owners.add(hit.owner_account_id);
    }
  }
  return [...owners].sort();
}
