/**
 * The typed permission model: the single source of truth for fshare's levels.
 * See docs/permissions.md for why it is shaped this way.
 */

export const ACCESS_LEVELS = ['read-only', 'read-write', 'admin'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];
export const LEVELS = ['discover', ...ACCESS_LEVELS] as const;
export type Level = (typeof LEVELS)[number];

export type ResourceKind = 'catalog' | 'feature-group';

export interface LevelDefinition {
  level: Level;
  resource: ResourceKind;
  /**
   * The AWS managed permission's documented name. AWS spells these inconsistently
   * (SageMaker vs Sagemaker), so names are matched case-insensitively and the ARN is resolved at
   * run time with ListPermissions; this name is the fallback.
   */
  permissionName: string;
  /** What the level allows, as documented; GetPermission gives the live list. */
  actions: readonly string[];
  /** Order among access levels: a higher rank includes every lower one. */
  rank: number;
}

const READ_ONLY_ACTIONS = [
  'sagemaker:DescribeFeatureGroup',
  'sagemaker:DescribeFeatureMetadata',
  'sagemaker:GetRecord',
  'sagemaker:BatchGetRecord',
] as const;
const READ_WRITE_ACTIONS = [...READ_ONLY_ACTIONS, 'sagemaker:PutRecord', 'sagemaker:DeleteRecord'] as const;
const ADMIN_ACTIONS = [
  ...READ_WRITE_ACTIONS,
  'sagemaker:UpdateFeatureGroup',
  'sagemaker:UpdateFeatureMetadata',
] as const;

export const LEVEL_TABLE: Readonly<Record<Level, LevelDefinition>> = {
  discover: {
    level: 'discover',
    resource: 'catalog',
    permissionName: 'AWSRAMPermissionSageMakerCatalogResourceSearch',
    actions: ['sagemaker:Search'],
    rank: 0,
  },
  'read-only': {
    level: 'read-only',
    resource: 'feature-group',
    permissionName: 'AWSRAMPermissionSageMakerFeatureGroupReadOnly',
    actions: READ_ONLY_ACTIONS,
    rank: 1,
  },
  'read-write': {
    level: 'read-write',
    resource: 'feature-group',
    permissionName: 'AWSRAMPermissionSagemakerFeatureGroupReadWrite',
    actions: READ_WRITE_ACTIONS,
    rank: 2,
  },
  admin: {
    level: 'admin',
    resource: 'feature-group',
    permissionName: 'AWSRAMPermissionSagemakerFeatureGroupAdmin',
    actions: ADMIN_ACTIONS,
    rank: 3,
  },
};

export function isAccessLevel(value: string): value is AccessLevel {
  return (ACCESS_LEVELS as readonly string[]).includes(value);
}

export function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}

/** The level whose managed permission has this name (case-insensitive), if any. */
export function levelForPermissionName(name: string): Level | undefined {
  const wanted = name.toLowerCase();
  return LEVELS.find((l) => LEVEL_TABLE[l].permissionName.toLowerCase() === wanted);
}

// AWS managed permissions have no region and the account "aws"; a customer-managed permission
// that copies a managed name must not be mistaken for it.
const MANAGED_PERMISSION_ARN = /^arn:aws(?:-[a-z]+)*:ram::aws:permission\/([^/]+)$/;

/**
 * The level for a managed permission ARN `arn:aws:ram::aws:permission/<Name>` (case-insensitive
 * name). A bare name (no `arn:` prefix) is looked up as a name, as callers holding only
 * RAM's `name` field expect.
 */
export function levelForPermissionArn(arn: string): Level | undefined {
  if (!arn.startsWith('arn:')) {
    return levelForPermissionName(arn);
  }
  const name = MANAGED_PERMISSION_ARN.exec(arn)?.[1];
  return name === undefined ? undefined : levelForPermissionName(name);
}

/** The fallback ARN when ListPermissions is unavailable. */
export function fallbackPermissionArn(level: Level, partition = 'aws'): string {
  return `arn:${partition}:ram::aws:permission/${LEVEL_TABLE[level].permissionName}`;
}

/** The highest of several access levels (the union of their permissions). */
export function highestLevel(levels: Iterable<AccessLevel>): AccessLevel | undefined {
  let best: AccessLevel | undefined;
  for (const level of levels) {
    if (!best || LEVEL_TABLE[level].rank > LEVEL_TABLE[best].rank) {
      best = level;
    }
  }
  return best;
}

export function levelAtLeast(held: AccessLevel | undefined, needed: AccessLevel): boolean {
  return held !== undefined && LEVEL_TABLE[held].rank >= LEVEL_TABLE[needed].rank;
}
