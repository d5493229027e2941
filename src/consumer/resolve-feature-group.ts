/**
 * Turns what the user typed (ARN, ACCOUNT/NAME or bare NAME) into the feature group's full ARN,
 * account and region. Cross-account calls must use the owner's ARN and the owner's region, so
 * everything downstream works from this, never from the text.
 */
import { isAccessDenied, isNotFound } from '../aws/errors.js';
import type { SageMakerPort } from '../aws/ports.js';
import type { Context } from '../context.js';
import { NotFoundError, UsageError } from '../errors.js';
import {
  featureGroupArn,
  parseFeatureGroupArn,
  parseFeatureGroupRef,
  partitionForRegion,
} from '../permissions/arns.js';

export interface ResolvedFeatureGroup {
  arn: string;
  name: string;
  account: string;
  region: string;
  /** The caller's own account owns it. */
  own: boolean;
  /** DescribeFeatureGroup's answer when resolving needed it anyway, so callers need not ask again. */
  described?: Omit<Awaited<ReturnType<SageMakerPort['describeFeatureGroup']>>, '$metadata'>;
}

export interface ResolveFeatureGroupOptions {
  /** Only the caller's own feature groups make sense (owner commands such as grant). */
  ownOnly?: boolean;
}

function fromArn(arn: string, callerAccount: string): ResolvedFeatureGroup | undefined {
  const parsed = parseFeatureGroupArn(arn);
  if (!parsed) {
    return undefined;
  }
  return {
    arn: parsed.arn,
    name: parsed.name,
    account: parsed.account,
    region: parsed.region,
    own: parsed.account === callerAccount,
  };
}

function refuseForeign(group: ResolvedFeatureGroup, callerAccount: string): never {
  throw new UsageError(
    `${group.arn} belongs to account ${group.account}, not to your account ${callerAccount}.`,
    {
      code: 'FSHARE_NOT_OWN_FEATURE_GROUP',
      hint: 'Only the owner account can share a feature group; run this with the owner account’s credentials.',
    },
  );
}

/** Every feature group named `name` that other accounts share with the caller or make discoverable. */
async function sharedCandidates(ctx: Context, name: string, callerAccount: string): Promise<string[]> {
  const arns = new Set<string>();
  const opts = { abortSignal: ctx.signal };
  let denied = 0;
  try {
    const ram = await ctx.aws.ram();
    let nextToken: string | undefined;
    do {
      const page = await ram.listResources(
        { resourceOwner: 'OTHER-ACCOUNTS', ...(nextToken ? { nextToken } : {}) },
        opts,
      );
      for (const r of page.resources ?? []) {
        const parsed = r.arn ? parseFeatureGroupArn(r.arn) : undefined;
        if (parsed && parsed.name === name && parsed.account !== callerAccount) {
          arns.add(parsed.arn);
        }
      }
      nextToken = page.nextToken || undefined;
    } while (nextToken);
  } catch (error) {
    if (!isAccessDenied(error)) {
      throw error;
    }
    denied++;
  }
  try {
    const sagemaker = await ctx.aws.sagemaker();
    let nextToken: string | undefined;
    do {
      const page = await sagemaker.search(
        {
          Resource: 'FeatureGroup',
          CrossAccountFilterOption: 'CrossAccount',
          SearchExpression: { Filters: [{ Name: 'FeatureGroupName', Operator: 'Equals', Value: name }] },
          ...(nextToken ? { NextToken: nextToken } : {}),
        },
        opts,
      );
      for (const result of page.Results ?? []) {
        const arn = result.FeatureGroup?.FeatureGroupArn;
        const parsed = arn ? parseFeatureGroupArn(arn) : undefined;
        // The filter is applied again here: a search expression is a hint to the service, and
        // a candidate with another name must never be picked.
        if (parsed && parsed.name === name && parsed.account !== callerAccount) {
          arns.add(parsed.arn);
        }
      }
      nextToken = page.NextToken || undefined;
    } while (nextToken);
  } catch (error) {
    if (!isAccessDenied(error)) {
      throw error;
    }
    denied++;
  }
  if (denied === 2 && arns.size === 0) {
    throw new NotFoundError(`No feature group named "${name}" could be looked up in other accounts.`, {
      code: 'FSHARE_FEATURE_GROUP_NOT_FOUND',
      hint: 'Your credentials may not list RAM resources or search SageMaker; pass the full ARN instead.',
    });
  }
  return [...arns].sort();
}

/**
 * Resolves a feature group reference. Parsing errors are UsageErrors thrown before any call;
 * an ambiguous bare name is a UsageError listing the candidates; nothing found is a NotFoundError.
 */
export async function resolveFeatureGroup(
  ctx: Context,
  text: string,
  options: ResolveFeatureGroupOptions = {},
): Promise<ResolvedFeatureGroup> {
  const ref = parseFeatureGroupRef(text);
  // Asked for only where it is needed: a bare name that describes in the caller's own account
  // never needs it, which spares the STS client and a round trip on the commonest path.
  const callerAccount = async () => (await ctx.aws.identity()).account;

  if (ref.kind === 'arn') {
    const caller = await callerAccount();
    const group = fromArn(ref.arn.arn, caller);
    if (!group) {
      throw new UsageError(`"${text}" is not a feature group ARN.`, { code: 'FSHARE_BAD_FEATURE_GROUP' });
    }
    if (options.ownOnly && !group.own) {
      refuseForeign(group, caller);
    }
    return group;
  }

  const region = await ctx.aws.region();
  if (ref.kind === 'qualified') {
    const caller = await callerAccount();
    const arn = featureGroupArn(partitionForRegion(region), region, ref.account, ref.name);
    const group: ResolvedFeatureGroup = {
      arn,
      name: ref.name,
      account: ref.account,
      region,
      own: ref.account === caller,
    };
    if (options.ownOnly && !group.own) {
      refuseForeign(group, caller);
    }
    return group;
  }

  const sagemaker = await ctx.aws.sagemaker();
  try {
    const out = await sagemaker.describeFeatureGroup(
      { FeatureGroupName: ref.name },
      { abortSignal: ctx.signal },
    );
    // A bare name that describes is, by definition, in the caller's own account.
    const parsed = out.FeatureGroupArn ? parseFeatureGroupArn(out.FeatureGroupArn) : undefined;
    const { $metadata: _metadata, ...described } = out;
    if (parsed) {
      return {
        arn: parsed.arn,
        name: parsed.name,
        account: parsed.account,
        region: parsed.region,
        own: true,
        described,
      };
    }
    const caller = await callerAccount();
    return {
      arn: featureGroupArn(partitionForRegion(region), region, caller, ref.name),
      name: ref.name,
      account: caller,
      region,
      own: true,
      described,
    };
  } catch (error) {
    // Not in the caller's account (or not describable there): look at what others share.
    if (!isNotFound(error) && !isAccessDenied(error)) {
      throw error;
    }
    if (options.ownOnly) {
      throw new NotFoundError(
        `There is no feature group "${ref.name}" in your account ${await callerAccount()} (region ${region}).`,
        {
          code: 'FSHARE_FEATURE_GROUP_NOT_FOUND',
          hint: 'Check the name and --region; list yours with `aws sagemaker list-feature-groups`.',
        },
      );
    }
  }

  const caller = await callerAccount();
  const candidates = await sharedCandidates(ctx, ref.name, caller);
  const [only] = candidates;
  if (candidates.length === 1 && only) {
    const group = fromArn(only, caller);
    if (group) {
      return group;
    }
  }
  if (candidates.length > 1) {
    throw new UsageError(
      `"${ref.name}" is ambiguous: ${candidates.length} feature groups with that name are shared with you: ${candidates.join(', ')}.`,
      {
        code: 'FSHARE_AMBIGUOUS_FEATURE_GROUP',
        hint: 'Pass one of them by ARN or as ACCOUNT/NAME.',
        details: { candidates },
      },
    );
  }
  throw new NotFoundError(
    `No feature group "${ref.name}" in your account ${caller} (region ${region}) or shared with you.`,
    {
      code: 'FSHARE_FEATURE_GROUP_NOT_FOUND',
      hint: 'Run `fshare discover` to list what is shared with you, and `fshare invitations` for pending shares.',
    },
  );
}
