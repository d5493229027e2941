/**
 * `audit setup`'s trail path and doctor's chain check over a small stateful fake of S3,
 * CloudTrail, Athena and Organizations: what is created, in which order, with which inputs; that a
 * second run changes nothing; that existing selectors are kept; that --dry-run only reads.
 */
import { describe, expect, it } from 'vitest';
import { auditSetup, checkAuditSetup, parseSetupOptions } from '../../../src/audit/setup.js';
import type { TrailSetupResult } from '../../../src/audit/trail/setup-trail.js';
import { awsError, fakeContext, type FakeCall } from '../../helpers/fake-context.js';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const BUCKET = `fshare-audit-${ACCOUNT}-${REGION}`;

interface Trail {
  Name: string;
  TrailARN: string;
  S3BucketName: string;
  HomeRegion: string;
  IsOrganizationTrail?: boolean;
  logging: boolean;
  basic?: unknown[];
  advanced?: unknown[];
}

interface World {
  buckets: Map<string, string | undefined>;
  trails: Trail[];
  workgroups: Set<string>;
  tables: Set<string>;
  queries: string[];
  lakeRefused: boolean;
  management: boolean;
}

function world(over: Partial<World> = {}): World {
  return {
    buckets: new Map(),
    trails: [],
    workgroups: new Set(['primary']),
    tables: new Set(),
    queries: [],
    lakeRefused: true,
    management: false,
    ...over,
  };
}

const arnOf = (name: string) => `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${name}`;

function setupContext(w: World) {
  const trailByName = (name: string | undefined) =>
    w.trails.find((t) => t.Name === name || t.TrailARN === name);
  const fake = fakeContext({
    identity: { account: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/auditor/a`, userId: 'x' },
    region: REGION,
    ports: {
      cloudTrail: {
        listEventDataStores: () => Promise.resolve({ EventDataStores: [] }),
        createEventDataStore: () =>
          w.lakeRefused
            ? Promise.reject(
                awsError(
                  'OperationNotPermittedException',
                  'CloudTrail Lake is no longer accepting new customers.',
                ),
              )
            : Promise.resolve({
                EventDataStoreArn: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:eventdatastore/eds-1`,
                Name: 'fshare-audit',
              }),
        describeTrails: () =>
          Promise.resolve({
            trailList: w.trails.map((t) => ({
              Name: t.Name,
              TrailARN: t.TrailARN,
              S3BucketName: t.S3BucketName,
              HomeRegion: t.HomeRegion,
              IsOrganizationTrail: t.IsOrganizationTrail ?? false,
            })),
          }),
        getEventSelectors: (input) => {
          const t = trailByName(input.TrailName);
          return t
            ? Promise.resolve({
                TrailARN: t.TrailARN,
                EventSelectors: t.basic as never,
                AdvancedEventSelectors: t.advanced as never,
              })
            : Promise.reject(awsError('TrailNotFoundException'));
        },
        createTrail: (input) => {
          if (!w.buckets.has(input.S3BucketName ?? '')) {
            return Promise.reject(awsError('S3BucketDoesNotExistException'));
          }
          const trail: Trail = {
            Name: input.Name ?? '',
            TrailARN: arnOf(input.Name ?? ''),
            S3BucketName: input.S3BucketName ?? '',
            HomeRegion: REGION,
            IsOrganizationTrail: input.IsOrganizationTrail ?? false,
            logging: false,
            basic: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }],
          };
          w.trails.push(trail);
          return Promise.resolve({ Name: trail.Name, TrailARN: trail.TrailARN });
        },
        putEventSelectors: (input) => {
          const t = trailByName(input.TrailName);
          if (t) {
            t.advanced = input.AdvancedEventSelectors ?? [];
            t.basic = [];
          }
          return Promise.resolve({});
        },
        startLogging: (input) => {
          const t = trailByName(input.Name);
          if (t) {
            t.logging = true;
          }
          return Promise.resolve({});
        },
        getTrailStatus: (input) =>
          Promise.resolve({
            IsLogging: trailByName(input.Name)?.logging ?? false,
            LatestDeliveryTime: new Date('2026-01-15T11:55:00Z'),
          }),
      },
      s3: {
        headBucket: (input) =>
          w.buckets.has(input.Bucket ?? '')
            ? Promise.resolve({})
            : Promise.reject(awsError('NotFound', 'Not Found', 404)),
        createBucket: (input) => {
          w.buckets.set(input.Bucket ?? '', undefined);
          return Promise.resolve({});
        },
        getBucketPolicy: (input) => {
          const policy = w.buckets.get(input.Bucket ?? '');
          return policy
            ? Promise.resolve({ Policy: policy })
            : Promise.reject(awsError('NoSuchBucketPolicy', 'no', 404));
        },
        putBucketPolicy: (input) => {
          w.buckets.set(input.Bucket ?? '', input.Policy);
          return Promise.resolve({});
        },
      },
      athena: {
        getWorkGroup: (input) =>
          w.workgroups.has(input.WorkGroup ?? '')
            ? Promise.resolve({ WorkGroup: { Name: input.WorkGroup } })
            : Promise.reject(awsError('InvalidRequestException', 'WorkGroup is not found.')),
        createWorkGroup: (input) => {
          w.workgroups.add(input.Name ?? '');
          return Promise.resolve({});
        },
        getTableMetadata: (input) =>
          w.tables.has(`${input.DatabaseName}.${input.TableName}`)
            ? Promise.resolve({
                TableMetadata: {
                  Name: input.TableName,
                  PartitionKeys: [{ Name: 'timestamp', Type: 'string' }],
                },
              })
            : Promise.reject(awsError('MetadataException', 'Table not found')),
        startQueryExecution: (input) => {
          const sql = input.QueryString ?? '';
          w.queries.push(sql);
          const table = /CREATE EXTERNAL TABLE (\S+)\(/.exec(sql)?.[1];
          if (table) {
            w.tables.add(table);
          }
          return Promise.resolve({ QueryExecutionId: `q-${w.queries.length}` });
        },
        getQueryExecution: () => Promise.resolve({ QueryExecution: { Status: { State: 'SUCCEEDED' } } }),
      },
      organizations: {
        describeOrganization: () =>
          w.management
            ? Promise.resolve({ Organization: { Id: 'o-fshare1sandbox', MasterAccountId: ACCOUNT } })
            : Promise.reject(awsError('AWSOrganizationsNotInUseException')),
        listAccounts: () =>
          Promise.resolve({
            Accounts: [
              { Id: ACCOUNT, Status: 'ACTIVE' },
              { Id: '222222222222', Status: 'ACTIVE' },
            ],
          }),
      },
    },
  });
  const sleeps: number[] = [];
  fake.ctx.clock = {
    now: () => new Date('2026-01-15T12:00:00Z'),
    sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
  };
  return { ...fake, sleeps };
}

const MUTATING = new Set([
  'createBucket',
  'putBucketPolicy',
  'createTrail',
  'putEventSelectors',
  'startLogging',
  'createWorkGroup',
  'startQueryExecution',
  'createEventDataStore',
]);
const mutations = (calls: FakeCall[]) =>
  calls.filter((c) => MUTATING.has(c.operation)).map((c) => c.operation);

describe('audit setup, trail path', () => {
  it('on a new customer (Lake refused) builds bucket, policy, trail, selectors, logging, workgroup, database, table', async () => {
    const w = world();
    const { ctx, calls, sleeps } = setupContext(w);
    const res = (await auditSetup(ctx, parseSetupOptions({}))) as TrailSetupResult;
    expect(res.path).toBe('trail');
    expect(mutations(calls)).toEqual([
      'createEventDataStore',
      'createBucket',
      'putBucketPolicy',
      'createTrail',
      'putEventSelectors',
      'startLogging',
      'createWorkGroup',
      'startQueryExecution',
      'startQueryExecution',
    ]);
    expect(res.steps[0]).toMatchObject({
      step: 'CloudTrail Lake',
      detail: expect.stringContaining('OperationNotPermittedException'),
    });
    const policy = JSON.parse(w.buckets.get(BUCKET) ?? '{}') as {
      Statement: { Sid: string; Action: string; Resource: string; Condition: unknown }[];
    };
    expect(policy.Statement.map((s) => [s.Sid, s.Action, s.Resource])).toEqual([
      ['AWSCloudTrailAclCheck20150319', 's3:GetBucketAcl', `arn:aws:s3:::${BUCKET}`],
      ['AWSCloudTrailWrite20150319', 's3:PutObject', `arn:aws:s3:::${BUCKET}/AWSLogs/${ACCOUNT}/*`],
    ]);
    expect(policy.Statement[1]?.Condition).toEqual({
      StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': arnOf('fshare-audit') },
    });
    const trail = w.trails[0];
    expect(trail).toMatchObject({ Name: 'fshare-audit', S3BucketName: BUCKET, logging: true });
    expect(trail?.advanced).toEqual([
      {
        Name: 'Log all events for SageMaker feature stores',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::SageMaker::FeatureGroup'] },
        ],
      },
      { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
    ]);
    expect(w.queries[0]).toBe('CREATE DATABASE IF NOT EXISTS fshare_audit');
    expect(w.queries[1]).toContain('CREATE EXTERNAL TABLE fshare_audit.cloudtrail_logs(');
    expect(w.queries[1]).toContain("'projection.timestamp.format'='yyyy/MM/dd'");
    expect(w.queries[1]).toContain(`LOCATION 's3://${BUCKET}/AWSLogs/${ACCOUNT}/CloudTrail/${REGION}'`);
    expect(w.queries[1]).toContain(
      `'storage.location.template'='s3://${BUCKET}/AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/\${timestamp}'`,
    );
    // CloudTrail's 1 TPS: the three trail writes are spaced a second apart.
    expect(sleeps.filter((ms) => ms >= 1000)).toHaveLength(2);
  });

  it('is idempotent: a second run only reads', async () => {
    const w = world();
    await auditSetup(setupContext(w).ctx, parseSetupOptions({ path: 'trail' }));
    const again = setupContext(w);
    const res = (await auditSetup(again.ctx, parseSetupOptions({ path: 'trail' }))) as TrailSetupResult;
    expect(mutations(again.calls)).toEqual([]);
    expect(res.steps.every((s) => s.status === 'exists')).toBe(true);
  });

  it('--dry-run reads, changes nothing, and lists each call with its input', async () => {
    const w = world();
    const { ctx, calls } = setupContext(w);
    const res = (await auditSetup(ctx, parseSetupOptions({ dryRun: true }))) as TrailSetupResult;
    expect(mutations(calls)).toEqual([]);
    expect(res.steps.map((s) => s.call?.operation)).toEqual([
      'CreateEventDataStore',
      'CreateBucket',
      'PutBucketPolicy',
      'CreateTrail',
      'PutEventSelectors',
      'StartLogging',
      'CreateWorkGroup',
      'StartQueryExecution',
      'StartQueryExecution',
    ]);
    expect(res.steps.every((s) => s.status === 'planned')).toBe(true);
    expect(res.steps.find((s) => s.call?.operation === 'CreateTrail')?.call?.input).toMatchObject({
      Name: 'fshare-audit',
      S3BucketName: BUCKET,
    });
  });

  it('adds the selector to a trail with basic selectors without dropping what it logs', async () => {
    const w = world({
      buckets: new Map([['corp-logs', undefined]]),
      trails: [
        {
          Name: 'corp',
          TrailARN: arnOf('corp'),
          S3BucketName: 'corp-logs',
          HomeRegion: REGION,
          logging: true,
          basic: [
            {
              ReadWriteType: 'WriteOnly',
              IncludeManagementEvents: true,
              DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::payroll/'] }],
            },
          ],
        },
        ...['a', 'b', 'c', 'd'].map((n) => ({
          Name: n,
          TrailARN: arnOf(n),
          S3BucketName: 'corp-logs',
          HomeRegion: REGION,
          logging: true,
          advanced: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
        })),
      ],
    });
    const { ctx, calls } = setupContext(w);
    await auditSetup(ctx, parseSetupOptions({ path: 'trail' }));
    // Five trails already: no new trail, no new bucket; the first of this region gets the selector.
    expect(mutations(calls)).not.toContain('createTrail');
    expect(mutations(calls)).not.toContain('createBucket');
    expect(w.trails[0]?.advanced).toEqual([
      {
        Name: 'Management events (basic selector 1)',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Management'] },
          { Field: 'readOnly', Equals: ['false'] },
        ],
      },
      {
        Name: 'AWS::S3::Object data events (basic selector 1)',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
          { Field: 'readOnly', Equals: ['false'] },
          { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::payroll/'] },
        ],
      },
      expect.objectContaining({ Name: 'Log all events for SageMaker feature stores' }),
    ]);
    expect(w.queries[1]).toContain(`LOCATION 's3://corp-logs/AWSLogs/${ACCOUNT}/CloudTrail/${REGION}'`);
  });

  it('run by the management account: an organization trail, the org write statement, an account-partitioned table', async () => {
    const w = world({ management: true });
    const { ctx, calls } = setupContext(w);
    await auditSetup(ctx, parseSetupOptions({ path: 'trail' }));
    expect(calls.find((c) => c.operation === 'createTrail')?.input).toMatchObject({
      IsOrganizationTrail: true,
    });
    const policy = JSON.parse(w.buckets.get(BUCKET) ?? '{}') as {
      Statement: { Sid: string; Resource: string }[];
    };
    expect(policy.Statement.find((s) => s.Sid === 'AWSCloudTrailOrganizationWrite20150319')?.Resource).toBe(
      `arn:aws:s3:::${BUCKET}/AWSLogs/o-fshare1sandbox/*`,
    );
    expect(w.queries[1]).toContain('PARTITIONED BY (account string, `timestamp` string)');
    expect(w.queries[1]).toContain(`'projection.account.values'='${ACCOUNT},222222222222'`);
    expect(w.queries[1]).toContain(
      `'storage.location.template'='s3://${BUCKET}/AWSLogs/o-fshare1sandbox/\${account}/CloudTrail/${REGION}/\${timestamp}'`,
    );
  });

  it('Ctrl-C: no change starts after the signal, and the error names what was done (exit 130)', async () => {
    const w = world();
    const fake = setupContext(w);
    const controller = new AbortController();
    fake.ctx.signal = controller.signal;
    const s3 = await fake.ctx.aws.s3();
    const createBucket = s3.createBucket.bind(s3);
    // The signal arrives while the bucket is being created.
    Object.assign(fake.ctx.aws, {
      s3: () =>
        Promise.resolve({
          ...s3,
          headBucket: s3.headBucket.bind(s3),
          putBucketPolicy: s3.putBucketPolicy.bind(s3),
          createBucket: async (input: Parameters<typeof s3.createBucket>[0]) => {
            const out = await createBucket(input);
            controller.abort();
            return out;
          },
        }),
    });
    await expect(auditSetup(fake.ctx, parseSetupOptions({ path: 'trail' }))).rejects.toMatchObject({
      exitCode: 130,
      message: expect.stringContaining('stopped after: bucket') as unknown,
    });
    expect(mutations(fake.calls)).toEqual(['createBucket']);
  });

  it('keeps Lake where the account may still create an event data store', async () => {
    const w = world({ lakeRefused: false });
    const { ctx, calls } = setupContext(w);
    const res = await auditSetup(ctx, parseSetupOptions({}));
    expect(res).toMatchObject({ path: 'lake', status: 'created' });
    expect(mutations(calls)).toEqual(['createEventDataStore']);
  });
});

describe('doctor: the trail chain', () => {
  it('is ok once set up, naming each link', async () => {
    const w = world();
    await auditSetup(setupContext(w).ctx, parseSetupOptions({ path: 'trail' }));
    const check = await checkAuditSetup(setupContext(w).ctx);
    expect(check.status).toBe('ok');
    expect(check.detail).toContain('logs every Feature Store record call');
    expect(check.detail).toContain('lets CloudTrail write');
    expect(check.detail).toContain('fshare_audit.cloudtrail_logs');
  });

  it('warns with the set-up hint when no trail logs record calls', async () => {
    const check = await checkAuditSetup(setupContext(world()).ctx);
    expect(check).toMatchObject({ status: 'warn', hint: expect.stringContaining('fshare audit setup') });
  });

  it('fails when the trail stopped logging or the bucket policy lost CloudTrail', async () => {
    const w = world();
    await auditSetup(setupContext(w).ctx, parseSetupOptions({ path: 'trail' }));
    const trail = w.trails[0];
    if (trail) {
      trail.logging = false;
    }
    w.buckets.set(BUCKET, JSON.stringify({ Version: '2012-10-17', Statement: [] }));
    const check = await checkAuditSetup(setupContext(w).ctx);
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('is not logging');
    expect(check.detail).toContain('does not let CloudTrail write');
  });
});
