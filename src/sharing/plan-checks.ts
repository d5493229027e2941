/**
 * What RAM would refuse, found before anything is sent (pure): the pending-invitation quota, the
 * 50-tag limit, principal types per resource type, organization principals without organization
 * sharing, and sharing with the owner's own account. `plan` lists these; `grant`/`apply` refuse
 * to start (exit 2) while any exist, so a run never stops half-way on something knowable.
 */
import type { ShareWork } from './plan-builder.js';
import type { DesiredState, PlanBlocker } from './plan-types.js';
import { isActiveAssociation, isActiveShare, MAX_SHARE_TAGS, type SharingSnapshot } from './snapshot.js';

/** RAM user guide, "Service quotas for AWS RAM": pending invitations per sharing account. */
export const MAX_PENDING_INVITATIONS = 20;
/** The same page: resource shares per region, and associations per share and per region. */
export const RAM_QUOTAS = {
  sharesPerRegion: 25_000,
  associationsPerShare: 5_000,
  associationsPerRegion: 25_000,
} as const;

const accountOf = (principal: string): string | undefined =>
  /^\d{12}$/.test(principal) ? principal : /^arn:[^:]+:iam::(\d{12}):/.exec(principal)?.[1];
const isOrgPrincipal = (principal: string): boolean => /^arn:[^:]+:organizations::/.test(principal);
const isIamPrincipal = (principal: string): boolean => /^arn:[^:]+:iam::/.test(principal);

/** Would a new association of this principal send an invitation? */
export function sendsInvitation(
  principal: string,
  snapshot: SharingSnapshot,
  desired: DesiredState,
): boolean {
  const account = accountOf(principal);
  if (account === undefined || account === snapshot.account) {
    return false;
  }
  if (desired.externalPrincipals?.has(principal) || desired.externalPrincipals?.has(account)) {
    return true;
  }
  return desired.invitations?.orgSharing === 'off';
}

/** Invitations the owner's view shows as pending: account/role associations still ASSOCIATING. */
export function pendingInvitations(snapshot: SharingSnapshot): number {
  let pending = 0;
  for (const share of snapshot.shares.filter(isActiveShare)) {
    for (const p of share.principals) {
      const account = accountOf(p.principal);
      if (p.status === 'ASSOCIATING' && account !== undefined && account !== snapshot.account) {
        pending++;
      }
    }
  }
  return pending;
}

export function findBlockers(
  snapshot: SharingSnapshot,
  desired: DesiredState,
  shares: readonly ShareWork[],
): PlanBlocker[] {
  const blockers: PlanBlocker[] = [];
  let newInvitations = 0;
  const invited = new Set<string>();
  for (const w of shares) {
    const isCatalog = w.create
      ? w.create.level === 'discover'
      : w.existing?.tags['fshare:level'] === 'discover';
    for (const principal of w.addPrincipals) {
      const onShare = w.existing?.principals.find((p) => p.principal === principal);
      if (onShare && isActiveAssociation(onShare.status)) {
        continue;
      }
      if (accountOf(principal) === snapshot.account && !isIamPrincipal(principal)) {
        blockers.push({
          code: 'FSHARE_SHARE_WITH_SELF',
          message: `${principal} is your own account: RAM does not share with the owning account.`,
          hint: 'Name another account, or an IAM role in your account if it needs the access.',
        });
      }
      if (isCatalog && isIamPrincipal(principal)) {
        blockers.push({
          code: 'FSHARE_PRINCIPAL_TYPE',
          message: `${principal} is an IAM principal: catalog (discoverability) shares take accounts, OUs or the organization only.`,
          hint: `Make its account discoverable instead (${accountOf(principal) ?? 'the account'}).`,
        });
      }
      if (isOrgPrincipal(principal) && desired.invitations?.orgSharing === 'off') {
        blockers.push({
          code: 'FSHARE_ORG_SHARING_OFF',
          message: `${principal} is an organization or OU, and RAM organization sharing is off.`,
          hint: 'Enable it from the management account (`aws ram enable-sharing-with-aws-organization`), or name the accounts.',
        });
      }
      if (sendsInvitation(principal, snapshot, desired)) {
        newInvitations++;
        invited.add(principal);
      }
    }
    const before = w.create ? w.create.tags : (w.existing?.tags ?? {});
    const after = new Set([...Object.keys(before), ...Object.keys(w.tags)]);
    for (const key of w.untags) {
      after.delete(key);
    }
    if (after.size > MAX_SHARE_TAGS) {
      blockers.push({
        code: 'FSHARE_TOO_MANY_EXPIRIES',
        message: `The share ${w.ref.name} would carry ${after.size} tags; RAM allows ${MAX_SHARE_TAGS} per share (each expiring feature group takes one).`,
        hint: 'Grant fewer groups with --expires to this principal at this level, or grant some without an expiry.',
      });
    }
  }
  blockers.push(...quotaBlockers(snapshot, shares));
  const pending = pendingInvitations(snapshot);
  if (newInvitations > 0 && pending + newInvitations > MAX_PENDING_INVITATIONS) {
    const room = Math.max(0, MAX_PENDING_INVITATIONS - pending);
    blockers.push({
      code: 'FSHARE_INVITATION_QUOTA',
      message: `This would send ${newInvitations} invitation${newInvitations === 1 ? '' : 's'} (to ${[...invited].slice(0, 5).join(', ')}${invited.size > 5 ? ', …' : ''}) while ${pending} are pending; RAM allows ${MAX_PENDING_INVITATIONS} pending invitations per sharing account.`,
      hint: `Ask the consumers to accept what is pending (\`fshare invitations\` then \`fshare accept\` in their accounts), enable RAM organization sharing for accounts in your organization, or grant to at most ${room} new principal${room === 1 ? '' : 's'} at a time.`,
    });
  }
  return blockers;
}

/** Shares per region, resource and principal associations per share and per region, after the plan. */
function quotaBlockers(snapshot: SharingSnapshot, shares: readonly ShareWork[]): PlanBlocker[] {
  const blockers: PlanBlocker[] = [];
  const active = snapshot.shares.filter(isActiveShare);
  const count = (list: readonly { status: string }[]) =>
    list.filter((a) => isActiveAssociation(a.status)).length;
  let resources = active.reduce((n, sh) => n + count(sh.resources), 0);
  let principals = active.reduce((n, sh) => n + count(sh.principals), 0);
  const created = shares.filter((w) => w.create).length;
  for (const w of shares) {
    const added = { resources: w.addResources.size, principals: w.addPrincipals.size };
    resources += added.resources - w.removeResources.size;
    principals += added.principals - w.removePrincipals.size;
    const onShare = {
      resources: count(w.existing?.resources ?? []) + added.resources,
      principals: count(w.existing?.principals ?? []) + added.principals,
    };
    for (const [kind, n] of Object.entries(onShare)) {
      if (n > RAM_QUOTAS.associationsPerShare) {
        blockers.push({
          code: 'FSHARE_RAM_QUOTA',
          message: `The share ${w.ref.name} would hold ${n} ${kind}; RAM allows ${RAM_QUOTAS.associationsPerShare} per share.`,
          hint: 'Ask AWS for a higher quota (Service Quotas, AWS RAM), or grant fewer at a time.',
        });
      }
    }
  }
  if (active.length + created > RAM_QUOTAS.sharesPerRegion) {
    blockers.push({
      code: 'FSHARE_RAM_QUOTA',
      message: `This would make ${active.length + created} resource shares in ${snapshot.region}; RAM allows ${RAM_QUOTAS.sharesPerRegion} per region.`,
      hint: 'Delete unused shares, or ask AWS for a higher quota (Service Quotas, AWS RAM).',
    });
  }
  for (const [kind, n] of [
    ['resource', resources],
    ['principal', principals],
  ] as const) {
    if (n > RAM_QUOTAS.associationsPerRegion) {
      blockers.push({
        code: 'FSHARE_RAM_QUOTA',
        message: `This would make ${n} ${kind} associations in ${snapshot.region}; RAM allows ${RAM_QUOTAS.associationsPerRegion} per region across shares.`,
        hint: 'Grant at a coarser grain (an OU or the organization instead of many roles), or ask AWS for a higher quota.',
      });
    }
  }
  return blockers;
}
