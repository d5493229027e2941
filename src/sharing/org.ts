/**
 * Organization membership, as far as the caller can know it: which principals are outside the
 * organization (fshare refuses them without --allow-external, before any call), and bare OU IDs
 * resolved to the ARNs RAM needs.
 */
import { UsageError } from '../errors.js';
import type { Principal } from '../permissions/principals.js';

export type OrgView =
  | { inOrg: false; account: string }
  | {
      inOrg: true;
      account: string;
      /** Empty when the organization could not be read (access denied): membership is then unknown. */
      orgId: string;
      orgArn: string;
      managementAccount: string;
      /** Member accounts, when the caller may list them (management account); else unknown. */
      members?: ReadonlySet<string> | undefined;
    };

export type Membership = 'internal' | 'external' | 'unknown';

/**
 * Where a principal stands relative to the caller's organization. `knownExternal` holds accounts
 * RAM has already flagged external on an existing association.
 */
export function membershipOf(
  principal: Principal,
  org: OrgView,
  knownExternal: ReadonlySet<string>,
): Membership {
  switch (principal.kind) {
    case 'organization':
    case 'ou':
      if (org.inOrg && org.orgId === '') {
        return 'unknown';
      }
      return org.inOrg && principal.orgId === org.orgId ? 'internal' : 'external';
    case 'ou-id':
      return org.inOrg ? 'internal' : 'external';
    case 'account':
    case 'iam-role':
    case 'iam-user': {
      const account = principal.account;
      if (account === org.account) {
        return 'internal';
      }
      if (!org.inOrg || knownExternal.has(account)) {
        return 'external';
      }
      if (org.members) {
        return org.members.has(account) ? 'internal' : 'external';
      }
      return 'unknown';
    }
  }
}

function partitionOfArn(arn: string): string {
  return arn.split(':')[1] ?? 'aws';
}

/** Turns a bare `ou-…` into its ARN (needs the organization's ID and management account). */
export function resolveOuIds(principals: readonly Principal[], org: OrgView): Principal[] {
  return principals.map((p) => {
    if (p.kind !== 'ou-id') {
      return p;
    }
    if (org.inOrg && org.orgId === '') {
      throw new UsageError(`${p.ouId} is an OU ID, and your organization could not be read to resolve it.`, {
        code: 'FSHARE_OU_UNRESOLVED',
        hint: 'Pass the OU ARN instead: arn:aws:organizations::MANAGEMENT_ACCOUNT:ou/o-…/ou-….',
      });
    }
    if (!org.inOrg) {
      throw new UsageError(`${p.ouId} is an OU ID, but your account is not in an organization.`, {
        code: 'FSHARE_NO_ORGANIZATION',
        hint: 'Share with account IDs instead, or run this from an account in the organization.',
      });
    }
    const id = `arn:${partitionOfArn(org.orgArn)}:organizations::${org.managementAccount}:ou/${org.orgId}/${p.ouId}`;
    return { kind: 'ou', id, orgId: org.orgId, ouId: p.ouId, managementAccount: org.managementAccount };
  });
}

/** Refuses principals outside the organization unless --allow-external; returns those that are or may be. */
export function checkExternal(
  principals: readonly Principal[],
  org: OrgView,
  knownExternal: ReadonlySet<string>,
  allowExternal: boolean,
): { external: Set<string>; unknown: Set<string> } {
  const external = new Set<string>();
  const unknown = new Set<string>();
  for (const p of principals) {
    const m = membershipOf(p, org, knownExternal);
    if (m === 'external') {
      external.add(p.id);
    } else if (m === 'unknown') {
      unknown.add(p.id);
    }
  }
  if (external.size > 0 && !allowExternal) {
    const list = [...external].join(', ');
    throw new UsageError(
      org.inOrg
        ? `${list} ${external.size === 1 ? 'is' : 'are'} outside your organization (${org.orgId}).`
        : `${list}: your account is not in an organization, so every other account is external.`,
      {
        code: 'FSHARE_EXTERNAL_PRINCIPAL',
        hint: 'Pass --allow-external to share outside the organization (the consumer must accept an invitation).',
      },
    );
  }
  return { external, unknown };
}
