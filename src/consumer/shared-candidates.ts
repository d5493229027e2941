/**
 * Looking a bare feature-group name up in other accounts: what RAM shares with the caller, what
 * SageMaker Search finds across accounts (discoverable groups), and, when neither knows it, the
 * pending invitations (a group is invisible to both until its invitation is accepted). Also the
 * names nearby, for "did you mean".
 */
import { isAccessDenied } from '../aws/errors.js';
import { collectAll } from '../aws/paginate.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { parseFeatureGroupArn } from '../permissions/arns.js';
import { pendingFeatureGroups, type PendingInvitationRef } from './pending.js';

export interface SharedLookup {
  /** ARNs of groups named `name` in other accounts, sorted. */
  matches: string[];
  /** The invitation to accept, for matches seen only through a pending invitation. */
  pending: Map<string, PendingInvitationRef>;
  /** Every other account's feature-group name seen on the way (for did-you-mean). */
  seenNames: string[];
}

/** Runs one lookup; a denial counts (both denied and nothing found is its own answer). */
async function unlessDenied(run: () => Promise<void>): Promise<boolean> {
  try {
    await run();
    return false;
  } catch (error) {
    if (!isAccessDenied(error)) {
      throw error;
    }
    return true;
  }
}

export async function lookUpShared(ctx: Context, name: string, callerAccount: string): Promise<SharedLookup> {
  const call = { abortSignal: ctx.signal };
  const matches = new Set<string>();
  const seen = new Set<string>();
  const consider = (arn: string | undefined) => {
    const parsed = arn ? parseFeatureGroupArn(arn) : undefined;
    // Names are compared here again: a search expression is a hint to the service, and a
    // candidate with another name must never be picked.
    if (parsed && parsed.account !== callerAccount) {
      seen.add(parsed.name);
      if (parsed.name === name) {
        matches.add(parsed.arn);
      }
    }
  };
  const ramDenied = await unlessDenied(async () => {
    const ram = await ctx.aws.ram();
    const resources = await collectAll(
      ram.listResources.bind(ram),
      { resourceOwner: 'OTHER-ACCOUNTS' as const },
      { items: (page) => page.resources, call },
    );
    resources.forEach((r) => consider(r.arn));
  });
  const searchDenied = await unlessDenied(async () => {
    const sagemaker = await ctx.aws.sagemaker();
    const results = await collectAll(
      sagemaker.search.bind(sagemaker),
      {
        Resource: 'FeatureGroup' as const,
        CrossAccountFilterOption: 'CrossAccount' as const,
        SearchExpression: {
          Filters: [{ Name: 'FeatureGroupName', Operator: 'Equals' as const, Value: name }],
        },
      },
      { items: (page) => page.Results, call },
    );
    results.forEach((r) => consider(r.FeatureGroup?.FeatureGroupArn));
  });
  const pending = new Map<string, PendingInvitationRef>();
  if (matches.size === 0) {
    for (const p of await pendingFeatureGroups(ctx)) {
      consider(p.arn);
      if (matches.has(p.arn) && !pending.has(p.arn)) {
        pending.set(p.arn, p.invitation);
      }
    }
  }
  if (ramDenied && searchDenied && matches.size === 0) {
    throw new NotFoundError(`No feature group named "${name}" could be looked up in other accounts.`, {
      code: 'FSHARE_FEATURE_GROUP_NOT_FOUND',
      hint: 'Your credentials may not list RAM resources or search SageMaker; pass the full ARN instead.',
    });
  }
  seen.delete(name);
  return { matches: [...matches].sort(), pending, seenNames: [...seen].sort() };
}
