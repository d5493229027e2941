/** `fshare access`: the effective-access matrix over every share the caller owns. */
import { resolveFeatureGroup } from '../consumer/resolve-feature-group.js';
import type { Context } from '../context.js';
import { parseFeatureGroupRef } from '../permissions/arns.js';
import { computeEffectiveAccess, type AccessMatrix } from './effective-access.js';
import { readOwnerState } from './owner-state.js';

export async function effectiveAccess(ctx: Context, featureGroup: string | undefined): Promise<AccessMatrix> {
  if (featureGroup !== undefined) {
    parseFeatureGroupRef(featureGroup);
  }
  const group =
    featureGroup === undefined ? undefined : await resolveFeatureGroup(ctx, featureGroup, { ownOnly: true });
  const state = await readOwnerState(ctx);
  return computeEffectiveAccess(state.snapshot, { now: ctx.clock.now(), featureGroupArn: group?.arn });
}
