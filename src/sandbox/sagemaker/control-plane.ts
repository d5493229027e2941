/** SageMaker control-plane handlers for feature groups (awsJson1_1, `X-Amz-Target: SageMaker.<Op>`). */
import { META, getMeta } from '../store.js';
import { discoverableOwnerAccounts } from '../ram/access.js';
import type { OperationContext, OperationInput, OperationOutput } from '../types.js';
import { SandboxServiceError } from '../types.js';
import { authorizeFeatureGroup, featureGroupArnOf, trailFor } from './authz.js';
import { pageOf } from './paging.js';
import { matchesSearchExpression, searchableValue } from './search.js';
import type { FeatureMetadataEntry, FeatureParameter, StoredFeatureGroup, Tag } from './store.js';
import { deleteFeatureGroupRows, getFeatureGroup, listFeatureGroupsIn, saveFeatureGroup } from './store.js';
import {
  FEATURE_GROUP_NAME_PATTERN,
  FEATURE_NAME_PATTERN,
  controlPlaneInvalid,
  isRecord,
  parseFeatureGroupReference,
  ttlDurationMs,
  validateFeatureDefinitions,
  validateKeyFeatures,
} from './validation.js';

export const CATALOG_NAME = 'DefaultFeatureGroupCatalog';
const MAX_FEATURE_ADDITIONS = 100;

function optionalString(input: OperationInput, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw controlPlaneInvalid(
      `1 validation error detected: Value at '${lowerFirst(member)}' must be a string`,
    );
  }
  return value;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** awsJson1_1 timestamps arrive as epoch seconds; tolerate ISO strings and Dates too. */
function optionalTime(input: OperationInput, member: string): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (value instanceof Date) {
    return value.getTime();
  }
  if (typeof value === 'number') {
    return value * 1000;
  }
  if (typeof value === 'string') {
    const asNumber = Number(value);
    const ms = Number.isFinite(asNumber) && value.trim() !== '' ? asNumber * 1000 : Date.parse(value);
    if (!Number.isNaN(ms)) {
      return ms;
    }
  }
  throw controlPlaneInvalid(
    `1 validation error detected: Value at '${lowerFirst(member)}' is not a valid timestamp`,
  );
}

function maxResults(input: OperationInput, defaultValue: number, max: number): number {
  const value = input.MaxResults;
  if (value === undefined || value === null) {
    return defaultValue;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw controlPlaneInvalid(
      `1 validation error detected: Value '${String(value)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
    );
  }
  return value;
}

function enumMember<T extends string>(
  input: OperationInput,
  member: string,
  allowed: readonly T[],
): T | undefined {
  const value = input[member];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw controlPlaneInvalid(
      `1 validation error detected: Value '${String(value)}' at '${lowerFirst(member)}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
    );
  }
  return value as T;
}

function validateTags(value: unknown): Tag[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value) || value.length > 50) {
    throw controlPlaneInvalid(
      "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
    );
  }
  return value.map((tag) => {
    if (!isRecord(tag) || typeof tag.Key !== 'string' || tag.Key === '' || typeof tag.Value !== 'string') {
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

function offlineStoreStatus(group: StoredFeatureGroup): { Status: string } | undefined {
  return group.offlineStoreConfig ? { Status: 'Active' } : undefined;
}

function describeOutput(group: StoredFeatureGroup): Record<string, unknown> {
  return {
    FeatureGroupArn: group.arn,
    FeatureGroupName: group.name,
    RecordIdentifierFeatureName: group.recordIdentifierFeatureName,
    EventTimeFeatureName: group.eventTimeFeatureName,
    FeatureDefinitions: group.featureDefinitions,
    CreationTime: new Date(group.createdAt),
    LastModifiedTime: group.lastModifiedAt !== group.createdAt ? new Date(group.lastModifiedAt) : undefined,
    OnlineStoreConfig: group.onlineStoreConfig,
    OfflineStoreConfig: group.offlineStoreConfig,
    ThroughputConfig: group.throughputConfig ?? { ThroughputMode: 'OnDemand' },
    RoleArn: group.roleArn,
    FeatureGroupStatus: group.status,
    OfflineStoreStatus: offlineStoreStatus(group),
    LastUpdateStatus: group.lastUpdateStatus,
    Description: group.description,
    OnlineStoreTotalSizeBytes: 0,
  };
}

export function createFeatureGroup(input: OperationInput, ctx: OperationContext): OperationOutput {
  ctx.trail.eventCategory = 'Management';
  ctx.trail.readOnly = false;
  const name = input.FeatureGroupName;
  if (typeof name !== 'string' || !FEATURE_GROUP_NAME_PATTERN.test(name)) {
    throw controlPlaneInvalid(
      `1 validation error detected: Value '${String(name)}' at 'featureGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9]([_-]*[a-zA-Z0-9]){0,63}`,
    );
  }
  const arn = featureGroupArnOf(ctx.region, ctx.caller.accountId, name);
  trailFor(ctx, { accountId: ctx.caller.accountId, arn });
  const definitions = validateFeatureDefinitions(input.FeatureDefinitions, 'featureDefinitions');
  const keys = validateKeyFeatures(
    definitions,
    input.RecordIdentifierFeatureName,
    input.EventTimeFeatureName,
  );
  const online = input.OnlineStoreConfig;
  const offline = input.OfflineStoreConfig;
  if ((online === undefined || online === null) && (offline === undefined || offline === null)) {
    throw controlPlaneInvalid('You must specify at least one of OnlineStoreConfig and OfflineStoreConfig.');
  }
  if (online !== undefined && online !== null && !isRecord(online)) {
    throw controlPlaneInvalid('OnlineStoreConfig must be an object.');
  }
  if (isRecord(online)) {
    ttlDurationMs(online.TtlDuration, controlPlaneInvalid);
  }
  const roleArn = optionalString(input, 'RoleArn');
  if (offline !== undefined && offline !== null) {
    if (
      !isRecord(offline) ||
      !isRecord(offline.S3StorageConfig) ||
      typeof offline.S3StorageConfig.S3Uri !== 'string'
    ) {
      throw controlPlaneInvalid('OfflineStoreConfig needs S3StorageConfig.S3Uri.');
    }
    if (roleArn === undefined) {
      throw controlPlaneInvalid('RoleArn is required when OfflineStoreConfig is specified.');
    }
  }
  const description = optionalString(input, 'Description');
  if (description !== undefined && description.length > 128) {
    throw controlPlaneInvalid(
      "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 128",
    );
  }
  const tags = validateTags(input.Tags);
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
    onlineStoreConfig: isRecord(online) ? online : undefined,
    offlineStoreConfig: isRecord(offline) ? { DisableGlueTableCreation: false, ...offline } : undefined,
    roleArn,
    throughputConfig: isRecord(input.ThroughputConfig) ? input.ThroughputConfig : undefined,
    featureMetadata,
    lastUpdateStatus: undefined,
    createdAt: now,
    lastModifiedAt: now,
  });
  return { FeatureGroupArn: arn };
}

export function describeFeatureGroup(input: OperationInput, ctx: OperationContext): OperationOutput {
  ctx.trail.eventCategory = 'Management';
  ctx.trail.readOnly = true;
  const reference = parseFeatureGroupReference(
    input.FeatureGroupName,
    'featureGroupName',
    controlPlaneInvalid,
  );
  const group = authorizeFeatureGroup(ctx, reference, 'DescribeFeatureGroup', 'control');
  return describeOutput(settle(ctx, group));
}

export function deleteFeatureGroup(input: OperationInput, ctx: OperationContext): OperationOutput {
  ctx.trail.eventCategory = 'Management';
  ctx.trail.readOnly = false;
  const name = input.FeatureGroupName;
  if (typeof name !== 'string' || !FEATURE_GROUP_NAME_PATTERN.test(name)) {
    throw controlPlaneInvalid(
      `1 validation error detected: Value '${String(name)}' at 'featureGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9]([_-]*[a-zA-Z0-9]){0,63}`,
    );
  }
  const group = authorizeFeatureGroup(ctx, { kind: 'name', name }, 'DeleteFeatureGroup', 'control');
  deleteFeatureGroupRows(ctx.db, group);
  return {};
}

const FEATURE_GROUP_SORT = ['Name', 'FeatureGroupStatus', 'OfflineStoreStatus', 'CreationTime'] as const;
const SORT_ORDER = ['Ascending', 'Descending'] as const;

export function listFeatureGroups(input: OperationInput, ctx: OperationContext): OperationOutput {
  ctx.trail.eventCategory = 'Management';
  ctx.trail.readOnly = true;
  ctx.trail.resources = [];
  const nameContains = optionalString(input, 'NameContains');
  const statusEquals = enumMember(input, 'FeatureGroupStatusEquals', [
    'Creating',
    'Created',
    'CreateFailed',
    'Deleting',
    'DeleteFailed',
  ]);
  const offlineStatusEquals = enumMember(input, 'OfflineStoreStatusEquals', [
    'Active',
    'Blocked',
    'Disabled',
  ]);
  const after = optionalTime(input, 'CreationTimeAfter');
  const before = optionalTime(input, 'CreationTimeBefore');
  const sortBy = enumMember(input, 'SortBy', FEATURE_GROUP_SORT) ?? 'CreationTime';
  const sortOrder = enumMember(input, 'SortOrder', SORT_ORDER) ?? 'Descending';
  const limit = maxResults(input, 10, 100);
  const groups = listFeatureGroupsIn(ctx.db, [ctx.caller.accountId], ctx.region)
    .filter((g) => nameContains === undefined || g.name.toLowerCase().includes(nameContains.toLowerCase()))
    .filter((g) => statusEquals === undefined || g.status === statusEquals)
    .filter((g) => offlineStatusEquals === undefined || offlineStoreStatus(g)?.Status === offlineStatusEquals)
    .filter((g) => after === undefined || g.createdAt > after)
    .filter((g) => before === undefined || g.createdAt < before);
  const key = (g: StoredFeatureGroup): string | number =>
    sortBy === 'Name'
      ? g.name
      : sortBy === 'FeatureGroupStatus'
        ? g.status
        : sortBy === 'OfflineStoreStatus'
          ? (offlineStoreStatus(g)?.Status ?? '')
          : g.createdAt;
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

function compare(a: string | number, b: string | number): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}

export function updateFeatureGroup(input: OperationInput, ctx: OperationContext): OperationOutput {
  ctx.trail.eventCategory = 'Management';
  ctx.trail.readOnly = false;
  const reference = parseFeatureGroupReference(
    input.FeatureGroupName,
    'featureGroupName',
    controlPlaneInvalid,
  );
  const group = authorizeFeatureGroup(ctx, reference, 'UpdateFeatureGroup', 'control');
  const additions =
    input.FeatureAdditions === undefined || input.FeatureAdditions === null
      ? []
      : validateFeatureDefinitions(input.FeatureAdditions, 'featureAdditions');
  if (additions.length > MAX_FEATURE_ADDITIONS) {
    throw controlPlaneInvalid(
      `1 validation error detected: Value at 'featureAdditions' failed to satisfy constraint: Member must have length less than or equal to ${MAX_FEATURE_ADDITIONS}`,
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
  if (isRecord(input.OnlineStoreConfig)) {
    if (!group.onlineStoreConfig) {
      throw controlPlaneInvalid(
        `Feature group '${group.name}' has no online store; OnlineStoreConfig cannot be updated.`,
      );
    }
    const ttl = input.OnlineStoreConfig.TtlDuration;
    ttlDurationMs(ttl, controlPlaneInvalid);
    onlineStoreConfig = { ...group.onlineStoreConfig, TtlDuration: ttl };
  }
  if (group.status !== 'Created' && group.status !== 'Creating') {
    throw new SandboxServiceError(
      'ResourceInUse',
      `Feature group '${group.name}' is in status ${group.status}.`,
      400,
    );
  }
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
    throughputConfig: isRecord(input.ThroughputConfig)
      ? { ...(group.throughputConfig ?? {}), ...input.ThroughputConfig }
      : group.throughputConfig,
    featureMetadata,
    lastUpdateStatus: { Status: 'Successful' },
    lastModifiedAt: now,
  });
  return { FeatureGroupArn: group.arn };
}

function featureOf(group: StoredFeatureGroup, featureName: unknown): { name: string; type: string } {
  if (typeof featureName !== 'string' || !FEATURE_NAME_PATTERN.test(featureName)) {
    throw controlPlaneInvalid(
      `1 validation error detected: Value '${String(featureName)}' at 'featureName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9]([-_]*[a-zA-Z0-9]){0,63}`,
    );
  }
  const definition = group.featureDefinitions.find((d) => d.FeatureName === featureName);
  if (!definition) {
    throw new SandboxServiceError(
      'ResourceNotFound',
      `Resource Not Found: Amazon SageMaker can't find a feature with name ${featureName} in feature group ${group.name}`,
      400,
    );
  }
  return { name: definition.FeatureName, type: definition.FeatureType };
}

function metadataOf(group: StoredFeatureGroup, featureName: string): FeatureMetadataEntry {
  return (
    group.featureMetadata[featureName] ?? {
      Parameters: [],
      CreationTime: group.createdAt,
      LastModifiedTime: group.createdAt,
    }
  );
}

export function featureMetadataOutput(
  group: StoredFeatureGroup,
  featureName: string,
  type: string,
): Record<string, unknown> {
  const metadata = metadataOf(group, featureName);
  return {
    FeatureGroupArn: group.arn,
    FeatureGroupName: group.name,
    FeatureName: featureName,
    FeatureType: type,
    CreationTime: new Date(metadata.CreationTime),
    LastModifiedTime: new Date(metadata.LastModifiedTime),
    Description: metadata.Description,
    Parameters: metadata.Parameters,
  };
}

export function describeFeatureMetadata(input: OperationInput, ctx: OperationContext): OperationOutput {
  ctx.trail.eventCategory = 'Management';
  ctx.trail.readOnly = true;
  const reference = parseFeatureGroupReference(
    input.FeatureGroupName,
    'featureGroupName',
    controlPlaneInvalid,
  );
  const group = authorizeFeatureGroup(ctx, reference, 'DescribeFeatureMetadata', 'control');
  const feature = featureOf(group, input.FeatureName);
  return featureMetadataOutput(group, feature.name, feature.type);
}

function validateParameters(value: unknown, member: string): FeatureParameter[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value) || value.length > 25) {
    throw controlPlaneInvalid(
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to 25`,
    );
  }
  return value.map((p) => {
    if (!isRecord(p) || typeof p.Key !== 'string' || p.Key === '' || typeof p.Value !== 'string') {
      throw controlPlaneInvalid(`Each entry of ${member} needs a Key and a Value.`);
    }
    return { Key: p.Key, Value: p.Value };
  });
}

export function updateFeatureMetadata(input: OperationInput, ctx: OperationContext): OperationOutput {
  ctx.trail.eventCategory = 'Management';
  ctx.trail.readOnly = false;
  const reference = parseFeatureGroupReference(
    input.FeatureGroupName,
    'featureGroupName',
    controlPlaneInvalid,
  );
  const group = authorizeFeatureGroup(ctx, reference, 'UpdateFeatureMetadata', 'control');
  const feature = featureOf(group, input.FeatureName);
  const description = optionalString(input, 'Description');
  if (description !== undefined && description.length > 255) {
    throw controlPlaneInvalid(
      "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 255",
    );
  }
  const additions = validateParameters(input.ParameterAdditions, 'parameterAdditions');
  const removalsRaw = input.ParameterRemovals;
  if (
    removalsRaw !== undefined &&
    removalsRaw !== null &&
    (!Array.isArray(removalsRaw) || removalsRaw.length > 25)
  ) {
    throw controlPlaneInvalid(
      "1 validation error detected: Value at 'parameterRemovals' failed to satisfy constraint: Member must have length less than or equal to 25",
    );
  }
  const removals = new Set((Array.isArray(removalsRaw) ? removalsRaw : []).map(String));
  const current = metadataOf(group, feature.name);
  const parameters = current.Parameters.filter((p) => !removals.has(p.Key)).filter(
    (p) => !additions.some((a) => a.Key === p.Key),
  );
  parameters.push(...additions);
  const updated: FeatureMetadataEntry = {
    ...current,
    Parameters: parameters,
    LastModifiedTime: ctx.now.getTime(),
  };
  if (description !== undefined) {
    updated.Description = description;
  }
  saveFeatureGroup(ctx.db, {
    ...group,
    featureMetadata: { ...group.featureMetadata, [feature.name]: updated },
  });
  return {};
}

const SEARCH_RESOURCES = ['FeatureGroup', 'FeatureMetadata'] as const;

/** Search over feature groups (and their features' metadata) in one's own or sharing accounts. */
export function search(input: OperationInput, ctx: OperationContext): OperationOutput {
  ctx.trail.eventCategory = 'Management';
  ctx.trail.readOnly = true;
  ctx.trail.resources = [];
  const resource = enumMember(input, 'Resource', [
    'TrainingJob',
    'Experiment',
    'ExperimentTrial',
    'ExperimentTrialComponent',
    'Endpoint',
    'Model',
    'ModelPackage',
    'ModelPackageGroup',
    'Pipeline',
    'PipelineExecution',
    'FeatureGroup',
    'FeatureMetadata',
    'Image',
    'ImageVersion',
    'Project',
    'HyperParameterTuningJob',
    'ModelCard',
    'PipelineVersion',
  ]);
  if (resource === undefined) {
    throw controlPlaneInvalid(
      "1 validation error detected: Value null at 'resource' failed to satisfy constraint: Member must not be null",
    );
  }
  const crossAccount =
    enumMember(input, 'CrossAccountFilterOption', ['SameAccount', 'CrossAccount']) ?? 'SameAccount';
  const sortOrder = enumMember(input, 'SortOrder', SORT_ORDER) ?? 'Descending';
  const sortBy = optionalString(input, 'SortBy') ?? 'LastModifiedTime';
  const limit = maxResults(input, 10, 100);
  const expression = input.SearchExpression;
  if (expression !== undefined && expression !== null && !isRecord(expression)) {
    throw controlPlaneInvalid('SearchExpression must be an object.');
  }
  if (!(SEARCH_RESOURCES as readonly string[]).includes(resource)) {
    // Other resource types exist in SageMaker but the sandbox holds none of them.
    return { Results: [] };
  }
  const accounts =
    crossAccount === 'CrossAccount'
      ? discoverableOwnerAccounts(ctx.db, { caller: ctx.caller, region: ctx.region, now: ctx.now }).filter(
          (account) => account !== ctx.caller.accountId,
        )
      : [ctx.caller.accountId];
  const groups = listFeatureGroupsIn(ctx.db, accounts, ctx.region);
  // "As if in their own account (excluding tags)": other accounts' tags are never shown.
  const visible = (g: StoredFeatureGroup): Record<string, unknown> => {
    const item: Record<string, unknown> = { ...describeOutput(g) };
    delete item.OnlineStoreTotalSizeBytes;
    delete item.ThroughputConfig;
    if (g.accountId === ctx.caller.accountId) {
      item.Tags = g.tags;
    }
    return item;
  };
  const items: Record<string, unknown>[] =
    resource === 'FeatureGroup'
      ? groups.map(visible)
      : groups.flatMap((g) =>
          g.featureDefinitions.map((d) => featureMetadataOutput(g, d.FeatureName, d.FeatureType)),
        );
  const matched = items.filter((item) =>
    isRecord(expression) ? matchesSearchExpression(item, expression, controlPlaneInvalid) : true,
  );
  matched.sort((a, b) => compareSearch(searchableValue(a, sortBy), searchableValue(b, sortBy)));
  if (sortOrder === 'Descending') {
    matched.reverse();
  }
  const { page, nextToken } = pageOf(matched, input, limit, controlPlaneInvalid);
  return {
    Results: page.map((item) =>
      resource === 'FeatureGroup' ? { FeatureGroup: item } : { FeatureMetadata: item },
    ),
    NextToken: nextToken,
  };
}

function compareSearch(a: unknown, b: unknown): number {
  const key = (v: unknown): string | number =>
    v instanceof Date ? v.getTime() : typeof v === 'number' ? v : v === undefined ? '' : String(v);
  return compare(key(a), key(b));
}

export function listResourceCatalogs(input: OperationInput, ctx: OperationContext): OperationOutput {
  ctx.trail.eventCategory = 'Management';
  ctx.trail.readOnly = true;
  ctx.trail.resources = [];
  const nameContains = optionalString(input, 'NameContains');
  const after = optionalTime(input, 'CreationTimeAfter');
  const before = optionalTime(input, 'CreationTimeBefore');
  enumMember(input, 'SortBy', ['CreationTime']);
  enumMember(input, 'SortOrder', SORT_ORDER);
  const limit = maxResults(input, 10, 100);
  const initialised = getMeta(ctx.db, META.initialisedAt);
  const createdAt =
    initialised !== undefined && !Number.isNaN(Date.parse(initialised)) ? Date.parse(initialised) : 0;
  const catalog = {
    ResourceCatalogArn: `arn:aws:sagemaker:${ctx.region}:${ctx.caller.accountId}:sagemaker-catalog/${CATALOG_NAME}`,
    ResourceCatalogName: CATALOG_NAME,
    Description: 'Default catalog for feature groups',
    CreationTime: new Date(createdAt),
  };
  const catalogs = [catalog]
    .filter(
      (c) =>
        nameContains === undefined ||
        c.ResourceCatalogName.toLowerCase().includes(nameContains.toLowerCase()),
    )
    .filter((c) => after === undefined || c.CreationTime.getTime() > after)
    .filter((c) => before === undefined || c.CreationTime.getTime() < before);
  const { page, nextToken } = pageOf(catalogs, input, limit, controlPlaneInvalid);
  return { ResourceCatalogs: page, NextToken: nextToken };
}
