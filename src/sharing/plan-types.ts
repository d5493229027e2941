/** The planner's vocabulary: intents in, changes and RAM actions out (see planner.ts). */
import type { AccessLevel, Level } from '../permissions/levels.js';

export interface PrincipalIntent {
  /** The level wanted; null to take access away. For the catalog, any non-null value means discoverable. */
  level: AccessLevel | null;
  /** ISO-8601 expiry; null = no expiry; undefined = leave whatever is there. */
  expires?: string | null | undefined;
}

export interface FeatureGroupIntent {
  arn: string;
  name: string;
  principals: ReadonlyMap<string, PrincipalIntent>;
  /** Also take access away from every principal the intent does not name (policy --prune). */
  exclusive: boolean;
}

export interface CatalogIntent {
  arn: string;
  /** principal → discoverable */
  principals: ReadonlyMap<string, boolean>;
  exclusive: boolean;
}

export interface DesiredState {
  featureGroups: readonly FeatureGroupIntent[];
  catalog?: CatalogIntent | undefined;
  allowExternal: boolean;
  /** Principals known (or, with allowExternal, suspected) to be outside the organization. */
  externalPrincipals?: ReadonlySet<string> | undefined;
  /** What fshare knows about invitations, for the pending-invitation quota (plan-checks.ts). */
  invitations?: InvitationModel | undefined;
}

export interface PlanContext {
  /** The managed permission ARN of each level (resolved at run time). */
  permissionArns: Readonly<Record<Level, string>>;
}

/** Which share an action acts on: an existing one (arn) or one created earlier in the plan (key). */
export interface ShareRef {
  key: string;
  name: string;
  arn?: string | undefined;
  /** The principal of a (principal, level) share: whose access its resource associations are. */
  principal?: string | undefined;
}

/**
 * A removal that is one half of a level move (or of adopting an old-layout share): the executor
 * keeps it until the principal's association with `to` is ASSOCIATED, so a move never leaves a gap.
 */
export interface MoveGuard {
  principal: string;
  /** Set when the removal takes a group out of a (principal, level) share. */
  resourceArn?: string | undefined;
  to: ShareRef;
  /** Expiry tag on the old share that goes with this removal (kept too while deferred). */
  tagKey?: string | undefined;
}

export type PlanAction =
  | {
      type: 'create-share';
      share: ShareRef;
      level: Level;
      permissionArn: string;
      resourceArns: string[];
      principals: string[];
      tags: Record<string, string>;
      allowExternalPrincipals: boolean;
      clientToken: string;
    }
  | { type: 'allow-external'; share: ShareRef; clientToken: string }
  | { type: 'associate'; share: ShareRef; principals: string[]; resourceArns: string[]; clientToken: string }
  | {
      type: 'disassociate';
      share: ShareRef;
      principals: string[];
      resourceArns: string[];
      clientToken: string;
      moves?: MoveGuard[];
    }
  | { type: 'tag'; share: ShareRef; tags: Record<string, string> }
  | { type: 'untag'; share: ShareRef; keys: string[] };

/** `adopt`: same level, moved from an old-layout share to the principal's share (no access change). */
export type ChangeKind = 'grant' | 'move' | 'revoke' | 'expiry' | 'adopt';

export interface PlanChange {
  kind: ChangeKind;
  /** '+' grant, '~' move, expiry change or adoption, '-' revoke. */
  symbol: '+' | '~' | '-';
  /** Feature group name, or null for the catalog. */
  featureGroup: string | null;
  principal: string;
  /** The levels held before (more than one when fixing a union). */
  from: Level[];
  to: Level | null;
  expires: string | null;
}

export interface Plan {
  changes: PlanChange[];
  actions: PlanAction[];
  warnings: string[];
  /** Problems that would make RAM refuse part of the plan: nothing may be sent while any exist. */
  blockers: PlanBlocker[];
}

export interface InvitationModel {
  /**
   * RAM organization sharing: 'on' (accounts and roles in the organization get no invitation),
   * 'off', or 'unknown' (the caller may not read it; then only principals known to be outside the
   * organization are counted as invitations).
   */
  orgSharing: 'on' | 'off' | 'unknown';
}

export interface PlanBlocker {
  code: string;
  message: string;
  hint: string;
}
