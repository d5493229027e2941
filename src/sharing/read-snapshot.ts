/**
 * Reads the caller's RAM state (every share it owns, managed by fshare or not) into a
 * SharingSnapshot. Pages every list: RAM may return empty pages with a nextToken.
 */
import { collectPages } from '../aws/paginate.js';
import type { RamPort } from '../aws/ports.js';
import type { Context } from '../context.js';
import { partitionForRegion } from '../permissions/arns.js';
import { levelOfPermission, type ResolvedPermissions } from './permission-resolver.js';
import type { PrincipalAssociation, ResourceAssociation, ShareState, SharingSnapshot } from './snapshot.js';

/** The one pager lives in src/aws/paginate.ts; re-exported for this module's callers. */
export { collectPages };

const iso = (d: Date | undefined): string | undefined => (d ? d.toISOString() : undefined);

export interface SnapshotScope {
  /** Read only these shares (after a mutation, to wait on them). */
  shareArns?: readonly string[];
}

export async function readSnapshot(
  ctx: Context,
  ram: RamPort,
  permissions: ResolvedPermissions,
  scope: SnapshotScope = {},
): Promise<SharingSnapshot> {
  const [identity, region] = await Promise.all([ctx.aws.identity(), ctx.aws.region()]);
  const call = { abortSignal: ctx.signal };
  const filter = scope.shareArns ? { resourceShareArns: [...scope.shareArns] } : {};
  const shares = await collectPages(
    (nextToken) =>
      ram.getResourceShares({ resourceOwner: 'SELF', ...filter, ...(nextToken ? { nextToken } : {}) }, call),
    (page) => page.resourceShares,
  );
  const byArn = new Map<string, ShareState>();
  for (const s of shares) {
    if (!s.resourceShareArn) {
      continue;
    }
    const tags: Record<string, string> = {};
    for (const t of s.tags ?? []) {
      if (t.key !== undefined) {
        tags[t.key] = t.value ?? '';
      }
    }
    byArn.set(s.resourceShareArn, {
      arn: s.resourceShareArn,
      name: s.name ?? s.resourceShareArn,
      status: s.status ?? 'ACTIVE',
      allowExternalPrincipals: s.allowExternalPrincipals ?? true,
      creationTime: iso(s.creationTime),
      tags,
      permissions: [],
      resources: [],
      principals: [],
    });
  }
  const live = [...byArn.values()].filter((s) => s.status !== 'DELETED' && s.status !== 'DELETING');
  if (live.length === 0) {
    return {
      account: identity.account,
      region,
      partition: partitionForRegion(region),
      shares: [...byArn.values()],
    };
  }
  const liveFilter = scope.shareArns ? { resourceShareArns: live.map((s) => s.arn) } : {};
  const [principals, resources] = await Promise.all(
    (['PRINCIPAL', 'RESOURCE'] as const).map((associationType) =>
      collectPages(
        (nextToken) =>
          ram.getResourceShareAssociations(
            { associationType, ...liveFilter, ...(nextToken ? { nextToken } : {}) },
            call,
          ),
        (page) => page.resourceShareAssociations,
      ),
    ),
  );
  for (const a of principals ?? []) {
    const share = a.resourceShareArn ? byArn.get(a.resourceShareArn) : undefined;
    if (share && a.associatedEntity) {
      const association: PrincipalAssociation = {
        principal: a.associatedEntity,
        status: a.status ?? 'ASSOCIATED',
        external: a.external ?? false,
        lastUpdated: iso(a.lastUpdatedTime),
      };
      share.principals.push(association);
    }
  }
  for (const a of resources ?? []) {
    const share = a.resourceShareArn ? byArn.get(a.resourceShareArn) : undefined;
    if (share && a.associatedEntity) {
      const association: ResourceAssociation = { arn: a.associatedEntity, status: a.status ?? 'ASSOCIATED' };
      share.resources.push(association);
    }
  }
  // One share at a time: RAM's read quotas are low and this runs once per command.
  for (const share of live) {
    const listed = await collectPages(
      (nextToken) =>
        ram.listResourceSharePermissions(
          { resourceShareArn: share.arn, ...(nextToken ? { nextToken } : {}) },
          call,
        ),
      (page) => page.permissions,
    );
    share.permissions = listed
      .filter((p) => p.arn)
      .map((p) => ({ arn: p.arn ?? '', name: p.name, level: levelOfPermission(permissions, p.arn ?? '') }));
  }
  return {
    account: identity.account,
    region,
    partition: partitionForRegion(region),
    shares: [...byArn.values()],
  };
}
