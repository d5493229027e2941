/**
 * Athena over delivered CloudTrail logs, through the unmodified JS SDK in-process: AWS's documented
 * partition-projection DDL, AWS's published example queries unchanged, partition pruning visible
 * in DataScannedInBytes, results as CSV in S3 with the header row first, paging, errors.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  ListDatabasesCommand,
  ListWorkGroupsCommand,
  StartQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
} from '@aws-sdk/client-athena';
import {
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetRecordCommand,
  PutRecordCommand,
  SageMakerFeatureStoreRuntimeClient,
} from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { enableColumnarPrefetch } from '../../../src/sandbox/athena/columnar.js';
import { closeSharedStores, sandboxClientConfig } from '../../../src/sandbox/client-config.js';
import { runCli } from '../../helpers/run-cli.js';

const OWNER = '111111111111';
const BUCKET = 'owner-cloudtrail';
const RESULTS = 's3://owner-athena-results/queries/';
const COLUMNS = `eventversion STRING,
useridentity STRUCT<type:STRING, principalid:STRING, arn:STRING, accountid:STRING, invokedby:STRING, accesskeyid:STRING, username:STRING,
  onbehalfof: STRUCT<userid: STRING, identitystorearn: STRING>,
  sessioncontext:STRUCT<attributes:STRUCT<mfaauthenticated:STRING, creationdate:STRING>,
    sessionissuer:STRUCT<type:STRING, principalid:STRING, arn:STRING, accountid:STRING, username:STRING>,
    ec2roledelivery:string,
    webidfederationdata: STRUCT<federatedprovider: STRING, attributes: map<string,string>>>>,
eventtime STRING, eventsource STRING, eventname STRING, awsregion STRING, sourceipaddress STRING, useragent STRING,
errorcode STRING, errormessage STRING, requestparameters STRING, responseelements STRING, additionaleventdata STRING,
requestid STRING, eventid STRING,
resources ARRAY<STRUCT<arn:STRING, accountid:STRING, type:STRING>>,
eventtype STRING, apiversion STRING, readonly STRING, recipientaccountid STRING, serviceeventdetails STRING,
sharedeventid STRING, vpcendpointid STRING, vpcendpointaccountid STRING, eventcategory STRING,
addendum STRUCT<reason:STRING, updatedfields:STRING, originalrequestid:STRING, originaleventid:STRING>,
sessioncredentialfromconsole STRING, edgedevicedetails STRING,
tlsdetails STRUCT<tlsversion:STRING, ciphersuite:STRING, clientprovidedhostheader:STRING>`;

/** AWS's partition-projection table (create-cloudtrail-table-partition-projection.html). */
const PROJECTION_DDL = `CREATE EXTERNAL TABLE cloudtrail_logs_pp(
${COLUMNS}
  )
PARTITIONED BY (
   \`timestamp\` string)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION
  's3://${BUCKET}/AWSLogs/${OWNER}/CloudTrail/us-east-1'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.timestamp.format'='yyyy/MM/dd',
  'projection.timestamp.interval'='1',
  'projection.timestamp.interval.unit'='DAYS',
  'projection.timestamp.range'='2020/01/01,NOW',
  'projection.timestamp.type'='date',
  'storage.location.template'='s3://${BUCKET}/AWSLogs/${OWNER}/CloudTrail/us-east-1/\${timestamp}')`;

/** AWS's manually partitioned table, without partitions: all files under LOCATION when unpartitioned. */
const PLAIN_DDL = `CREATE EXTERNAL TABLE cloudtrail_logs (
${COLUMNS}
)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://${BUCKET}/AWSLogs/${OWNER}/';`;

let home: string;
let env: Record<string, string>;
let athena: AthenaClient;
let s3: S3Client;
let days: string[] = [];

async function run(
  query: string,
  database = 'audit',
): Promise<GetQueryExecutionCommandOutput['QueryExecution'] & object> {
  const { QueryExecutionId } = await athena.send(
    new StartQueryExecutionCommand({
      QueryString: query,
      QueryExecutionContext: { Database: database },
      ResultConfiguration: { OutputLocation: RESULTS },
    }),
  );
  for (let i = 0; i < 400; i += 1) {
    const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }));
    const state = QueryExecution?.Status?.State;
    if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') {
      return QueryExecution ?? {};
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('query did not finish');
}

async function rows(query: string): Promise<string[][]> {
  const execution = await run(query);
  expect(execution.Status?.StateChangeReason).toBeUndefined();
  expect(execution.Status?.State).toBe('SUCCEEDED');
  const out: string[][] = [];
  let token: string | undefined;
  do {
    const page = await athena.send(
      new GetQueryResultsCommand({ QueryExecutionId: execution.QueryExecutionId, NextToken: token }),
    );
    for (const row of page.ResultSet?.Rows ?? []) {
      out.push((row.Data ?? []).map((d) => d.VarCharValue ?? '∅'));
    }
    token = page.NextToken;
  } while (token);
  return out;
}

function trailPolicy(): string {
  const sourceArn = `arn:aws:cloudtrail:us-east-1:${OWNER}:trail/audit`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${BUCKET}`,
        Condition: { StringEquals: { 'aws:SourceArn': sourceArn } },
      },
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/${OWNER}/*`,
        Condition: {
          StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': sourceArn },
        },
      },
    ],
  });
}

beforeAll(async () => {
  // As `sandbox serve` does: queries leave columnar copies of the log files for the next ones.
  enableColumnarPrefetch();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-athena-'));
  env = { FSHARE_HOME: home };
  expect((await runCli(['sandbox', 'init'], { env })).code).toBe(0);
  const config = await sandboxClientConfig({ profile: 'owner', endpointUrl: undefined, env });
  const common = {
    region: config.region,
    endpoint: config.endpoint,
    credentials: config.credentials,
    requestHandler: config.requestHandler as never,
    maxAttempts: 4,
  };
  athena = new AthenaClient(common);
  s3 = new S3Client(common);
  const cloudtrail = new CloudTrailClient(common);
  const runtime = new SageMakerFeatureStoreRuntimeClient(common);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new CreateBucketCommand({ Bucket: 'owner-athena-results' }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: trailPolicy() }));
  await cloudtrail.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: BUCKET }));
  await cloudtrail.send(
    new PutEventSelectorsCommand({
      TrailName: 'audit',
      AdvancedEventSelectors: [
        { Name: 'management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        {
          Name: 'feature groups',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::SageMaker::FeatureGroup'] },
          ],
        },
      ],
    }),
  );
  await cloudtrail.send(new StartLoggingCommand({ Name: 'audit' }));
  // Two days of record calls: day one three reads, a day later one write and one read of a missing group.
  for (const id of ['C0001', 'C0002', 'C0003']) {
    await runtime.send(
      new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: id }),
    );
  }
  expect((await runCli(['sandbox', 'clock', '--advance', '1d'], { env })).code).toBe(0);
  await runtime
    .send(
      new PutRecordCommand({
        FeatureGroupName: 'customers',
        Record: [
          { FeatureName: 'customer_id', ValueAsString: 'C9999' },
          { FeatureName: 'event_time', ValueAsString: new Date().toISOString() },
        ],
      }),
    )
    .catch(() => undefined);
  await runtime
    .send(new GetRecordCommand({ FeatureGroupName: 'nope', RecordIdentifierValueAsString: 'x' }))
    .catch(() => undefined);
  expect((await runCli(['sandbox', 'clock', '--advance', '10m'], { env })).code).toBe(0);
  expect((await run('CREATE DATABASE audit', 'default')).Status?.State).toBe('SUCCEEDED');
  expect((await run(PROJECTION_DDL)).Status?.State).toBe('SUCCEEDED');
  expect((await run(PLAIN_DDL)).Status?.State).toBe('SUCCEEDED');
  days = (await rows('SELECT DISTINCT "timestamp" FROM cloudtrail_logs_pp ORDER BY 1'))
    .slice(1)
    .map((r) => r[0] ?? '');
}, 120_000);

afterAll(() => {
  closeSharedStores();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('catalog', () => {
  it('lists the database and the table as AWS models them, with its projection properties', async () => {
    const dbs = await athena.send(new ListDatabasesCommand({ CatalogName: 'AwsDataCatalog' }));
    expect(dbs.DatabaseList?.map((d) => d.Name)).toEqual(['default', 'audit']);
    const meta = await athena.send(
      new GetTableMetadataCommand({
        CatalogName: 'AwsDataCatalog',
        DatabaseName: 'audit',
        TableName: 'cloudtrail_logs_pp',
      }),
    );
    expect(meta.TableMetadata?.PartitionKeys).toEqual([{ Name: 'timestamp', Type: 'string' }]);
    expect(meta.TableMetadata?.Columns?.find((c) => c.Name === 'resources')?.Type).toBe(
      'array<struct<arn:string,accountid:string,type:string>>',
    );
    expect(meta.TableMetadata?.Parameters?.['projection.timestamp.type']).toBe('date');
    const groups = await athena.send(new ListWorkGroupsCommand({}));
    expect(groups.WorkGroups?.map((g) => g.Name)).toContain('primary');
  });
});

describe("AWS's example queries, unchanged", () => {
  it('SELECT useridentity.arn, eventname, sourceipaddress, eventtime … LIMIT 100', async () => {
    const out = await rows(
      'SELECT useridentity.arn, eventname, sourceipaddress, eventtime FROM cloudtrail_logs LIMIT 100;',
    );
    expect(out[0]).toEqual(['arn', 'eventname', 'sourceipaddress', 'eventtime']);
    expect(out.length).toBeGreaterThan(5);
    expect(out.slice(1).every((r) => r[0]?.startsWith(`arn:aws:sts::${OWNER}:assumed-role/`))).toBe(true);
  });

  it('json_extract_scalar over requestparameters, the Feature Store query with CROSS JOIN UNNEST and a partition range', async () => {
    const [from, to] = [days[0] ?? '', days[days.length - 1] ?? ''];
    const out =
      await rows(`SELECT eventtime, eventname, useridentity.arn AS caller, useridentity.accountid AS caller_acct,
       recipientaccountid, sharedeventid, r.arn AS feature_group_arn,
       json_extract_scalar(requestparameters, '$.featureGroupName') AS fg, errorcode
FROM cloudtrail_logs_pp CROSS JOIN UNNEST(resources) AS t(r)
WHERE "timestamp" BETWEEN '${from}' AND '${to}'
  AND eventsource = 'sagemaker.amazonaws.com' AND eventcategory = 'Data'
  AND r.type = 'AWS::SageMaker::FeatureGroup'
ORDER BY eventtime`);
    expect(out[0]).toEqual([
      'eventtime',
      'eventname',
      'caller',
      'caller_acct',
      'recipientaccountid',
      'sharedeventid',
      'feature_group_arn',
      'fg',
      'errorcode',
    ]);
    const names = out.slice(1).map((r) => r[1]);
    expect(names.slice(0, 3)).toEqual(['GetRecord', 'GetRecord', 'GetRecord']);
    expect(out.slice(1).every((r) => r[7] === 'customers' || r[7] === 'nope')).toBe(true);
    expect(out[1]?.[6]).toBe(`arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/customers`);
  });

  it('GROUP BY useridentity.arn with count(*) labels the unnamed column _col1', async () => {
    const out = await rows(
      "SELECT useridentity.arn, count(*) FROM cloudtrail_logs WHERE eventsource = 'sagemaker.amazonaws.com' GROUP BY useridentity.arn",
    );
    expect(out[0]).toEqual(['arn', '_col1']);
    expect(Number(out[1]?.[1])).toBeGreaterThan(3);
  });

  it("S3 guide's shape: nested struct fields, LIKE, string comparison of eventtime", async () => {
    const out =
      await rows(`SELECT eventTime, eventName, userIdentity.principalId, useridentity.sessioncontext.sessionissuer.arn
FROM cloudtrail_logs
WHERE userIdentity.accessKeyId like 'AKIA%' AND eventTime > '2000-01-01T00:00:00Z' AND eventname = 'GetRecord'`);
    expect(out[0]).toEqual(['eventtime', 'eventname', 'principalid', 'arn']);
    expect(out.length).toBe(1 + 4);
    expect(out[1]?.[3]).toBe(`arn:aws:iam::${OWNER}:role/feature-engineer`);
  });
});

describe('partition projection', () => {
  it('reads only the files of the projected partitions the WHERE names (DataScannedInBytes)', async () => {
    expect(days.length).toBe(2);
    const all = await run('SELECT count(*) FROM cloudtrail_logs_pp');
    const one = await run(`SELECT count(*) FROM cloudtrail_logs_pp WHERE "timestamp" = '${days[0] ?? ''}'`);
    const none = await run(`SELECT count(*) FROM cloudtrail_logs_pp WHERE "timestamp" < '2020/01/01'`);
    const scanned = (e: typeof all): number => e.Statistics?.DataScannedInBytes ?? -1;
    expect(scanned(one)).toBeGreaterThan(0);
    expect(scanned(one)).toBeLessThan(scanned(all));
    expect(scanned(none)).toBe(0);
    const counted = await rows(`SELECT count(*) FROM cloudtrail_logs_pp WHERE "timestamp" < '2020/01/01'`);
    expect(counted[1]).toEqual(['0']);
  });
});

describe('results and errors', () => {
  it('writes <id>.csv and <id>.csv.metadata; pages with the header row on page one only', async () => {
    const execution = await run('SELECT eventid FROM cloudtrail_logs ORDER BY eventid');
    expect(execution.ResultConfiguration?.OutputLocation).toBe(`${RESULTS}${execution.QueryExecutionId}.csv`);
    const csv = await s3.send(
      new GetObjectCommand({
        Bucket: 'owner-athena-results',
        Key: `queries/${execution.QueryExecutionId}.csv`,
      }),
    );
    const text = (await csv.Body?.transformToString()) ?? '';
    expect(text.split('\n')[0]).toBe('"eventid"');
    await s3.send(
      new GetObjectCommand({
        Bucket: 'owner-athena-results',
        Key: `queries/${execution.QueryExecutionId}.csv.metadata`,
      }),
    );
    const first = await athena.send(
      new GetQueryResultsCommand({ QueryExecutionId: execution.QueryExecutionId, MaxResults: 2 }),
    );
    expect(first.ResultSet?.Rows?.[0]?.Data?.[0]?.VarCharValue).toBe('eventid');
    expect(first.ResultSet?.ResultSetMetadata?.ColumnInfo?.[0]).toMatchObject({
      Name: 'eventid',
      Type: 'varchar',
    });
    const second = await athena.send(
      new GetQueryResultsCommand({
        QueryExecutionId: execution.QueryExecutionId,
        MaxResults: 2,
        NextToken: first.NextToken,
      }),
    );
    expect(second.ResultSet?.Rows?.[0]?.Data?.[0]?.VarCharValue).not.toBe('eventid');
  });

  it('a bad column FAILs the query with a reason; no output location is InvalidRequestException', async () => {
    const failed = await run('SELECT nosuchcolumn FROM cloudtrail_logs');
    expect(failed.Status?.State).toBe('FAILED');
    expect(failed.Status?.StateChangeReason).toMatch(/COLUMN_NOT_FOUND|nosuchcolumn/);
    const refused = await athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1' })).then(
      () => 'ok',
      (e: Error) => `${e.name}: ${e.message}`,
    );
    expect(refused).toMatch(/^InvalidRequestException: No output location provided/);
    const forbidden = await run("SELECT * FROM read_json('/etc/passwd')");
    expect(forbidden.Status?.State).toBe('FAILED');
  });
});

describe('columnar copies', () => {
  it('answer the same rows with the same DataScannedInBytes once the log files are converted', async () => {
    const sql = `SELECT eventname, useridentity.arn AS caller, r.arn AS fg, errorcode, count(*) AS calls
      FROM cloudtrail_logs_pp CROSS JOIN UNNEST(resources) AS t(r)
      WHERE "timestamp" >= '2020/01/01' AND r.type = 'AWS::SageMaker::FeatureGroup'
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;
    const first = await rows(sql);
    const firstScan = (await run(sql)).Statistics?.DataScannedInBytes;
    const copies = path.join(home, 's3', '.columnar');
    const logFiles = fs.readdirSync(path.join(home, 's3', BUCKET)).length;
    for (
      let i = 0;
      i < 400 &&
      (!fs.existsSync(copies) ||
        fs.readdirSync(copies).filter((f) => f.endsWith('.parquet')).length < logFiles);
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(fs.readdirSync(copies).filter((f) => f.endsWith('.parquet')).length).toBe(logFiles);
    expect(await rows(sql)).toEqual(first);
    expect((await run(sql)).Statistics?.DataScannedInBytes).toBe(firstScan);
    expect(first.length).toBeGreaterThan(1);
  }, 60_000);

  it('are made before PutObject of a log file answers, and not for other keys', async () => {
    const copies = path.join(home, 's3', '.columnar');
    const count = (): number =>
      fs.existsSync(copies) ? fs.readdirSync(copies).filter((f) => f.endsWith('.parquet')).length : 0;
    const before = count();
    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'notes/CloudTrail/readme.json.gz', Body: gzipSync('{}') }),
    );
    expect(count()).toBe(before);
    const key = `AWSLogs/${OWNER}/CloudTrail/us-east-1/2019/06/01/${OWNER}_CloudTrail_us-east-1_20190601T0000Z_put.json.gz`;
    const record = { eventVersion: '1.09', eventName: 'GetRecord', eventTime: '2019-06-01T00:00:00Z' };
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        Body: gzipSync(JSON.stringify({ Records: [record] })),
      }),
    );
    expect(count()).toBe(before + 1);
  });
});

describe('the clock', () => {
  it('is the sandbox clock for now() and current_date (advanced a day and ten minutes above)', async () => {
    const [header, row] = await rows(
      'SELECT to_iso8601(now()) AS now_text, CAST(current_date AS VARCHAR) AS today',
    );
    expect(header).toEqual(['now_text', 'today']);
    const sandboxNow = Date.parse(row?.[0] ?? '');
    expect(sandboxNow - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect(row?.[1]).toBe(new Date(sandboxNow).toISOString().slice(0, 10));
  });
});
