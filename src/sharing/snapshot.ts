/**
 * A read-only picture of the caller's RAM sharing state (the shares it owns), in the shape the
 * pure planner and the effective-access computation need. Built by read-snapshot.ts from RAM
 * reads; built by hand in tests.
 */
import { createHash } from 'node:crypto';
import type { AccessLevel, Level } from '../permissions/levels.js';

export const TAG_MANAGED = 'fshare:managed';
export const TAG_LEVEL = 'fshare:level';
/** The old layout (one share per feature group and level) names its group here. */
export const TAG_FEATURE_GROUP = 'fshare:feature-group';
/** The layout since issue 11: one share per (principal, level); the principal (or its digest). */
export const TAG_PRINCIPAL = 'fshare:principal';
/** Per-group expiry on a (principal, level) share: `fshare:expiry:<feature group name>`. */
export const GROUP_EXPIRY_PREFIX = 'fshare:expiry:';
/** RAM's limit of tags per share (RAM user guide, service quotas). */
export const MAX_SHARE_TAGS = 50;
/** A share-wide expiry (honoured when read; fshare itself writes per-principal keys). */
export const TAG_EXPIRES = 'fshare:expires';
const EXPIRES_PREFIX = `${TAG_EXPIRES}:`;
export const CATALOG_TAG_VALUE = 'catalog';

/** RAM association statuses that mean "access is, or is about to be, in place". */
const ACTIVE_ASSOCIATION = new Set(['ASSOCIATED', 'ASSOCIATING']);

export interface PrincipalAssociation {
  /** The account ID, or the organization/OU/IAM ARN, as RAM reports it. */
  principal: string;
  status: string;
  external: boolean;
  /** ISO-8601; part of the idempotency fingerprint of the next call for this principal. */
  lastUpdated?: string | undefined;
}

export interface ResourceAssociation {
  arn: string;
  status: string;
  /** ISO-8601; part of the idempotency fingerprint of the next call for this resource. */
  lastUpdated?: string | undefined;
}

export interface SharePermission {
  arn: string;
  name?: string | undefined;
  /** fshare's level for this managed permission; undefined for a permission fshare does not know. */
  level?: Level | undefined;
}

export interface ShareState {
  arn: string;
  name: string;
  status: string;
  allowExternalPrincipals: boolean;
  creationTime?: string | undefined;
  tags: Record<string, string>;
  permissions: SharePermission[];
  resources: ResourceAssociation[];
  principals: PrincipalAssociation[];
}

export interface SharingSnapshot {
  account: string;
  region: string;
  partition: string;
  shares: ShareState[];
}

/** What a managed share's tags say it is for. */
export type ManagedKey =
  /** The old layout, adopted and converged by grant/apply: one share per (group, level). */
  | { kind: 'feature-group'; featureGroup: string; level: AccessLevel }
  /** The current layout: one share per (principal, level) holding every group it has at that level. */
  | { kind: 'principal'; principalTag: string; level: AccessLevel }
  | { kind: 'catalog'; level: 'discover' };

export function isActiveShare(share: ShareState): boolean {
  return share.status === 'ACTIVE' || share.status === 'PENDING';
}

export function isActiveAssociation(status: string): boolean {
  return ACTIVE_ASSOCIATION.has(status);
}

export function managedKeyOf(share: ShareState): ManagedKey | undefined {
  if (share.tags[TAG_MANAGED] !== 'true') {
    return undefined;
  }
  const level = share.tags[TAG_LEVEL];
  const group = share.tags[TAG_FEATURE_GROUP];
  if (level === 'discover' && group === CATALOG_TAG_VALUE) {
    return { kind: 'catalog', level: 'discover' };
  }
  const principal = share.tags[TAG_PRINCIPAL];
  if (level === 'read-only' || level === 'read-write' || level === 'admin') {
    if (principal) {
      return { kind: 'principal', principalTag: principal, level };
    }
    if (group) {
      return { kind: 'feature-group', featureGroup: group, level };
    }
  }
  return undefined;
}

// RAM tag keys are at most 128 characters of letters, digits, spaces and _.:/=+-@; principals that
// do not fit (long or comma-bearing IAM paths) are keyed by a digest instead.
const TAG_KEY_SAFE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

const digest = (text: string, length: number): string =>
  createHash('sha256').update(text).digest('hex').slice(0, length);

/**
 * The value of the principal tag: the principal itself when RAM's tag rules allow it (≤ 256
 * characters of the allowed set), else a digest. Deterministic, so every run finds the same share.
 */
export function principalTagValue(principal: string): string {
  return principal.length <= 256 && TAG_KEY_SAFE.test(principal)
    ? principal
    : `sha256:${digest(principal, 40)}`;
}

/**
 * `fshare-read-only-222222222222`, `fshare-admin-role-analyst-1a2b3c4d`: readable, and unique per
 * (principal, level) through the digest whenever the principal is not a bare account ID.
 */
export function principalShareName(principal: string, level: AccessLevel): string {
  if (/^\d{12}$/.test(principal)) {
    return `fshare-${level}-${principal}`;
  }
  const tail = (principal.split(/[:/]/).filter(Boolean).slice(-2).join('-') || 'principal')
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .slice(0, 60);
  return `fshare-${level}-${tail}-${digest(principal, 8)}`;
}

export function principalShareTags(principal: string, level: AccessLevel): Record<string, string> {
  return { [TAG_MANAGED]: 'true', [TAG_LEVEL]: level, [TAG_PRINCIPAL]: principalTagValue(principal) };
}

/** The old layout's name for a (group, level) share; still read, never created (tests build it). */
export function managedShareName(featureGroup: string | undefined, level: Level): string {
  return featureGroup === undefined ? catalogShareName() : `fshare-${featureGroup}-${level}`;
}

/** The old layout's tags for a (group, level) share (and the catalog share's, which is unchanged). */
export function managedTags(featureGroup: string | undefined, level: Level): Record<string, string> {
  return featureGroup === undefined
    ? catalogShareTags()
    : { [TAG_MANAGED]: 'true', [TAG_LEVEL]: level, [TAG_FEATURE_GROUP]: featureGroup };
}

export function catalogShareName(): string {
  return 'fshare-catalog';
}

export function catalogShareTags(): Record<string, string> {
  return { [TAG_MANAGED]: 'true', [TAG_LEVEL]: 'discover', [TAG_FEATURE_GROUP]: CATALOG_TAG_VALUE };
}

/** The tag key of one feature group's expiry on a (principal, level) share. */
export function groupExpiryTagKey(featureGroupName: string): string {
  return `${GROUP_EXPIRY_PREFIX}${featureGroupName}`;
}

/** The feature group name at the end of its ARN. */
export function groupNameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** The tag key that holds one principal's expiry on a managed share. */
export function expiryTagKey(principal: string): string {
  const key = `${EXPIRES_PREFIX}${principal}`;
  if (key.length <= 128 && TAG_KEY_SAFE.test(principal)) {
    return key;
  }
  return `${EXPIRES_PREFIX}sha256:${createHash('sha256').update(principal).digest('hex').slice(0, 40)}`;
}

/**
 * When a principal's grant of one feature group through this share expires: on a (principal,
 * level) share the group's own tag; on an old-layout share the principal's tag; else share-wide.
 */
export function expiryOf(share: ShareState, principal: string, featureGroupArn?: string): string | undefined {
  if (featureGroupArn !== undefined && share.tags[TAG_PRINCIPAL] !== undefined) {
    return share.tags[groupExpiryTagKey(groupNameOfArn(featureGroupArn))] ?? share.tags[TAG_EXPIRES];
  }
  return share.tags[expiryTagKey(principal)] ?? share.tags[TAG_EXPIRES];
}

/** Active principal associations of a share. */
export function activePrincipals(share: ShareState): PrincipalAssociation[] {
  return share.principals.filter((p) => isActiveAssociation(p.status));
}

/** The feature group ARNs a share reaches (resource associations that are not gone). */
export function featureGroupResources(share: ShareState): string[] {
  return share.resources
    .filter((r) => isActiveAssociation(r.status) && r.arn.includes(':feature-group/'))
    .map((r) => r.arn);
}

export function catalogResources(share: ShareState): string[] {
  return share.resources
    .filter((r) => isActiveAssociation(r.status) && r.arn.includes(':sagemaker-catalog/'))
    .map((r) => r.arn);
}

/** The feature-group level a share grants, from its permissions (the highest, if several). */
export function shareAccessLevel(share: ShareState): AccessLevel | undefined {
  let best: AccessLevel | undefined;
  const rank: Record<AccessLevel, number> = { 'read-only': 1, 'read-write': 2, admin: 3 };
  for (const p of share.permissions) {
    const level = p.level;
    if (level && level !== 'discover' && (!best || rank[level] > rank[best])) {
      best = level;
    }
  }
  return best;
}

export function grantsDiscover(share: ShareState): boolean {
  return share.permissions.some((p) => p.level === 'discover') || catalogResources(share).length > 0;
}

/**
 * A deterministic UUID-shaped token: the same inputs give the same token, so a retried call is
 * collapsed by RAM's clientToken idempotency, and two processes doing the same thing collapse too.
 */
export function deterministicToken(...parts: readonly string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
