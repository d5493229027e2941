/**
 * The unmodified @aws-sdk/client-cloudtrail against the in-process sandbox: events recorded from
 * real SDK calls, LookupEvents (management only, paging, 2 TPS), and Lake stores and queries.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudTrailClient,
  CreateEventDataStoreCommand,
  DescribeQueryCommand,
  GetEventDataStoreCommand,
  GetQueryResultsCommand,
  ListEventDataStoresCommand,
  LookupEventsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudtrail';
import type { LookupEventsCommandInput, LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import {
  AcceptResourceShareInvitationCommand,
  CreateResourceShareCommand,
  GetResourceShareInvitationsCommand,
  RAMClient,
} from '@aws-sdk/client-ram';
import { DescribeFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  GetRecordCommand,
  SageMakerFeatureStoreRuntimeClient,
} from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { closeSharedStores, sandboxClientConfig } from '../../../src/sandbox/client-config.js';
import { runCli } from '../../helpers/run-cli.js';

const OWNER = '111111111111';
const CONSUMER = '222222222222';
const CUSTOMERS_ARN = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/customers`;
const FEATURE_GROUP_DATA = [
  {
    Name: 'feature group data events',
    FieldSelectors: [
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::SageMaker::FeatureGroup'] },
    ],
  },
];

let home: string;
let env: Record<string, string>;

interface Clients {
  cloudtrail: CloudTrailClient;
  ram: RAMClient;
  sagemaker: SageMakerClient;
  runtime: SageMakerFeatureStoreRuntimeClient;
}

async function clientsFor(profile: string): Promise<Clients> {
  const config = await sandboxClientConfig({ profile, endpointUrl: undefined, env });
  const common = {
    region: config.region,
    endpoint: config.endpoint,
    credentials: config.credentials,
    requestHandler: config.requestHandler as never,
    maxAttempts: 1,
  };
  return {
    cloudtrail: new CloudTrailClient(common),
    ram: new RAMClient(common),
    sagemaker: new SageMakerClient(common),
    runtime: new SageMakerFeatureStoreRuntimeClient(common),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** LookupEvents as a well-behaved client does it: on ThrottlingException, wait and retry. */
async function lookup(
  client: CloudTrailClient,
  input: LookupEventsCommandInput,
): Promise<LookupEventsCommandOutput> {
  for (;;) {
    try {
      return await client.send(new LookupEventsCommand(input));
    } catch (error) {
      if ((error as Error).name !== 'ThrottlingException') {
        throw error;
      }
      await sleep(600);
    }
  }
}

async function query(client: CloudTrailClient, statement: string): Promise<Record<string, string>[][]> {
  const { QueryId } = await client.send(new StartQueryCommand({ QueryStatement: statement }));
  let status = 'QUEUED';
  const seen: string[] = [];
  while (status === 'QUEUED' || status === 'RUNNING') {
    const described = await client.send(new DescribeQueryCommand({ QueryId }));
    status = described.QueryStatus ?? 'UNKNOWN';
    seen.push(status);
    if (status === 'FAILED') {
      throw new Error(`query failed: ${described.ErrorMessage ?? ''}`);
    }
  }
  expect(seen[seen.length - 1]).toBe('FINISHED');
  const results = await client.send(new GetQueryResultsCommand({ QueryId }));
  return (results.QueryResultRows ?? []) as Record<string, string>[][];
}

let owner: Clients;
let consumer: Clients;
let ownerStoreId: string;
let consumerStoreId: string;
let managementStoreId: string;

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
  env = { FSHARE_HOME: home };
  const init = await runCli(['sandbox', 'init', '--lake'], { env });
  expect(init.code).toBe(0);
  owner = await clientsFor('owner');
  consumer = await clientsFor('consumer');

  const idOf = (arn: string | undefined): string => (arn ?? '').split('/')[1] ?? '';
  ownerStoreId = idOf(
    (
      await owner.cloudtrail.send(
        new CreateEventDataStoreCommand({ Name: 'fg-data', AdvancedEventSelectors: FEATURE_GROUP_DATA }),
      )
    ).EventDataStoreArn,
  );
  managementStoreId = idOf(
    (await owner.cloudtrail.send(new CreateEventDataStoreCommand({ Name: 'management' }))).EventDataStoreArn,
  );
  consumerStoreId = idOf(
    (
      await consumer.cloudtrail.send(
        new CreateEventDataStoreCommand({
          Name: 'consumer-fg-data',
          AdvancedEventSelectors: FEATURE_GROUP_DATA,
        }),
      )
    ).EventDataStoreArn,
  );

  await owner.sagemaker.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'customers' }));
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
  const partner = await clientsFor('partner');
  const denied = await partner.runtime
    .send(new GetRecordCommand({ FeatureGroupName: CUSTOMERS_ARN, RecordIdentifierValueAsString: 'C0003' }))
    .then(
      () => 'ok',
      (e: Error) => e.name,
    );
  expect(denied).toBe('AccessForbidden');
});

afterAll(() => {
  closeSharedStores();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('LookupEvents through the JS SDK', () => {
  it('returns the owner’s management events with AWS-shaped records, and no data events', async () => {
    const out = await lookup(owner.cloudtrail, {});
    const names = (out.Events ?? []).map((e) => e.EventName);
    expect(names).toContain('DescribeFeatureGroup');
    expect(names).toContain('CreateResourceShare');
    expect(names).toContain('CreateEventDataStore');
    expect(names).not.toContain('GetRecord');
    const describe = out.Events?.find((e) => e.EventName === 'DescribeFeatureGroup');
    expect(describe?.EventTime).toBeInstanceOf(Date);
    expect(describe?.EventSource).toBe('sagemaker.amazonaws.com');
    const record = JSON.parse(describe?.CloudTrailEvent ?? '{}') as Record<string, unknown>;
    expect(record).toMatchObject({
      eventVersion: '1.08',
      eventName: 'DescribeFeatureGroup',
      recipientAccountId: OWNER,
      managementEvent: true,
      userIdentity: { type: 'AssumedRole', accountId: OWNER },
    });
  });

  it('pages with MaxResults and NextToken without repeating an event', async () => {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const page = await lookup(owner.cloudtrail, { MaxResults: 2, ...(token ? { NextToken: token } : {}) });
      expect((page.Events ?? []).length).toBeLessThanOrEqual(2);
      ids.push(...(page.Events ?? []).map((e) => e.EventId ?? ''));
      token = page.NextToken;
    } while (token !== undefined);
    expect(ids.length).toBeGreaterThan(4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses two lookup attributes with InvalidLookupAttributesException', async () => {
    const error = await consumer.cloudtrail
      .send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'EventName', AttributeValue: 'GetRecord' },
            { AttributeKey: 'ReadOnly', AttributeValue: 'true' },
          ],
        }),
      )
      .then(
        () => 'ok',
        (e: Error) => e.name,
      );
    expect(error).toBe('InvalidLookupAttributesException');
  });

  it('throttles a burst beyond 2 requests per second with ThrottlingException', async () => {
    const analyst = await clientsFor('consumer-analyst');
    await sleep(1100);
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        analyst.cloudtrail.send(new LookupEventsCommand({ MaxResults: 1 })).then(
          () => 'ok',
          (e: Error) => e.name,
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'ok').length).toBe(2);
    expect(outcomes.filter((o) => o === 'ThrottlingException').length).toBe(3);
  });
});

describe('CloudTrail Lake through the JS SDK', () => {
  it('lists and gets the stores of the caller only', async () => {
    const listed = await owner.cloudtrail.send(new ListEventDataStoresCommand({}));
    expect((listed.EventDataStores ?? []).map((s) => s.Name).sort()).toEqual(['fg-data', 'management']);
    const got = await owner.cloudtrail.send(new GetEventDataStoreCommand({ EventDataStore: ownerStoreId }));
    expect(got.CreatedTimestamp).toBeInstanceOf(Date);
    expect(got.AdvancedEventSelectors).toEqual(FEATURE_GROUP_DATA);
  });

  it("puts the consumer's GetRecord in both accounts' data stores with one sharedEventID", async () => {
    const sql = (id: string): string =>
      `SELECT eventName, userIdentity.accountId, recipientAccountId, sharedEventID, element_at(resources, 1).arn AS arn
       FROM ${id} WHERE eventName = 'GetRecord' ORDER BY eventTime`;
    const ownerRows = await query(owner.cloudtrail, sql(ownerStoreId));
    const consumerRows = await query(consumer.cloudtrail, sql(consumerStoreId));
    const crossOwner = ownerRows.filter((row) => row[1]?.accountId === CONSUMER);
    expect(ownerRows.filter((row) => row[1]?.accountId === OWNER)).toHaveLength(1);
    expect(crossOwner).toHaveLength(1);
    expect(consumerRows).toHaveLength(1);
    expect(crossOwner[0]?.[2]).toEqual({ recipientAccountId: OWNER });
    expect(consumerRows[0]?.[2]).toEqual({ recipientAccountId: CONSUMER });
    expect(crossOwner[0]?.[3]?.sharedEventID).toMatch(/^[0-9a-f-]{36}$/);
    expect(crossOwner[0]?.[3]).toEqual(consumerRows[0]?.[3]);
    expect(crossOwner[0]?.[4]).toEqual({ arn: CUSTOMERS_ARN });
  });

  it("records the partner's denied GetRecord in the owner's store with its errorCode", async () => {
    const rows = await query(
      owner.cloudtrail,
      `SELECT userIdentity.accountId, errorCode, errorMessage FROM ${ownerStoreId} WHERE errorCode IS NOT NULL`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.slice(0, 2)).toEqual([{ accountId: '333333333333' }, { errorCode: 'AccessForbidden' }]);
    expect(rows[0]?.[2]?.errorMessage).toMatch(/\S/);
  });

  it('keeps data events out of a default (management) store', async () => {
    const rows = await query(
      owner.cloudtrail,
      `SELECT eventCategory, count(*) AS n FROM ${managementStoreId} GROUP BY eventCategory`,
    );
    expect(rows.map((row) => row[0]?.eventCategory)).toEqual(['Management']);
  });

  it('answers InvalidQueryStatementException for a statement that is not a SELECT', async () => {
    const error = await owner.cloudtrail
      .send(new StartQueryCommand({ QueryStatement: `DELETE FROM ${ownerStoreId}` }))
      .then(
        () => 'ok',
        (e: Error) => e.name,
      );
    expect(error).toBe('InvalidQueryStatementException');
  });
});
