/**
 * Turns what the user typed (ARN, ACCOUNT/NAME or bare NAME) into the feature group's full ARN,
 * account and region. Cross-account calls must use the owner's ARN and the owner's region, so
 * everything downstream works from this, never from the text.
 */
import { isAccessDenied, isNotFound } from '../aws/errors.js';
import { collectAll } from '../aws/paginate.js';
import { suggest } from '../cli/did-you-mean.js';
import type { SageMakerPort } from '../aws/ports.js';
import type { Context } from '../context.js';
import { NotFoundError, UsageError } from '../errors.js';
import {
  featureGroupArn,
  parseFeatureGroupArn,
  parseFeatureGroupRef,
  partitionForRegion,
} from '../permissions/arns.js';
import type { PendingInvitationRef } from './pending.js';
import { lookUpShared } from './shared-candidates.js';

export interface ResolvedFeatureGroup {
  arn: string;
  name: string;
  account: string;
  region: string;
  /** The caller's own account owns it. */
  own: boolean;
  /** Found only through this pending invitation: accepting it is the next step. */
  pendingInvitation?: PendingInvitationRef;
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

/** Own feature-group names in one region, for did-you-mean; empty when they cannot be listed. */
async function ownNames(ctx: Context, region: string): Promise<string[]> {
  try {
    const sagemaker = await ctx.aws.sagemaker({ region });
    const groups = await collectAll(
      sagemaker.listFeatureGroups.bind(sagemaker),
      {},
      { items: (page) => page.FeatureGroupSummaries, call: { abortSignal: ctx.signal } },
    );
    return groups.map((g) => g.FeatureGroupName ?? '').filter(Boolean);
  } catch (error) {
    if (isAccessDenied(error)) {
      return [];
    }
    throw error;
  }
}

/** ` Did you mean "customers"?` when a known name is a likely typo of `name`, else ''. */
function didYouMean(name: string, known: readonly string[]): string {
  const [suggestion] = suggest(
    name,
    [...new Set(known)].filter((k) => k !== name),
  );
  return suggestion ? ` Did you mean "${suggestion}"?` : '';
}

/**
 * An owner command names one of the caller's own groups: it must exist in the region the command
 * works in (a RAM share is regional), checked before anything else is sent.
 */
async function describeOwn(
  ctx: Context,
  group: ResolvedFeatureGroup,
  text: string,
): Promise<ResolvedFeatureGroup> {
  const region = await ctx.aws.region();
  if (group.region !== region) {
    throw new UsageError(`${text} is in region ${group.region}, but fshare is working in ${region}.`, {
      code: 'FSHARE_REGION_MISMATCH',
      hint: `Pass --region ${group.region} to share it there.`,
    });
  }
  const sagemaker = await ctx.aws.sagemaker({ region: group.region });
  try {
    const { $metadata: _metadata, ...described } = await sagemaker.describeFeatureGroup(
      { FeatureGroupName: group.name },
      { abortSignal: ctx.signal },
    );
    return { ...group, described };
  } catch (error) {
    if (!isNotFound(error)) {
      throw error;
    }
    const suggestion = didYouMean(group.name, await ownNames(ctx, group.region));
    throw new NotFoundError(
      `There is no feature group "${group.name}" in your account ${group.account} (region ${group.region}).`,
      {
        code: 'FSHARE_FEATURE_GROUP_NOT_FOUND',
        hint: `${suggestion.trim()} Check the name and --region; list yours with \`aws sagemaker list-feature-groups\`.`.trim(),
      },
    );
  }
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
    if (options.ownOnly) {
      return group.own ? describeOwn(ctx, group, text) : refuseForeign(group, caller);
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
    if (options.ownOnly) {
      return group.own ? describeOwn(ctx, group, text) : refuseForeign(group, caller);
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
      const suggestion = didYouMean(ref.name, await ownNames(ctx, region));
      throw new NotFoundError(
        `There is no feature group "${ref.name}" in your account ${await callerAccount()} (region ${region}).`,
        {
          code: 'FSHARE_FEATURE_GROUP_NOT_FOUND',
          hint: `${suggestion.trim()} Check the name and --region; list yours with \`aws sagemaker list-feature-groups\`.`.trim(),
        },
      );
    }
  }

  const caller = await callerAccount();
  const shared = await lookUpShared(ctx, ref.name, caller);
  const candidates = shared.matches;
  const [only] = candidates;
  if (candidates.length === 1 && only) {
    const group = fromArn(only, caller);
    if (group) {
      const pending = shared.pending.get(only);
      return pending ? { ...group, pendingInvitation: pending } : group;
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
  const suggestion = didYouMean(ref.name, [...(await ownNames(ctx, region)), ...shared.seenNames]);
  throw new NotFoundError(
    `No feature group "${ref.name}" in your account ${caller} (region ${region}) or shared with you.`,
    {
      code: 'FSHARE_FEATURE_GROUP_NOT_FOUND',
      hint: `${suggestion.trim()} Run \`fshare discover\` to list what is shared with you, and \`fshare invitations\` for pending shares.`.trim(),
    },
  );
}
