/**
 * The one snapshot reader (access, plan, apply, grant, shares, audit's share index, discover): the
 * caller's RAM state — every share it owns, managed by fshare or not — with the fewest calls:
 * every list at RAM's largest page (500), share permissions in bulk (ListPermissionAssociations
 * once per known managed permission, instead of ListResourceSharePermissions once per share), and
 * the independent lists read concurrently, each retried on throttling with jittered backoff.
 * Only a share no known permission explains is asked about on its own.
 */
import { collectPages } from '../aws/paginate.js';
import type { RamPort } from '../aws/ports.js';
import type { Context } from '../context.js';
import { partitionForRegion } from '../permissions/arns.js';
import { withRetry } from './bounded.js';
import { levelOfPermission, type ResolvedPermissions } from './permission-resolver.js';
import {
  isActiveAssociation,
  type PrincipalAssociation,
  type ResourceAssociation,
  type ShareState,
  type SharingSnapshot,
} from './snapshot.js';

/** The one pager lives in src/aws/paginate.ts; re-exported for this module's callers. */
export { collectPages };

const iso = (d: Date | undefined): string | undefined => (d ? d.toISOString() : undefined);
/** RAM's largest page for every list fshare reads (botocore's model: maxResults 1–500). */
export const RAM_MAX_PAGE = 500;

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
  const page = { maxResults: RAM_MAX_PAGE };
  const known = (['discover', 'read-only', 'read-write', 'admin'] as const).map(
    (l) => permissions.byLevel[l].arn,
  );
  // Permissions are read beside the shares: they do not depend on them.
  const permissionRows = Promise.all(
    known.map((permissionArn) =>
      collectPages(
        (nextToken) =>
          withRetry(ctx, () =>
            ram.listPermissionAssociations(
              { permissionArn, ...page, ...(nextToken ? { nextToken } : {}) },
              call,
            ),
          ),
        (p) => p.permissions,
      ).catch((error: unknown) => {
        ctx.log.debug(`ListPermissionAssociations unavailable (${String(error)}); reading per share`);
        return undefined;
      }),
    ),
  );
  // Settle it even if the share read below fails, so no rejection is left unhandled.
  permissionRows.catch(() => undefined);
  const shares = await collectPages(
    (nextToken) =>
      withRetry(ctx, () =>
        ram.getResourceShares(
          { resourceOwner: 'SELF', ...filter, ...page, ...(nextToken ? { nextToken } : {}) },
          call,
        ),
      ),
    (p) => p.resourceShares,
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
          withRetry(ctx, () =>
            ram.getResourceShareAssociations(
              { associationType, ...liveFilter, ...page, ...(nextToken ? { nextToken } : {}) },
              call,
            ),
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
      const association: ResourceAssociation = {
        arn: a.associatedEntity,
        status: a.status ?? 'ASSOCIATED',
        lastUpdated: iso(a.lastUpdatedTime),
      };
      share.resources.push(association);
    }
  }
  const rows = await permissionRows;
  const explained = new Set<string>();
  rows.forEach((list, i) => {
    const arn = known[i] ?? '';
    for (const row of list ?? []) {
      const share = row.resourceShareArn ? byArn.get(row.resourceShareArn) : undefined;
      if (share && !share.permissions.some((p) => p.arn === arn)) {
        share.permissions.push({ arn, level: levelOfPermission(permissions, arn) });
        explained.add(share.arn);
      }
    }
  });
  const bulk = rows.every((list) => list !== undefined);
  // A share no managed permission explains uses a customer-managed one (or the bulk read failed).
  // A share with no resource grants nothing whatever its permission (fshare keeps emptied
  // (principal, level) shares for the next grant): it is not asked about.
  const reaches = (share: ShareState) => share.resources.some((r) => isActiveAssociation(r.status));
  for (const share of live.filter((s) => (!bulk || !explained.has(s.arn)) && reaches(s))) {
    const listed = await collectPages(
      (nextToken) =>
        withRetry(ctx, () =>
          ram.listResourceSharePermissions(
            { resourceShareArn: share.arn, ...page, ...(nextToken ? { nextToken } : {}) },
            call,
          ),
        ),
      (p) => p.permissions,
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
