/** `fshare revoke`: take access (or catalog discoverability) away; "already gone" is success. */
import type { Context } from '../context.js';
import { assertPrincipalsAllowed } from '../permissions/principals.js';
import { carryOut, type ApplyResult, type RunOptions } from './carry-out.js';
import { resolveOuIds } from './org.js';
import { readOrganization } from './org-reader.js';
import { validatePrincipals, validateTargets } from './owner-input.js';
import { catalogArnFor, readOwnerState, resolveOwnGroups } from './owner-state.js';
import type { DesiredState, PrincipalIntent } from './planner.js';

export interface RevokeInput {
  featureGroups: string[];
  principals: string[];
  catalog: boolean;
}

export async function revoke(ctx: Context, input: RevokeInput, options: RunOptions): Promise<ApplyResult> {
  validateTargets(input.featureGroups, input.catalog, 'revoke');
  let principals = validatePrincipals(input.principals, '--from');
  if (input.catalog) {
    assertPrincipalsAllowed(principals, 'catalog');
  }
  if (principals.some((p) => p.kind === 'ou-id')) {
    principals = resolveOuIds(principals, await readOrganization(ctx));
  }
  const groups = await resolveOwnGroups(ctx, input.featureGroups);
  const state = await readOwnerState(ctx);
  const desired: DesiredState = {
    featureGroups: groups.map((g) => ({
      arn: g.arn,
      name: g.name,
      principals: new Map<string, PrincipalIntent>(principals.map((p) => [p.id, { level: null }])),
      exclusive: false,
    })),
    catalog: input.catalog
      ? {
          arn: catalogArnFor(state.snapshot),
          principals: new Map(principals.map((p) => [p.id, false])),
          exclusive: false,
        }
      : undefined,
    allowExternal: false,
  };
  return carryOut(ctx, state, desired, options);
}
