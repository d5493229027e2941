/**
 * The unmodified JS SDK v3 clients against the sandbox, once through the in-process handler and
 * once over HTTP (the server `fshare sandbox serve` runs): RAM sharing drives what the consumer may
 * do with the owner's feature groups, and both transports must give the same answers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptResourceShareInvitationCommand,
  CreateResourceShareCommand,
  DisassociateResourceShareCommand,
  GetResourceShareInvitationsCommand,
  RAMClient,
} from '@aws-sdk/client-ram';
import {
  DescribeFeatureGroupCommand,
  ListResourceCatalogsCommand,
  SageMakerClient,
  SearchCommand,
} from '@aws-sdk/client-sagemaker';
import {
  BatchGetRecordCommand,
  BatchWriteRecordCommand,
  DeleteRecordCommand,
  GetRecordCommand,
  ListRecordsCommand,
  PutRecordCommand,
  SageMakerFeatureStoreRuntimeClient,
  UpdateRecordCommand,
} from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { closeSharedStores, sandboxClientConfig, sharedStore } from '../../../src/sandbox/client-config.js';
import { startServer, type RunningServer } from '../../../src/sandbox/server.js';
import { storePath } from '../../../src/sandbox/store.js';
import { runCli } from '../../helpers/run-cli.js';

const OWNER = '111111111111';
const CUSTOMERS_ARN = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/customers`;
const TRANSACTIONS_ARN = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/transactions`;
const CATALOG_ARN = `arn:aws:sagemaker:us-east-1:${OWNER}:sagemaker-catalog/DefaultFeatureGroupCatalog`;

interface Clients {
  ram: RAMClient;
  sagemaker: SageMakerClient;
  runtime: SageMakerFeatureStoreRuntimeClient;
}

async function clientsFor(
  profile: string,
  env: Record<string, string>,
  endpointUrl: string | undefined,
): Promise<Clients> {
  const config = await sandboxClientConfig({ profile, endpointUrl, env });
  const common = {
    region: config.region,
    endpoint: config.endpoint,
    credentials: config.credentials,
    ...(config.requestHandler === undefined ? {} : { requestHandler: config.requestHandler as never }),
    maxAttempts: 1,
  };
  return {
    ram: new RAMClient(common),
    sagemaker: new SageMakerClient(common),
    runtime: new SageMakerFeatureStoreRuntimeClient(common),
  };
}

async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail');
}

const PERMISSION = (name: string): string => `arn:aws:ram::aws:permission/${name}`;

describe.each(['in-process', 'http'] as const)('over %s', (transport) => {
  let home: string;
  let server: RunningServer | undefined;
  let owner: Clients;
  let consumer: Clients;
  let partner: Clients;
  let readWriteShareArn = '';

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
    const env = { FSHARE_HOME: home };
    const init = await runCli(['sandbox', 'init'], { env });
    expect(init.code).toBe(0);
    server =
      transport === 'http'
        ? await startServer({ storeFile: storePath(env), host: '127.0.0.1', port: 0, faults: undefined })
        : undefined;
    owner = await clientsFor('owner', env, server?.url);
    consumer = await clientsFor('consumer', env, server?.url);
    partner = await clientsFor('partner', env, server?.url);
  });

  afterAll(async () => {
    await server?.close();
    closeSharedStores();
    fs.rmSync(home, { recursive: true, force: true });
  });

  async function shareWithConsumer(resourceArn: string, permission: string, name: string): Promise<string> {
    const created = await owner.ram.send(
      new CreateResourceShareCommand({
        name,
        resourceArns: [resourceArn],
        principals: ['222222222222'],
        permissionArns: [PERMISSION(permission)],
      }),
    );
    const invitations = await consumer.ram.send(new GetResourceShareInvitationsCommand({}));
    for (const invitation of invitations.resourceShareInvitations ?? []) {
      if (invitation.status === 'PENDING' && invitation.resourceShareName === name) {
        await consumer.ram.send(
          new AcceptResourceShareInvitationCommand({
            resourceShareInvitationArn: invitation.resourceShareInvitationArn,
          }),
        );
      }
    }
    return created.resourceShare?.resourceShareArn ?? '';
  }

  describe('owner account', () => {
    it('reads a seeded record by name, and a missing record is a 200 without Record', async () => {
      const found = await owner.runtime.send(
        new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: 'C0001' }),
      );
      expect(found.$metadata.httpStatusCode).toBe(200);
      expect(found.Record?.find((f) => f.FeatureName === 'customer_id')?.ValueAsString).toBe('C0001');
      expect(
        found.Record?.find((f) => f.FeatureName === 'preferred_categories')?.ValueAsStringList?.length,
      ).toBeGreaterThan(0);
      const missing = await owner.runtime.send(
        new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: 'nobody' }),
      );
      expect(missing.$metadata.httpStatusCode).toBe(200);
      expect(missing.Record).toBeUndefined();
    });

    it('describes with Date timestamps and lists its catalog', async () => {
      const described = await owner.sagemaker.send(
        new DescribeFeatureGroupCommand({ FeatureGroupName: 'customers' }),
      );
      expect(described.FeatureGroupArn).toBe(CUSTOMERS_ARN);
      expect(described.CreationTime).toBeInstanceOf(Date);
      expect(
        described.FeatureDefinitions?.find((d) => d.FeatureName === 'preferred_categories')?.CollectionType,
      ).toBe('List');
      const catalogs = await owner.sagemaker.send(new ListResourceCatalogsCommand({}));
      expect(catalogs.ResourceCatalogs?.map((c) => c.ResourceCatalogArn)).toEqual([CATALOG_ARN]);
    });

    it('puts, updates, lists and deletes records with the AWS rules', async () => {
      const record = [
        { FeatureName: 'customer_id', ValueAsString: 'SDK1' },
        { FeatureName: 'event_time', ValueAsString: '1000' },
        { FeatureName: 'age', ValueAsString: '33' },
        { FeatureName: 'preferred_categories', ValueAsStringList: ['toys', 'books'] },
      ];
      await owner.runtime.send(new PutRecordCommand({ FeatureGroupName: CUSTOMERS_ARN, Record: record }));
      await owner.runtime.send(
        new UpdateRecordCommand({
          FeatureGroupName: 'customers',
          RecordIdentifierValueAsString: 'SDK1',
          Features: [{ FeatureName: 'segment', ValueAsString: 'vip' }],
        }),
      );
      const got = await owner.runtime.send(
        new GetRecordCommand({
          FeatureGroupName: 'customers',
          RecordIdentifierValueAsString: 'SDK1',
          FeatureNames: ['segment', 'preferred_categories'],
        }),
      );
      expect(got.Record).toEqual([
        { FeatureName: 'segment', ValueAsString: 'vip' },
        { FeatureName: 'preferred_categories', ValueAsStringList: ['toys', 'books'] },
      ]);
      const bad = await failure(
        owner.runtime.send(
          new PutRecordCommand({
            FeatureGroupName: 'customers',
            Record: [...record.slice(0, 2), { FeatureName: 'age', ValueAsString: 'x' }],
          }),
        ),
      );
      expect([bad.name, bad.status]).toEqual(['ValidationError', 400]);
      const hard = await failure(
        owner.runtime.send(
          new DeleteRecordCommand({
            FeatureGroupName: 'customers',
            RecordIdentifierValueAsString: 'SDK1',
            EventTime: '999',
            DeletionMode: 'HardDelete',
          }),
        ),
      );
      expect([hard.name, hard.status]).toEqual(['ValidationError', 400]);
      await owner.runtime.send(
        new DeleteRecordCommand({
          FeatureGroupName: 'customers',
          RecordIdentifierValueAsString: 'SDK1',
          EventTime: '1001',
          TargetStores: ['OnlineStore', 'OfflineStore'],
        }),
      );
      const gone = await owner.runtime.send(
        new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: 'SDK1' }),
      );
      expect(gone.Record).toBeUndefined();
      const listed = await owner.runtime.send(
        new ListRecordsCommand({ FeatureGroupName: 'transactions', MaxResults: 3 }),
      );
      expect(listed.RecordIdentifiers).toEqual(['T00001', 'T00002', 'T00003']);
      expect(listed.NextToken).toBeDefined();
    });
  });

  describe('cross-account through RAM', () => {
    it('partner and an unshared consumer are denied with the services’ codes', async () => {
      const describe = await failure(
        partner.sagemaker.send(new DescribeFeatureGroupCommand({ FeatureGroupName: CUSTOMERS_ARN })),
      );
      expect(describe.name).toBe('AccessDeniedException');
      expect(describe.message).toContain('sagemaker:DescribeFeatureGroup');
      const get = await failure(
        consumer.runtime.send(
          new GetRecordCommand({ FeatureGroupName: CUSTOMERS_ARN, RecordIdentifierValueAsString: 'C0001' }),
        ),
      );
      expect([get.name, get.status]).toEqual(['AccessForbidden', 403]);
      const search = await consumer.sagemaker.send(
        new SearchCommand({ Resource: 'FeatureGroup', CrossAccountFilterOption: 'CrossAccount' }),
      );
      expect(search.Results).toEqual([]);
    });

    it('a read-only share lets the consumer describe and read by ARN, not write', async () => {
      await shareWithConsumer(CUSTOMERS_ARN, 'AWSRAMPermissionSageMakerFeatureGroupReadOnly', 'customers-ro');
      const described = await consumer.sagemaker.send(
        new DescribeFeatureGroupCommand({ FeatureGroupName: CUSTOMERS_ARN }),
      );
      expect(described.FeatureGroupName).toBe('customers');
      const got = await consumer.runtime.send(
        new GetRecordCommand({ FeatureGroupName: CUSTOMERS_ARN, RecordIdentifierValueAsString: 'C0002' }),
      );
      expect(got.Record?.[0]).toEqual({ FeatureName: 'customer_id', ValueAsString: 'C0002' });
      const byName = await failure(
        consumer.sagemaker.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'customers' })),
      );
      expect(byName.name).toBe('ResourceNotFound');
      const put = await failure(
        consumer.runtime.send(
          new PutRecordCommand({
            FeatureGroupName: CUSTOMERS_ARN,
            Record: [
              { FeatureName: 'customer_id', ValueAsString: 'X' },
              { FeatureName: 'event_time', ValueAsString: '1' },
            ],
          }),
        ),
      );
      expect([put.name, put.status]).toEqual(['AccessForbidden', 403]);
      const batch = await consumer.runtime.send(
        new BatchGetRecordCommand({
          Identifiers: [
            { FeatureGroupName: CUSTOMERS_ARN, RecordIdentifiersValueAsString: ['C0003'] },
            { FeatureGroupName: TRANSACTIONS_ARN, RecordIdentifiersValueAsString: ['T00001'] },
          ],
        }),
      );
      expect(batch.Records?.map((r) => r.RecordIdentifierValueAsString)).toEqual(['C0003']);
      expect(batch.Errors?.map((e) => [e.FeatureGroupName, e.ErrorCode])).toEqual([
        [TRANSACTIONS_ARN, 'AccessForbidden'],
      ]);
      expect(batch.UnprocessedIdentifiers).toEqual([]);
      const write = await consumer.runtime.send(
        new BatchWriteRecordCommand({
          Entries: [
            {
              FeatureGroupName: CUSTOMERS_ARN,
              Record: [
                { FeatureName: 'customer_id', ValueAsString: 'X' },
                { FeatureName: 'event_time', ValueAsString: '1' },
              ],
            },
          ],
        }),
      );
      expect(write.Errors?.map((e) => e.ErrorCode)).toEqual(['AccessForbidden']);
    });

    it('records a cross-account GetRecord as a Data event delivered to both accounts', async () => {
      await consumer.runtime.send(
        new GetRecordCommand({ FeatureGroupName: CUSTOMERS_ARN, RecordIdentifierValueAsString: 'C0042' }),
      );
      const db = sharedStore(storePath({ FSHARE_HOME: home }));
      const rows = db
        .prepare(
          `SELECT recipient_account, shared_event_id, event_category, read_only, record FROM ct_events
         WHERE event_name = 'GetRecord' AND record LIKE '%C0042%' ORDER BY recipient_account`,
        )
        .all() as {
        recipient_account: string;
        shared_event_id: string | null;
        event_category: string;
        read_only: string;
        record: string;
      }[];
      expect(rows.map((r) => r.recipient_account)).toEqual([OWNER, '222222222222']);
      expect(rows[0]?.shared_event_id).toBeTruthy();
      expect(rows[0]?.shared_event_id).toBe(rows[1]?.shared_event_id);
      const record = JSON.parse(rows[0]?.record ?? '{}') as Record<string, unknown>;
      expect(record).toMatchObject({
        eventSource: 'sagemaker.amazonaws.com',
        eventCategory: 'Data',
        managementEvent: false,
        readOnly: true,
        requestParameters: { featureGroupName: CUSTOMERS_ARN, recordIdentifierValueAsString: 'C0042' },
        resources: [{ accountId: OWNER, type: 'AWS::SageMaker::FeatureGroup', ARN: CUSTOMERS_ARN }],
      });
    });

    it('a catalog share makes the owner’s groups discoverable with CrossAccount search, without tags', async () => {
      await shareWithConsumer(CATALOG_ARN, 'AWSRAMPermissionSageMakerCatalogResourceSearch', 'catalog');
      const search = await consumer.sagemaker.send(
        new SearchCommand({
          Resource: 'FeatureGroup',
          CrossAccountFilterOption: 'CrossAccount',
          SortBy: 'FeatureGroupName',
          SortOrder: 'Ascending',
        }),
      );
      expect(search.Results?.map((r) => r.FeatureGroup?.FeatureGroupArn)).toEqual([
        CUSTOMERS_ARN,
        TRANSACTIONS_ARN,
      ]);
      expect(search.Results?.every((r) => r.FeatureGroup?.Tags === undefined)).toBe(true);
      expect(search.Results?.[0]?.FeatureGroup?.CreationTime).toBeInstanceOf(Date);
      const same = await consumer.sagemaker.send(new SearchCommand({ Resource: 'FeatureGroup' }));
      expect(same.Results).toEqual([]);
    });

    it('a read-write share lets the consumer put and delete', async () => {
      readWriteShareArn = await shareWithConsumer(
        TRANSACTIONS_ARN,
        'AWSRAMPermissionSagemakerFeatureGroupReadWrite',
        'transactions-rw',
      );
      await consumer.runtime.send(
        new PutRecordCommand({
          FeatureGroupName: TRANSACTIONS_ARN,
          Record: [
            { FeatureName: 'transaction_id', ValueAsString: 'TX-C1' },
            { FeatureName: 'event_time', ValueAsString: '2026-02-01T00:00:00Z' },
            { FeatureName: 'amount', ValueAsString: '9.99' },
          ],
        }),
      );
      const seen = await owner.runtime.send(
        new GetRecordCommand({ FeatureGroupName: 'transactions', RecordIdentifierValueAsString: 'TX-C1' }),
      );
      expect(seen.Record?.find((f) => f.FeatureName === 'amount')?.ValueAsString).toBe('9.99');
      await consumer.runtime.send(
        new DeleteRecordCommand({
          FeatureGroupName: TRANSACTIONS_ARN,
          RecordIdentifierValueAsString: 'TX-C1',
          EventTime: '2026-02-01T00:00:01Z',
          DeletionMode: 'HardDelete',
        }),
      );
      const after = await owner.runtime.send(
        new GetRecordCommand({ FeatureGroupName: 'transactions', RecordIdentifierValueAsString: 'TX-C1' }),
      );
      expect(after.Record).toBeUndefined();
    });

    it('revoking the consumer from the read-write share takes effect on the next call', async () => {
      await owner.ram.send(
        new DisassociateResourceShareCommand({
          resourceShareArn: readWriteShareArn,
          principals: ['222222222222'],
        }),
      );
      const denied = await failure(
        consumer.runtime.send(
          new GetRecordCommand({
            FeatureGroupName: TRANSACTIONS_ARN,
            RecordIdentifierValueAsString: 'T00002',
          }),
        ),
      );
      expect([denied.name, denied.status]).toEqual(['AccessForbidden', 403]);
    });
  });
});
