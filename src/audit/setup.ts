/**
 * `fshare audit setup`: find what the account can use for record-level audit and set it up. An
 * existing CloudTrail Lake event data store that captures Feature Store record calls is kept; an
 * account that may still create one gets one; everywhere else (Lake is closed to new customers
 * since 2026-05-31) the trail path is built: trail → S3 → Athena. Also `fshare doctor`'s check.
 */
import type { Context } from '../context.js';
import { awsErrorCode, isAccessDenied, toFshareError } from '../aws/errors.js';
import { FshareError, UsageError } from '../errors.js';
import {
  DEFAULT_STORE_NAME,
  LAKE_UNAVAILABLE,
  lakeSetup,
  parseLakeSetupOptions,
  type LakeSetupOptions,
  type LakeSetupResult,
} from './lake-setup.js';
import { listStores, pickDataStore } from './sources/lake.js';
import { checkTrailChain } from './trail/doctor.js';
import {
  BUCKET_NAME,
  DEFAULT_DATABASE,
  DEFAULT_TABLE,
  DEFAULT_TRAIL_NAME,
  DEFAULT_WORKGROUP,
  GLUE_NAME,
  TRAIL_NAME,
  WORKGROUP_NAME,
} from './trail/layout.js';
import {
  trailSetup,
  type SetupStep,
  type TrailSetupOptions,
  type TrailSetupResult,
} from './trail/setup-trail.js';

export { AUDIT_SELECTORS, DEFAULT_STORE_NAME } from './lake-setup.js';

export type SetupPath = 'auto' | 'lake' | 'trail';

export interface SetupOptions {
  path: SetupPath;
  lake: LakeSetupOptions;
  trail: TrailSetupOptions;
}

export interface RawSetupOptions {
  path?: string;
  name?: string;
  retentionDays?: string;
  trail?: string;
  bucket?: string;
  database?: string;
  table?: string;
  workgroup?: string;
  dryRun?: boolean;
}

function named(flag: string, value: string, pattern: RegExp, hint: string): string {
  if (!pattern.test(value)) {
    throw new UsageError(`${flag} "${value}" is not a valid name.`, { hint, code: 'FSHARE_BAD_SETUP_NAME' });
  }
  return value;
}

export function parseSetupOptions(raw: RawSetupOptions): SetupOptions {
  const path = raw.path ?? 'auto';
  if (path !== 'auto' && path !== 'lake' && path !== 'trail') {
    throw new UsageError(`--path "${path}" is not a set-up path.`, {
      hint: 'Use auto (Lake where the account has it, else a trail), lake or trail.',
      code: 'FSHARE_BAD_SETUP_NAME',
    });
  }
  const dryRun = raw.dryRun === true;
  const trail: TrailSetupOptions = {
    trail: named(
      '--trail',
      raw.trail ?? DEFAULT_TRAIL_NAME,
      TRAIL_NAME,
      'Trail names are 3-128 letters, digits, . _ -.',
    ),
    database: named(
      '--database',
      raw.database ?? DEFAULT_DATABASE,
      GLUE_NAME,
      'Use lower-case letters, digits and _.',
    ),
    table: named('--table', raw.table ?? DEFAULT_TABLE, GLUE_NAME, 'Use lower-case letters, digits and _.'),
    workgroup: named(
      '--workgroup',
      raw.workgroup ?? DEFAULT_WORKGROUP,
      WORKGROUP_NAME,
      'Use letters, digits, . _ -.',
    ),
    dryRun,
  };
  if (raw.bucket !== undefined) {
    trail.bucket = named(
      '--bucket',
      raw.bucket,
      BUCKET_NAME,
      'Use 3-63 lower-case letters, digits and hyphens.',
    );
  }
  return { path, lake: parseLakeSetupOptions({ ...raw, dryRun }), trail };
}

export type AuditSetupResult = LakeSetupResult | TrailSetupResult;

/** Tries Lake (auto) and says why it fell back, as the first step of the trail result. */
export async function auditSetup(ctx: Context, options: SetupOptions): Promise<AuditSetupResult> {
  if (options.path === 'lake') {
    return lakeSetup(ctx, options.lake);
  }
  let lakeStep: SetupStep | undefined;
  if (options.path === 'auto') {
    try {
      const port = await ctx.aws.cloudTrail();
      const existing = pickDataStore(await listStores(port), options.lake.name);
      if (existing || !options.lake.dryRun) {
        return await lakeSetup(ctx, options.lake);
      }
      // Dry run, nothing to reuse: whether Lake would accept a new store is unknowable without trying.
      lakeStep = {
        step: 'CloudTrail Lake',
        status: 'planned',
        detail: 'tried first; refused to new customers since 2026-05-31, and then the trail below is built',
        call: {
          service: 'cloudtrail',
          operation: 'CreateEventDataStore',
          input: { Name: options.lake.name, MultiRegionEnabled: true },
        },
      };
    } catch (error) {
      const refused = error instanceof FshareError && error.code === 'FSHARE_LAKE_UNAVAILABLE';
      const code = refused
        ? String((error.details as { awsCode?: string } | undefined)?.awsCode ?? 'refused')
        : (awsErrorCode(error) ?? '');
      if (!refused && !LAKE_UNAVAILABLE.has(code)) {
        throw error;
      }
      lakeStep = {
        step: 'CloudTrail Lake',
        status: 'unavailable',
        detail: `not available to this account (${code})`,
      };
    }
  }
  const result = await trailSetup(ctx, options.trail);
  if (lakeStep) {
    result.steps.unshift(lakeStep);
  }
  return result;
}

export const SETUP_COST_NOTE =
  'Cost: CloudTrail bills data events at $0.10 per 100,000 delivered (a cross-account call is delivered, and billed, to each account whose trail logs it); S3 stores the files; Athena bills $5 per TB scanned (10 MB minimum per query; DDL is free). `--source s3` reads the files without Athena.';

export interface SetupView {
  rows: Record<string, unknown>[];
  lines: string[];
  notes: string[];
}

/** What `audit setup` shows: one row per step, and how to read the audit next. */
export function setupView(
  result: AuditSetupResult,
  next: (command: string) => string = (command) => command,
): SetupView {
  if (result.path === 'lake') {
    const verb =
      result.status === 'created' ? 'Created' : result.status === 'exists' ? 'Found' : 'Would create';
    return {
      rows: [
        {
          step: 'event data store',
          status: result.status,
          detail: `${result.name} (${result.eventDataStoreId ?? 'new'})`,
        },
      ],
      lines: [
        `${verb} event data store "${result.name}"${result.eventDataStoreArn ? ` (${result.eventDataStoreArn})` : ''}.`,
      ],
      notes: [`Next: ${next(result.next)}`],
    };
  }
  const planned = result.steps.some((s) => s.status === 'planned');
  return {
    rows: result.steps.map((s) => ({
      step: s.step,
      status: s.status,
      detail: s.detail,
      call: s.call ? `${s.call.service}:${s.call.operation}` : '',
    })),
    lines: [],
    notes: [
      planned
        ? 'Dry run: nothing was changed. `-o json` shows each call with its exact input.'
        : `Next: ${next('fshare audit --source athena --since 1h')} (files arrive about 5 minutes after the calls; --source s3 reads them without Athena).`,
      SETUP_COST_NOTE,
    ],
  };
}

export interface AuditSetupCheck {
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  hint?: string;
}

/** For `fshare doctor`: can Feature Store record calls be audited, through Lake or the whole trail chain? */
export async function checkAuditSetup(ctx: Context): Promise<AuditSetupCheck> {
  let lakeProblem = 'CloudTrail Lake is not used';
  try {
    const stores = await listStores(await ctx.aws.cloudTrail());
    const store = pickDataStore(stores, DEFAULT_STORE_NAME);
    if (store) {
      return {
        status: 'ok',
        detail: `event data store "${store.name}" (${store.id}) captures Feature Store record calls`,
      };
    }
  } catch (error) {
    const code = awsErrorCode(error) ?? '';
    if (!LAKE_UNAVAILABLE.has(code) && !isAccessDenied(error)) {
      const mapped = toFshareError(error, {
        profile: ctx.aws.profile,
        endpoint: ctx.globals.endpointUrl,
        sandbox: ctx.globals.sandbox,
      });
      return { status: 'fail', detail: mapped.message, ...(mapped.hint ? { hint: mapped.hint } : {}) };
    }
    lakeProblem = `CloudTrail Lake is not available (${code})`;
  }
  return checkTrailChain(ctx, lakeProblem);
}
