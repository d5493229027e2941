/**
 * The AWS-managed RAM permissions for SageMaker Feature Store, spelled as AWS spells them
 * (inconsistently: SageMaker vs Sagemaker). The resource-type codes are an assumption (no AWS source
 * names them; see docs/sandbox.md).
 */
export const FEATURE_GROUP_RESOURCE_TYPE = 'sagemaker:FeatureGroup';
export const CATALOG_RESOURCE_TYPE = 'sagemaker:SagemakerCatalog';

export interface ManagedPermission {
  name: string;
  arn: string;
  version: string;
  resourceType: string;
  isResourceTypeDefault: boolean;
  actions: readonly string[];
}

const READ_ONLY = [
  'sagemaker:DescribeFeatureGroup',
  'sagemaker:DescribeFeatureMetadata',
  'sagemaker:GetRecord',
  'sagemaker:BatchGetRecord',
];
const READ_WRITE = [...READ_ONLY, 'sagemaker:PutRecord', 'sagemaker:DeleteRecord'];
const ADMIN = [...READ_WRITE, 'sagemaker:UpdateFeatureGroup', 'sagemaker:UpdateFeatureMetadata'];

function managed(
  name: string,
  resourceType: string,
  actions: readonly string[],
  isResourceTypeDefault: boolean,
): ManagedPermission {
  return {
    name,
    arn: `arn:aws:ram::aws:permission/${name}`,
    version: '1',
    resourceType,
    isResourceTypeDefault,
    actions,
  };
}

export const MANAGED_PERMISSIONS: readonly ManagedPermission[] = [
  managed('AWSRAMPermissionSageMakerFeatureGroupReadOnly', FEATURE_GROUP_RESOURCE_TYPE, READ_ONLY, true),
  managed('AWSRAMPermissionSagemakerFeatureGroupReadWrite', FEATURE_GROUP_RESOURCE_TYPE, READ_WRITE, false),
  managed('AWSRAMPermissionSagemakerFeatureGroupAdmin', FEATURE_GROUP_RESOURCE_TYPE, ADMIN, false),
  managed(
    'AWSRAMPermissionSageMakerCatalogResourceSearch',
    CATALOG_RESOURCE_TYPE,
    ['sagemaker:Search'],
    true,
  ),
];

/** The creation time AWS would show for its managed permissions; fixed so outputs are stable. */
export const MANAGED_PERMISSION_TIME = new Date('2024-02-14T00:00:00Z');

export function permissionByArn(arn: string): ManagedPermission | undefined {
  return MANAGED_PERMISSIONS.find((p) => p.arn === arn);
}

export function defaultPermissionFor(resourceType: string): ManagedPermission | undefined {
  return MANAGED_PERMISSIONS.find((p) => p.resourceType === resourceType && p.isResourceTypeDefault);
}

/** The policy template GetPermission returns in `permission`, as a JSON string. */
export function permissionDocument(p: ManagedPermission): string {
  return JSON.stringify({ Effect: 'Allow', Action: p.actions });
}

const FEATURE_GROUP_ARN =
  /^arn:aws:sagemaker:([a-z0-9-]+):(\d{12}):feature-group\/([A-Za-z0-9](?:[-_]*[A-Za-z0-9]){0,63})$/;
const CATALOG_ARN = /^arn:aws:sagemaker:([a-z0-9-]+):(\d{12}):sagemaker-catalog\/DefaultFeatureGroupCatalog$/;

export interface ShareableResource {
  arn: string;
  type: string;
  region: string;
  accountId: string;
}

/** Classifies a resource ARN as one of the two shareable SageMaker types, or undefined. */
export function shareableResource(arn: string): ShareableResource | undefined {
  const fg = FEATURE_GROUP_ARN.exec(arn);
  if (fg?.[1] && fg[2]) {
    return { arn, type: FEATURE_GROUP_RESOURCE_TYPE, region: fg[1], accountId: fg[2] };
  }
  const cat = CATALOG_ARN.exec(arn);
  if (cat?.[1] && cat[2]) {
    return { arn, type: CATALOG_RESOURCE_TYPE, region: cat[1], accountId: cat[2] };
  }
  return undefined;
}

export function catalogArn(region: string, accountId: string): string {
  return `arn:aws:sagemaker:${region}:${accountId}:sagemaker-catalog/DefaultFeatureGroupCatalog`;
}
