/** `fshare grant`: give principals a level on feature groups (or catalog discoverability). */
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { assertPrincipalsAllowed } from '../permissions/principals.js';
import { carryOut, type ApplyResult, type RunOptions } from './carry-out.js';
import { parseExpiry } from './expiry.js';
import { checkExternal, resolveOuIds } from './org.js';
import { readOrganization, readOrgSharing } from './org-reader.js';
import { refuseOwnAccount, validateLevel, validatePrincipals, validateTargets } from './owner-input.js';
import { catalogArnFor, knownExternalAccounts, readOwnerState, resolveOwnGroups } from './owner-state.js';
import type { DesiredState, PrincipalIntent } from './planner.js';

export interface GrantInput {
  featureGroups: string[];
  principals: string[];
  level?: string | undefined;
  catalog: boolean;
  discoverable: boolean;
  allowExternal: boolean;
  expires?: string | undefined;
}

export async function grant(ctx: Context, input: GrantInput, options: RunOptions): Promise<ApplyResult> {
  // Everything that can be wrong with the input is refused here, before any AWS call.
  validateTargets(input.featureGroups, input.catalog, 'grant');
  let principals = validatePrincipals(input.principals, '--to');
  const level = input.catalog ? undefined : validateLevel(input.level);
  if (input.catalog && input.level !== undefined) {
    throw new UsageError('--level does not apply to --catalog (the catalog only grants discoverability).', {
      code: 'FSHARE_BAD_LEVEL',
      hint: 'Drop --level, or name feature groups instead of --catalog.',
    });
  }
  if (input.catalog || input.discoverable) {
    assertPrincipalsAllowed(principals, 'catalog');
  }
  if (input.catalog && input.expires !== undefined) {
    throw new UsageError('--expires applies to feature-group access, not to --catalog.', {
      code: 'FSHARE_BAD_EXPIRY',
      hint: 'Grant the feature groups with --expires, and revoke discoverability with `fshare revoke --catalog` when done.',
    });
  }
  const expires = input.expires === undefined ? null : parseExpiry(input.expires, ctx.clock.now());
  refuseOwnAccount(principals, (await ctx.aws.identity()).account);

  // Independent reads, overlapped; nothing is written before all of them succeeded.
  const orgRead = readOrganization(ctx);
  const [org, groups, state, orgSharing] = await Promise.all([
    orgRead,
    resolveOwnGroups(ctx, input.featureGroups),
    readOwnerState(ctx),
    orgRead.then((o) => readOrgSharing(ctx, o)),
  ]);
  principals = resolveOuIds(principals, org);
  const { external, unknown } = checkExternal(
    principals,
    org,
    knownExternalAccounts(state.snapshot),
    input.allowExternal,
  );
  const desired: DesiredState = {
    featureGroups: level
      ? groups.map((g) => ({
          arn: g.arn,
          name: g.name,
          principals: new Map<string, PrincipalIntent>(principals.map((p) => [p.id, { level, expires }])),
          exclusive: false,
        }))
      : [],
    catalog:
      input.catalog || input.discoverable
        ? {
            arn: catalogArnFor(state.snapshot),
            principals: new Map(principals.map((p) => [p.id, true])),
            exclusive: false,
          }
        : undefined,
    allowExternal: input.allowExternal,
    externalPrincipals: new Set([...external, ...(input.allowExternal ? unknown : [])]),
    invitations: { orgSharing },
  };
  return carryOut(ctx, state, desired, options);
}
