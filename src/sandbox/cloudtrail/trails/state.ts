/**
 * Trails as stored, the checks CreateTrail makes against the bucket, and the queue of selected
 * events: each recorded event is matched against the logging trails that see it when it happens
 * (selectors and logging state at event time, as CloudTrail applies them).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { ORGANIZATION, isInOrganization } from '../../core/principals.js';
import { getBucket, isAllowed, type BucketRow } from '../../s3/store.js';
import { SandboxServiceError, type Db } from '../../types.js';
import type { CloudTrailRecord } from '../event-types.js';
import { trailSelects, type TrailSelectors } from './selectors.js';

export interface TrailRow {
  arn: string;
  name: string;
  account_id: string;
  home_region: string;
  s3_bucket: string;
  s3_key_prefix: string | null;
  include_global: number;
  multi_region: number;
  log_file_validation: number;
  organization: number;
  is_logging: number;
  selectors: string;
  start_logging_ms: number | null;
  stop_logging_ms: number | null;
  latest_delivery_ms: number | null;
  latest_delivery_attempt_ms: number | null;
  latest_delivery_error: string | null;
  created_ms: number;
}

export const CLOUDTRAIL_PRINCIPAL = 'cloudtrail.amazonaws.com';
export const DELIVERY_WINDOW_MS = 5 * 60 * 1000;
/** Files close every 5 minutes and land 2.5 minutes later: events arrive 2.5-7.5 (about 5) minutes late. */
export const DELIVERY_LAG_MS = 150 * 1000;

export function dueTime(eventMs: number): number {
  return (Math.floor(eventMs / DELIVERY_WINDOW_MS) + 1) * DELIVERY_WINDOW_MS + DELIVERY_LAG_MS;
}

export function selectorsOf(row: TrailRow): TrailSelectors {
  return JSON.parse(row.selectors) as TrailSelectors;
}

/** The trails an account sees in a region: its own, and its organization's. */
export function visibleTrails(db: Db, accountId: string): TrailRow[] {
  const rows = db.prepare('SELECT * FROM ct_trails ORDER BY created_ms, arn').all() as TrailRow[];
  return rows.filter(
    (t) => t.account_id === accountId || (t.organization === 1 && isInOrganization(accountId)),
  );
}

export function trailNotFound(ref: string, accountId: string): SandboxServiceError {
  return new SandboxServiceError(
    'TrailNotFoundException',
    `Unknown trail: ${ref} for the user: ${accountId}`,
  );
}

const TRAIL_ARN = /^arn:aws:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/;

/** By name (the caller's own trail in its region) or by ARN (also an organization trail). */
export function findTrail(
  db: Db,
  ref: unknown,
  scope: { accountId: string; region: string },
  own = false,
): TrailRow {
  if (typeof ref !== 'string' || ref === '') {
    throw new SandboxServiceError(
      'InvalidTrailNameException',
      'Trail name or ARN can only contain letters, numbers, periods, hyphens and underscores.',
    );
  }
  let row: TrailRow | undefined;
  if (ref.startsWith('arn:')) {
    if (!TRAIL_ARN.test(ref)) {
      throw new SandboxServiceError('CloudTrailARNInvalidException', `${ref} is not a valid trail ARN.`);
    }
    row = visibleTrails(db, scope.accountId).find((t) => t.arn === ref);
  } else {
    row = db
      .prepare('SELECT * FROM ct_trails WHERE account_id = ? AND name = ?')
      .get(scope.accountId, ref) as TrailRow | undefined;
  }
  if (!row || (own && row.account_id !== scope.accountId)) {
    throw trailNotFound(ref, scope.accountId);
  }
  return row;
}

export function logPrefix(trail: Pick<TrailRow, 's3_key_prefix' | 'organization'>, account: string): string {
  const prefix = trail.s3_key_prefix ? `${trail.s3_key_prefix}/` : '';
  return `${prefix}AWSLogs/${trail.organization === 1 ? `${ORGANIZATION.id}/` : ''}${account}/`;
}

/** Whether the bucket policy lets CloudTrail, acting for this trail, write a log file at `key`. */
export function cloudtrailMayWrite(
  bucket: BucketRow,
  trail: Pick<TrailRow, 'arn' | 'account_id'>,
  key: string,
): boolean {
  return isAllowed({
    bucket,
    action: 's3:PutObject',
    resource: `arn:aws:s3:::${bucket.name}/${key}`,
    principal: { kind: 'service', service: CLOUDTRAIL_PRINCIPAL },
    context: {
      'aws:sourcearn': trail.arn,
      'aws:sourceaccount': trail.account_id,
      's3:x-amz-acl': 'bucket-owner-full-control',
    },
  });
}

/**
 * CreateTrail's check (reference §3: which conditions AWS validates is uncertain, so this requires
 * what the documented policy grants): the bucket exists, CloudTrail may read its ACL and write under
 * `[prefix/]AWSLogs/[o-id/]ACCOUNT/`.
 */
export function checkTrailBucket(
  db: Db,
  trail: Pick<TrailRow, 'arn' | 'account_id' | 's3_key_prefix' | 'organization' | 's3_bucket'>,
): void {
  const bucket = getBucket(db, trail.s3_bucket);
  if (!bucket) {
    throw new SandboxServiceError(
      'S3BucketDoesNotExistException',
      `S3 bucket ${trail.s3_bucket} does not exist.`,
    );
  }
  const context = { 'aws:sourcearn': trail.arn, 'aws:sourceaccount': trail.account_id };
  const aclOk = isAllowed({
    bucket,
    action: 's3:GetBucketAcl',
    resource: `arn:aws:s3:::${bucket.name}`,
    principal: { kind: 'service', service: CLOUDTRAIL_PRINCIPAL },
    context,
  });
  const key = `${logPrefix(trail, trail.account_id)}CloudTrail/policy-check`;
  if (!aclOk || !cloudtrailMayWrite(bucket, trail, key)) {
    throw new SandboxServiceError(
      'InsufficientS3BucketPolicyException',
      `Incorrect S3 bucket policy is detected for bucket: ${bucket.name}`,
    );
  }
}

const loggingTrails = new WeakMap<Db, { statement: BetterSqlite3.Statement<[]> }>();

/** Called for every delivered copy of an event: queue it for each logging trail that selects it. */
export function queueForTrails(db: Db, record: CloudTrailRecord, eventMs: number): void {
  let cached = loggingTrails.get(db);
  if (cached === undefined) {
    cached = { statement: db.prepare<[]>('SELECT * FROM ct_trails WHERE is_logging = 1') };
    loggingTrails.set(db, cached);
  }
  const trails = cached.statement.all() as TrailRow[];
  if (trails.length === 0) {
    return;
  }
  const recipient = record.recipientAccountId;
  const region = typeof record.awsRegion === 'string' ? record.awsRegion : '';
  for (const trail of trails) {
    const sees = trail.account_id === recipient || (trail.organization === 1 && isInOrganization(recipient));
    const inRegion = trail.multi_region === 1 || trail.home_region === region;
    if (!sees || !inRegion || !trailSelects(selectorsOf(trail), record)) {
      continue;
    }
    db.prepare(
      'INSERT INTO ct_trail_pending (trail_arn, recipient_account, region, due_ms, record) VALUES (?, ?, ?, ?, ?)',
    ).run(trail.arn, recipient, region, dueTime(eventMs), JSON.stringify(record));
  }
}
