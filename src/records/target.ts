/**
 * What every record command starts from: the resolved feature group (owner's ARN and region) and
 * its schema, with access-denied errors turned into the one next step that fixes them.
 */
import { isAccessDenied } from '../aws/errors.js';
import type { SageMakerPort } from '../aws/ports.js';
import type { Context } from '../context.js';
import { AccessDeniedError } from '../errors.js';
import { minimumLevel, type FeatureStoreOperation } from '../permissions/operations.js';
import { resolveFeatureGroup, type ResolvedFeatureGroup } from '../sharing/resolve-feature-group.js';
import { schemaFromDescription, type RecordSchema } from './schema.js';

type DescribeOutput = Omit<Awaited<ReturnType<SageMakerPort['describeFeatureGroup']>>, '$metadata'>;

export interface RecordTarget {
  group: ResolvedFeatureGroup;
  schema: RecordSchema;
  description: DescribeOutput;
}

/** Access denied on `operation`: says which level is missing and who can grant it. */
export async function deniedError(
  ctx: Context,
  group: ResolvedFeatureGroup,
  operation: FeatureStoreOperation,
  cause: unknown,
): Promise<AccessDeniedError> {
  const needed = minimumLevel(operation);
  let you = 'your-account';
  try {
    you = (await ctx.aws.identity()).account;
  } catch {
    // The hint still reads well with a placeholder.
  }
  const hint = group.own
    ? `You own ${group.name}: an IAM policy in your account denies sagemaker:${operation}.`
    : `${operation} needs ${needed}: ask the owner (account ${group.account}) to run \`fshare grant ${group.name} --to ${you} --level ${needed}\`; \`fshare can ${operation} ${group.arn}\` shows what you have.`;
  return new AccessDeniedError(`Access denied: ${operation} on ${group.arn} was refused.`, {
    code: 'FSHARE_ACCESS_DENIED',
    hint,
    cause,
    details: { operation, featureGroupArn: group.arn, neededLevel: needed },
  });
}

/** DescribeFeatureGroup by the owner's ARN in the owner's region, every page of definitions. */
export async function describeGroup(ctx: Context, group: ResolvedFeatureGroup): Promise<RecordTarget> {
  let first: DescribeOutput | undefined;
  const definitions: NonNullable<DescribeOutput['FeatureDefinitions']> = [];
  let nextToken: string | undefined;
  // Resolving a bare name described the group already; ask again only for further pages.
  if (group.described) {
    first = group.described;
    definitions.push(...(first.FeatureDefinitions ?? []));
    nextToken = first.NextToken || undefined;
  }
  const sagemaker = await ctx.aws.sagemaker({ region: group.region });
  try {
    while (first === undefined || nextToken) {
      const page = await sagemaker.describeFeatureGroup(
        { FeatureGroupName: group.arn, ...(nextToken ? { NextToken: nextToken } : {}) },
        { abortSignal: ctx.signal },
      );
      first ??= page;
      definitions.push(...(page.FeatureDefinitions ?? []));
      nextToken = page.NextToken || undefined;
    }
  } catch (error) {
    if (isAccessDenied(error)) {
      throw await deniedError(ctx, group, 'DescribeFeatureGroup', error);
    }
    throw error;
  }
  const description = { ...first, FeatureDefinitions: definitions };
  const schema = schemaFromDescription({
    ...description,
    FeatureGroupName: description.FeatureGroupName ?? group.name,
    FeatureGroupArn: description.FeatureGroupArn ?? group.arn,
  });
  return { group, schema, description };
}

export async function openTarget(ctx: Context, text: string): Promise<RecordTarget> {
  const group = await resolveFeatureGroup(ctx, text);
  return describeGroup(ctx, group);
}
