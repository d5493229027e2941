/**
 * The owner workflows behind `grant`, `revoke`, `plan`, `apply`, `reap` and `access`: validate
 * everything that can be validated before any call, read RAM, plan with the pure planner, then
 * either describe the calls (--dry-run) or make them and wait.
 */
import { awsErrorCode, isAccessDenied } from '../aws/errors.js';
import type { RamPort } from '../aws/ports.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { catalogArn, parseFeatureGroupRef, partitionForRegion } from '../permissions/arns.js';
import type { AccessLevel, Level } from '../permissions/levels.js';
import { assertPrincipalsAllowed, parsePrincipals, type Principal } from '../permissions/principals.js';
import { computeEffectiveAccess, type AccessMatrix } from './effective-access.js';
import {
  callFor,
  executePlan,
  type AssociationOutcome,
  type DeferredMove,
  type PlannedCall,
} from './executor.js';
import { parseExpiry } from './expiry.js';
import { checkExternal, resolveOuIds, type OrgView } from './org.js';
import { resolvePermissions } from './permission-resolver.js';
import {
  planSharing,
  type CatalogIntent,
  type DesiredState,
  type FeatureGroupIntent,
  type Plan,
  type PlanChange,
  type PrincipalIntent,
} from './planner.js';
import type { Policy } from './policy.js';
import { readSnapshot } from './read-snapshot.js';
import { resolveFeatureGroup, type ResolvedFeatureGroup } from './resolve-feature-group.js';
import type { SharingSnapshot } from './snapshot.js';

export interface NextStep {
  principal: string;
  /** live: access works now; invitation: the consumer must accept; pending: RAM still associating. */
  status: 'live' | 'invitation' | 'pending';
  command: string;
  message: string;
}

export interface ApplyResult {
  dryRun: boolean;
  changes: PlanChange[];
  /** The calls made, or (dry run) the calls that would be made. */
  calls: PlannedCall[];
  outcomes: AssociationOutcome[];
  next: NextStep[];
  warnings: string[];
  timedOut: boolean;
  /** Level moves whose old level is kept until the new one is live (run the command again then). */
  deferred: DeferredMove[];
}

export interface RunOptions {
  dryRun: boolean;
  wait: boolean;
  /** Asked before mutating; returns false to cancel. Not called on a dry run or when nothing changes. */
  confirm?: (plan: Plan) => Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// Reading the world

export async function readOrganization(ctx: Context): Promise<OrgView> {
  const { account } = await ctx.aws.identity();
  const orgs = await ctx.aws.organizations();
  try {
    const out = await orgs.describeOrganization({}, { abortSignal: ctx.signal });
    const org = out.Organization;
    const view: OrgView = {
      inOrg: true,
      account,
      orgId: org?.Id ?? '',
      orgArn: org?.Arn ?? '',
      managementAccount: org?.MasterAccountId ?? '',
      members: await listMembers(ctx, orgs),
    };
    return view;
  } catch (error) {
    if (awsErrorCode(error) === 'AWSOrganizationsNotInUseException') {
      return { inOrg: false, account };
    }
    if (isAccessDenied(error)) {
      ctx.log.warn(
        'organizations:DescribeOrganization was denied; fshare cannot tell which accounts are outside your organization (RAM still refuses them while the share does not allow external principals).',
      );
      return { inOrg: true, account, orgId: '', orgArn: '', managementAccount: '' };
    }
    throw error;
  }
}

interface AccountLister {
  listAccounts?: (
    input: { NextToken?: string },
    options?: { abortSignal?: AbortSignal },
  ) => Promise<{ Accounts?: { Id?: string }[]; NextToken?: string }>;
}

/** Member accounts when the port can list them and the caller may (the management account). */
async function listMembers(ctx: Context, orgs: object): Promise<Set<string> | undefined> {
  const lister = orgs as AccountLister;
  if (typeof lister.listAccounts !== 'function') {
    return undefined;
  }
  const members = new Set<string>();
  let nextToken: string | undefined;
  try {
    do {
      const page = await lister.listAccounts(nextToken ? { NextToken: nextToken } : {}, {
        abortSignal: ctx.signal,
      });
      for (const a of page.Accounts ?? []) {
        if (a.Id) {
          members.add(a.Id);
        }
      }
      nextToken = page.NextToken || undefined;
    } while (nextToken);
  } catch (error) {
    // Only the management account (or a delegated admin) may list accounts; anyone else learns
    // membership from RAM's refusal instead.
    ctx.log.debug(
      `organizations:ListAccounts unavailable (${awsErrorCode(error) ?? 'error'}); membership unknown`,
    );
    return undefined;
  }
  return members;
}

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

async function resolveOwnGroups(ctx: Context, refs: readonly string[]): Promise<ResolvedFeatureGroup[]> {
  const out: ResolvedFeatureGroup[] = [];
  for (const ref of refs) {
    const group = await resolveFeatureGroup(ctx, ref, { ownOnly: true });
    if (!out.some((g) => g.arn === group.arn)) {
      out.push(group);
    }
  }
  return out;
}

function knownExternalAccounts(snapshot: SharingSnapshot): Set<string> {
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

// ---------------------------------------------------------------------------------------------
// Carrying out a plan

function sandboxProfileFor(principal: string): string | undefined {
  // The sandbox's fixed world (docs/sandbox.md): the consumer and partner accounts and their roles.
  if (principal === 'arn:aws:iam::222222222222:role/analyst') {
    return 'consumer-analyst';
  }
  if (principal.startsWith('arn:aws:iam::222222222222:') || principal === '222222222222') {
    return 'consumer';
  }
  if (principal === '333333333333' || principal.startsWith('arn:aws:iam::333333333333:')) {
    return 'partner';
  }
  return undefined;
}

function nextSteps(
  ctx: Context,
  owner: string,
  outcomes: readonly AssociationOutcome[],
  plan: Plan,
): NextStep[] {
  const prefix = ctx.aws.mode === 'sandbox' ? 'fshare --sandbox' : 'fshare';
  const granted = new Map<string, PlanChange>();
  for (const c of plan.changes) {
    if ((c.kind === 'grant' || c.kind === 'move') && !granted.has(c.principal)) {
      granted.set(c.principal, c);
    }
  }
  const steps: NextStep[] = [];
  for (const [principal, change] of granted) {
    const mine = outcomes.filter((o) => o.principal === principal && o.status !== 'DISASSOCIATED');
    const account = /^\d{12}$/.test(principal) ? principal : /^arn:[^:]+:iam::(\d{12}):/.exec(principal)?.[1];
    const profile =
      (ctx.aws.mode === 'sandbox' ? sandboxProfileFor(principal) : undefined) ??
      `<profile for ${account ?? principal}>`;
    const what = change.featureGroup ?? 'your catalog';
    if (mine.some((o) => o.invitationPending)) {
      steps.push({
        principal,
        status: 'invitation',
        command: `${prefix} --profile ${profile} accept --from ${owner}`,
        message: `${principal} must accept the invitation (it expires in 12 hours) to use ${what}`,
      });
    } else if (mine.length > 0 && mine.every((o) => o.status === 'ASSOCIATED')) {
      steps.push({
        principal,
        status: 'live',
        command: `${prefix} --profile ${profile} discover --owner ${owner}`,
        message: `${principal}: access to ${what} is already live (no invitation needed)`,
      });
    } else {
      steps.push({
        principal,
        status: 'pending',
        command: `${prefix} --profile ${profile} invitations`,
        message: `${principal}: RAM is still associating; if an invitation arrives, accept it with \`${prefix} --profile ${profile} accept --from ${owner}\``,
      });
    }
  }
  return steps;
}

export async function carryOut(
  ctx: Context,
  state: OwnerState,
  desired: DesiredState,
  options: RunOptions,
): Promise<ApplyResult> {
  const plan = planSharing(state.snapshot, desired, { permissionArns: state.permissionArns });
  const base = {
    changes: plan.changes,
    warnings: plan.warnings,
    outcomes: [],
    next: [],
    timedOut: false,
    deferred: [],
  };
  if (options.dryRun || plan.actions.length === 0) {
    return { ...base, dryRun: options.dryRun, calls: plan.actions.map((a) => callFor(a)) };
  }
  if (options.confirm && !(await options.confirm(plan))) {
    return {
      ...base,
      dryRun: false,
      calls: [],
      warnings: [...plan.warnings, 'Cancelled: nothing was changed.'],
    };
  }
  const report = await executePlan(ctx, state.ram, plan.actions, { wait: options.wait });
  const warnings = [...plan.warnings];
  for (const d of report.deferred) {
    warnings.push(
      `${d.principal} keeps its access through ${d.fromShare} until its association with ${d.toShare} is live (an invitation to accept, or RAM still working); run the same command again then to finish the move.`,
    );
  }
  return {
    ...base,
    warnings,
    dryRun: false,
    calls: report.calls,
    outcomes: report.outcomes,
    next: nextSteps(ctx, state.snapshot.account, report.outcomes, plan),
    timedOut: report.timedOut,
    deferred: report.deferred,
  };
}

// ---------------------------------------------------------------------------------------------
// grant / revoke

export interface GrantInput {
  featureGroups: string[];
  principals: string[];
  level?: string | undefined;
  catalog: boolean;
  discoverable: boolean;
  allowExternal: boolean;
  expires?: string | undefined;
}

const LEVEL_HINT = 'Use --level read-only, --level read-write or --level admin.';

function validateLevel(text: string | undefined): AccessLevel {
  if (text === undefined) {
    throw new UsageError('--level is required when granting access to feature groups.', {
      code: 'FSHARE_NO_LEVEL',
      hint: `${LEVEL_HINT} For discoverability only, use --catalog.`,
    });
  }
  if (text === 'read-only' || text === 'read-write' || text === 'admin') {
    return text;
  }
  throw new UsageError(`--level "${text}" is not a level.`, { code: 'FSHARE_BAD_LEVEL', hint: LEVEL_HINT });
}

function validateTargets(featureGroups: readonly string[], catalog: boolean, verb: string): void {
  if (catalog && featureGroups.length > 0) {
    throw new UsageError(
      `--catalog ${verb}s discoverability of the whole account; do not name feature groups with it.`,
      {
        code: 'FSHARE_CATALOG_WITH_GROUPS',
        hint: `Run \`fshare ${verb} --catalog …\` and \`fshare ${verb} <feature-group> …\` separately.`,
      },
    );
  }
  if (!catalog && featureGroups.length === 0) {
    throw new UsageError(`Name at least one feature group to ${verb}, or pass --catalog.`, {
      code: 'FSHARE_NO_FEATURE_GROUP',
      hint: `For example: fshare ${verb} customers ${verb === 'grant' ? '--to 222222222222 --level read-only' : '--from 222222222222'}`,
    });
  }
  featureGroups.forEach((g) => parseFeatureGroupRef(g));
}

function validatePrincipals(texts: readonly string[], flag: string): Principal[] {
  if (texts.length === 0) {
    throw new UsageError(`${flag} needs at least one principal.`, {
      code: 'FSHARE_NO_PRINCIPAL',
      hint: `For example ${flag} 222222222222 (an account, an OU, the organization, or an IAM role ARN).`,
    });
  }
  return parsePrincipals(texts);
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

  const org = await readOrganization(ctx);
  principals = resolveOuIds(principals, org);
  const groups = await resolveOwnGroups(ctx, input.featureGroups);
  const state = await readOwnerState(ctx);
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
  };
  return carryOut(ctx, state, desired, options);
}

function catalogArnFor(snapshot: SharingSnapshot): string {
  return catalogArn(partitionForRegion(snapshot.region), snapshot.region, snapshot.account);
}

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

// ---------------------------------------------------------------------------------------------
// plan / apply

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
  const org = await readOrganization(ctx);
  const groups: { group: ResolvedFeatureGroup; grants: Policy['featureGroups'][number]['grants'] }[] = [];
  for (const g of policy.featureGroups) {
    groups.push({
      group: (await resolveOwnGroups(ctx, [g.ref]))[0] as ResolvedFeatureGroup,
      grants: g.grants,
    });
  }
  const state = await readOwnerState(ctx);
  const all: Principal[] = [];
  const featureGroups: FeatureGroupIntent[] = groups.map(({ group, grants }) => {
    const principals = new Map<string, PrincipalIntent>();
    for (const { level, principals: listed } of grants) {
      for (const p of resolveOuIds(
        listed.map((x) => x.principal),
        org,
      )) {
        principals.set(p.id, { level });
        all.push(p);
      }
    }
    return { arn: group.arn, name: group.name, principals, exclusive: prune };
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
    },
  };
}

// ---------------------------------------------------------------------------------------------
// reap / access

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

export async function effectiveAccess(ctx: Context, featureGroup: string | undefined): Promise<AccessMatrix> {
  if (featureGroup !== undefined) {
    parseFeatureGroupRef(featureGroup);
  }
  const group =
    featureGroup === undefined ? undefined : await resolveFeatureGroup(ctx, featureGroup, { ownOnly: true });
  const state = await readOwnerState(ctx);
  return computeEffectiveAccess(state.snapshot, { now: ctx.clock.now(), featureGroupArn: group?.arn });
}
