/**
 * Trail operations: CreateTrail, DescribeTrails, GetTrail, ListTrails, GetTrailStatus,
 * Start/StopLogging, DeleteTrail, Put/GetEventSelectors. Mutating calls are limited to 1 TPS per
 * API and Get/Describe/List to 10 TPS (CloudTrail's quotas, none adjustable).
 */
import { ORGANIZATION } from '../../core/principals.js';
import { SandboxServiceError, type Db, type OperationContext, type OperationInput } from '../../types.js';
import { takeToken } from '../rate-limit.js';
import { deliverDueLogs } from './delivery.js';
import {
  validateAdvancedSelectors,
  validateBasicSelectors,
  DEFAULT_BASIC_SELECTORS,
  type TrailSelectors,
} from './selectors.js';
import { checkTrailBucket, findTrail, selectorsOf, visibleTrails, type TrailRow } from './state.js';

const MAX_TRAILS_PER_REGION = 5;
const WRITE_LIMIT = { ratePerSecond: 1, burst: 1 };
const READ_LIMIT = { ratePerSecond: 10, burst: 10 };

export function throttle(ctx: OperationContext, api: string, realNowMs: number, write: boolean): void {
  const key = { accountId: ctx.caller.accountId, region: ctx.region, api };
  if (!takeToken(ctx.db, key, realNowMs, write ? WRITE_LIMIT : READ_LIMIT)) {
    throw new SandboxServiceError('ThrottlingException', 'Rate exceeded', 400);
  }
}

const TRAIL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9]|[._-](?![._-])){1,126}[A-Za-z0-9]$/;

function validateName(name: unknown): string {
  if (typeof name !== 'string' || !TRAIL_NAME.test(name) || /^\d+\.\d+\.\d+\.\d+$/.test(name)) {
    throw new SandboxServiceError(
      'InvalidTrailNameException',
      'Trail name must be 3-128 characters of letters, numbers, periods, underscores and dashes, start and end with a letter or number, and have no adjacent periods, underscores or dashes.',
    );
  }
  return name;
}

function bool(input: OperationInput, member: string, fallback: boolean): boolean {
  const value = input[member];
  if (value === undefined || value === null) {
    return fallback;
  }
  if (typeof value !== 'boolean') {
    throw new SandboxServiceError('InvalidParameterException', `${member} must be a boolean.`);
  }
  return value;
}

export function trailView(row: TrailRow): Record<string, unknown> {
  const selectors = selectorsOf(row);
  return {
    Name: row.name,
    S3BucketName: row.s3_bucket,
    ...(row.s3_key_prefix ? { S3KeyPrefix: row.s3_key_prefix } : {}),
    IncludeGlobalServiceEvents: row.include_global === 1,
    IsMultiRegionTrail: row.multi_region === 1,
    HomeRegion: row.home_region,
    TrailARN: row.arn,
    LogFileValidationEnabled: row.log_file_validation === 1,
    HasCustomEventSelectors: selectors.basic !== undefined || selectors.advanced !== undefined,
    HasInsightSelectors: false,
    IsOrganizationTrail: row.organization === 1,
  };
}

export function createTrail(db: Db, input: OperationInput, ctx: OperationContext): Record<string, unknown> {
  const name = validateName(input.Name);
  const bucketName = input.S3BucketName;
  if (typeof bucketName !== 'string' || bucketName === '') {
    throw new SandboxServiceError('InvalidS3BucketNameException', 'S3BucketName is required.');
  }
  const prefix = input.S3KeyPrefix;
  if (
    prefix !== undefined &&
    prefix !== null &&
    (typeof prefix !== 'string' || prefix.length > 200 || prefix.endsWith('/'))
  ) {
    throw new SandboxServiceError(
      'InvalidS3PrefixException',
      'S3KeyPrefix must be at most 200 characters and not end with a slash.',
    );
  }
  const organization = bool(input, 'IsOrganizationTrail', false);
  const account = ctx.caller.accountId;
  if (organization && account !== ORGANIZATION.managementAccountId) {
    throw new SandboxServiceError(
      'NotOrganizationMasterAccountException',
      `The request was made from account ${account}, which is not the management account of the organization.`,
    );
  }
  const existing = db.prepare('SELECT 1 FROM ct_trails WHERE account_id = ? AND name = ?').get(account, name);
  if (existing !== undefined) {
    throw new SandboxServiceError(
      'TrailAlreadyExistsException',
      `Trail ${name} already exists for customer: ${account}`,
    );
  }
  const inRegion = db
    .prepare(
      'SELECT COUNT(*) AS n FROM ct_trails WHERE account_id = ? AND (home_region = ? OR multi_region = 1)',
    )
    .get(account, ctx.region) as { n: number };
  if (inRegion.n >= MAX_TRAILS_PER_REGION) {
    throw new SandboxServiceError(
      'MaximumNumberOfTrailsExceededException',
      `User: ${account} already has ${MAX_TRAILS_PER_REGION} trails in ${ctx.region}.`,
    );
  }
  const row: TrailRow = {
    arn: `arn:aws:cloudtrail:${ctx.region}:${account}:trail/${name}`,
    name,
    account_id: account,
    home_region: ctx.region,
    s3_bucket: bucketName,
    s3_key_prefix: typeof prefix === 'string' && prefix !== '' ? prefix : null,
    include_global: bool(input, 'IncludeGlobalServiceEvents', true) ? 1 : 0,
    multi_region: bool(input, 'IsMultiRegionTrail', false) ? 1 : 0,
    log_file_validation: bool(input, 'EnableLogFileValidation', false) ? 1 : 0,
    organization: organization ? 1 : 0,
    is_logging: 0,
    selectors: '{}',
    start_logging_ms: null,
    stop_logging_ms: null,
    latest_delivery_ms: null,
    latest_delivery_attempt_ms: null,
    latest_delivery_error: null,
    created_ms: ctx.now.getTime(),
  };
  checkTrailBucket(db, row);
  db.prepare(
    `INSERT INTO ct_trails (arn, name, account_id, home_region, s3_bucket, s3_key_prefix, include_global, multi_region,
       log_file_validation, organization, is_logging, selectors, created_ms)
     VALUES (@arn, @name, @account_id, @home_region, @s3_bucket, @s3_key_prefix, @include_global, @multi_region,
       @log_file_validation, @organization, @is_logging, @selectors, @created_ms)`,
  ).run(row);
  const view = trailView(row);
  delete view.HomeRegion;
  delete view.HasCustomEventSelectors;
  delete view.HasInsightSelectors;
  return view;
}

export function describeTrails(
  db: Db,
  input: OperationInput,
  ctx: OperationContext,
): Record<string, unknown> {
  const names = Array.isArray(input.trailNameList) ? (input.trailNameList as unknown[]) : [];
  const shadows = input.includeShadowTrails !== false;
  const visible = visibleTrails(db, ctx.caller.accountId).filter(
    (t) => shadows || t.home_region === ctx.region,
  );
  const chosen =
    names.length === 0 ? visible : visible.filter((t) => names.some((n) => n === t.name || n === t.arn));
  return { trailList: chosen.map(trailView) };
}

export function listTrails(db: Db, ctx: OperationContext): Record<string, unknown> {
  return {
    Trails: visibleTrails(db, ctx.caller.accountId).map((t) => ({
      TrailARN: t.arn,
      Name: t.name,
      HomeRegion: t.home_region,
    })),
  };
}

const seconds = (ms: number | null): Date | undefined => (ms === null ? undefined : new Date(ms));

export function getTrailStatus(
  db: Db,
  input: OperationInput,
  ctx: OperationContext,
): Record<string, unknown> {
  deliverDueLogs(db, ctx.now);
  const row = findTrail(db, input.Name, scopeOf(ctx));
  return {
    IsLogging: row.is_logging === 1,
    LatestDeliveryTime: seconds(row.latest_delivery_ms),
    ...(row.latest_delivery_error ? { LatestDeliveryError: row.latest_delivery_error } : {}),
    StartLoggingTime: seconds(row.start_logging_ms),
    StopLoggingTime: seconds(row.stop_logging_ms),
  };
}

export function scopeOf(ctx: OperationContext): { accountId: string; region: string } {
  return { accountId: ctx.caller.accountId, region: ctx.region };
}

function ownTrailInHomeRegion(db: Db, ref: unknown, ctx: OperationContext): TrailRow {
  const row = findTrail(db, ref, scopeOf(ctx), true);
  if (row.home_region !== ctx.region) {
    throw new SandboxServiceError(
      'InvalidHomeRegionException',
      `This operation must be called from the trail's home region, ${row.home_region}.`,
    );
  }
  return row;
}

export function setLogging(db: Db, input: OperationInput, ctx: OperationContext, on: boolean): TrailRow {
  const row = ownTrailInHomeRegion(db, input.Name, ctx);
  if (on && row.is_logging !== 1) {
    db.prepare('UPDATE ct_trails SET is_logging = 1, start_logging_ms = ? WHERE arn = ?').run(
      ctx.now.getTime(),
      row.arn,
    );
  } else if (!on && row.is_logging === 1) {
    db.prepare('UPDATE ct_trails SET is_logging = 0, stop_logging_ms = ? WHERE arn = ?').run(
      ctx.now.getTime(),
      row.arn,
    );
  }
  return row;
}

export function deleteTrail(db: Db, input: OperationInput, ctx: OperationContext): TrailRow {
  const row = ownTrailInHomeRegion(db, input.Name, ctx);
  // What is already queued is lost with the trail, as undelivered events are when AWS deletes one.
  db.prepare('DELETE FROM ct_trail_pending WHERE trail_arn = ?').run(row.arn);
  db.prepare('DELETE FROM ct_trails WHERE arn = ?').run(row.arn);
  return row;
}

export function putEventSelectors(
  db: Db,
  input: OperationInput,
  ctx: OperationContext,
): Record<string, unknown> {
  const row = ownTrailInHomeRegion(db, input.TrailName, ctx);
  const hasBasic = input.EventSelectors !== undefined && input.EventSelectors !== null;
  const hasAdvanced = input.AdvancedEventSelectors !== undefined && input.AdvancedEventSelectors !== null;
  if (hasBasic === hasAdvanced) {
    throw new SandboxServiceError(
      'InvalidEventSelectorsException',
      'Specify either EventSelectors or AdvancedEventSelectors: a trail cannot have both.',
    );
  }
  const selectors: TrailSelectors = hasBasic
    ? { basic: validateBasicSelectors(input.EventSelectors) }
    : { advanced: validateAdvancedSelectors(input.AdvancedEventSelectors) };
  db.prepare('UPDATE ct_trails SET selectors = ? WHERE arn = ?').run(JSON.stringify(selectors), row.arn);
  return {
    TrailARN: row.arn,
    ...(selectors.basic
      ? { EventSelectors: selectors.basic }
      : { AdvancedEventSelectors: selectors.advanced }),
  };
}

export function getEventSelectors(
  db: Db,
  input: OperationInput,
  ctx: OperationContext,
): Record<string, unknown> {
  const row = findTrail(db, input.TrailName, scopeOf(ctx));
  const selectors = selectorsOf(row);
  return {
    TrailARN: row.arn,
    ...(selectors.advanced
      ? { AdvancedEventSelectors: selectors.advanced }
      : { EventSelectors: selectors.basic ?? DEFAULT_BASIC_SELECTORS }),
  };
}
