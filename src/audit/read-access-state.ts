/**
 * Reads the owner's current grants from RAM, and what can be learnt about organization
 * membership, into an AccessState. A small adapter of its own: the owner-side effective-access
 * computation (src/sharing) answers a different question (a matrix with warnings), while the audit
 * needs raw grants, share tags and the `external` flag of past and present associations.
 */
import type { Context } from '../context.js';
import { parseFeatureGroupArn } from '../permissions/arns.js';
import { isAccessLevel, levelForPermissionArn, type AccessLevel } from '../permissions/levels.js';
import type { OrganizationsPort, RamPort } from '../aws/ports.js';
import type { AccessState, CurrentGrant } from './access-state.js';

type Share = NonNullable<Awaited<ReturnType<RamPort['getResourceShares']>>['resourceShares']>[number];
type Association = NonNullable<
  Awaited<ReturnType<RamPort['getResourceShareAssociations']>>['resourceShareAssociations']
>[number];

async function allShares(ram: RamPort): Promise<Share[]> {
  const out: Share[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ram.getResourceShares({ resourceOwner: 'SELF', ...(nextToken ? { nextToken } : {}) });
    out.push(...(page.resourceShares ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

async function allAssociations(ram: RamPort, type: 'PRINCIPAL' | 'RESOURCE'): Promise<Association[]> {
  const out: Association[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ram.getResourceShareAssociations({
      associationType: type,
      ...(nextToken ? { nextToken } : {}),
    });
    out.push(...(page.resourceShareAssociations ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

async function shareLevel(ram: RamPort, shareArn: string, tagged: string | undefined): Promise<AccessLevel | undefined> {
  const page = await ram.listResourceSharePermissions({ resourceShareArn: shareArn });
  for (const permission of page.permissions ?? []) {
    const level =
      (permission.arn ? levelForPermissionArn(permission.arn) : undefined) ??
      (permission.name ? levelForPermissionArn(permission.name) : undefined);
    if (level && isAccessLevel(level)) {
      return level;
    }
  }
  return tagged && isAccessLevel(tagged) ? tagged : undefined;
}

/** Organizations ListAccounts, when the port offers it (the full member list, for outside-org checks). */
interface ListAccountsCapable {
  listAccounts?: (input: { NextToken?: string }) => Promise<{
    Accounts?: { Id?: string }[];
    NextToken?: string;
  }>;
}

async function organizationAccounts(
  org: OrganizationsPort & ListAccountsCapable,
): Promise<{ accounts: Set<string>; complete: boolean }> {
  const accounts = new Set<string>();
  try {
    const described = await org.describeOrganization({});
    const management = described.Organization?.MasterAccountId;
    if (management) {
      accounts.add(management);
    }
  } catch {
    // Not in an organization, or not allowed to ask: membership stays what RAM says.
    return { accounts, complete: false };
  }
  if (!org.listAccounts) {
    return { accounts, complete: false };
  }
  try {
    let nextToken: string | undefined;
    do {
      const page = await org.listAccounts(nextToken ? { NextToken: nextToken } : {});
      for (const account of page.Accounts ?? []) {
        if (account.Id) {
          accounts.add(account.Id);
        }
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return { accounts, complete: true };
  } catch {
    return { accounts, complete: false };
  }
}

export async function readAccessState(ctx: Context): Promise<AccessState> {
  const [identity, ram, organizations] = await Promise.all([
    ctx.aws.identity(),
    ctx.aws.ram(),
    ctx.aws.organizations(),
  ]);
  const [shares, principals, resources, org] = await Promise.all([
    allShares(ram),
    allAssociations(ram, 'PRINCIPAL'),
    allAssociations(ram, 'RESOURCE'),
    organizationAccounts(organizations),
  ]);
  const inside = new Set<string>([identity.account, ...org.accounts]);
  const outside = new Set<string>();
  // Every association RAM still remembers (current or disassociated) tells whether its account is external.
  for (const a of principals) {
    const account = a.associatedEntity && /^\d{12}$/.test(a.associatedEntity) ? a.associatedEntity : undefined;
    if (!account) {
      continue;
    }
    if (a.external === true) {
      outside.add(account);
    } else if (a.external === false && !org.complete) {
      inside.add(account);
    }
  }
  const grants: CurrentGrant[] = [];
  const unmanagedShares: AccessState['unmanagedShares'] = [];
  for (const share of shares) {
    const arn = share.resourceShareArn;
    if (!arn || share.status !== 'ACTIVE') {
      continue;
    }
    const groups = resources
      .filter((r) => r.resourceShareArn === arn && r.status === 'ASSOCIATED')
      .map((r) => r.associatedEntity ?? '')
      .filter((entity) => parseFeatureGroupArn(entity) !== undefined);
    if (groups.length === 0) {
      continue;
    }
    const tags = new Map((share.tags ?? []).map((t) => [t.key ?? '', t.value ?? '']));
    const managed = tags.get('fshare:managed') === 'true';
    if (!managed) {
      unmanagedShares.push({ shareArn: arn, name: share.name ?? '' });
    }
    const level = await shareLevel(ram, arn, tags.get('fshare:level'));
    if (!level) {
      continue;
    }
    const holders = principals.filter((p) => p.resourceShareArn === arn && p.status === 'ASSOCIATED');
    for (const holder of holders) {
      for (const featureGroup of groups) {
        grants.push({ principal: holder.associatedEntity ?? '', featureGroup, level, shareArn: arn, managed });
      }
    }
  }
  return {
    ownerAccount: identity.account,
    grants,
    unmanagedShares,
    org: { inside, outside, complete: org.complete },
  };
}
