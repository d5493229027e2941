/**
 * AWS's published example queries over CloudTrail logs run unchanged on the table `fshare audit
 * setup` made (fshare_audit.cloudtrail_logs, partition-projected, on a new sandbox: the trail
 * path). The queries are AWS's text; only the literals that name AWS's example data (an access key,
 * security group IDs, dates, a bucket) are the kind a reader replaces, and they stay as published
 * where they select nothing here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientFactory } from '../../../src/aws/client-factory.js';
import type { AthenaPort } from '../../../src/aws/ports.js';
import type { GlobalOptions } from '../../../src/cli/globals.js';
import { athenaRows, runAthenaQuery } from '../../../src/audit/athena/query.js';
import { runCli } from '../../helpers/run-cli.js';

let home = '';
let env: Record<string, string> = {};
let athena: AthenaPort;
const clock = { now: () => new Date(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };

async function ok(profile: string, args: string[]): Promise<void> {
  const res = await runCli(['--sandbox', '--profile', profile, ...args], { env });
  if (res.code !== 0) {
    throw new Error(`fshare ${args.join(' ')} exited ${res.code}: ${res.stderr}`);
  }
}

async function query(sql: string): Promise<Record<string, string | null>[]> {
  const { queryId } = await runAthenaQuery(
    athena,
    { sql, workgroup: 'fshare-audit', database: 'fshare_audit' },
    { clock },
  );
  const rows: Record<string, string | null>[] = [];
  for await (const row of athenaRows(athena, queryId)) {
    rows.push(row);
  }
  return rows;
}

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-athena-examples-'));
  env = { FSHARE_HOME: home };
  await ok('owner', ['sandbox', 'init']);
  await ok('auditor', ['audit', 'setup']);
  await ok('owner', ['grant', 'customers', '--to', '222222222222', '--level', 'read-only']);
  await ok('consumer', ['accept', '--all']);
  await ok('consumer', ['get-record', '111111111111/customers', 'C0001']);
  await ok('owner', ['sandbox', 'clock', '--advance', '10m']);
  const globals: GlobalOptions = {
    profile: 'auditor',
    region: undefined,
    endpointUrl: undefined,
    sandbox: true,
    output: 'json',
    outputExplicit: true,
    color: false,
    debug: false,
    yes: true,
    quiet: true,
    wide: false,
    query: undefined,
    jsonFields: undefined,
    maxItems: undefined,
    pager: undefined,
  };
  const noop = () => undefined;
  athena = await createClientFactory({ globals, env, log: { debug: noop, info: noop, warn: noop } }).athena();
}, 180_000);

afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

describe('--source auto on a new customer (no Lake)', () => {
  it('takes record calls from the trail through Athena, says so on stderr, and management events from LookupEvents', async () => {
    const res = await runCli(['--sandbox', '--profile', 'auditor', 'audit', '--since', '1h'], { env });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('audit: record calls from trail "fshare-audit" through Athena');
    const events = res.json<{ action: string; category: string }[]>();
    expect(events.some((e) => e.action === 'GetRecord' && e.category === 'data')).toBe(true);
    expect(events.some((e) => e.action === 'CreateResourceShare' && e.category === 'management')).toBe(true);
  });
});

describe("AWS's example CloudTrail queries on the table fshare made", () => {
  it('"the 100 most recent CloudTrail events" (Athena user guide)', async () => {
    const rows = await query(`SELECT useridentity.arn, eventname, sourceipaddress, eventtime
FROM cloudtrail_logs
LIMIT 100;`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.eventname)).toContain('GetRecord');
  });

  it('"all recorded AWS API activity by a specific access key" (Athena user guide)', async () => {
    const rows = await query(`SELECT eventTime, eventName, userIdentity.principalId
FROM cloudtrail_logs
WHERE userIdentity.accessKeyId like 'AKIAIOSFODNN7EXAMPLE'`);
    expect(rows).toEqual([]);
  });

  it('"any security group changes" (Athena user guide)', async () => {
    const rows =
      await query(`SELECT eventname, useridentity.username, sourceIPAddress, eventtime, requestparameters
FROM cloudtrail_logs
WHERE (requestparameters like '%sg-5887f224%' or requestparameters like '%sg-e214609e%' or requestparameters like '%eni-6c5ca5a8%')
and eventtime > '2017-02-15T00:00:00Z'
order by eventtime asc;`);
    expect(rows).toEqual([]);
  });

  it('json_extract_scalar over requestParameters with an eventTime range (S3 user guide)', async () => {
    const rows = await query(`SELECT eventTime, eventName, eventSource, sourceIpAddress, userAgent,
  json_extract_scalar(requestParameters, '$.bucketName') as bucketName,
  json_extract_scalar(requestParameters, '$.key') as object,
  userIdentity.arn as userArn
FROM cloudtrail_logs
WHERE eventName = 'PutObject' AND eventTime BETWEEN '2019-07-05T00:00:00Z' and '2019-07-06T00:00:00Z'`);
    expect(rows).toEqual([]);
  });

  it('the Feature Store query: CROSS JOIN UNNEST(resources), json_extract_scalar, a projected "timestamp" range', async () => {
    const today = new Date();
    const day = (offset: number) =>
      new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '/');
    const rows =
      await query(`SELECT eventtime, eventname, useridentity.arn AS caller, useridentity.accountid AS caller_acct,
       recipientaccountid, sharedeventid, r.arn AS feature_group_arn,
       json_extract_scalar(requestparameters, '$.featureGroupName') AS fg, errorcode
FROM cloudtrail_logs CROSS JOIN UNNEST(resources) AS t(r)
WHERE "timestamp" BETWEEN '${day(-2)}' AND '${day(2)}'
  AND eventsource = 'sagemaker.amazonaws.com' AND eventcategory = 'Data'
  AND r.type = 'AWS::SageMaker::FeatureGroup'
ORDER BY eventtime`);
    const reads = rows.filter((r) => r.eventname === 'GetRecord');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0]).toMatchObject({
      caller_acct: '222222222222',
      feature_group_arn: 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers',
    });
  });

  it('GROUP BY useridentity.arn with count(*) (Athena user guide shape)', async () => {
    const rows = await query(`SELECT useridentity.arn, count(*) AS calls
FROM cloudtrail_logs
WHERE eventsource = 'sagemaker.amazonaws.com'
GROUP BY useridentity.arn`);
    expect(rows.some((r) => (r.arn ?? '').includes('222222222222'))).toBe(true);
  });
});
