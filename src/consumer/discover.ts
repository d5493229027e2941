/**
 * Feature groups from other accounts that you can see (catalog shares, through SageMaker Search
 * with CrossAccountFilterOption=CrossAccount) or use (feature group shares, through RAM), merged
 * into one list with your level on each.
 */
import { isAccessDenied } from '../aws/errors.js';
import { collectAll } from '../aws/paginate.js';
import type { Context } from '../context.js';
import { parseFeatureGroupArn } from '../permissions/arns.js';
import type { AccessLevel } from '../permissions/levels.js';
import { listSharedWithMe, type SharedWithMe } from './my-access.js';
import { rememberFeatureGroups } from './name-cache.js';

export interface DiscoveredGroup {
  arn: string;
  name: string;
  ownerAccount: string;
  region: string;
  /**
   * Your level; null when you can see the group but not use it (discoverable only), or when the
   * share's permission is a custom one (customPermission). Values, never display text.
   */
  level: AccessLevel | null;
  discoverable: boolean;
  accessible: boolean;
  customPermission: boolean;
  shareArns: string[];
}

export interface DiscoverFilter {
  owner?: string | undefined;
  name?: string | undefined;
}

/** Pure merge of what Search found and what RAM shares with you. */
export function mergeDiscovered(
  searchArns: string[],
  shared: SharedWithMe[],
  filter: DiscoverFilter,
): DiscoveredGroup[] {
  const out = new Map<string, DiscoveredGroup>();
  const add = (arn: string): DiscoveredGroup | undefined => {
    const parsed = parseFeatureGroupArn(arn);
    if (!parsed) {
      return undefined;
    }
    let entry = out.get(arn);
    if (!entry) {
      entry = {
        arn,
        name: parsed.name,
        ownerAccount: parsed.account,
        region: parsed.region,
        level: null,
        discoverable: false,
        accessible: false,
        customPermission: false,
        shareArns: [],
      };
      out.set(arn, entry);
    }
    return entry;
  };
  for (const arn of searchArns) {
    const entry = add(arn);
    if (entry) {
      entry.discoverable = true;
    }
  }
  for (const s of shared) {
    const entry = add(s.arn);
    if (entry) {
      entry.accessible = true;
      entry.level = s.level ?? null;
      entry.customPermission = s.level === undefined;
      entry.shareArns = s.shareArns;
    }
  }
  const needle = filter.name?.toLowerCase();
  return [...out.values()]
    .filter(
      (g) =>
        (filter.owner === undefined || g.ownerAccount === filter.owner) &&
        (needle === undefined || g.name.toLowerCase().includes(needle)),
    )
    .sort((a, b) => a.ownerAccount.localeCompare(b.ownerAccount) || a.name.localeCompare(b.name));
}

export async function discover(
  ctx: Context,
  filter: DiscoverFilter,
): Promise<{ groups: DiscoveredGroup[]; warnings: string[] }> {
  const warnings: string[] = [];
  const searchArns: string[] = [];
  try {
    const sagemaker = await ctx.aws.sagemaker();
    const results = await collectAll(
      sagemaker.search.bind(sagemaker),
      {
        Resource: 'FeatureGroup' as const,
        CrossAccountFilterOption: 'CrossAccount' as const,
        MaxResults: 100,
      },
      { items: (page) => page.Results, call: { abortSignal: ctx.signal } },
    );
    for (const result of results) {
      const arn = result.FeatureGroup?.FeatureGroupArn;
      if (arn) {
        searchArns.push(arn);
      }
    }
  } catch (error) {
    if (!isAccessDenied(error)) {
      throw error;
    }
    warnings.push(
      'Your credentials may not call sagemaker:Search, so discoverable-only groups are not listed.',
    );
  }
  let shared: SharedWithMe[] = [];
  try {
    shared = await listSharedWithMe(ctx);
  } catch (error) {
    if (!isAccessDenied(error)) {
      throw error;
    }
    warnings.push('Your credentials may not call ram:ListResources, so your level on each group is unknown.');
  }
  const groups = mergeDiscovered(searchArns, shared, filter);
  // Names for shell completion, so the completion script never has to call AWS.
  rememberFeatureGroups(
    ctx,
    groups.map((g) => g.arn),
  );
  return { groups, warnings };
}
