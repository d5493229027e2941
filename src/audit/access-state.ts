/**
 * What the audit joins events with: the owner's current grants (from RAM) and what is known about
 * organization membership. Pure: the state is read elsewhere (read-access-state.ts).
 */
import { highestLevel, type AccessLevel } from '../permissions/levels.js';
import { parseFeatureGroupArn } from '../permissions/arns.js';
import type { AuditEvent } from './types.js';

export interface CurrentGrant {
  /** As RAM names it: an account ID, an IAM role/user ARN, an organization or OU ARN. */
  principal: string;
  /** Feature group ARN. */
  featureGroup: string;
  /** The effective level: the highest of every share that reaches the principal. */
  level: AccessLevel;
  /** Names of the shares that contribute. */
  shares: string[];
  /** Every contributing share is managed by fshare. */
  managed: boolean;
}

export interface OrgMembership {
  /** Accounts known to be in the organization. */
  inside: ReadonlySet<string>;
  /** Accounts known to be outside it (RAM marks them external). */
  outside: ReadonlySet<string>;
  /** True when `inside` is the organization's full account list (Organizations ListAccounts). */
  complete: boolean;
}

export interface AccessState {
  /** The auditor's own account: the owner of the feature groups whose grants are known. */
  ownerAccount: string;
  grants: CurrentGrant[];
  /** Shares that reach feature groups without the fshare:managed tag. */
  unmanagedShares: { shareArn: string; name: string }[];
  /** Every share the owner has (by ARN): whether fshare manages it, and the feature groups it reaches. */
  shares: ReadonlyMap<string, { name: string; managed: boolean; featureGroups: string[] }>;
  org: OrgMembership;
}

const ORG_OR_OU = /^arn:aws[a-z-]*:organizations::\d{12}:(organization|ou)\//;

/** Whether a grant's principal covers the caller of an event. */
export function grantCovers(grant: CurrentGrant, event: AuditEvent, org: OrgMembership): boolean {
  if (/^\d{12}$/.test(grant.principal)) {
    return event.account === grant.principal;
  }
  if (ORG_OR_OU.test(grant.principal)) {
    // OU membership is not visible to the auditor; an OU grant is taken to cover the organization.
    return event.account !== null && org.inside.has(event.account);
  }
  return event.principalRole === grant.principal || event.principal === grant.principal;
}

/** The current level of an event's caller on the event's feature group, if any grant covers it. */
export function currentLevelFor(state: AccessState, event: AuditEvent): AccessLevel | undefined {
  if (event.featureGroup === null) {
    return undefined;
  }
  return highestLevel(
    state.grants
      .filter((g) => g.featureGroup === event.featureGroup && grantCovers(g, event, state.org))
      .map((g) => g.level),
  );
}

/** True when the event's feature group belongs to the auditor's account (so its grants are known). */
export function isOwnFeatureGroup(state: AccessState, featureGroup: string | null): boolean {
  const arn = featureGroup === null ? undefined : parseFeatureGroupArn(featureGroup);
  return arn !== undefined && arn.account === state.ownerAccount;
}
