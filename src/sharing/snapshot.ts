/**
 * A read-only picture of the caller's RAM sharing state (the shares it owns), in the shape the
 * pure planner and the effective-access computation need. Built by read-snapshot.ts from RAM
 * reads; built by hand in tests.
 */
import { createHash } from 'node:crypto';
import type { AccessLevel, Level } from '../permissions/levels.js';

export const TAG_MANAGED = 'fshare:managed';
export const TAG_LEVEL = 'fshare:level';
export const TAG_FEATURE_GROUP = 'fshare:feature-group';
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
  | { kind: 'feature-group'; featureGroup: string; level: AccessLevel }
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
  if ((level === 'read-only' || level === 'read-write' || level === 'admin') && group) {
    return { kind: 'feature-group', featureGroup: group, level };
  }
  return undefined;
}

export function managedShareName(featureGroup: string | undefined, level: Level): string {
  return featureGroup === undefined ? 'fshare-catalog' : `fshare-${featureGroup}-${level}`;
}

export function managedTags(featureGroup: string | undefined, level: Level): Record<string, string> {
  return {
    [TAG_MANAGED]: 'true',
    [TAG_LEVEL]: level,
    [TAG_FEATURE_GROUP]: featureGroup ?? CATALOG_TAG_VALUE,
  };
}

// RAM tag keys are at most 128 characters of letters, digits, spaces and _.:/=+-@; principals that
// do not fit (long or comma-bearing IAM paths) are keyed by a digest instead.
const TAG_KEY_SAFE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** The tag key that holds one principal's expiry on a managed share. */
export function expiryTagKey(principal: string): string {
  const key = `${EXPIRES_PREFIX}${principal}`;
  if (key.length <= 128 && TAG_KEY_SAFE.test(principal)) {
    return key;
  }
  return `${EXPIRES_PREFIX}sha256:${createHash('sha256').update(principal).digest('hex').slice(0, 40)}`;
}

/** When a principal's grant on this share expires (its own tag, else the share-wide tag). */
export function expiryOf(share: ShareState, principal: string): string | undefined {
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
