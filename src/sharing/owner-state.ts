/** What every owner verb reads first: RAM's state, the resolved permissions, the owner's groups. */
import type { RamPort } from '../aws/ports.js';
import type { Context } from '../context.js';
import { collectAll } from '../aws/paginate.js';
import { NotFoundError, UsageError } from '../errors.js';
import {
  catalogArn,
  featureGroupArn,
  parseFeatureGroupRef,
  partitionForRegion,
} from '../permissions/arns.js';
import type { Level } from '../permissions/levels.js';
import { resolvePermissions } from './permission-resolver.js';
import { readSnapshot } from './read-snapshot.js';
import { resolveFeatureGroup, type ResolvedFeatureGroup } from '../consumer/resolve-feature-group.js';
import type { SharingSnapshot } from './snapshot.js';

export interface OwnerState {
  ram: RamPort;
  snapshot: SharingSnapshot;
  permissionArns: Record<Level, string>;
}

export async function readOwnerState(ctx: Context): Promise<OwnerState> {
  const ram = await ctx.aws.ram();
  const permissions = await resolvePermissions(ram, { withActions: false, signal: ctx.signal });
  for (const problem of permissions.problems) {
    ctx.log.debug(problem);
  }
  const snapshot = await readSnapshot(ctx, ram, permissions);
  const permissionArns = {
    discover: permissions.byLevel.discover.arn,
    'read-only': permissions.byLevel['read-only'].arn,
    'read-write': permissions.byLevel['read-write'].arn,
    admin: permissions.byLevel.admin.arn,
  };
  return { ram, snapshot, permissionArns };
}

/** Beyond this many groups, one ListFeatureGroups listing is cheaper than a DescribeFeatureGroup each. */
const DESCRIBE_EACH_UP_TO = 3;

/**
 * The caller's own groups, each once, resolved (and checked to exist, in this region and account)
 * before anything is sent. A few are described one by one (the resolver's checks and messages); many
 * (a policy) are checked against one paged ListFeatureGroups instead of a DescribeFeatureGroup each.
 */
export async function resolveOwnGroups(
  ctx: Context,
  refs: readonly string[],
): Promise<ResolvedFeatureGroup[]> {
  const out: ResolvedFeatureGroup[] = [];
  const add = (group: ResolvedFeatureGroup) => {
    if (!out.some((g) => g.arn === group.arn)) {
      out.push(group);
    }
  };
  if (refs.length <= DESCRIBE_EACH_UP_TO) {
    for (const ref of refs) {
      add(await resolveFeatureGroup(ctx, ref, { ownOnly: true }));
    }
    return out;
  }
  const [{ account }, region] = await Promise.all([ctx.aws.identity(), ctx.aws.region()]);
  const partition = partitionForRegion(region);
  const wanted = refs.map((text) => ({ text, ...ownRef(text, account, region) }));
  const sagemaker = await ctx.aws.sagemaker({ region });
  const existing = new Set(
    (
      await collectAll(
        sagemaker.listFeatureGroups.bind(sagemaker),
        { MaxResults: 100 },
        {
          items: (page) => page.FeatureGroupSummaries,
          call: { abortSignal: ctx.signal },
        },
      )
    ).map((g) => g.FeatureGroupName ?? ''),
  );
  const missing = wanted.filter((w) => !existing.has(w.name));
  if (missing.length > 0) {
    throw new NotFoundError(
      `There is no feature group ${missing
        .map((m) => `"${m.name}"`)
        .slice(0, 5)
        .join(
          ', ',
        )}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''} in your account ${account} (region ${region}).`,
      {
        code: 'FSHARE_FEATURE_GROUP_NOT_FOUND',
        hint: 'Check the names and --region; list yours with `aws sagemaker list-feature-groups`.',
        details: { missing: missing.map((m) => m.text) },
      },
    );
  }
  for (const w of wanted) {
    add({
      arn: featureGroupArn(partition, region, account, w.name),
      name: w.name,
      account,
      region,
      own: true,
    });
  }
  return out;
}

/** A reference to one of the caller's groups in this region, or the reason it is not (exit 2). */
function ownRef(text: string, account: string, region: string): { name: string } {
  const ref = parseFeatureGroupRef(text);
  if (ref.kind === 'name') {
    return { name: ref.name };
  }
  const owner = ref.kind === 'arn' ? ref.arn.account : ref.account;
  if (owner !== account) {
    throw new UsageError(`${text} belongs to account ${owner}, not to your account ${account}.`, {
      code: 'FSHARE_NOT_OWN_FEATURE_GROUP',
      hint: 'Only the owner account can share a feature group; run this with the owner account’s credentials.',
    });
  }
  if (ref.kind === 'arn' && ref.arn.region !== region) {
    throw new UsageError(`${text} is in region ${ref.arn.region}, but fshare is working in ${region}.`, {
      code: 'FSHARE_REGION_MISMATCH',
      hint: `Pass --region ${ref.arn.region} to share it there.`,
    });
  }
  return { name: ref.name };
}

/** Accounts RAM has already flagged external on one of the owner's associations. */
export function knownExternalAccounts(snapshot: SharingSnapshot): Set<string> {
  const out = new Set<string>();
  for (const share of snapshot.shares) {
    for (const p of share.principals) {
      if (p.external && /^\d{12}$/.test(p.principal)) {
        out.add(p.principal);
      }
    }
  }
  return out;
}

export function catalogArnFor(snapshot: SharingSnapshot): string {
  return catalogArn(partitionForRegion(snapshot.region), snapshot.region, snapshot.account);
}
