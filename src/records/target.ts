/**
 * What every record command starts from: the resolved feature group (owner's ARN and region) and
 * its schema — from the schema cache when a fresh entry is there, else resolved and described (and
 * cached) — with access-denied errors turned into the one next step that fixes them.
 */
import { paginatePages } from '../aws/paginate.js';
import type { SageMakerPort } from '../aws/ports.js';
import type { Context } from '../context.js';
import { guarded } from './access.js';
import { callerScope, SchemaCache } from './schema-cache.js';
import type { ResolvedFeatureGroup } from '../consumer/resolve-feature-group.js';
import { schemaFromDescription, type RecordSchema } from './schema.js';

type DescribeOutput = Omit<Awaited<ReturnType<SageMakerPort['describeFeatureGroup']>>, '$metadata'>;

export interface DescribedTarget {
  group: ResolvedFeatureGroup;
  schema: RecordSchema;
  description: DescribeOutput;
}

export interface RecordTarget {
  group: ResolvedFeatureGroup;
  schema: RecordSchema;
  /** The schema came from the cache: a rejection that may mean it changed is worth a refresh. */
  fromCache: boolean;
  /** What the user typed, for the cache and for hints. */
  text: string;
}

export interface OpenOptions {
  /** Use and fill the schema cache (`--no-cache` turns it off). */
  cache: boolean;
}

/** DescribeFeatureGroup by the owner's ARN in the owner's region, every page of definitions. */
export async function describeGroup(ctx: Context, group: ResolvedFeatureGroup): Promise<DescribedTarget> {
  let first: DescribeOutput | undefined;
  const definitions: NonNullable<DescribeOutput['FeatureDefinitions']> = [];
  let nextToken: string | undefined;
  // Resolving a bare name described the group already; ask again only for further pages.
  if (group.described) {
    first = group.described;
    definitions.push(...(first.FeatureDefinitions ?? []));
    nextToken = first.NextToken || undefined;
  }
  if (first === undefined || nextToken) {
    const sagemaker = await ctx.aws.sagemaker({ region: group.region });
    await guarded(ctx, group, 'DescribeFeatureGroup', async () => {
      const pages = paginatePages(
        sagemaker.describeFeatureGroup,
        { FeatureGroupName: group.arn, ...(nextToken ? { NextToken: nextToken } : {}) },
        { token: 'NextToken', call: { abortSignal: ctx.signal } },
      );
      for await (const page of pages) {
        first ??= page;
        definitions.push(...(page.FeatureDefinitions ?? []));
      }
    });
  }
  // Either resolving described it or the pages above did (a first page always comes), so `first` is set.
  const description = { ...(first as DescribeOutput), FeatureDefinitions: definitions };
  const schema = schemaFromDescription({
    ...description,
    FeatureGroupName: description.FeatureGroupName ?? group.name,
    FeatureGroupArn: description.FeatureGroupArn ?? group.arn,
  });
  return { group, schema, description };
}

/** Resolves and describes, fresh: what `describe` shows. */
export async function describeTarget(ctx: Context, text: string): Promise<DescribedTarget> {
  // Loaded only on a cache miss: a repeat read never resolves a name.
  const { resolveFeatureGroup } = await import('../consumer/resolve-feature-group.js');
  return describeGroup(ctx, await resolveFeatureGroup(ctx, text));
}

/** The group and its schema, from the cache when allowed and fresh. */
export async function openTarget(ctx: Context, text: string, options: OpenOptions): Promise<RecordTarget> {
  if (options.cache) {
    const scope = await callerScope(ctx);
    const hit = SchemaCache.for(ctx).lookup(scope, text);
    if (hit) {
      return { group: hit.group, schema: hit.schema, fromCache: true, text };
    }
    const { group, schema } = await describeTarget(ctx, text);
    SchemaCache.for(ctx).store(scope, text, group, schema);
    return { group, schema, fromCache: false, text };
  }
  const { group, schema } = await describeTarget(ctx, text);
  return { group, schema, fromCache: false, text };
}

/**
 * After the service rejected something in a way a changed schema would explain: forget the cached
 * entry and describe again. Returns undefined when the target was not from the cache (a fresh
 * schema was already used, so the rejection stands).
 */
export async function refreshTarget(ctx: Context, target: RecordTarget): Promise<RecordTarget | undefined> {
  if (!target.fromCache) {
    return undefined;
  }
  SchemaCache.for(ctx).forget(target.group.arn);
  return openTarget(ctx, target.text, { cache: true });
}
