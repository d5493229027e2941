// The sandbox's Athena at scale, without fshare in the loop: N Feature Store data events as
// delivered CloudTrail files (gzipped {"Records":[…]} under AWSLogs/…/YYYY/MM/DD/, put through S3),
// AWS's partition-projection table, then a summary GROUP BY over them through the Athena API, timed
// from StartQueryExecution to the last page of results. `node bench/athena-scale.mjs [events]`.
import { gzipSync } from 'node:zlib';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { fshareSync, startServer, tempHome } from './lib.mjs';

const OWNER = '111111111111';
const BUCKET = 'bench-trail';
const PER_FILE = 10_000;
const COLUMNS = `eventversion STRING, useridentity STRUCT<type:STRING, principalid:STRING, arn:STRING, accountid:STRING,
  sessioncontext:STRUCT<sessionissuer:STRUCT<type:STRING, arn:STRING>>>, eventtime STRING, eventsource STRING,
  eventname STRING, awsregion STRING, errorcode STRING, requestparameters STRING, eventid STRING,
  resources ARRAY<STRUCT<arn:STRING, accountid:STRING, type:STRING>>, recipientaccountid STRING, eventcategory STRING`;

function record(i, timeMs) {
  const caller = i % 3 === 0 ? '333333333333' : '222222222222';
  const arn = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/${i % 2 ? 'customers' : 'transactions'}`;
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: `AROA:${caller}`,
      arn: `arn:aws:sts::${caller}:assumed-role/data-scientist/bench`,
      accountId: caller,
    },
    eventTime: new Date(timeMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 'sagemaker.amazonaws.com',
    eventName: ['GetRecord', 'BatchGetRecord', 'PutRecord'][i % 3],
    awsRegion: 'us-east-1',
    sourceIPAddress: '10.0.0.1',
    userAgent: 'bench',
    ...(i % 50 === 0 ? { errorCode: 'AccessDeniedException', errorMessage: 'denied' } : {}),
    requestParameters: { featureGroupName: arn, recordIdentifierValueAsString: `C${i % 10_000}` },
    responseElements: null,
    requestID: `r-${i}`,
    eventID: `e-${i}`,
    readOnly: i % 3 !== 2,
    resources: [{ accountId: OWNER, type: 'AWS::SageMaker::FeatureGroup', ARN: arn }],
    eventType: 'AwsApiCall',
    managementEvent: false,
    recipientAccountId: OWNER,
    eventCategory: 'Data',
  };
}

async function query(athena, sql) {
  const started = Date.now();
  const { QueryExecutionId } = await athena.send(
    new StartQueryExecutionCommand({
      QueryString: sql,
      QueryExecutionContext: { Database: 'default' },
      ResultConfiguration: { OutputLocation: `s3://${BUCKET}/results/` },
    }),
  );
  for (;;) {
    const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }));
    const state = QueryExecution.Status.State;
    if (state === 'FAILED') {
      throw new Error(QueryExecution.Status.StateChangeReason);
    }
    if (state === 'SUCCEEDED') {
      const rows = [];
      let token;
      do {
        const page = await athena.send(new GetQueryResultsCommand({ QueryExecutionId, NextToken: token }));
        rows.push(...page.ResultSet.Rows);
        token = page.NextToken;
      } while (token);
      return { ms: Date.now() - started, rows, stats: QueryExecution.Statistics };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function athenaScaleBench(count = 1_000_000) {
  const home = tempHome('fshare-athena-scale-');
  fshareSync(['sandbox', 'init'], { home });
  const server = await startServer({ home });
  try {
    const env = JSON.parse(fshareSync(['sandbox', 'env', '--as', 'owner', '-o', 'json'], { home }).stdout);
    const config = {
      region: 'us-east-1',
      endpoint: server.url,
      forcePathStyle: true,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
    };
    const s3 = new S3Client(config);
    const athena = new AthenaClient(config);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const nowMs = Date.now();
    const fromMs = nowMs - 3 * 86_400_000;
    let bytes = 0;
    for (let start = 0; start < count; start += PER_FILE) {
      const records = [];
      for (let i = start; i < Math.min(count, start + PER_FILE); i++) {
        records.push(record(i, fromMs + Math.floor(((nowMs - 600_000 - fromMs) * i) / count)));
      }
      const last = new Date(Date.parse(records[records.length - 1].eventTime) + 300_000);
      const day = last.toISOString().slice(0, 10).replace(/-/g, '/');
      const stamp = last.toISOString().slice(0, 16).replace(/[-:]/g, '');
      const key = `AWSLogs/${OWNER}/CloudTrail/us-east-1/${day}/${OWNER}_CloudTrail_us-east-1_${stamp}Z_bench${String(start / PER_FILE).padStart(8, '0')}.json.gz`;
      const body = gzipSync(Buffer.from(JSON.stringify({ Records: records })));
      bytes += body.length;
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    }
    await query(
      athena,
      `CREATE EXTERNAL TABLE cloudtrail_logs_pp (${COLUMNS}) PARTITIONED BY (\`timestamp\` string)
       ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
       STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat' OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
       LOCATION 's3://${BUCKET}/AWSLogs/${OWNER}/CloudTrail/us-east-1'
       TBLPROPERTIES ('projection.enabled'='true', 'projection.timestamp.format'='yyyy/MM/dd', 'projection.timestamp.interval'='1',
         'projection.timestamp.interval.unit'='DAYS', 'projection.timestamp.range'='2020/01/01,NOW', 'projection.timestamp.type'='date',
         'storage.location.template'='s3://${BUCKET}/AWSLogs/${OWNER}/CloudTrail/us-east-1/\${timestamp}')`,
    );
    const from = new Date(fromMs - 86_400_000).toISOString().slice(0, 10).replace(/-/g, '/');
    const to = new Date(nowMs + 86_400_000).toISOString().slice(0, 10).replace(/-/g, '/');
    const summarySql = `SELECT eventname, useridentity.arn AS caller, r.arn AS feature_group, errorcode, count(*) AS calls,
         min(eventtime) AS first_seen, max(eventtime) AS last_seen
       FROM cloudtrail_logs_pp CROSS JOIN UNNEST(resources) AS t(r)
       WHERE "timestamp" BETWEEN '${from}' AND '${to}' AND eventcategory = 'Data'
         AND r.type = 'AWS::SageMaker::FeatureGroup'
       GROUP BY 1, 2, 3, 4`;
    const summary = await query(athena, summarySql);
    // Again: the sandbox has its columnar copies of every file by now (AWS's Athena has no such warm-up).
    const again = await query(athena, summarySql);
    // Steady state: once serve has finished its columnar copies (it converts in the background).
    await new Promise((resolve) => setTimeout(resolve, Number(process.env.BENCH_SETTLE_MS ?? 60_000)));
    const settled = await query(athena, summarySql);
    const total = summary.rows.slice(1).reduce((n, row) => n + Number(row.Data[4].VarCharValue), 0);
    return {
      events: count,
      files: Math.ceil(count / PER_FILE),
      compressedMiB: bytes / 1_048_576,
      seconds: summary.ms / 1000,
      secondRunSeconds: again.ms / 1000,
      settledSeconds: settled.ms / 1000,
      engineSeconds: summary.stats.EngineExecutionTimeInMillis / 1000,
      scannedMiB: summary.stats.DataScannedInBytes / 1_048_576,
      counted: total,
    };
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await athenaScaleBench(Number(process.argv[2]) || 1_000_000);
  console.log(JSON.stringify(result));
}
