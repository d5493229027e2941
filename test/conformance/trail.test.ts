/**
 * The trail path of `fshare sandbox serve` with the AWS CLI v1 and boto3: `aws cloudtrail
 * create-trail` (its bucket-policy check), `put-event-selectors --advanced-event-selectors`,
 * `start-logging`, a record read, `fshare sandbox clock --advance`, the delivered log file in
 * `aws s3 ls`, then `aws athena start-query-execution` / `get-query-execution` /
 * `get-query-results` over AWS's projection table.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './serve-harness.js';
import {
  missingPrerequisite,
  startServedSandbox,
  type Outcome,
  type ServedSandbox,
} from './helpers/served-sandbox.js';

const OWNER = '111111111111';
const BUCKET = 'cli-trail-logs';
const SELECTORS = JSON.stringify([
  {
    Name: 'Log all events for SageMaker feature stores',
    FieldSelectors: [
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::SageMaker::FeatureGroup'] },
    ],
  },
]);
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AWSCloudTrailAclCheck20150319',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: `arn:aws:s3:::${BUCKET}`,
      Condition: {
        StringEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${OWNER}:trail/fg-audit` },
      },
    },
    {
      Sid: 'AWSCloudTrailWrite20150319',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/${OWNER}/*`,
      Condition: {
        StringEquals: {
          's3:x-amz-acl': 'bucket-owner-full-control',
          'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${OWNER}:trail/fg-audit`,
        },
      },
    },
  ],
});
const DDL = `CREATE EXTERNAL TABLE cloudtrail_logs_pp(
eventversion STRING,
useridentity STRUCT<type:STRING, principalid:STRING, arn:STRING, accountid:STRING, invokedby:STRING, accesskeyid:STRING, username:STRING,
  sessioncontext:STRUCT<attributes:STRUCT<mfaauthenticated:STRING, creationdate:STRING>,
    sessionissuer:STRUCT<type:STRING, principalid:STRING, arn:STRING, accountid:STRING, username:STRING>>>,
eventtime STRING, eventsource STRING, eventname STRING, awsregion STRING, sourceipaddress STRING, useragent STRING,
errorcode STRING, errormessage STRING, requestparameters STRING, responseelements STRING, additionaleventdata STRING,
requestid STRING, eventid STRING, resources ARRAY<STRUCT<arn:STRING, accountid:STRING, type:STRING>>,
eventtype STRING, apiversion STRING, readonly STRING, recipientaccountid STRING, serviceeventdetails STRING,
sharedeventid STRING, vpcendpointid STRING, eventcategory STRING)
PARTITIONED BY (\`timestamp\` string)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://${BUCKET}/AWSLogs/${OWNER}/CloudTrail/us-east-1'
TBLPROPERTIES ('projection.enabled'='true', 'projection.timestamp.format'='yyyy/MM/dd',
  'projection.timestamp.interval'='1', 'projection.timestamp.interval.unit'='DAYS',
  'projection.timestamp.range'='2020/01/01,NOW', 'projection.timestamp.type'='date',
  'storage.location.template'='s3://${BUCKET}/AWSLogs/${OWNER}/CloudTrail/us-east-1/\${timestamp}')`;

const skipReason = missingPrerequisite({ aws: true, boto3: true });
if (skipReason) {
  process.stderr.write(`skipping trail conformance tests: ${skipReason}\n`);
}

describe.skipIf(skipReason !== undefined)(
  'trail → S3 → Athena over HTTP (AWS CLI, boto3)',
  { timeout: 300_000 },
  () => {
    let sandbox: ServedSandbox;

    const ok = (outcome: Outcome): Record<string, unknown> => {
      expect(outcome, JSON.stringify(outcome)).toMatchObject({ ok: true });
      return outcome.response ?? {};
    };

    function athenaQuery(sql: string): { id: string; state: string; execution: Record<string, unknown> } {
      const id = String(
        ok(
          sandbox.aws('owner', [
            'athena',
            'start-query-execution',
            '--query-string',
            sql,
            '--result-configuration',
            `OutputLocation=s3://${BUCKET}/athena/`,
            '--query-execution-context',
            'Database=default',
          ]),
        ).QueryExecutionId,
      );
      for (let i = 0; i < 60; i++) {
        const execution = ok(
          sandbox.aws('owner', ['athena', 'get-query-execution', '--query-execution-id', id]),
        ).QueryExecution as Record<string, unknown>;
        const state = String((execution.Status as { State: string }).State);
        if (state !== 'QUEUED' && state !== 'RUNNING') {
          return { id, state, execution };
        }
      }
      throw new Error('query did not finish');
    }

    beforeAll(async () => {
      sandbox = await startServedSandbox();
    });

    afterAll(async () => {
      await sandbox?.stop();
    });

    it('create-trail checks the bucket policy, then logs the selected data events after start-logging', () => {
      ok(sandbox.aws('owner', ['s3api', 'create-bucket', '--bucket', BUCKET]));
      const refused = sandbox.aws('owner', [
        'cloudtrail',
        'create-trail',
        '--name',
        'fg-audit',
        '--s3-bucket-name',
        BUCKET,
      ]);
      expect(refused).toMatchObject({ ok: false, code: 'InsufficientS3BucketPolicyException' });
      ok(sandbox.aws('owner', ['s3api', 'put-bucket-policy', '--bucket', BUCKET, '--policy', POLICY]));
      const trail = ok(
        sandbox.aws('owner', [
          'cloudtrail',
          'create-trail',
          '--name',
          'fg-audit',
          '--s3-bucket-name',
          BUCKET,
        ]),
      );
      expect(trail.TrailARN).toBe(`arn:aws:cloudtrail:us-east-1:${OWNER}:trail/fg-audit`);
      const selectors = ok(
        sandbox.aws('owner', [
          'cloudtrail',
          'put-event-selectors',
          '--trail-name',
          'fg-audit',
          '--advanced-event-selectors',
          SELECTORS,
        ]),
      );
      expect(selectors.AdvancedEventSelectors).toEqual(JSON.parse(SELECTORS));
      ok(sandbox.aws('owner', ['cloudtrail', 'start-logging', '--name', 'fg-audit']));
      const status = ok(sandbox.boto3('owner', 'cloudtrail', 'get_trail_status', { Name: 'fg-audit' }));
      expect(status.IsLogging).toBe(true);
      const described = ok(sandbox.boto3('owner', 'cloudtrail', 'describe_trails', {}));
      expect(described.trailList).toMatchObject([
        { Name: 'fg-audit', HasCustomEventSelectors: true, HomeRegion: 'us-east-1' },
      ]);

      ok(
        sandbox.boto3('owner', 'sagemaker-featurestore-runtime', 'get_record', {
          FeatureGroupName: 'customers',
          RecordIdentifierValueAsString: 'C0001',
        }),
      );
      const before = spawnSync(
        'aws',
        [
          's3',
          'ls',
          `s3://${BUCKET}/AWSLogs/`,
          '--recursive',
          '--endpoint-url',
          sandbox.url,
          '--region',
          'us-east-1',
        ],
        {
          encoding: 'utf8',
          env: sandbox.envFor('owner'),
        },
      );
      expect(before.stdout).not.toMatch(/CloudTrail_us-east-1_/);
      execFileSync(
        process.execPath,
        [path.join(ROOT, 'bin', 'fshare'), 'sandbox', 'clock', '--advance', '10m'],
        {
          env: { ...process.env, FSHARE_HOME: sandbox.home },
        },
      );
      const after = spawnSync(
        'aws',
        [
          's3',
          'ls',
          `s3://${BUCKET}/AWSLogs/`,
          '--recursive',
          '--endpoint-url',
          sandbox.url,
          '--region',
          'us-east-1',
        ],
        {
          encoding: 'utf8',
          env: sandbox.envFor('owner'),
        },
      );
      expect(after.stdout).toMatch(
        new RegExp(
          `AWSLogs/${OWNER}/CloudTrail/us-east-1/\\d{4}/\\d{2}/\\d{2}/${OWNER}_CloudTrail_us-east-1_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz`,
        ),
      );
    });

    it('athena: DDL, then a query over the delivered logs, results paged with the header first', () => {
      expect(athenaQuery(DDL).state).toBe('SUCCEEDED');
      const { id, state, execution } = athenaQuery(
        `SELECT eventname, useridentity.arn AS caller, json_extract_scalar(requestparameters, '$.recordIdentifierValueAsString') AS record_id
       FROM cloudtrail_logs_pp CROSS JOIN UNNEST(resources) AS t(r)
       WHERE "timestamp" >= '2020/01/01' AND r.type = 'AWS::SageMaker::FeatureGroup'`,
      );
      expect(state).toBe('SUCCEEDED');
      expect(
        Number((execution.Statistics as { DataScannedInBytes: number }).DataScannedInBytes),
      ).toBeGreaterThan(0);
      const results = ok(sandbox.aws('owner', ['athena', 'get-query-results', '--query-execution-id', id]));
      const rows = ((results.ResultSet as { Rows: { Data: { VarCharValue?: string }[] }[] }).Rows ?? []).map(
        (r) => r.Data.map((d) => d.VarCharValue ?? null),
      );
      expect(rows[0]).toEqual(['eventname', 'caller', 'record_id']);
      expect(rows.slice(1)).toEqual([
        ['GetRecord', expect.stringMatching(/^arn:aws:sts::111111111111:assumed-role\//), 'C0001'],
      ]);
      const boto = ok(
        sandbox.boto3('owner', 'athena', 'get_query_results', { QueryExecutionId: id, MaxResults: 1 }),
      );
      expect(boto.NextToken).toBeDefined();
      const noOutput = sandbox.boto3('owner', 'athena', 'start_query_execution', { QueryString: 'SELECT 1' });
      expect(noOutput).toMatchObject({ ok: false, code: 'InvalidRequestException' });
    });
  },
);
