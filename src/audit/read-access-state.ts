/**
 * The owner's current grants and what is known about organization membership, read with the
 * owner-side code (src/sharing): the same snapshot and effective-access computation `fshare access`
 * shows, so the audit and `fshare access` never disagree about who holds what.
 */
import type { Context } from '../context.js';
import { computeEffectiveAccess } from '../sharing/effective-access.js';
import { readOrganization } from '../sharing/owner.js';
import { resolvePermissions } from '../sharing/permission-resolver.js';
import { readSnapshot } from '../sharing/read-snapshot.js';
import {
  featureGroupResources,
  isActiveShare,
  managedKeyOf,
  type SharingSnapshot,
} from '../sharing/snapshot.js';
import type { OrgView } from '../sharing/org.js';
import type { AccessState, CurrentGrant, OrgMembership } from './access-state.js';

/**
 * Membership from Organizations when the member list is readable, else from RAM: every
 * association RAM still remembers (current or disassociated) says whether its account is external.
 */
export function membershipFrom(snapshot: SharingSnapshot, org: OrgView): OrgMembership {
  const inside = new Set<string>([snapshot.account]);
  const outside = new Set<string>();
  if (org.inOrg && org.managementAccount) {
    inside.add(org.managementAccount);
  }
  const members = org.inOrg ? org.members : undefined;
  for (const member of members ?? []) {
    inside.add(member);
  }
  for (const share of snapshot.shares) {
    for (const association of share.principals) {
      const account = /^\d{12}$/.test(association.principal) ? association.principal : undefined;
      if (!account) {
        continue;
      }
      if (association.external) {
        outside.add(account);
      } else if (!members && org.inOrg) {
        inside.add(account);
      }
    }
  }
  if (!org.inOrg) {
    // Without an organization every other account is outside it.
    return { inside, outside, complete: true };
  }
  return { inside, outside, complete: members !== undefined };
}

export function accessStateFrom(snapshot: SharingSnapshot, org: OrgView, now: Date): AccessState {
  const matrix = computeEffectiveAccess(snapshot, { now });
  const grants: CurrentGrant[] = [];
  for (const entry of matrix.entries) {
    if (entry.level && entry.featureGroupArn) {
      grants.push({
        principal: entry.principal,
        featureGroup: entry.featureGroupArn,
        level: entry.level,
        shares: entry.shares,
        managed: entry.managed,
      });
    }
  }
  const unmanagedShares = snapshot.shares
    .filter((s) => isActiveShare(s) && featureGroupResources(s).length > 0 && managedKeyOf(s) === undefined)
    .map((s) => ({ shareArn: s.arn, name: s.name }));
  const shares = new Map(
    snapshot.shares.map((s) => [
      s.arn,
      { name: s.name, managed: managedKeyOf(s) !== undefined, featureGroups: featureGroupResources(s) },
    ]),
  );
  return {
    ownerAccount: snapshot.account,
    grants,
    unmanagedShares,
    shares,
    org: membershipFrom(snapshot, org),
  };
}

export async function readAccessState(ctx: Context): Promise<AccessState> {
  const ram = await ctx.aws.ram();
  const [snapshot, org] = await Promise.all([
    resolvePermissions(ram).then((permissions) => readSnapshot(ctx, ram, permissions)),
    readOrganization(ctx),
  ]);
  return accessStateFrom(snapshot, org, ctx.clock.now());
}
