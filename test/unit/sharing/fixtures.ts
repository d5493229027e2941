import type { AccessLevel, Level } from '../../../src/permissions/levels.js';
import type { PlanContext } from '../../../src/sharing/planner.js';
import {
  managedShareName,
  managedTags,
  principalShareName,
  principalShareTags,
  type PrincipalAssociation,
  type ShareState,
  type SharingSnapshot,
} from '../../../src/sharing/snapshot.js';

export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';
export const fgArn = (name: string) => `arn:aws:sagemaker:${REGION}:${ACCOUNT}:feature-group/${name}`;
export const CATALOG = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:sagemaker-catalog/DefaultFeatureGroupCatalog`;

export const PERMISSIONS: PlanContext = {
  permissionArns: {
    discover: 'arn:aws:ram::aws:permission/AWSRAMPermissionSageMakerCatalogResourceSearch',
    'read-only': 'arn:aws:ram::aws:permission/AWSRAMPermissionSageMakerFeatureGroupReadOnly',
    'read-write': 'arn:aws:ram::aws:permission/AWSRAMPermissionSagemakerFeatureGroupReadWrite',
    admin: 'arn:aws:ram::aws:permission/AWSRAMPermissionSagemakerFeatureGroupAdmin',
  },
};

let counter = 0;
export function share(
  group: string | undefined,
  level: Level,
  principals: (string | PrincipalAssociation)[],
  options: { managed?: boolean; name?: string; tags?: Record<string, string>; allowExternal?: boolean } = {},
): ShareState {
  counter++;
  return {
    arn: `arn:aws:ram:${REGION}:${ACCOUNT}:resource-share/test-${counter}`,
    name: options.name ?? managedShareName(group, level),
    status: 'ACTIVE',
    allowExternalPrincipals: options.allowExternal ?? false,
    creationTime: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString(),
    tags: { ...(options.managed === false ? {} : managedTags(group, level)), ...options.tags },
    permissions: [{ arn: PERMISSIONS.permissionArns[level], level }],
    resources: [{ arn: group === undefined ? CATALOG : fgArn(group), status: 'ASSOCIATED' }],
    principals: principals.map((p) =>
      typeof p === 'string' ? { principal: p, status: 'ASSOCIATED', external: false } : p,
    ),
  };
}

export function snapshot(...shares: ShareState[]): SharingSnapshot {
  return { account: ACCOUNT, region: REGION, partition: 'aws', shares };
}

export type Matrix = Map<string, AccessLevel>;

/** A managed share of the current layout: one (principal, level) holding these groups. */
export function principalShare(
  principal: string | PrincipalAssociation,
  level: AccessLevel,
  groups: string[],
  options: { tags?: Record<string, string>; allowExternal?: boolean } = {},
): ShareState {
  counter++;
  const p = typeof principal === 'string' ? { principal, status: 'ASSOCIATED', external: false } : principal;
  return {
    arn: `arn:aws:ram:${REGION}:${ACCOUNT}:resource-share/test-${counter}`,
    name: principalShareName(p.principal, level),
    status: 'ACTIVE',
    allowExternalPrincipals: options.allowExternal ?? false,
    creationTime: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString(),
    tags: { ...principalShareTags(p.principal, level), ...options.tags },
    permissions: [{ arn: PERMISSIONS.permissionArns[level], level }],
    resources: groups.map((g) => ({ arn: fgArn(g), status: 'ASSOCIATED' })),
    principals: [p],
  };
}
