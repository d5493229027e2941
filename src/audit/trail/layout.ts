/**
 * The trail → S3 → Athena layout, as AWS documents it (reference: audit-trail-athena.md): the
 * bucket policy CloudTrail needs, the log-file key layout, the Athena table DDL with partition
 * projection, and which delivery days a time window spans. Pure: no I/O, every value derived from
 * validated names.
 */
import { ACCOUNT_ID } from '../../permissions/arns.js';

export const DEFAULT_TRAIL_NAME = 'fshare-audit';
export const DEFAULT_DATABASE = 'fshare_audit';
/** AWS's example queries say `FROM cloudtrail_logs`: the same name lets them run unchanged. */
export const DEFAULT_TABLE = 'cloudtrail_logs';
export const DEFAULT_WORKGROUP = 'fshare-audit';
export const FEATURE_GROUP_TYPE = 'AWS::SageMaker::FeatureGroup';

/** CloudTrail trail names: 3–128 of [A-Za-z0-9._-], alphanumeric at both ends. */
export const TRAIL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{1,126})[A-Za-z0-9]$/;
/** Glue database/table names as fshare writes them into SQL: lower-case, digits, underscores. */
export const GLUE_NAME = /^[a-z0-9_]{1,255}$/;
export const WORKGROUP_NAME = /^[A-Za-z0-9._-]{1,128}$/;
/** S3 bucket names fshare creates or accepts (DNS-compatible, no dots, which break TLS). */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const KEY_PREFIX = /^[A-Za-z0-9!_.*'()/-]{0,200}$/;

/** Where one trail's files land: bucket, optional key prefix, and for an organization trail its ID. */
export interface LogLocation {
  bucket: string;
  /** The trail's S3KeyPrefix, without slashes at either end; '' when none. */
  prefix: string;
  /** Set for an organization trail: files sit under AWSLogs/<o-id>/<account>/. */
  organizationId?: string;
}

export function defaultBucketName(account: string, region: string): string {
  return `fshare-audit-${account}-${region}`;
}

function checked(value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) {
    throw new Error(`Refusing to use ${what} "${value}" in the trail layout.`);
  }
  return value;
}

/** The trail's ARN, as CloudTrail forms it (and as the bucket policy's aws:SourceArn names it). */
export function trailArn(partition: string, region: string, account: string, name: string): string {
  return `arn:${partition}:cloudtrail:${region}:${account}:trail/${name}`;
}

function keyRoot(location: LogLocation): string {
  const prefix = checked(location.prefix, KEY_PREFIX, 'S3 key prefix');
  const org = location.organizationId
    ? `${checked(location.organizationId, ORG_ID, 'organization ID')}/`
    : '';
  return `${prefix ? `${prefix}/` : ''}AWSLogs/${org}`;
}

/** `[prefix/]AWSLogs/[o-id/]ACCOUNT/CloudTrail/REGION/`: one account's log files in one region. */
export function accountRegionPrefix(location: LogLocation, account: string, region: string): string {
  return `${keyRoot(location)}${checked(account, ACCOUNT_ID, 'account ID')}/CloudTrail/${checked(region, REGION, 'region')}/`;
}

/** UTC calendar days as `YYYY/MM/DD`: the key and partition format CloudTrail uses. */
export function dayPath(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}`;
}

const DAY_MS = 86_400_000;

/**
 * The delivery days that can hold events of [since, until]: files are filed under their delivery
 * time, usually minutes but up to hours after the event, so the window is widened by a day on each
 * side. At most `maxDays` (a longer window is read by prefix per day anyway, but capped for sanity).
 */
export function deliveryDays(since: Date, until: Date, maxDays = 3700): string[] {
  const first = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()) - DAY_MS;
  const last = Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate()) + DAY_MS;
  const days: string[] = [];
  for (let t = first; t <= last && days.length < maxDays; t += DAY_MS) {
    days.push(dayPath(new Date(t)));
  }
  return days;
}

export interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Principal: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface BucketPolicy {
  Version: string;
  Statement: PolicyStatement[];
}

export interface PolicyInput {
  bucket: string;
  prefix: string;
  partition: string;
  account: string;
  trailArn: string;
  organizationId?: string;
}

/** CloudTrail's documented statements (create-s3-bucket-policy-for-cloudtrail), for one trail. */
export function cloudTrailStatements(input: PolicyInput): PolicyStatement[] {
  const bucketArn = `arn:${input.partition}:s3:::${checked(input.bucket, BUCKET_NAME, 'bucket name')}`;
  const root = `${bucketArn}/${input.prefix ? `${input.prefix}/` : ''}AWSLogs`;
  const principal = { Service: 'cloudtrail.amazonaws.com' };
  const source = { 'aws:SourceArn': input.trailArn };
  const write = (sid: string, resource: string): PolicyStatement => ({
    Sid: sid,
    Effect: 'Allow',
    Principal: principal,
    Action: 's3:PutObject',
    Resource: resource,
    Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...source } },
  });
  const statements: PolicyStatement[] = [
    {
      Sid: 'AWSCloudTrailAclCheck20150319',
      Effect: 'Allow',
      Principal: principal,
      Action: 's3:GetBucketAcl',
      Resource: bucketArn,
      Condition: { StringEquals: source },
    },
    write('AWSCloudTrailWrite20150319', `${root}/${input.account}/*`),
  ];
  if (input.organizationId) {
    statements.push(
      write(
        'AWSCloudTrailOrganizationWrite20150319',
        `${root}/${checked(input.organizationId, ORG_ID, 'organization ID')}/*`,
      ),
    );
  }
  return statements;
}

/**
 * The bucket's policy with CloudTrail's statements in it: statements with the same Sid are
 * replaced, every other statement is kept. Returns undefined when nothing would change.
 */
export function mergeBucketPolicy(
  current: BucketPolicy | undefined,
  wanted: readonly PolicyStatement[],
): BucketPolicy | undefined {
  const existing = current?.Statement ?? [];
  const sids = new Set(wanted.map((s) => s.Sid));
  const kept = existing.filter((s) => !sids.has(s.Sid));
  const unchanged = wanted.every((w) =>
    existing.some((e) => e.Sid === w.Sid && JSON.stringify(e) === JSON.stringify(w)),
  );
  if (current && unchanged) {
    return undefined;
  }
  return { Version: current?.Version ?? '2012-10-17', Statement: [...kept, ...wanted] };
}

/** The columns of AWS's documented CloudTrail table (create-cloudtrail-table), verbatim. */
export const CLOUDTRAIL_COLUMNS = `eventversion STRING,
useridentity STRUCT<
  type:STRING,
  principalid:STRING,
  arn:STRING,
  accountid:STRING,
  invokedby:STRING,
  accesskeyid:STRING,
  username:STRING,
  onbehalfof: STRUCT<
    userid: STRING,
    identitystorearn: STRING>,
  sessioncontext:STRUCT<
    attributes:STRUCT<
      mfaauthenticated:STRING,
      creationdate:STRING>,
    sessionissuer:STRUCT<
      type:STRING,
      principalid:STRING,
      arn:STRING,
      accountid:STRING,
      username:STRING>,
    ec2roledelivery:string,
    webidfederationdata: STRUCT<
      federatedprovider: STRING,
      attributes: map<string,string>>
  >
>,
eventtime STRING,
eventsource STRING,
eventname STRING,
awsregion STRING,
sourceipaddress STRING,
useragent STRING,
errorcode STRING,
errormessage STRING,
requestparameters STRING,
responseelements STRING,
additionaleventdata STRING,
requestid STRING,
eventid STRING,
resources ARRAY<STRUCT<
    arn:STRING,
    accountid:STRING,
    type:STRING>>,
eventtype STRING,
apiversion STRING,
readonly STRING,
recipientaccountid STRING,
serviceeventdetails STRING,
sharedeventid STRING,
vpcendpointid STRING,
vpcendpointaccountid STRING,
eventcategory STRING,
addendum STRUCT<
  reason:STRING,
  updatedfields:STRING,
  originalrequestid:STRING,
  originaleventid:STRING>,
sessioncredentialfromconsole STRING,
edgedevicedetails STRING,
tlsdetails STRUCT<
  tlsversion:STRING,
  ciphersuite:STRING,
  clientprovidedhostheader:STRING>`;

export interface TableInput {
  database: string;
  table: string;
  location: LogLocation;
  account: string;
  region: string;
  /** First projected day, `yyyy/MM/dd` (AWS's example uses 2020/01/01). */
  rangeStart: string;
  /** For an organization trail: every member account (an enum partition over them). */
  accounts?: readonly string[];
}

/**
 * AWS's partition-projection DDL (create-cloudtrail-table-partition-projection) for one account
 * and region; for an organization trail an `account` enum partition is added in front, the way
 * AWS's organization-table page adds `account` to PARTITIONED BY.
 */
export function createTableDdl(input: TableInput): string {
  const database = checked(input.database, GLUE_NAME, 'database name');
  const table = checked(input.table, GLUE_NAME, 'table name');
  const bucket = checked(input.location.bucket, BUCKET_NAME, 'bucket name');
  const region = checked(input.region, REGION, 'region');
  if (!/^\d{4}\/\d{2}\/\d{2}$/.test(input.rangeStart)) {
    throw new Error(`Refusing projection range start "${input.rangeStart}".`);
  }
  const org = input.location.organizationId !== undefined;
  const accounts = (input.accounts ?? [input.account]).map((a) => checked(a, ACCOUNT_ID, 'account ID'));
  const root = `s3://${bucket}/${keyRoot(input.location)}`;
  const properties: [string, string][] = [['projection.enabled', 'true']];
  let partitions = '`timestamp` string';
  let location = `${root}${checked(input.account, ACCOUNT_ID, 'account ID')}/CloudTrail/${region}`;
  let template = `${location}/\${timestamp}`;
  if (org) {
    partitions = `account string, ${partitions}`;
    location = root.replace(/\/$/, '');
    template = `${root}\${account}/CloudTrail/${region}/\${timestamp}`;
    properties.push(['projection.account.type', 'enum'], ['projection.account.values', accounts.join(',')]);
  }
  properties.push(
    ['projection.timestamp.format', 'yyyy/MM/dd'],
    ['projection.timestamp.interval', '1'],
    ['projection.timestamp.interval.unit', 'DAYS'],
    ['projection.timestamp.range', `${input.rangeStart},NOW`],
    ['projection.timestamp.type', 'date'],
    ['storage.location.template', template],
  );
  return [
    `CREATE EXTERNAL TABLE ${database}.${table}(`,
    CLOUDTRAIL_COLUMNS,
    ')',
    `PARTITIONED BY (${partitions})`,
    "ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'",
    "STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'",
    "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'",
    `LOCATION '${location}'`,
    'TBLPROPERTIES (',
    properties.map(([k, v]) => `  '${k}'='${v}'`).join(',\n'),
    ')',
  ].join('\n');
}

export function createDatabaseDdl(database: string): string {
  return `CREATE DATABASE IF NOT EXISTS ${checked(database, GLUE_NAME, 'database name')}`;
}
