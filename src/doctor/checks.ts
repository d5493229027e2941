/**
 * `fshare doctor`: set-up checks, each ok / warn / fail with a detail and, when not ok, what to do.
 * Independent checks all run, so one run shows everything that is wrong; but one root cause is
 * reported once: without a region or working credentials every AWS check would fail the same
 * way, so those are marked `skip` ("not checked: needs credentials") instead of failing again.
 */
import { isAccessDenied, toFshareError } from '../aws/errors.js';
import { resolveEndpoint } from '../aws/identity.js';
import type { Context } from '../context.js';
import { resolvePermissions } from '../sharing/permission-resolver.js';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  check: string;
  status: CheckStatus;
  detail: string;
  /** What to do next; present when status is not ok. */
  hint?: string;
}

export interface DoctorReport {
  ok: boolean;
  checks: CheckResult[];
}

/** The data-event resource type that Feature Store record calls are logged under. */
export const FEATURE_GROUP_DATA_EVENT_TYPE = 'AWS::SageMaker::FeatureGroup';

function failed(check: string, error: unknown, ctx: Context): CheckResult {
  const err = toFshareError(error, {
    profile: ctx.aws.profile,
    endpoint: ctx.globals.endpointUrl,
    sandbox: ctx.globals.sandbox,
  });
  return { check, status: 'fail', detail: err.message, ...(err.hint ? { hint: err.hint } : {}) };
}

async function credentials(ctx: Context): Promise<CheckResult> {
  try {
    const id = await ctx.aws.identity();
    return { check: 'credentials', status: 'ok', detail: `${id.arn} (account ${id.account})` };
  } catch (error) {
    return failed('credentials', error, ctx);
  }
}

async function region(ctx: Context): Promise<CheckResult> {
  try {
    const r = await ctx.aws.region();
    const source = ctx.globals.region
      ? '--region'
      : ctx.globals.sandbox
        ? 'the sandbox'
        : ctx.env.AWS_REGION
          ? 'AWS_REGION'
          : ctx.env.AWS_DEFAULT_REGION
            ? 'AWS_DEFAULT_REGION'
            : 'the profile';
    return { check: 'region', status: 'ok', detail: `${r} (from ${source})` };
  } catch (error) {
    return failed('region', error, ctx);
  }
}

async function mode(ctx: Context): Promise<CheckResult> {
  try {
    if (ctx.aws.mode === 'sandbox') {
      // Known from the flags alone, so it is reported even when the sandbox store is missing.
      const where = ctx.globals.endpointUrl ? `served at ${ctx.globals.endpointUrl}` : 'in-process';
      return {
        check: 'mode',
        status: 'ok',
        detail: `sandbox (${where}), profile ${ctx.aws.profile ?? 'owner'}`,
      };
    }
    const endpoint = await resolveEndpoint(ctx, 'sts');
    return {
      check: 'mode',
      status: 'ok',
      detail: `aws, endpoint ${endpoint.url ?? 'the AWS default'} (from ${endpoint.source})${ctx.aws.profile ? `, profile ${ctx.aws.profile}` : ''}`,
    };
  } catch (error) {
    return failed('mode', error, ctx);
  }
}

async function ram(ctx: Context): Promise<CheckResult> {
  try {
    const resolved = await resolvePermissions(await ctx.aws.ram(), { signal: ctx.signal });
    if (resolved.fallbacks.length > 0 || resolved.problems.length > 0) {
      return {
        check: 'ram permissions',
        status: 'warn',
        detail: resolved.problems.join(' '),
        hint: 'Allow ram:ListPermissions and ram:GetPermission so fshare can read the live managed permissions.',
      };
    }
    const live = Object.values(resolved.byLevel).filter((p) => p.actionsSource === 'live').length;
    return {
      check: 'ram permissions',
      status: 'ok',
      detail: `RAM reachable; ${Object.keys(resolved.byLevel).length} managed permissions resolved (${live} with live actions)`,
    };
  } catch (error) {
    return failed('ram permissions', error, ctx);
  }
}

const ORG_SHARING_TEXT = {
  on: 'RAM sharing with the organization is on: accounts inside it get access without an invitation.',
  off: 'RAM sharing with the organization is off: consumers get invitations (`fshare invitations`).',
  unknown:
    'Whether RAM sharing with the organization is on can be read only by the management account: without it, consumers get invitations (`fshare invitations`).',
} as const;

async function orgSharingNote(
  ctx: Context,
  org: { id: string; arn: string; management: string; account: string },
): Promise<string> {
  try {
    const { readOrgSharing } = await import('../sharing/org-reader.js');
    const state = await readOrgSharing(ctx, {
      inOrg: true,
      account: org.account,
      orgId: org.id,
      orgArn: org.arn,
      managementAccount: org.management,
    });
    return ORG_SHARING_TEXT[state];
  } catch {
    return ORG_SHARING_TEXT.unknown;
  }
}

async function organization(ctx: Context): Promise<CheckResult> {
  try {
    const org = await (await ctx.aws.organizations()).describeOrganization({}, { abortSignal: ctx.signal });
    const id = org.Organization?.Id ?? 'unknown';
    const master = org.Organization?.MasterAccountId;
    const note = await orgSharingNote(ctx, {
      id,
      arn: org.Organization?.Arn ?? '',
      management: master ?? '',
      account: (await ctx.aws.identity()).account,
    });
    return {
      check: 'organization',
      status: 'ok',
      detail: `in organization ${id}${master ? ` (management account ${master})` : ''}. ${note}`,
    };
  } catch (error) {
    const name = (error as { name?: unknown } | undefined)?.name;
    if (name === 'AWSOrganizationsNotInUseException') {
      return {
        check: 'organization',
        status: 'warn',
        detail:
          'this account is not in an AWS organization: every share needs --allow-external and an invitation.',
        hint: 'Consumers accept with `fshare accept`; invitations expire after about 12 hours.',
      };
    }
    if (isAccessDenied(error)) {
      return {
        check: 'organization',
        status: 'warn',
        detail: `organizations:DescribeOrganization was denied, so fshare cannot tell which accounts are inside the organization. ${ORG_SHARING_TEXT.unknown}`,
        hint: 'Allow organizations:DescribeOrganization, or pass --allow-external when sharing outside it.',
      };
    }
    return failed('organization', error, ctx);
  }
}

async function audit(ctx: Context): Promise<CheckResult> {
  try {
    // One definition of "audit is set up", shared with `fshare audit`.
    const { checkAuditSetup } = await import('../audit/setup.js');
    return { check: 'audit data events', ...(await checkAuditSetup(ctx)) };
  } catch (error) {
    return failed('audit data events', error, ctx);
  }
}

function skipped(check: string, cause: CheckResult): CheckResult {
  return { check, status: 'skip', detail: `not checked: needs ${cause.check} (see its line)` };
}

/** The sandbox's own state, which AWS cannot show: RAM organization sharing, the server, shares. */
async function sandbox(ctx: Context): Promise<CheckResult> {
  const check = 'sandbox';
  try {
    const [{ withInitialisedStore, sandboxStatus, storeFile }, { sandboxHome }] = await Promise.all([
      import('../sandbox/admin.js'),
      import('../sandbox/store.js'),
    ]);
    const home = sandboxHome(ctx.env);
    const status = withInitialisedStore(home, (db) => sandboxStatus(db, storeFile(home)));
    if (!status) {
      return {
        check,
        status: 'fail',
        detail: `no sandbox at ${storeFile(home)}`,
        hint: 'Run `fshare sandbox init` first (add --org-sharing for the organization-sharing variant).',
      };
    }
    return {
      check,
      status: 'ok',
      detail: `${status.path}; RAM organization sharing ${status.orgSharing ? 'on (no invitations)' : 'off (consumers get invitations)'}; server ${status.server ? status.server.url : 'not running'}; ${status.shares.length} share${status.shares.length === 1 ? '' : 's'}`,
    };
  } catch (error) {
    return failed(check, error, ctx);
  }
}

/**
 * Runs every check: the sandbox store (in sandbox mode), the region, then credentials (which
 * warms the shared credential chain), then the rest concurrently. When one of the first fails,
 * the checks that depend on it are skipped, so the one root cause is the one failure.
 */
export async function runDoctor(ctx: Context): Promise<DoctorReport> {
  const store = ctx.globals.sandbox ? await sandbox(ctx) : undefined;
  const storeCause = store?.status === 'fail' ? store : undefined;
  const where = storeCause ? skipped('region', storeCause) : await region(ctx);
  const whereCause = storeCause ?? (where.status === 'fail' ? where : undefined);
  const who = whereCause ? skipped('credentials', whereCause) : await credentials(ctx);
  const cause = whereCause ?? (who.status === 'fail' ? who : undefined);
  const how = whereCause && !ctx.globals.sandbox ? skipped('mode', whereCause) : await mode(ctx);
  const remote = cause
    ? ['ram permissions', 'organization', 'audit data events'].map((name) => skipped(name, cause))
    : await Promise.all([ram(ctx), organization(ctx), audit(ctx)]);
  const checks = [who, where, how, ...(store ? [store] : []), ...remote];
  return { ok: checks.every((c) => c.status !== 'fail'), checks };
}
