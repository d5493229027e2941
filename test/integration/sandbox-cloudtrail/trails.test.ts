/**
 * Trails through the unmodified JS SDK (CloudTrail and S3 clients, in-process): CreateTrail's
 * bucket checks and limits, advanced selectors evaluated on every event, delivery of gzipped
 * `{"Records":[…]}` files under AWS's key layout about 5 minutes of sandbox clock later (on an S3
 * read or `sandbox clock --advance`), one sharedEventID across the two accounts' copies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  AcceptResourceShareInvitationCommand,
  CreateResourceShareCommand,
  GetResourceShareInvitationsCommand,
  RAMClient,
} from '@aws-sdk/client-ram';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetRecordCommand,
  SageMakerFeatureStoreRuntimeClient,
} from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { closeSharedStores, sandboxClientConfig } from '../../../src/sandbox/client-config.js';
import { runCli } from '../../helpers/run-cli.js';

const OWNER = '111111111111';
const CONSUMER = '222222222222';
const ORG_ID = 'o-fshare1sandbox';
const CUSTOMERS_ARN = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/customers`;
const FEATURE_GROUP_DATA = [
  {
    Name: 'Log all events for SageMaker feature stores',
    FieldSelectors: [
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::SageMaker::FeatureGroup'] },
    ],
  },
];
const KEY =
  /^AWSLogs\/(?:o-[a-z0-9]+\/)?(\d{12})\/CloudTrail\/us-east-1\/(\d{4})\/(\d{2})\/(\d{2})\/\1_CloudTrail_us-east-1_\2\3\4T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/;

let home: string;
let env: Record<string, string>;

interface Clients {
  cloudtrail: CloudTrailClient;
  s3: S3Client;
  ram: RAMClient;
  runtime: SageMakerFeatureStoreRuntimeClient;
}

async function clientsFor(profile: string): Promise<Clients> {
  const config = await sandboxClientConfig({ profile, endpointUrl: undefined, env });
  const common = {
    region: config.region,
    endpoint: config.endpoint,
    credentials: config.credentials,
    requestHandler: config.requestHandler as never,
    maxAttempts: 6,
  };
  return {
    cloudtrail: new CloudTrailClient(common),
    s3: new S3Client(common),
    ram: new RAMClient(common),
    runtime: new SageMakerFeatureStoreRuntimeClient(common),
  };
}

/** The documented CloudTrail bucket policy (reference §3), for one account's or the organization's trail. */
function trailPolicy(bucket: string, account: string, trailName: string, org = false): string {
  const sourceArn = `arn:aws:cloudtrail:us-east-1:${account}:trail/${trailName}`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck20150319',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${bucket}`,
        Condition: { StringEquals: { 'aws:SourceArn': sourceArn } },
      },
      {
        Sid: 'AWSCloudTrailWrite20150319',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/AWSLogs/${org ? ORG_ID : account}/*`,
        Condition: {
          StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': sourceArn },
        },
      },
    ],
  });
}

const errorName = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'ok',
    (e: Error) => e.name,
  );

async function logKeys(s3: S3Client, bucket: string): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'AWSLogs/' }));
  return (out.Contents ?? []).map((o) => o.Key ?? '');
}

async function recordsIn(s3: S3Client, bucket: string, key: string): Promise<Record<string, unknown>[]> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = await object.Body?.transformToByteArray();
  const parsed = JSON.parse(gunzipSync(Buffer.from(bytes ?? [])).toString('utf8')) as {
    Records: Record<string, unknown>[];
  };
  return parsed.Records;
}

let owner: Clients;
let consumer: Clients;

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-trails-'));
  env = { FSHARE_HOME: home };
  expect((await runCli(['sandbox', 'init'], { env })).code).toBe(0);
  owner = await clientsFor('owner');
  consumer = await clientsFor('consumer');
});

afterAll(() => {
  closeSharedStores();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('CreateTrail', () => {
  it("refuses a missing bucket and a bucket whose policy does not let CloudTrail write, with AWS's errors", async () => {
    expect(
      await errorName(
        owner.cloudtrail.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'no-such-bucket' })),
      ),
    ).toBe('S3BucketDoesNotExistException');
    await owner.s3.send(new CreateBucketCommand({ Bucket: 'owner-trail-logs' }));
    expect(
      await errorName(
        owner.cloudtrail.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'owner-trail-logs' })),
      ),
    ).toBe('InsufficientS3BucketPolicyException');
    // A policy for another trail name does not do either (aws:SourceArn must match).
    await owner.s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'owner-trail-logs',
        Policy: trailPolicy('owner-trail-logs', OWNER, 'other'),
      }),
    );
    expect(
      await errorName(
        owner.cloudtrail.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'owner-trail-logs' })),
      ),
    ).toBe('InsufficientS3BucketPolicyException');
    expect(
      await errorName(
        owner.cloudtrail.send(new CreateTrailCommand({ Name: 'a..b', S3BucketName: 'owner-trail-logs' })),
      ),
    ).toBe('InvalidTrailNameException');
  });

  it('creates a trail that does not log until StartLogging; a second with the same name is refused', async () => {
    await owner.s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'owner-trail-logs',
        Policy: trailPolicy('owner-trail-logs', OWNER, 'audit'),
      }),
    );
    const created = await owner.cloudtrail.send(
      new CreateTrailCommand({ Name: 'audit', S3BucketName: 'owner-trail-logs' }),
    );
    expect(created).toMatchObject({
      Name: 'audit',
      TrailARN: `arn:aws:cloudtrail:us-east-1:${OWNER}:trail/audit`,
      IsMultiRegionTrail: false,
      IncludeGlobalServiceEvents: true,
      IsOrganizationTrail: false,
    });
    const status = await owner.cloudtrail.send(new GetTrailStatusCommand({ Name: 'audit' }));
    expect(status.IsLogging).toBe(false);
    expect(
      await errorName(
        owner.cloudtrail.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'owner-trail-logs' })),
      ),
    ).toBe('TrailAlreadyExistsException');
    const described = await owner.cloudtrail.send(new DescribeTrailsCommand({}));
    expect(described.trailList?.map((t) => t.Name)).toEqual(['audit']);
    expect(described.trailList?.[0]).toMatchObject({
      HomeRegion: 'us-east-1',
      HasCustomEventSelectors: false,
    });
  });

  it('allows at most 5 trails per region', async () => {
    const bucket = 'consumer-many-trails';
    await consumer.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const names = ['trail-1', 'trail-2', 'trail-3', 'trail-4', 'trail-5', 'trail-6'];
    const statements = names.flatMap(
      (n) => JSON.parse(trailPolicy(bucket, CONSUMER, n)).Statement as unknown[],
    );
    await consumer.s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      }),
    );
    const outcomes: string[] = [];
    for (const name of names) {
      outcomes.push(
        await errorName(
          consumer.cloudtrail.send(new CreateTrailCommand({ Name: name, S3BucketName: bucket })),
        ),
      );
    }
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'MaximumNumberOfTrailsExceededException']);
    for (const name of names.slice(0, 5)) {
      await consumer.cloudtrail.send(new DeleteTrailCommand({ Name: name }));
    }
    expect((await consumer.cloudtrail.send(new DescribeTrailsCommand({}))).trailList).toEqual([]);
  }, 60_000);
});

describe('delivery', () => {
  it("delivers the Feature Store data events the selector picks, to both accounts' trails, about 5 minutes later", async () => {
    await owner.cloudtrail.send(
      new PutEventSelectorsCommand({ TrailName: 'audit', AdvancedEventSelectors: FEATURE_GROUP_DATA }),
    );
    const selectors = await owner.cloudtrail.send(new GetEventSelectorsCommand({ TrailName: 'audit' }));
    expect(selectors.AdvancedEventSelectors).toEqual(FEATURE_GROUP_DATA);
    await owner.cloudtrail.send(new StartLoggingCommand({ Name: 'audit' }));

    await consumer.s3.send(new CreateBucketCommand({ Bucket: 'consumer-trail-logs' }));
    await consumer.s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'consumer-trail-logs',
        Policy: trailPolicy('consumer-trail-logs', CONSUMER, 'consumer-audit'),
      }),
    );
    await consumer.cloudtrail.send(
      new CreateTrailCommand({ Name: 'consumer-audit', S3BucketName: 'consumer-trail-logs' }),
    );
    await consumer.cloudtrail.send(
      new PutEventSelectorsCommand({
        TrailName: 'consumer-audit',
        AdvancedEventSelectors: FEATURE_GROUP_DATA,
      }),
    );
    await consumer.cloudtrail.send(new StartLoggingCommand({ Name: 'consumer-audit' }));

    await owner.runtime.send(
      new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: 'C0001' }),
    );
    await owner.ram.send(
      new CreateResourceShareCommand({
        name: 'customers-ro',
        resourceArns: [CUSTOMERS_ARN],
        principals: [CONSUMER],
        permissionArns: ['arn:aws:ram::aws:permission/AWSRAMPermissionSageMakerFeatureGroupReadOnly'],
      }),
    );
    const invitations = await consumer.ram.send(new GetResourceShareInvitationsCommand({}));
    for (const invitation of invitations.resourceShareInvitations ?? []) {
      await consumer.ram.send(
        new AcceptResourceShareInvitationCommand({
          resourceShareInvitationArn: invitation.resourceShareInvitationArn,
        }),
      );
    }
    await consumer.runtime.send(
      new GetRecordCommand({ FeatureGroupName: CUSTOMERS_ARN, RecordIdentifierValueAsString: 'C0002' }),
    );

    // Nothing yet: files land about 5 minutes of sandbox clock after the events.
    expect(await logKeys(owner.s3, 'owner-trail-logs')).toEqual([]);
    const advanced = await runCli(['sandbox', 'clock', '--advance', '8m'], { env });
    expect(advanced.code).toBe(0);

    const ownerKeys = await logKeys(owner.s3, 'owner-trail-logs');
    expect(ownerKeys.length).toBeGreaterThan(0);
    for (const key of ownerKeys) {
      expect(key).toMatch(KEY);
    }
    const ownerRecords = (
      await Promise.all(ownerKeys.map((k) => recordsIn(owner.s3, 'owner-trail-logs', k)))
    ).flat();
    // Only data events (the selector), only GetRecord here; the management CreateResourceShare is not selected.
    expect(ownerRecords.map((r) => r.eventName).sort()).toEqual(['GetRecord', 'GetRecord']);
    expect(ownerRecords.every((r) => r.eventCategory === 'Data' && r.recipientAccountId === OWNER)).toBe(
      true,
    );

    const consumerKeys = await logKeys(consumer.s3, 'consumer-trail-logs');
    const consumerRecords = (
      await Promise.all(consumerKeys.map((k) => recordsIn(consumer.s3, 'consumer-trail-logs', k)))
    ).flat();
    expect(consumerRecords.map((r) => r.eventName)).toEqual(['GetRecord']);
    const crossOwnerCopy = ownerRecords.find(
      (r) => (r.userIdentity as { accountId?: string }).accountId === CONSUMER,
    );
    expect(crossOwnerCopy?.sharedEventID).toBeDefined();
    expect(consumerRecords[0]?.sharedEventID).toBe(crossOwnerCopy?.sharedEventID);
    expect(consumerRecords[0]?.eventID).not.toBe(crossOwnerCopy?.eventID);

    const status = await owner.cloudtrail.send(new GetTrailStatusCommand({ Name: 'audit' }));
    expect(status.IsLogging).toBe(true);
    expect(status.LatestDeliveryTime).toBeInstanceOf(Date);
    expect(status.LatestDeliveryError).toBeUndefined();
  }, 60_000);

  it('stops delivering after StopLogging, and reports a bucket that no longer accepts writes', async () => {
    await consumer.cloudtrail.send(new StopLoggingCommand({ Name: 'consumer-audit' }));
    const before = (await logKeys(consumer.s3, 'consumer-trail-logs')).length;
    await owner.s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'owner-trail-logs',
        Policy: trailPolicy('owner-trail-logs', OWNER, 'other'),
      }),
    );
    await consumer.runtime.send(
      new GetRecordCommand({ FeatureGroupName: CUSTOMERS_ARN, RecordIdentifierValueAsString: 'C0003' }),
    );
    expect((await runCli(['sandbox', 'clock', '--advance', '8m'], { env })).code).toBe(0);
    expect((await logKeys(consumer.s3, 'consumer-trail-logs')).length).toBe(before);
    const status = await owner.cloudtrail.send(new GetTrailStatusCommand({ Name: 'audit' }));
    expect(status.LatestDeliveryError).toBe('AccessDenied');
    // Once the policy is fixed the queued events land.
    const keysBefore = (await logKeys(owner.s3, 'owner-trail-logs')).length;
    await owner.s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'owner-trail-logs',
        Policy: trailPolicy('owner-trail-logs', OWNER, 'audit'),
      }),
    );
    expect((await logKeys(owner.s3, 'owner-trail-logs')).length).toBe(keysBefore + 1);
  }, 60_000);
});
