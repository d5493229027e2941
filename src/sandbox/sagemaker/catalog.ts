/**
 * SageMaker control-plane handlers for the catalog view of feature groups: feature metadata
 * (Describe/UpdateFeatureMetadata), Search (own or shared accounts) and ListResourceCatalogs.
 */
import { discoverableOwnerAccounts } from '../ram/access.js';
import { META, getMeta } from '../store.js';
import type { OperationContext, OperationInput, OperationOutput } from '../types.js';
import { SandboxServiceError } from '../types.js';
import { isObject, type Params } from '../wire/params.js';
import { authorizeFeatureGroup } from './authz.js';
import { SORT_ORDER } from './control-plane.js';
import { FEATURE_NAME_PATTERN, featureGroupReference } from './definitions.js';
import { controlParams, controlPlaneInvalid } from './dialects.js';
import { pageOf } from './paging.js';
import { matchesSearchExpression, searchableValue } from './search.js';
import type { FeatureMetadataEntry, FeatureParameter, StoredFeatureGroup } from './store.js';
import { listFeatureGroupsIn, saveFeatureGroup } from './store.js';
import { compare, describeOutput, featureMetadataOutput, metadataOf } from './views.js';

export const CATALOG_NAME = 'DefaultFeatureGroupCatalog';
const MAX_PARAMETERS = 25;

function featureOf(group: StoredFeatureGroup, params: Params): { name: string; type: string } {
  const featureName = params.requiredString('FeatureName', {
    pattern: FEATURE_NAME_PATTERN,
    patternText: '[a-zA-Z0-9]([-_]*[a-zA-Z0-9]){0,63}',
  });
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

export function describeFeatureMetadata(input: OperationInput, ctx: OperationContext): OperationOutput {
  const params = controlParams(input);
  const reference = featureGroupReference(params);
  const group = authorizeFeatureGroup(ctx, reference, 'DescribeFeatureMetadata', 'control');
  const feature = featureOf(group, params);
  return featureMetadataOutput(group, feature.name, feature.type);
}

function validateParameters(params: Params, member: string): FeatureParameter[] {
  const list = params.optionalList(member, { max: MAX_PARAMETERS }) ?? [];
  return list.map((p) => {
    if (!isObject(p) || typeof p.Key !== 'string' || p.Key === '' || typeof p.Value !== 'string') {
      throw controlPlaneInvalid(`Each entry of ${params.at(member)} needs a Key and a Value.`);
    }
    return { Key: p.Key, Value: p.Value };
  });
}

export function updateFeatureMetadata(input: OperationInput, ctx: OperationContext): OperationOutput {
  const params = controlParams(input);
  const reference = featureGroupReference(params);
  const group = authorizeFeatureGroup(ctx, reference, 'UpdateFeatureMetadata', 'control');
  const feature = featureOf(group, params);
  const description = params.optionalString('Description', { max: 255 });
  const additions = validateParameters(params, 'ParameterAdditions');
  const removals = new Set(params.stringList('ParameterRemovals', { max: MAX_PARAMETERS }));
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

/** Search's ResourceType enum (botocore sagemaker 2017-07-24). */
const SEARCH_RESOURCE_TYPES = [
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
] as const;
const SEARCH_RESOURCES = ['FeatureGroup', 'FeatureMetadata'] as const;

function compareSearch(a: unknown, b: unknown): number {
  const key = (v: unknown): string | number =>
    v instanceof Date ? v.getTime() : typeof v === 'number' ? v : v === undefined ? '' : String(v);
  return compare(key(a), key(b));
}

/** Search over feature groups (and their features' metadata) in one's own or sharing accounts. */
export function search(input: OperationInput, ctx: OperationContext): OperationOutput {
  const params = controlParams(input);
  const resource = params.requiredEnum('Resource', SEARCH_RESOURCE_TYPES);
  const crossAccount =
    params.optionalEnum('CrossAccountFilterOption', ['SameAccount', 'CrossAccount']) ?? 'SameAccount';
  const sortOrder = params.optionalEnum('SortOrder', SORT_ORDER) ?? 'Descending';
  const sortBy = params.optionalString('SortBy', { min: 1, max: 255 }) ?? 'LastModifiedTime';
  const limit = params.int('MaxResults', { min: 1, max: 100, default: 10 });
  const expression = params.optionalObject('SearchExpression');
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
    expression ? matchesSearchExpression(item, expression, controlPlaneInvalid) : true,
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

export function listResourceCatalogs(input: OperationInput, ctx: OperationContext): OperationOutput {
  const params = controlParams(input);
  const nameContains = params.optionalString('NameContains', { min: 1, max: 64 })?.toLowerCase();
  const after = params.optionalTime('CreationTimeAfter');
  const before = params.optionalTime('CreationTimeBefore');
  params.optionalEnum('SortBy', ['CreationTime']);
  params.optionalEnum('SortOrder', SORT_ORDER);
  const limit = params.int('MaxResults', { min: 1, max: 100, default: 10 });
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
    .filter((c) => nameContains === undefined || c.ResourceCatalogName.toLowerCase().includes(nameContains))
    .filter((c) => after === undefined || c.CreationTime.getTime() > after)
    .filter((c) => before === undefined || c.CreationTime.getTime() < before);
  const { page, nextToken } = pageOf(catalogs, input, limit, controlPlaneInvalid);
  return { ResourceCatalogs: page, NextToken: nextToken };
}
