/**
 * Every Athena operation of the sandbox, through the unmodified JS SDK in-process, with each raw
 * answer checked against botocore's Athena model (output shapes and error codes), so a new
 * mismatch fails. Skipped, saying why, when botocore is not installed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as athena from '@aws-sdk/client-athena';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { athenaService } from '../../src/sandbox/athena/service.js';
import { initSandbox } from '../../src/sandbox/admin.js';
import { closeSharedStores, sandboxClientConfig } from '../../src/sandbox/client-config.js';
import { botocoreDataDir, checkAnswer, loadModel, type WireAnswer } from './helpers/model-check.js';

const exchanges: { operation: string; answer: WireAnswer }[] = [];
let home: string;
let pending: string | undefined;
let client: { send(command: unknown): Promise<unknown> };

async function call(
  operation: string,
  input: Record<string, unknown> = {},
): Promise<Record<string, unknown> | undefined> {
  const Command = (athena as unknown as Record<string, new (input: unknown) => unknown>)[
    `${operation}Command`
  ];
  if (!Command) {
    throw new Error(`no ${operation}Command`);
  }
  pending = operation;
  try {
    return (await client.send(new Command(input))) as Record<string, unknown>;
  } catch (error) {
    if ((error as { $metadata?: unknown }).$metadata === undefined) {
      throw error;
    }
    return undefined;
  } finally {
    pending = undefined;
  }
}

async function finished(id: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const out = await call('GetQueryExecution', { QueryExecutionId: id });
    const state = (out?.QueryExecution as { Status?: { State?: string } } | undefined)?.Status?.State;
    if (state !== 'QUEUED' && state !== 'RUNNING') {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const OUTPUT = { OutputLocation: 's3://athena-model-results/q/' };

async function driveEverything(): Promise<void> {
  await call('ListDataCatalogs');
  await call('ListWorkGroups');
  await call('GetWorkGroup', { WorkGroup: 'primary' });
  await call('GetWorkGroup', { WorkGroup: 'missing' });
  await call('CreateWorkGroup', { Name: 'audit', Configuration: { ResultConfiguration: OUTPUT } });
  await call('CreateWorkGroup', { Name: 'audit' });
  await call('UpdateWorkGroup', { WorkGroup: 'audit', Description: 'fshare audit' });
  const ddl = await call('StartQueryExecution', {
    QueryString:
      "CREATE EXTERNAL TABLE logs (eventname STRING, resources ARRAY<STRUCT<arn:STRING, type:STRING>>) PARTITIONED BY (`timestamp` string) ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe' STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat' OUTPUTFORMAT 'x' LOCATION 's3://athena-model-results/AWSLogs/' TBLPROPERTIES ('projection.enabled'='true', 'projection.timestamp.type'='date', 'projection.timestamp.format'='yyyy/MM/dd', 'projection.timestamp.range'='2020/01/01,NOW', 'storage.location.template'='s3://athena-model-results/AWSLogs/${timestamp}')",
    WorkGroup: 'audit',
  });
  await finished(String(ddl?.QueryExecutionId));
  const select = await call('StartQueryExecution', {
    QueryString: 'SELECT 1 AS one, NULL AS nothing, eventname FROM logs RIGHT JOIN (VALUES 1) v(x) ON true',
    ResultConfiguration: OUTPUT,
    ClientRequestToken: 'a'.repeat(32),
  });
  await call('StartQueryExecution', {
    QueryString: 'SELECT 2',
    ResultConfiguration: OUTPUT,
    ClientRequestToken: 'a'.repeat(32),
  });
  await finished(String(select?.QueryExecutionId));
  await call('GetQueryResults', { QueryExecutionId: select?.QueryExecutionId });
  await call('GetQueryResults', { QueryExecutionId: select?.QueryExecutionId, MaxResults: 1 });
  await call('GetQueryResults', { QueryExecutionId: ddl?.QueryExecutionId });
  const failed = await call('StartQueryExecution', {
    QueryString: 'SELECT nope FROM logs',
    ResultConfiguration: OUTPUT,
  });
  await finished(String(failed?.QueryExecutionId));
  await call('GetQueryResults', { QueryExecutionId: failed?.QueryExecutionId });
  await call('StartQueryExecution', { QueryString: 'SELECT 1' });
  await call('GetQueryExecution', { QueryExecutionId: '00000000-0000-0000-0000-000000000000' });
  const stopped = await call('StartQueryExecution', { QueryString: 'SELECT 3', ResultConfiguration: OUTPUT });
  await call('StopQueryExecution', { QueryExecutionId: stopped?.QueryExecutionId });
  await call('ListQueryExecutions', { MaxResults: 1 });
  await call('ListQueryExecutions', { WorkGroup: 'audit' });
  await call('ListDatabases', { CatalogName: 'AwsDataCatalog' });
  await call('GetDatabase', { CatalogName: 'AwsDataCatalog', DatabaseName: 'default' });
  await call('GetDatabase', { CatalogName: 'AwsDataCatalog', DatabaseName: 'missing' });
  await call('ListTableMetadata', { CatalogName: 'AwsDataCatalog', DatabaseName: 'default' });
  await call('GetTableMetadata', {
    CatalogName: 'AwsDataCatalog',
    DatabaseName: 'default',
    TableName: 'logs',
  });
  await call('GetTableMetadata', {
    CatalogName: 'AwsDataCatalog',
    DatabaseName: 'default',
    TableName: 'missing',
  });
  await call('DeleteWorkGroup', { WorkGroup: 'audit' });
  await call('DeleteWorkGroup', { WorkGroup: 'primary' });
}

const missingBotocore = botocoreDataDir() === undefined ? 'botocore is not installed (python3)' : undefined;

describe.skipIf(missingBotocore !== undefined)('Athena answers against botocore’s model', () => {
  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-athena-model-'));
    initSandbox(home, { orgSharing: false, force: false });
    const config = await sandboxClientConfig({
      profile: 'owner',
      endpointUrl: undefined,
      env: { FSHARE_HOME: home },
    });
    const inner = config.requestHandler as {
      handle(
        request: unknown,
        options?: unknown,
      ): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: unknown } }>;
    };
    const recording = {
      ...inner,
      async handle(request: unknown, options?: unknown) {
        const out = await inner.handle(request, options);
        const text = Buffer.from(out.response.body as Uint8Array).toString('utf8');
        if (pending) {
          exchanges.push({
            operation: pending,
            answer: { status: out.response.statusCode, headers: out.response.headers, body: text },
          });
        }
        out.response.body = Buffer.from(text);
        return out;
      },
    };
    const common = {
      region: config.region,
      endpoint: config.endpoint,
      credentials: config.credentials,
      maxAttempts: 1,
    };
    await new S3Client({ ...common, requestHandler: config.requestHandler as never }).send(
      new CreateBucketCommand({ Bucket: 'athena-model-results' }),
    );
    client = new athena.AthenaClient({ ...common, requestHandler: recording as never });
    await driveEverything();
  }, 120_000);

  afterAll(() => {
    closeSharedStores();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('drives every Athena operation, successes and refusals', () => {
    const driven = new Set(exchanges.map((e) => e.operation));
    expect(Object.keys(athenaService.operations).filter((op) => !driven.has(op))).toEqual([]);
    expect(exchanges.some((e) => e.answer.status >= 400)).toBe(true);
  });

  it('answers with the model’s output shapes and error codes', () => {
    const model = loadModel('athena');
    const mismatches = exchanges.flatMap(({ operation, answer }) => checkAnswer(model, operation, answer));
    expect(mismatches).toEqual([]);
  });
});
