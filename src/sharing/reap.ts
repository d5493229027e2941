/** `fshare reap`: revoke every managed grant whose expiry has passed. */
import type { Context } from '../context.js';
import { carryOut, type ApplyResult, type RunOptions } from './carry-out.js';
import { computeEffectiveAccess } from './effective-access.js';
import { readOwnerState } from './owner-state.js';
import type { FeatureGroupIntent, PrincipalIntent } from './planner.js';

export async function reap(ctx: Context, options: RunOptions): Promise<ApplyResult> {
  const state = await readOwnerState(ctx);
  const matrix = computeEffectiveAccess(state.snapshot, { now: ctx.clock.now() });
  const byGroup = new Map<string, FeatureGroupIntent & { principals: Map<string, PrincipalIntent> }>();
  for (const e of matrix.entries) {
    if (!e.expired || !e.managed || e.featureGroupArn === null || e.featureGroup === null) {
      continue;
    }
    const intent = byGroup.get(e.featureGroupArn) ?? {
      arn: e.featureGroupArn,
      name: e.featureGroup,
      principals: new Map<string, PrincipalIntent>(),
      exclusive: false,
    };
    intent.principals.set(e.principal, { level: null });
    byGroup.set(e.featureGroupArn, intent);
  }
  return carryOut(ctx, state, { featureGroups: [...byGroup.values()], allowExternal: false }, options);
}
