/**
 * `fshare doctor` over the trail path, link by link: a trail logs Feature Store record calls, it is
 * logging, its bucket lets CloudTrail write, the Athena table exists, and files arrive.
 */
import type { Context } from '../../context.js';
import { awsErrorCode, isAccessDenied } from '../../aws/errors.js';
import { listTrails, pickAuditTrail } from './find.js';
import { DEFAULT_DATABASE, DEFAULT_TABLE } from './layout.js';

export interface ChainCheck {
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  hint?: string;
}

/** A delivery older than this on a logging trail means files are not arriving. */
const STALE_DELIVERY_MS = 24 * 3_600_000;
const SETUP_HINT = 'Run `fshare audit setup` (docs/audit.md explains each part).';

interface PolicyDoc {
  Statement?: { Effect?: string; Principal?: { Service?: string | string[] }; Action?: string | string[] }[];
}

/** Whether a bucket policy has an Allow for CloudTrail's service principal to PutObject. */
export function policyLetsCloudTrailWrite(text: string | undefined): boolean {
  let doc: PolicyDoc;
  try {
    doc = JSON.parse(text ?? '{}') as PolicyDoc;
  } catch {
    return false;
  }
  const list = (v: string | string[] | undefined): string[] =>
    v === undefined ? [] : Array.isArray(v) ? v : [v];
  return (doc.Statement ?? []).some(
    (s) =>
      s.Effect === 'Allow' &&
      list(s.Principal?.Service).includes('cloudtrail.amazonaws.com') &&
      list(s.Action).some((a) => a === 's3:PutObject' || a === 's3:*'),
  );
}

export async function checkTrailChain(ctx: Context, lakeProblem: string): Promise<ChainCheck> {
  const region = await ctx.aws.region();
  const cloudTrail = await ctx.aws.cloudTrail();
  let trail;
  try {
    trail = pickAuditTrail(await listTrails(cloudTrail, region));
  } catch (error) {
    if (isAccessDenied(error)) {
      return {
        status: 'warn',
        detail: `${lakeProblem}, and CloudTrail DescribeTrails was denied: fshare cannot tell whether record calls are logged`,
        hint: 'Allow cloudtrail:DescribeTrails, GetEventSelectors and GetTrailStatus, or ask an auditor to run `fshare doctor`.',
      };
    }
    throw error;
  }
  if (!trail) {
    return {
      status: 'warn',
      detail: `${lakeProblem}, and no trail logs Feature Store record calls (data events): reads and writes cannot be audited`,
      hint: SETUP_HINT,
    };
  }
  const good: string[] = [];
  const problems: string[] = [];
  let failed = false;
  if (trail.coverage === 'all') {
    good.push(`trail "${trail.name}" logs every Feature Store record call`);
  } else {
    problems.push(
      `trail "${trail.name}" logs only some Feature Store record calls (its selector is narrowed)`,
    );
  }
  const status = await cloudTrail.getTrailStatus({ Name: trail.arn });
  if (status.IsLogging === true) {
    good.push('logging');
  } else {
    failed = true;
    problems.push(`trail "${trail.name}" is not logging`);
  }
  if (status.LatestDeliveryError) {
    failed = true;
    problems.push(`the last delivery failed (${status.LatestDeliveryError})`);
  }
  const last = status.LatestDeliveryTime;
  if (last) {
    const age = ctx.clock.now().getTime() - new Date(last).getTime();
    if (age > STALE_DELIVERY_MS && status.IsLogging === true) {
      problems.push(`no log file delivered since ${new Date(last).toISOString()}`);
    } else {
      good.push(`last delivery ${new Date(last).toISOString()}`);
    }
  } else if (status.IsLogging === true) {
    problems.push('no log file delivered yet (files arrive about 5 minutes after the first calls)');
  }
  try {
    const { Policy } = await (await ctx.aws.s3()).getBucketPolicy({ Bucket: trail.bucket });
    if (policyLetsCloudTrailWrite(Policy)) {
      good.push(`bucket ${trail.bucket} lets CloudTrail write`);
    } else {
      failed = true;
      problems.push(`the policy of bucket ${trail.bucket} does not let CloudTrail write`);
    }
  } catch (error) {
    if (awsErrorCode(error) === 'NoSuchBucketPolicy') {
      failed = true;
      problems.push(`bucket ${trail.bucket} has no policy letting CloudTrail write`);
    } else if (isAccessDenied(error)) {
      problems.push(`the policy of bucket ${trail.bucket} is not readable here`);
    } else if (awsErrorCode(error) === 'NoSuchBucket') {
      failed = true;
      problems.push(`bucket ${trail.bucket} does not exist`);
    } else {
      throw error;
    }
  }
  try {
    await (
      await ctx.aws.athena()
    ).getTableMetadata({
      CatalogName: 'AwsDataCatalog',
      DatabaseName: DEFAULT_DATABASE,
      TableName: DEFAULT_TABLE,
    });
    good.push(`Athena table ${DEFAULT_DATABASE}.${DEFAULT_TABLE}`);
  } catch (error) {
    if (!awsErrorCode(error)) {
      throw error;
    }
    problems.push(`no Athena table ${DEFAULT_DATABASE}.${DEFAULT_TABLE} (--source s3 still reads the files)`);
  }
  if (problems.length === 0) {
    return { status: 'ok', detail: good.join('; ') };
  }
  return {
    status: failed ? 'fail' : 'warn',
    detail: [...problems, ...good].join('; '),
    hint: SETUP_HINT,
  };
}
