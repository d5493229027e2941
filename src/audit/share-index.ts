/**
 * RAM calls that add or remove principals (AssociateResourceShare, DisassociateResourceShare, …)
 * name only the share, not the feature group. The owner's shares and the groups they reach let
 * the audit say which feature group such a grant or revoke was about, and let --feature-group
 * find it.
 */
import type { Context } from '../context.js';
import type { RamPort } from '../aws/ports.js';
import { awsErrorCode } from '../aws/errors.js';
import { collectPages } from '../aws/paginate.js';
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

export async function readShareIndexFrom(ram: RamPort): Promise<ShareIndex> {
  // Every resource association RAM remembers, disassociated ones included: a revoke happens
  // after the fact, and the share must still map to its group.
  const associations = await collectPages(
    (nextToken) =>
      ram.getResourceShareAssociations({ associationType: 'RESOURCE', ...(nextToken ? { nextToken } : {}) }),
    (page) => page.resourceShareAssociations,
  );
  const index = new Map<string, string[]>();
  for (const a of associations) {
    if (!a.resourceShareArn || !a.associatedEntity || !parseFeatureGroupArn(a.associatedEntity)) {
      continue;
    }
    const groups = index.get(a.resourceShareArn) ?? [];
    if (!groups.includes(a.associatedEntity)) {
      groups.push(a.associatedEntity);
    }
    index.set(a.resourceShareArn, groups);
  }
  return index;
}

/** Best effort: an auditor without RAM read access still gets the events, without this mapping. */
export async function readShareIndex(ctx: Context): Promise<ShareIndex> {
  try {
    return await readShareIndexFrom(await ctx.aws.ram());
  } catch (error) {
    ctx.log.debug(
      `audit: RAM shares not readable (${awsErrorCode(error) ?? 'error'}); sharing calls keep only their share ARN`,
    );
    return EMPTY_SHARE_INDEX;
  }
}
