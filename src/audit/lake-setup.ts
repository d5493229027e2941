/**
 * The CloudTrail Lake half of `fshare audit setup`: create, or find, the event data store that
 * captures Feature Store record calls (data events) and RAM + SageMaker management events. Lake is
 * closed to new customers since 2026-05-31, so this serves accounts that already have it; setup.ts
 * falls back to the trail path when Lake refuses.
 */
import type { Context } from '../context.js';
import { awsErrorCode, toFshareError } from '../aws/errors.js';
import { FshareError, UsageError } from '../errors.js';
import { RAM_SOURCE, SAGEMAKER_SOURCE } from './lookup-plan.js';
import { listStores, pickDataStore, type AdvancedEventSelector, type StoreInfo } from './sources/lake.js';

export const DEFAULT_STORE_NAME = 'fshare-audit';
const STORE_NAME = /^[A-Za-z0-9._-]{3,128}$/;

export const AUDIT_SELECTORS: AdvancedEventSelector[] = [
  {
    Name: 'Feature Store record calls (GetRecord, PutRecord, DeleteRecord, BatchGetRecord)',
    FieldSelectors: [
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::SageMaker::FeatureGroup'] },
    ],
  },
  {
    Name: 'RAM sharing and SageMaker control-plane calls',
    FieldSelectors: [
      { Field: 'eventCategory', Equals: ['Management'] },
      { Field: 'eventSource', Equals: [RAM_SOURCE, SAGEMAKER_SOURCE] },
    ],
  },
];

/** Error codes with which CloudTrail refuses Lake to an account (Lake closed to new customers, SCPs). */
export const LAKE_UNAVAILABLE = new Set([
  'UnsupportedOperationException',
  'OperationNotPermittedException',
  'NotOrganizationMasterAccountException',
  'InsufficientDependencyServiceAccessPermissionException',
  'CloudTrailAccessNotEnabledException',
  'AccountNotRegisteredException',
  'AccessDeniedException',
]);

export const TRAIL_ALTERNATIVE_HINT =
  'Use a trail with a FeatureGroup data-event selector delivering to S3, queried with Athena: see docs/audit.md ("Without CloudTrail Lake").';

export interface LakeSetupOptions {
  name: string;
  retentionDays?: number;
  dryRun: boolean;
}

export interface LakeSetupResult {
  path: 'lake';
  status: 'created' | 'exists' | 'would-create';
  name: string;
  eventDataStoreArn: string | null;
  eventDataStoreId: string | null;
  retentionDays: number | null;
  selectors: AdvancedEventSelector[];
  /** How to read it. */
  next: string;
}

export function parseLakeSetupOptions(raw: {
  name?: string;
  retentionDays?: string;
  dryRun?: boolean;
}): LakeSetupOptions {
  const name = raw.name ?? DEFAULT_STORE_NAME;
  if (!STORE_NAME.test(name)) {
    throw new UsageError(`--name "${name}" is not an event data store name.`, {
      hint: 'Use 3-128 letters, digits, periods, underscores and hyphens, e.g. fshare-audit.',
      code: 'FSHARE_BAD_STORE_NAME',
    });
  }
  const options: LakeSetupOptions = { name, dryRun: raw.dryRun === true };
  if (raw.retentionDays !== undefined) {
    const days = Number(raw.retentionDays);
    if (!/^\d+$/.test(raw.retentionDays) || days < 7 || days > 3653) {
      throw new UsageError(`--retention-days "${raw.retentionDays}" is outside 7-3653.`, {
        hint: 'CloudTrail Lake keeps events for 7 to 3653 days; e.g. --retention-days 365.',
        code: 'FSHARE_BAD_RETENTION',
      });
    }
    options.retentionDays = days;
  }
  return options;
}

export function lakeUnavailable(error: unknown): FshareError {
  const code = awsErrorCode(error) ?? 'Error';
  const mapped = toFshareError(error);
  return new FshareError(
    'FSHARE_LAKE_UNAVAILABLE',
    `CloudTrail Lake is not available to this account (${code}): ${mapped.message}. CloudTrail Lake is closed to new customers from 2026-05-31.`,
    mapped.exitCode,
    { hint: TRAIL_ALTERNATIVE_HINT, cause: error, details: { awsCode: code } },
  );
}

function readHint(store: string): string {
  return `fshare audit --source lake --event-data-store ${store} --since 7d`;
}

export async function lakeSetup(ctx: Context, options: LakeSetupOptions): Promise<LakeSetupResult> {
  const port = await ctx.aws.cloudTrail();
  let stores: StoreInfo[];
  try {
    stores = await listStores(port);
  } catch (error) {
    throw LAKE_UNAVAILABLE.has(awsErrorCode(error) ?? '') ? lakeUnavailable(error) : error;
  }
  const sameName = stores.find((s) => s.name === options.name);
  if (sameName && !sameName.capturesFeatureGroupData) {
    throw new FshareError(
      'FSHARE_STORE_NOT_AUDITING',
      `The event data store "${options.name}" exists but does not capture Feature Store record calls.`,
      1,
      {
        hint: `Add the FeatureGroup data-event selector to it (see docs/audit.md), or pass another --name.`,
        details: { eventDataStoreArn: sameName.arn },
      },
    );
  }
  const existing = sameName ?? pickDataStore(stores, options.name);
  if (existing) {
    return {
      path: 'lake',
      status: 'exists',
      name: existing.name,
      eventDataStoreArn: existing.arn,
      eventDataStoreId: existing.id,
      retentionDays: null,
      selectors: AUDIT_SELECTORS,
      next: readHint(existing.id),
    };
  }
  if (options.dryRun) {
    return {
      path: 'lake',
      status: 'would-create',
      name: options.name,
      eventDataStoreArn: null,
      eventDataStoreId: null,
      retentionDays: options.retentionDays ?? null,
      selectors: AUDIT_SELECTORS,
      next: `fshare audit setup --name ${options.name}`,
    };
  }
  try {
    const created = await port.createEventDataStore({
      Name: options.name,
      AdvancedEventSelectors: AUDIT_SELECTORS,
      MultiRegionEnabled: true,
      ...(options.retentionDays !== undefined ? { RetentionPeriod: options.retentionDays } : {}),
    });
    const arn = created.EventDataStoreArn ?? null;
    const id = arn ? (arn.split('/').pop() ?? null) : null;
    return {
      path: 'lake',
      status: 'created',
      name: created.Name ?? options.name,
      eventDataStoreArn: arn,
      eventDataStoreId: id,
      retentionDays: created.RetentionPeriod ?? options.retentionDays ?? null,
      selectors: AUDIT_SELECTORS,
      next: readHint(id ?? options.name),
    };
  } catch (error) {
    throw LAKE_UNAVAILABLE.has(awsErrorCode(error) ?? '') ? lakeUnavailable(error) : error;
  }
}
