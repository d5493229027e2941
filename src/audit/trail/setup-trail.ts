/**
 * `fshare audit setup` where CloudTrail Lake is not available: a bucket with CloudTrail's
 * documented policy (or an existing trail's bucket), a trail whose selectors log every Feature
 * Store record call (added to an existing trail's selectors without dropping any), logging
 * started, and an Athena workgroup, database and partition-projected table over the logs.
 * Idempotent: every step reads first and changes only what is missing. With dryRun every read
 * still happens, and each change is returned as the exact call it would make.
 */
import type { Context } from '../../context.js';
import { awsErrorCode } from '../../aws/errors.js';
import { collectAll } from '../../aws/paginate.js';
import { FshareError } from '../../errors.js';
import { partitionForRegion } from '../../permissions/arns.js';
import { listTrails, pickAuditTrail, type TrailInfo } from './find.js';
import { athenaSetup } from './setup-athena.js';
import {
  stopIfInterrupted,
  type Org,
  type PlannedCall,
  type SetupStep,
  type StepStatus,
  type TrailSetupOptions,
} from './steps.js';
import {
  cloudTrailStatements,
  defaultBucketName,
  mergeBucketPolicy,
  trailArn,
  type BucketPolicy,
  type LogLocation,
} from './layout.js';
import {
  FEATURE_GROUP_SELECTOR,
  MANAGEMENT_SELECTOR,
  MAX_SELECTOR_VALUES,
  selectorValueCount,
  withFeatureGroupSelector,
  type AdvancedSelector,
} from './selectors.js';

/** CloudTrail allows 5 trails per region, and 1 call a second for every API but Get/Describe/List. */
export const MAX_TRAILS_PER_REGION = 5;
const CLOUDTRAIL_WRITE_INTERVAL_MS = 1_000;

export type { PlannedCall, SetupStep, StepStatus, TrailSetupOptions } from './steps.js';

export interface TrailSetupResult {
  path: 'trail';
  trail: string;
  trailArn: string;
  bucket: string;
  organizationTrail: boolean;
  database: string;
  table: string;
  workgroup: string;
  steps: SetupStep[];
}

/** Spaces mutating CloudTrail calls at least a second apart (CloudTrail's 1 TPS quota). */
function cloudTrailPacer(ctx: Context): () => Promise<void> {
  let last: number | undefined;
  return async () => {
    const now = ctx.clock.now().getTime();
    if (last !== undefined && now - last < CLOUDTRAIL_WRITE_INTERVAL_MS) {
      await ctx.clock.sleep(CLOUDTRAIL_WRITE_INTERVAL_MS - (now - last), ctx.signal);
    }
    last = ctx.clock.now().getTime();
  };
}

/** The organization, when this account is its management account (it then owns an org trail). */
async function managedOrganization(ctx: Context, account: string): Promise<Org | undefined> {
  try {
    const orgs = await ctx.aws.organizations();
    const { Organization } = await orgs.describeOrganization({});
    if (!Organization?.Id || Organization.MasterAccountId !== account) {
      return undefined;
    }
    const accounts = await collectAll(
      orgs.listAccounts,
      {},
      { items: (p) => p.Accounts, token: 'NextToken' },
    );
    const ids = accounts.filter((a) => a.Status !== 'SUSPENDED').flatMap((a) => (a.Id ? [a.Id] : []));
    return { id: Organization.Id, accounts: ids.length > 0 ? ids : [account] };
  } catch (error) {
    if (awsErrorCode(error)) {
      return undefined; // not in an organization, or not allowed to read it: a single-account trail
    }
    throw error;
  }
}

function parsePolicy(text: string | undefined): BucketPolicy | undefined {
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text) as BucketPolicy;
  } catch {
    return undefined;
  }
}

export async function trailSetup(ctx: Context, options: TrailSetupOptions): Promise<TrailSetupResult> {
  const steps: SetupStep[] = [];
  const dry = options.dryRun;
  const record = (step: string, status: StepStatus, detail: string, call?: PlannedCall): void => {
    steps.push({
      step,
      status: dry && status !== 'exists' ? 'planned' : status,
      detail,
      ...(call ? { call } : {}),
    });
  };
  const [identity, region] = await Promise.all([ctx.aws.identity(), ctx.aws.region()]);
  const partition = partitionForRegion(region);
  const cloudTrail = await ctx.aws.cloudTrail();
  const paceCloudTrail = cloudTrailPacer(ctx);
  const trails = await listTrails(cloudTrail, region);
  const org = await managedOrganization(ctx, identity.account);

  // Which trail: the named one, one that already logs record calls, or a new one if the region has
  // room; with 5 trails already, the selector goes onto an existing trail of this region.
  let trail: TrailInfo | undefined =
    trails.find((t) => t.name === options.trail) ?? (options.trail ? undefined : pickAuditTrail(trails));
  if (!trail && trails.filter((t) => t.homeRegion === region).length >= MAX_TRAILS_PER_REGION) {
    trail = trails.find((t) => t.homeRegion === region && !t.isOrganizationTrail) ?? trails[0];
  }
  const organizationTrail = trail ? trail.isOrganizationTrail : org !== undefined;
  const name = trail?.name ?? options.trail;
  const arn = trail?.arn ?? trailArn(partition, region, identity.account, name);
  const bucket = trail?.bucket ?? options.bucket ?? defaultBucketName(identity.account, region);
  const location: LogLocation = { bucket, prefix: trail?.prefix ?? '' };
  if (organizationTrail && org) {
    location.organizationId = org.id;
  }

  if (!trail) {
    const s3 = await ctx.aws.s3();
    let bucketExists = true;
    try {
      await s3.headBucket({ Bucket: bucket });
    } catch (error) {
      const code = awsErrorCode(error);
      if (code !== 'NotFound' && code !== 'NoSuchBucket' && code !== '404') {
        throw error;
      }
      bucketExists = false;
    }
    if (bucketExists) {
      record('bucket', 'exists', `s3://${bucket}`);
    } else {
      const input = {
        Bucket: bucket,
        ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region } }),
      };
      if (!dry) {
        stopIfInterrupted(ctx, steps);
        await s3.createBucket(input as Parameters<typeof s3.createBucket>[0]);
      }
      record('bucket', 'created', `s3://${bucket}`, { service: 's3', operation: 'CreateBucket', input });
    }
    let current: BucketPolicy | undefined;
    if (bucketExists) {
      try {
        current = parsePolicy((await s3.getBucketPolicy({ Bucket: bucket })).Policy);
      } catch (error) {
        if (awsErrorCode(error) !== 'NoSuchBucketPolicy') {
          throw error;
        }
      }
    }
    const statements = cloudTrailStatements({
      bucket,
      prefix: location.prefix,
      partition,
      account: identity.account,
      trailArn: arn,
      ...(location.organizationId ? { organizationId: location.organizationId } : {}),
    });
    const merged = mergeBucketPolicy(current, statements);
    if (merged) {
      const input = { Bucket: bucket, Policy: JSON.stringify(merged) };
      if (!dry) {
        stopIfInterrupted(ctx, steps);
        await s3.putBucketPolicy(input);
      }
      record(
        'bucket policy',
        current ? 'updated' : 'created',
        'lets CloudTrail check the ACL and write AWSLogs/',
        {
          service: 's3',
          operation: 'PutBucketPolicy',
          input,
        },
      );
    } else {
      record('bucket policy', 'exists', 'CloudTrail may write AWSLogs/');
    }
    const input = {
      Name: name,
      S3BucketName: bucket,
      IsMultiRegionTrail: false,
      IncludeGlobalServiceEvents: false,
      EnableLogFileValidation: true,
      ...(organizationTrail ? { IsOrganizationTrail: true } : {}),
    };
    if (!dry) {
      stopIfInterrupted(ctx, steps);
      await paceCloudTrail();
      await cloudTrail.createTrail(input);
    }
    record('trail', 'created', organizationTrail ? `${name} (organization trail)` : name, {
      service: 'cloudtrail',
      operation: 'CreateTrail',
      input,
    });
  } else {
    record(
      'trail',
      'exists',
      `${trail.name}, delivering to s3://${trail.bucket}${trail.prefix ? `/${trail.prefix}` : ''}`,
    );
  }

  // Selectors: a new trail logs management events only if no other trail does (the first copy of
  // management events is free, extra copies are billed); an existing one keeps all it logs today.
  const otherLogsManagement = trails.some((t) => t.name !== name && t.logsManagement);
  const wanted: AdvancedSelector[] | undefined = trail
    ? withFeatureGroupSelector(trail.advanced, trail.basic)
    : otherLogsManagement
      ? [FEATURE_GROUP_SELECTOR]
      : [FEATURE_GROUP_SELECTOR, MANAGEMENT_SELECTOR];
  if (wanted) {
    if (selectorValueCount(wanted) > MAX_SELECTOR_VALUES) {
      throw new FshareError(
        'FSHARE_TRAIL_SELECTORS_FULL',
        `Adding the Feature Store selector to trail "${name}" would exceed CloudTrail's ${MAX_SELECTOR_VALUES} selector values.`,
        1,
        { hint: 'Pass --trail with a new trail name, or trim that trail’s selectors.' },
      );
    }
    const input = { TrailName: arn, AdvancedEventSelectors: wanted };
    if (!dry) {
      stopIfInterrupted(ctx, steps);
      await paceCloudTrail();
      await cloudTrail.putEventSelectors(input);
    }
    record(
      'event selectors',
      trail ? 'updated' : 'created',
      `logs every AWS::SageMaker::FeatureGroup data event${trail ? ` (keeps the trail's ${wanted.length - 1} selector(s))` : ''}`,
      { service: 'cloudtrail', operation: 'PutEventSelectors', input },
    );
  } else {
    record('event selectors', 'exists', 'already log every Feature Store record call');
  }

  const logging = trail ? (await cloudTrail.getTrailStatus({ Name: arn })).IsLogging === true : false;
  if (logging) {
    record('logging', 'exists', 'the trail is logging');
  } else {
    if (!dry) {
      stopIfInterrupted(ctx, steps);
      await paceCloudTrail();
      await cloudTrail.startLogging({ Name: arn });
    }
    record('logging', 'started', 'files arrive about every 5 minutes', {
      service: 'cloudtrail',
      operation: 'StartLogging',
      input: { Name: arn },
    });
  }

  steps.push(...(await athenaSetup(ctx, options, location, identity.account, region, org, dry, steps)));
  return {
    path: 'trail',
    trail: name,
    trailArn: arn,
    bucket,
    organizationTrail,
    database: options.database,
    table: options.table,
    workgroup: options.workgroup,
    steps,
  };
}
