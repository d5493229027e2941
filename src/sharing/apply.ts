/** `fshare plan` / `fshare apply`: a policy file → the desired state, checked against RAM. */
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import type { Principal } from '../permissions/principals.js';
import { carryOut, type ApplyResult } from './carry-out.js';
import { checkExternal, resolveOuIds } from './org.js';
import { readOrganization, readOrgSharing } from './org-reader.js';
import {
  catalogArnFor,
  knownExternalAccounts,
  readOwnerState,
  resolveOwnGroups,
  type OwnerState,
} from './owner-state.js';
import type { CatalogIntent, DesiredState, FeatureGroupIntent, PrincipalIntent } from './planner.js';
import type { Policy } from './policy.js';
import { loadPolicy } from './policy-file.js';
import { confirmChanges } from './present.js';

export async function planPolicy(
  ctx: Context,
  policy: Policy,
  prune: boolean,
): Promise<{ state: OwnerState; desired: DesiredState }> {
  const region = await ctx.aws.region();
  if (policy.region !== undefined && policy.region !== region) {
    throw new UsageError(`The policy is for region ${policy.region}, but fshare is using ${region}.`, {
      code: 'FSHARE_POLICY_REGION',
      hint: `Pass --region ${policy.region}, or change region: in the policy.`,
    });
  }
  // The four reads are independent: overlap them (the group check still comes before any write).
  const orgRead = readOrganization(ctx);
  const [org, resolved, state, orgSharing] = await Promise.all([
    orgRead,
    resolveOwnGroups(
      ctx,
      policy.featureGroups.map((g) => g.ref),
    ),
    readOwnerState(ctx),
    orgRead.then((o) => readOrgSharing(ctx, o)),
  ]);
  const all: Principal[] = [];
  const featureGroups: FeatureGroupIntent[] = policy.featureGroups.map((g, i) => {
    const group = resolved[i] ?? resolved[resolved.length - 1];
    const principals = new Map<string, PrincipalIntent>();
    for (const { level, principals: listed } of g.grants) {
      for (const p of resolveOuIds(
        listed.map((x) => x.principal),
        org,
      )) {
        principals.set(p.id, { level });
        all.push(p);
      }
    }
    return { arn: group?.arn ?? '', name: group?.name ?? g.ref, principals, exclusive: prune };
  });
  let catalog: CatalogIntent | undefined;
  if (policy.catalog || prune) {
    const discoverers = resolveOuIds(
      (policy.catalog?.discoverableBy ?? []).map((x) => x.principal),
      org,
    );
    all.push(...discoverers);
    catalog = {
      arn: catalogArnFor(state.snapshot),
      principals: new Map(discoverers.map((p) => [p.id, true])),
      exclusive: prune,
    };
  }
  const { external, unknown } = checkExternal(
    all,
    org,
    knownExternalAccounts(state.snapshot),
    policy.allowExternal,
  );
  return {
    state,
    desired: {
      featureGroups,
      catalog,
      allowExternal: policy.allowExternal,
      externalPrincipals: new Set([...external, ...(policy.allowExternal ? unknown : [])]),
      invitations: { orgSharing },
    },
  };
}

export interface ApplyInput {
  file: string;
  prune: boolean;
  dryRun: boolean;
  wait: boolean;
  waitTimeoutMs?: number | undefined;
}

/** `fshare apply -f`: load, plan, confirm (asking differently when the plan revokes), carry out. */
export async function applyPolicyFile(ctx: Context, input: ApplyInput): Promise<ApplyResult> {
  const policy = await loadPolicy(input.file, ctx.io.stdin);
  const { state, desired } = await planPolicy(ctx, policy, input.prune);
  return carryOut(ctx, state, desired, {
    dryRun: input.dryRun,
    wait: input.wait,
    waitTimeoutMs: input.waitTimeoutMs,
    confirm: confirmChanges(
      ctx,
      (plan) => {
        const revokes = plan.changes.filter((c) => c.kind === 'revoke').length;
        const n = plan.changes.length;
        return revokes > 0
          ? `Apply ${n} change${n === 1 ? '' : 's'}, including ${revokes} revocation${revokes === 1 ? '' : 's'}?`
          : `Apply ${n} change${n === 1 ? '' : 's'}?`;
      },
      'Pass --yes to apply without a prompt (review it first with `fshare plan`).',
    ),
  });
}
