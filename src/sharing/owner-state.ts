/** What every owner verb reads first: RAM's state, the resolved permissions, the owner's groups. */
import type { RamPort } from '../aws/ports.js';
import type { Context } from '../context.js';
import { catalogArn, partitionForRegion } from '../permissions/arns.js';
import type { Level } from '../permissions/levels.js';
import { resolvePermissions } from './permission-resolver.js';
import { readSnapshot } from './read-snapshot.js';
import { resolveFeatureGroup, type ResolvedFeatureGroup } from '../consumer/resolve-feature-group.js';
import type { SharingSnapshot } from './snapshot.js';

export interface OwnerState {
  ram: RamPort;
  snapshot: SharingSnapshot;
  permissionArns: Record<Level, string>;
}

export async function readOwnerState(ctx: Context): Promise<OwnerState> {
  const ram = await ctx.aws.ram();
  const permissions = await resolvePermissions(ram, { withActions: false, signal: ctx.signal });
  for (const problem of permissions.problems) {
    ctx.log.debug(problem);
  }
  const snapshot = await readSnapshot(ctx, ram, permissions);
  const permissionArns = {
    discover: permissions.byLevel.discover.arn,
    'read-only': permissions.byLevel['read-only'].arn,
    'read-write': permissions.byLevel['read-write'].arn,
    admin: permissions.byLevel.admin.arn,
  };
  return { ram, snapshot, permissionArns };
}

/** The caller's own groups, each once, resolved (and checked to exist) before anything is sent. */
export async function resolveOwnGroups(
  ctx: Context,
  refs: readonly string[],
): Promise<ResolvedFeatureGroup[]> {
  const out: ResolvedFeatureGroup[] = [];
  for (const ref of refs) {
    const group = await resolveFeatureGroup(ctx, ref, { ownOnly: true });
    if (!out.some((g) => g.arn === group.arn)) {
      out.push(group);
    }
  }
  return out;
}

/** Accounts RAM has already flagged external on one of the owner's associations. */
export function knownExternalAccounts(snapshot: SharingSnapshot): Set<string> {
  const out = new Set<string>();
  for (const share of snapshot.shares) {
    for (const p of share.principals) {
      if (p.external && /^\d{12}$/.test(p.principal)) {
        out.add(p.principal);
      }
    }
  }
  return out;
}

export function catalogArnFor(snapshot: SharingSnapshot): string {
  return catalogArn(partitionForRegion(snapshot.region), snapshot.region, snapshot.account);
}
