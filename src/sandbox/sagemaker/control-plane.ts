/**
 * SageMaker control-plane handlers for feature groups (awsJson1_1, `X-Amz-Target: SageMaker.<Op>`):
 * create, describe, delete, list, update. Their CloudTrail category and read-only flag are declared
 * in service.ts; the handlers add only the resource they act on.
 */
import type { OperationContext, OperationInput, OperationOutput } from '../types.js';
import { SandboxServiceError } from '../types.js';
import { isObject } from '../wire/params.js';
import type { Params } from '../wire/params.js';
import { authorizeFeatureGroup, featureGroupArnOf, trailFor } from './authz.js';
import {
  featureGroupName,
  featureGroupReference,
  ttlDurationMs,
  validateFeatureDefinitions,
  validateKeyFeatures,
} from './definitions.js';
import { controlParams, controlPlaneInvalid } from './dialects.js';
import { pageOf } from './paging.js';
import type { FeatureMetadataEntry, StoredFeatureGroup, Tag } from './store.js';
import { deleteFeatureGroupRows, getFeatureGroup, listFeatureGroupsIn, saveFeatureGroup } from './store.js';
import { compare, describeOutput, offlineStoreStatus } from './views.js';

const MAX_FEATURE_ADDITIONS = 100;
export const SORT_ORDER = ['Ascending', 'Descending'] as const;
const FEATURE_GROUP_SORT = ['Name', 'FeatureGroupStatus', 'OfflineStoreStatus', 'CreationTime'] as const;
const FEATURE_GROUP_STATUS = ['Creating', 'Created', 'CreateFailed', 'Deleting', 'DeleteFailed'] as const;
const OFFLINE_STORE_STATUS = ['Active', 'Blocked', 'Disabled'] as const;

function validateTags(params: Params): Tag[] {
  const tags = params.optionalList('Tags', { max: 50 }) ?? [];
  return tags.map((tag) => {
    if (!isObject(tag) || typeof tag.Key !== 'string' || tag.Key === '' || typeof tag.Value !== 'string') {
      throw controlPlaneInvalid(
        "1 validation error detected: Value at 'tags' failed to satisfy constraint: each tag needs a Key and a Value",
      );
    }
    return { Key: tag.Key, Value: tag.Value };
  });
}

/** The group as the current clock sees it: Creating is reported once, then Created. */
function settle(ctx: OperationContext, group: StoredFeatureGroup): StoredFeatureGroup {
  if (group.status !== 'Creating') {
    return group;
  }
  saveFeatureGroup(ctx.db, { ...group, status: 'Created' });
  return group;
}

function storeConfigs(params: Params): {
  online: Record<string, unknown> | undefined;
  offline: Record<string, unknown> | undefined;
} {
  const online = params.optionalObject('OnlineStoreConfig');
  const offline = params.optionalObject('OfflineStoreConfig');
  if (online === undefined && offline === undefined) {
    throw controlPlaneInvalid('You must specify at least one of OnlineStoreConfig and OfflineStoreConfig.');
  }
  if (online) {
    ttlDurationMs(online.TtlDuration, controlPlaneInvalid);
  }
  if (offline && (!isObject(offline.S3StorageConfig) || typeof offline.S3StorageConfig.S3Uri !== 'string')) {
    throw controlPlaneInvalid('OfflineStoreConfig needs S3StorageConfig.S3Uri.');
  }
  return { online, offline };
}

export function createFeatureGroup(input: OperationInput, ctx: OperationContext): OperationOutput {
  const params = controlParams(input);
  const name = featureGroupName(params);
  const arn = featureGroupArnOf(ctx.region, ctx.caller.accountId, name);
  trailFor(ctx, { accountId: ctx.caller.accountId, arn });
  const definitions = validateFeatureDefinitions(input.FeatureDefinitions, 'featureDefinitions');
  const keys = validateKeyFeatures(
    definitions,
    input.RecordIdentifierFeatureName,
    input.EventTimeFeatureName,
  );
  const { online, offline } = storeConfigs(params);
  const roleArn = params.optionalString('RoleArn');
  if (offline && roleArn === undefined) {
    throw controlPlaneInvalid('RoleArn is required when OfflineStoreConfig is specified.');
  }
  const description = params.optionalString('Description', { max: 128 });
  const tags = validateTags(params);
  if (getFeatureGroup(ctx.db, ctx.caller.accountId, ctx.region, name)) {
    throw new SandboxServiceError(
      'ResourceInUse',
      `Resource Already Exists: FeatureGroup with name ${name} already exists. Choose a different name.`,
      400,
    );
  }
  const now = ctx.now.getTime();
  const featureMetadata: Record<string, FeatureMetadataEntry> = {};
  for (const d of definitions) {
    featureMetadata[d.FeatureName] = { Parameters: [], CreationTime: now, LastModifiedTime: now };
  }
  saveFeatureGroup(ctx.db, {
    accountId: ctx.caller.accountId,
    region: ctx.region,
    name,
    arn,
    ...keys,
    featureDefinitions: definitions,
    status: 'Creating',
    description,
    tags,
    onlineStoreConfig: online,
    offlineStoreConfig: offline ? { DisableGlueTableCreation: false, ...offline } : undefined,
    roleArn,
    throughputConfig: params.optionalObject('ThroughputConfig'),
    featureMetadata,
    lastUpdateStatus: undefined,
    createdAt: now,
    lastModifiedAt: now,
  });
  return { FeatureGroupArn: arn };
}

export function describeFeatureGroup(input: OperationInput, ctx: OperationContext): OperationOutput {
  const params = controlParams(input);
  const reference = featureGroupReference(params);
  params.optionalString('NextToken', { max: 8192 });
  const group = authorizeFeatureGroup(ctx, reference, 'DescribeFeatureGroup', 'control');
  // NextToken is a required member of the output shape; with at most 2,500 definitions in one
  // answer there is never a next page, so it is always empty.
  return { ...describeOutput(settle(ctx, group)), NextToken: '' };
}

export function deleteFeatureGroup(input: OperationInput, ctx: OperationContext): OperationOutput {
  const name = featureGroupName(controlParams(input));
  const group = authorizeFeatureGroup(ctx, { kind: 'name', name }, 'DeleteFeatureGroup', 'control');
  deleteFeatureGroupRows(ctx.db, group);
  return {};
}

function sortKey(sortBy: (typeof FEATURE_GROUP_SORT)[number]): (g: StoredFeatureGroup) => string | number {
  switch (sortBy) {
    case 'Name':
      return (g) => g.name;
    case 'FeatureGroupStatus':
      return (g) => g.status;
    case 'OfflineStoreStatus':
      return (g) => offlineStoreStatus(g)?.Status ?? '';
    case 'CreationTime':
      return (g) => g.createdAt;
  }
}

export function listFeatureGroups(input: OperationInput, ctx: OperationContext): OperationOutput {
  const params = controlParams(input);
  const nameContains = params.optionalString('NameContains', { min: 1, max: 64 })?.toLowerCase();
  const statusEquals = params.optionalEnum('FeatureGroupStatusEquals', FEATURE_GROUP_STATUS);
  const offlineStatusEquals = params.optionalEnum('OfflineStoreStatusEquals', OFFLINE_STORE_STATUS);
  const after = params.optionalTime('CreationTimeAfter');
  const before = params.optionalTime('CreationTimeBefore');
  const sortBy = params.optionalEnum('SortBy', FEATURE_GROUP_SORT) ?? 'CreationTime';
  const sortOrder = params.optionalEnum('SortOrder', SORT_ORDER) ?? 'Descending';
  const limit = params.int('MaxResults', { min: 1, max: 100, default: 10 });
  const groups = listFeatureGroupsIn(ctx.db, [ctx.caller.accountId], ctx.region)
    .filter((g) => nameContains === undefined || g.name.toLowerCase().includes(nameContains))
    .filter((g) => statusEquals === undefined || g.status === statusEquals)
    .filter((g) => offlineStatusEquals === undefined || offlineStoreStatus(g)?.Status === offlineStatusEquals)
    .filter((g) => after === undefined || g.createdAt > after)
    .filter((g) => before === undefined || g.createdAt < before);
  const key = sortKey(sortBy);
  groups.sort((a, b) => compare(key(a), key(b)) || compare(a.name, b.name));
  if (sortOrder === 'Descending') {
    groups.reverse();
  }
  const { page, nextToken } = pageOf(groups, input, limit, controlPlaneInvalid);
  return {
    FeatureGroupSummaries: page.map((g) => ({
      FeatureGroupName: g.name,
      FeatureGroupArn: g.arn,
      CreationTime: new Date(g.createdAt),
      FeatureGroupStatus: g.status,
      OfflineStoreStatus: offlineStoreStatus(g),
    })),
    NextToken: nextToken,
  };
}

export function updateFeatureGroup(input: OperationInput, ctx: OperationContext): OperationOutput {
  const params = controlParams(input);
  const group = authorizeFeatureGroup(ctx, featureGroupReference(params), 'UpdateFeatureGroup', 'control');
  const additions = params.has('FeatureAdditions')
    ? validateFeatureDefinitions(input.FeatureAdditions, 'featureAdditions')
    : [];
  if (additions.length > MAX_FEATURE_ADDITIONS) {
    throw params.constraint(
      undefined,
      'FeatureAdditions',
      `Member must have length less than or equal to ${MAX_FEATURE_ADDITIONS}`,
    );
  }
  const existing = new Set(group.featureDefinitions.map((d) => d.FeatureName.toLowerCase()));
  for (const addition of additions) {
    if (existing.has(addition.FeatureName.toLowerCase())) {
      throw controlPlaneInvalid(
        `The feature '${addition.FeatureName}' already exists in feature group '${group.name}'. FeatureAdditions must only contain new features.`,
      );
    }
  }
  let onlineStoreConfig = group.onlineStoreConfig;
  const onlineUpdate = params.optionalObject('OnlineStoreConfig');
  if (onlineUpdate) {
    if (!group.onlineStoreConfig) {
      throw controlPlaneInvalid(
        `Feature group '${group.name}' has no online store; OnlineStoreConfig cannot be updated.`,
      );
    }
    ttlDurationMs(onlineUpdate.TtlDuration, controlPlaneInvalid);
    onlineStoreConfig = { ...group.onlineStoreConfig, TtlDuration: onlineUpdate.TtlDuration };
  }
  if (group.status !== 'Created' && group.status !== 'Creating') {
    throw new SandboxServiceError(
      'ResourceInUse',
      `Feature group '${group.name}' is in status ${group.status}.`,
      400,
    );
  }
  const throughput = params.optionalObject('ThroughputConfig');
  const now = ctx.now.getTime();
  const featureMetadata = { ...group.featureMetadata };
  for (const addition of additions) {
    featureMetadata[addition.FeatureName] = { Parameters: [], CreationTime: now, LastModifiedTime: now };
  }
  saveFeatureGroup(ctx.db, {
    ...group,
    status: group.status === 'Creating' ? 'Created' : group.status,
    featureDefinitions: [...group.featureDefinitions, ...additions],
    onlineStoreConfig,
    throughputConfig: throughput
      ? { ...(group.throughputConfig ?? {}), ...throughput }
      : group.throughputConfig,
    featureMetadata,
    lastUpdateStatus: { Status: 'Successful' },
    lastModifiedAt: now,
  });
  return { FeatureGroupArn: group.arn };
}
