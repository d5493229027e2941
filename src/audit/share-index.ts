/**
 * RAM calls that add or remove principals (AssociateResourceShare, DisassociateResourceShare, …)
 * name only the share, not the feature group. The owner's shares and the groups they reach let
 * the audit say which feature group such a grant or revoke was about, and let --feature-group
 * find it.
 */
import type { Context } from '../context.js';
import { awsErrorCode } from '../aws/errors.js';
import { resolvePermissions } from '../sharing/permission-resolver.js';
import { readSnapshot } from '../sharing/read-snapshot.js';
import type { SharingSnapshot } from '../sharing/snapshot.js';
import { featureGroupMatches } from './filters.js';
import { parseFeatureGroupArn, type FeatureGroupRef } from '../permissions/arns.js';
import type { AuditEvent } from './types.js';

/** Share ARN → the feature group ARNs it reaches or reached. */
export type ShareIndex = ReadonlyMap<string, readonly string[]>;

export const EMPTY_SHARE_INDEX: ShareIndex = new Map();

/** Fills in the feature group of a call that names only a share reaching exactly one group. */
export function withShareFeatureGroup(index: ShareIndex, event: AuditEvent): AuditEvent {
  if (event.featureGroup !== null || event.resourceShare === null) {
    return event;
  }
  const groups = index.get(event.resourceShare) ?? [];
  const [only] = groups;
  return groups.length === 1 && only ? { ...event, featureGroup: only } : event;
}

/** The shares whose calls are about the feature group the filter names. */
export function sharesReaching(index: ShareIndex, ref: FeatureGroupRef): string[] {
  return [...index]
    .filter(([, groups]) => groups.length === 1 && groups.some((g) => featureGroupMatches(ref, g)))
    .map(([share]) => share);
}

/** Share ARN → the feature groups it reaches or reached (RAM remembers disassociated resources too). */
export function shareIndexFromSnapshot(snapshot: SharingSnapshot): ShareIndex {
  const index = new Map<string, string[]>();
  for (const share of snapshot.shares) {
    const groups = [...new Set(share.resources.map((r) => r.arn).filter((arn) => parseFeatureGroupArn(arn)))];
    if (groups.length > 0) {
      index.set(share.arn, groups);
    }
  }
  return index;
}

/**
 * Read with the owner's one snapshot reader (src/sharing), so the audit and `fshare access` see
 * the same shares. Best effort: an auditor without RAM read access still gets the events, without
 * this mapping.
 */
export async function readShareIndex(ctx: Context): Promise<ShareIndex> {
  try {
    const ram = await ctx.aws.ram();
    return shareIndexFromSnapshot(await readSnapshot(ctx, ram, await resolvePermissions(ram)));
  } catch (error) {
    ctx.log.debug(
      `audit: RAM shares not readable (${awsErrorCode(error) ?? 'error'}); sharing calls keep only their share ARN`,
    );
    return EMPTY_SHARE_INDEX;
  }
}
