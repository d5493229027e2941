/**
 * The SageMaker and Feature Store runtime handlers over an in-memory store. RAM's answer (which
 * actions a caller's shares allow) is replaced by a table the tests fill with the actions of the
 * real managed permissions, so the authorisation matrix covers every level × operation.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MANAGED_PERMISSIONS } from '../../../../src/sandbox/ram/permissions.js';
import * as catalog from '../../../../src/sandbox/sagemaker/catalog.js';
import * as controlPlane from '../../../../src/sandbox/sagemaker/control-plane.js';
import * as batch from '../../../../src/sandbox/sagemaker/runtime-batch.js';
import * as runtime from '../../../../src/sandbox/sagemaker/runtime.js';
import { featureGroupExists } from '../../../../src/sandbox/sagemaker/lookup.js';
import { countRecords, getFeatureGroup } from '../../../../src/sandbox/sagemaker/store.js';
import { seedFeatureStore } from '../../../../src/sandbox/sagemaker/seed.js';
import type { Db, OperationHandler, OperationInput } from '../../../../src/sandbox/types.js';
import {
  CONSUMER,
  CUSTOMERS_ARN,
  OWNER,
  SEED_TIME,
  TRANSACTIONS_ARN,
  contextFor,
  customer,
  errorOf,
  fv,
  invoke,
  seededDb,
} from './harness.js';

const cp = { ...controlPlane, ...catalog };
const rt = { ...runtime, ...batch };

const shared = vi.hoisted(() => ({
  actions: new Map<string, Set<string>>(),
  discoverable: new Map<string, string[]>(),
}));

vi.mock('../../../../src/sandbox/ram/access.js', () => ({
  allowedActions: (_db: unknown, o: { caller: { accountId: string }; resourceArn: string }) =>
    new Set(shared.actions.get(`${o.caller.accountId} ${o.resourceArn}`) ?? []),
  discoverableOwnerAccounts: (_db: unknown, o: { caller: { accountId: string } }) =>
    shared.discoverable.get(o.caller.accountId) ?? [],
}));

function share(account: string, arn: string, level: 'ReadOnly' | 'ReadWrite' | 'Admin'): void {
  const permission = MANAGED_PERMISSIONS.find((p) =>
    p.name.toLowerCase().endsWith(`featuregroup${level.toLowerCase()}`),
  );
  if (!permission) {
    throw new Error(`no managed permission for ${level}`);
  }
  shared.actions.set(`${account} ${arn}`, new Set(permission.actions));
}

let db: Db;
beforeEach(() => {
  db = seededDb();
  shared.actions.clear();
  shared.discoverable.clear();
});
afterEach(() => {
  db.close();
});

const later = (seconds: number): Date => new Date(SEED_TIME.getTime() + seconds * 1000);

describe('seed', () => {
  it('creates both groups with their fixture records, and is idempotent', () => {
    const customers = getFeatureGroup(db, OWNER, 'us-east-1', 'customers');
    const transactions = getFeatureGroup(db, OWNER, 'us-east-1', 'transactions');
    expect(customers?.arn).toBe(CUSTOMERS_ARN);
    expect(customers && countRecords(db, customers)).toBe(300);
    expect(transactions && countRecords(db, transactions)).toBe(400);
    seedFeatureStore(db, { now: later(60) });
    expect(customers && countRecords(db, customers)).toBe(300);
    expect(featureGroupExists(db, CUSTOMERS_ARN)).toBe(true);
    expect(featureGroupExists(db, `arn:aws:sagemaker:us-east-1:${CONSUMER}:feature-group/customers`)).toBe(
      false,
    );
  });
});

describe('control plane', () => {
  const definitions = [
    { FeatureName: 'id', FeatureType: 'String' },
    { FeatureName: 'ts', FeatureType: 'String' },
    { FeatureName: 'score', FeatureType: 'Fractional' },
  ];
  const create = (profile: string, name: string, extra: OperationInput = {}) =>
    invoke(cp.createFeatureGroup, db, profile, {
      FeatureGroupName: name,
      RecordIdentifierFeatureName: 'id',
      EventTimeFeatureName: 'ts',
      FeatureDefinitions: definitions,
      OnlineStoreConfig: { EnableOnlineStore: true },
      ...extra,
    });

  it('creates, describes (Creating once, then Created), lists and deletes a group', () => {
    const { output, ctx } = create('consumer', 'scores', { Tags: [{ Key: 'k', Value: 'v' }] });
    const arn = `arn:aws:sagemaker:us-east-1:${CONSUMER}:feature-group/scores`;
    expect(output).toEqual({ FeatureGroupArn: arn });
    expect(ctx.trail).toMatchObject({
      eventCategory: 'Management',
      readOnly: false,
      ownerAccountId: CONSUMER,
    });
    const first = invoke(cp.describeFeatureGroup, db, 'consumer', { FeatureGroupName: 'scores' }).output;
    expect(first).toMatchObject({
      FeatureGroupArn: arn,
      FeatureGroupStatus: 'Creating',
      RecordIdentifierFeatureName: 'id',
    });
    expect(first?.CreationTime).toBeInstanceOf(Date);
    expect(
      invoke(cp.describeFeatureGroup, db, 'consumer', { FeatureGroupName: arn }).output?.FeatureGroupStatus,
    ).toBe('Created');
    const listed = invoke(cp.listFeatureGroups, db, 'consumer', {}).output;
    expect(listed?.FeatureGroupSummaries).toEqual([
      expect.objectContaining({ FeatureGroupName: 'scores', FeatureGroupArn: arn }),
    ]);
    expect(errorOf(() => create('consumer', 'scores')).code).toBe('ResourceInUse');
    invoke(cp.deleteFeatureGroup, db, 'consumer', { FeatureGroupName: 'scores' });
    expect(
      errorOf(() => invoke(cp.describeFeatureGroup, db, 'consumer', { FeatureGroupName: 'scores' })).code,
    ).toBe('ResourceNotFound');
  });

  it.each([
    ['no store at all', { OnlineStoreConfig: undefined }, /at least one of OnlineStoreConfig/],
    [
      'an offline store without a role',
      { OfflineStoreConfig: { S3StorageConfig: { S3Uri: 's3://b/p' } } },
      /RoleArn is required/,
    ],
    ['a bad name', { FeatureGroupName: 'no spaces' }, /featureGroupName/],
  ])('refuses to create a group with %s', (_label, extra, message) => {
    const error = errorOf(() => create('owner', 'g1', extra));
    expect(error.code).toBe('ValidationException');
    expect(error.message).toMatch(message);
  });

  it('lists only the own account, filters by NameContains and pages with a parameter-bound token', () => {
    for (const n of ['alpha', 'beta', 'alphabet']) {
      create('owner', n);
    }
    const names = (o: unknown) =>
      ((o as { FeatureGroupSummaries: { FeatureGroupName: string }[] }).FeatureGroupSummaries ?? []).map(
        (s) => s.FeatureGroupName,
      );
    expect(
      names(
        invoke(cp.listFeatureGroups, db, 'owner', {
          NameContains: 'ALPHA',
          SortBy: 'Name',
          SortOrder: 'Ascending',
        }).output,
      ),
    ).toEqual(['alpha', 'alphabet']);
    expect(names(invoke(cp.listFeatureGroups, db, 'consumer', {}).output)).toEqual([]);
    const first = invoke(cp.listFeatureGroups, db, 'owner', {
      SortBy: 'Name',
      SortOrder: 'Ascending',
      MaxResults: 2,
    }).output;
    expect(names(first)).toEqual(['alpha', 'alphabet']);
    const token = first?.NextToken;
    expect(typeof token).toBe('string');
    const second = invoke(cp.listFeatureGroups, db, 'owner', {
      SortBy: 'Name',
      SortOrder: 'Ascending',
      MaxResults: 2,
      NextToken: token,
    }).output;
    expect(names(second)).toEqual(['beta', 'customers']);
    expect(
      errorOf(() => invoke(cp.listFeatureGroups, db, 'owner', { SortBy: 'CreationTime', NextToken: token }))
        .code,
    ).toBe('ValidationException');
  });

  it('updates a group: feature additions, online TTL, metadata', () => {
    const out = invoke(
      cp.updateFeatureGroup,
      db,
      'owner',
      {
        FeatureGroupName: 'customers',
        FeatureAdditions: [{ FeatureName: 'churn_risk', FeatureType: 'Fractional' }],
        OnlineStoreConfig: { TtlDuration: { Unit: 'Days', Value: 30 } },
      },
      later(10),
    ).output;
    expect(out).toEqual({ FeatureGroupArn: CUSTOMERS_ARN });
    const described = invoke(cp.describeFeatureGroup, db, 'owner', { FeatureGroupName: 'customers' }).output;
    expect(described?.FeatureDefinitions).toContainEqual({
      FeatureName: 'churn_risk',
      FeatureType: 'Fractional',
    });
    expect(described?.OnlineStoreConfig).toMatchObject({ TtlDuration: { Unit: 'Days', Value: 30 } });
    expect(described?.LastModifiedTime).toEqual(later(10));
    expect(
      errorOf(() =>
        invoke(cp.updateFeatureGroup, db, 'owner', {
          FeatureGroupName: 'customers',
          FeatureAdditions: [{ FeatureName: 'age', FeatureType: 'Integral' }],
        }),
      ).message,
    ).toMatch(/already exists/);

    invoke(cp.updateFeatureMetadata, db, 'owner', {
      FeatureGroupName: 'customers',
      FeatureName: 'age',
      Description: 'Age in years',
      ParameterAdditions: [
        { Key: 'unit', Value: 'years' },
        { Key: 'source', Value: 'crm' },
      ],
    });
    invoke(cp.updateFeatureMetadata, db, 'owner', {
      FeatureGroupName: 'customers',
      FeatureName: 'age',
      ParameterRemovals: ['source'],
    });
    const metadata = invoke(cp.describeFeatureMetadata, db, 'owner', {
      FeatureGroupName: CUSTOMERS_ARN,
      FeatureName: 'age',
    }).output;
    expect(metadata).toMatchObject({
      FeatureName: 'age',
      FeatureType: 'Integral',
      Description: 'Age in years',
      Parameters: [{ Key: 'unit', Value: 'years' }],
    });
    expect(
      errorOf(() =>
        invoke(cp.describeFeatureMetadata, db, 'owner', {
          FeatureGroupName: 'customers',
          FeatureName: 'nope',
        }),
      ).code,
    ).toBe('ResourceNotFound');
  });

  it('lists the account default catalog', () => {
    const out = invoke(cp.listResourceCatalogs, db, 'consumer', {}).output;
    expect(out?.ResourceCatalogs).toEqual([
      expect.objectContaining({
        ResourceCatalogArn: `arn:aws:sagemaker:us-east-1:${CONSUMER}:sagemaker-catalog/DefaultFeatureGroupCatalog`,
        ResourceCatalogName: 'DefaultFeatureGroupCatalog',
      }),
    ]);
  });
});

describe('Search', () => {
  const names = (out: unknown) =>
    ((out as { Results: { FeatureGroup: { FeatureGroupName: string } }[] }).Results ?? []).map(
      (r) => r.FeatureGroup.FeatureGroupName,
    );

  it('SameAccount (also when absent) returns only the caller account, with tags', () => {
    const out = invoke(cp.search, db, 'owner', { Resource: 'FeatureGroup' }).output;
    expect(names(out).sort()).toEqual(['customers', 'transactions']);
    const first = (out as { Results: { FeatureGroup: { Tags?: unknown } }[] }).Results[0];
    expect(first?.FeatureGroup.Tags).toBeDefined();
    expect(
      names(
        invoke(cp.search, db, 'consumer', {
          Resource: 'FeatureGroup',
          CrossAccountFilterOption: 'SameAccount',
        }).output,
      ),
    ).toEqual([]);
  });

  it('CrossAccount returns the groups of accounts whose catalog is shared, without tags', () => {
    expect(
      names(
        invoke(cp.search, db, 'consumer', {
          Resource: 'FeatureGroup',
          CrossAccountFilterOption: 'CrossAccount',
        }).output,
      ),
    ).toEqual([]);
    shared.discoverable.set(CONSUMER, [OWNER]);
    const out = invoke(cp.search, db, 'consumer', {
      Resource: 'FeatureGroup',
      CrossAccountFilterOption: 'CrossAccount',
      SearchExpression: { Filters: [{ Name: 'FeatureGroupName', Operator: 'Contains', Value: 'cust' }] },
    }).output;
    expect(names(out)).toEqual(['customers']);
    const group = (out as { Results: { FeatureGroup: Record<string, unknown> }[] }).Results[0]?.FeatureGroup;
    expect(group?.FeatureGroupArn).toBe(CUSTOMERS_ARN);
    expect(group).not.toHaveProperty('Tags');
    expect(
      names(
        invoke(cp.search, db, 'partner', {
          Resource: 'FeatureGroup',
          CrossAccountFilterOption: 'CrossAccount',
        }).output,
      ),
    ).toEqual([]);
  });

  it('sorts, filters with Or sub-expressions and nested filters, and pages', () => {
    const byName = invoke(cp.search, db, 'owner', {
      Resource: 'FeatureGroup',
      SortBy: 'FeatureGroupName',
      SortOrder: 'Ascending',
      MaxResults: 1,
    }).output;
    expect(names(byName)).toEqual(['customers']);
    const next = invoke(cp.search, db, 'owner', {
      Resource: 'FeatureGroup',
      SortBy: 'FeatureGroupName',
      SortOrder: 'Ascending',
      MaxResults: 1,
      NextToken: byName?.NextToken,
    }).output;
    expect(names(next)).toEqual(['transactions']);
    expect(next?.NextToken).toBeUndefined();
    const nested = invoke(cp.search, db, 'owner', {
      Resource: 'FeatureGroup',
      SearchExpression: {
        NestedFilters: [
          {
            NestedPropertyName: 'FeatureDefinitions',
            Filters: [
              { Name: 'FeatureDefinitions.FeatureName', Value: 'amount' },
              { Name: 'FeatureDefinitions.FeatureType', Value: 'Fractional' },
            ],
          },
        ],
      },
    }).output;
    expect(names(nested)).toEqual(['transactions']);
    const either = invoke(cp.search, db, 'owner', {
      Resource: 'FeatureGroup',
      SearchExpression: {
        Operator: 'Or',
        SubExpressions: [
          { Filters: [{ Name: 'Tags.team', Value: 'payments' }] },
          { Filters: [{ Name: 'FeatureGroupName', Operator: 'Equals', Value: 'customers' }] },
        ],
      },
    }).output;
    expect(names(either).sort()).toEqual(['customers', 'transactions']);
    const none = invoke(cp.search, db, 'owner', {
      Resource: 'FeatureGroup',
      SearchExpression: {
        Filters: [
          { Name: 'FeatureGroupName', Operator: 'NotEquals', Value: 'customers' },
          { Name: 'Tags.team', Value: 'growth' },
        ],
      },
    }).output;
    expect(names(none)).toEqual([]);
  });

  it('searches FeatureMetadata', () => {
    const out = invoke(cp.search, db, 'owner', {
      Resource: 'FeatureMetadata',
      SearchExpression: { Filters: [{ Name: 'FeatureType', Value: 'Integral' }] },
    }).output;
    const features = (
      out as { Results: { FeatureMetadata: { FeatureGroupName: string; FeatureName: string } }[] }
    ).Results.map((r) => `${r.FeatureMetadata.FeatureGroupName}.${r.FeatureMetadata.FeatureName}`);
    expect(features.sort()).toEqual(['customers.age', 'transactions.quantity']);
  });
});

describe('runtime records', () => {
  it('GetRecord returns a seeded record in definition order, filters features, and a missing record is empty', () => {
    const { output, ctx } = invoke(rt.getRecord, db, 'owner', {
      FeatureGroupName: 'customers',
      RecordIdentifierValueAsString: 'C0001',
    });
    const record = output?.Record as { FeatureName: string }[];
    expect(record.map((f) => f.FeatureName)).toEqual([
      'customer_id',
      'event_time',
      'age',
      'lifetime_value',
      'segment',
      'country',
      'preferred_categories',
    ]);
    expect(record[6]).toEqual({ FeatureName: 'preferred_categories', ValueAsStringList: expect.any(Array) });
    expect(ctx.trail).toMatchObject({
      eventCategory: 'Data',
      readOnly: true,
      ownerAccountId: OWNER,
      resources: [{ accountId: OWNER, type: 'AWS::SageMaker::FeatureGroup', ARN: CUSTOMERS_ARN }],
      requestParameters: { featureGroupName: 'customers', recordIdentifierValueAsString: 'C0001' },
    });
    const some = invoke(rt.getRecord, db, 'owner', {
      FeatureGroupName: 'customers',
      RecordIdentifierValueAsString: 'C0001',
      FeatureNames: ['segment', 'age'],
    }).output;
    expect((some?.Record as { FeatureName: string }[]).map((f) => f.FeatureName)).toEqual(['age', 'segment']);
    expect(
      invoke(rt.getRecord, db, 'owner', {
        FeatureGroupName: 'customers',
        RecordIdentifierValueAsString: 'C9999',
      }).output,
    ).toEqual({});
    expect(
      errorOf(() =>
        invoke(rt.getRecord, db, 'owner', {
          FeatureGroupName: 'customers',
          RecordIdentifierValueAsString: 'C0001',
          FeatureNames: ['nope'],
        }),
      ).code,
    ).toBe('ValidationError');
    const missing = errorOf(() =>
      invoke(rt.getRecord, db, 'owner', { FeatureGroupName: 'nope', RecordIdentifierValueAsString: '1' }),
    );
    expect([missing.code, missing.status]).toEqual(['ResourceNotFound', 404]);
  });

  it('PutRecord overwrites fully, keeps the newer event time online, and applies TTL', () => {
    invoke(rt.putRecord, db, 'owner', {
      FeatureGroupName: 'customers',
      Record: customer('N1', '100', { segment: 'new' }),
    });
    invoke(rt.putRecord, db, 'owner', {
      FeatureGroupName: 'customers',
      Record: [fv('customer_id', 'N1'), fv('event_time', '200'), fv('age', '41')],
    });
    const get = (now = SEED_TIME) =>
      invoke(
        rt.getRecord,
        db,
        'owner',
        {
          FeatureGroupName: 'customers',
          RecordIdentifierValueAsString: 'N1',
          ExpirationTimeResponse: 'Enabled',
        },
        now,
      ).output;
    expect(get()).toEqual({ Record: [fv('customer_id', 'N1'), fv('event_time', '200'), fv('age', '41')] });
    invoke(rt.putRecord, db, 'owner', { FeatureGroupName: 'customers', Record: customer('N1', '150') });
    expect((get()?.Record as unknown[]).length).toBe(3);

    const eventSeconds = SEED_TIME.getTime() / 1000;
    invoke(rt.putRecord, db, 'owner', {
      FeatureGroupName: 'customers',
      Record: customer('N1', String(eventSeconds)),
      TtlDuration: { Unit: 'Minutes', Value: 1 },
    });
    expect(get(later(30))?.ExpiresAt).toBe(new Date(SEED_TIME.getTime() + 60_000).toISOString());
    expect(get(later(61))).toEqual({});
  });

  it('DeleteRecord: a newer SoftDelete hides the record, an older one keeps it; HardDelete with an older time is refused', () => {
    const put = (id: string, ts: string) =>
      invoke(rt.putRecord, db, 'owner', { FeatureGroupName: 'customers', Record: customer(id, ts) });
    const del = (id: string, ts: string, mode?: string) =>
      invoke(rt.deleteRecord, db, 'owner', {
        FeatureGroupName: 'customers',
        RecordIdentifierValueAsString: id,
        EventTime: ts,
        ...(mode ? { DeletionMode: mode } : {}),
      });
    const exists = (id: string) =>
      invoke(rt.getRecord, db, 'owner', { FeatureGroupName: 'customers', RecordIdentifierValueAsString: id })
        .output?.Record !== undefined;

    put('D1', '100');
    del('D1', '100');
    expect(exists('D1')).toBe(true);
    del('D1', '99', 'SoftDelete');
    expect(exists('D1')).toBe(true);
    del('D1', '101');
    expect(exists('D1')).toBe(false);
    put('D1', '100.5');
    expect(exists('D1')).toBe(false);
    put('D1', '102');
    expect(exists('D1')).toBe(true);

    const refused = errorOf(() => del('D1', '102', 'HardDelete'));
    expect([refused.code, refused.status]).toEqual(['ValidationError', 400]);
    expect(refused.message).toMatch(/must be later than/);
    del('D1', '103', 'HardDelete');
    expect(exists('D1')).toBe(false);
    put('D1', '1');
    expect(exists('D1')).toBe(true);

    expect(errorOf(() => del('D1', '2024-01-01T00:00:00Z')).message).toMatch(/not a valid Fractional/);
    expect(errorOf(() => del('D1', '5', 'Purge')).code).toBe('ValidationError');
  });

  it('String event times follow ISO-8601 and order by instant', () => {
    const record = (ts: string) => [fv('transaction_id', 'X1'), fv('event_time', ts), fv('amount', '1.00')];
    invoke(rt.putRecord, db, 'owner', {
      FeatureGroupName: 'transactions',
      Record: record('2026-01-01T00:00:00Z'),
    });
    expect(
      errorOf(() =>
        invoke(rt.putRecord, db, 'owner', { FeatureGroupName: 'transactions', Record: record('2026-01-01') }),
      ).message,
    ).toMatch(/yyyy-MM-dd/);
    const hard = errorOf(() =>
      invoke(rt.deleteRecord, db, 'owner', {
        FeatureGroupName: 'transactions',
        RecordIdentifierValueAsString: 'X1',
        EventTime: '2025-12-31T23:59:59.999Z',
        DeletionMode: 'HardDelete',
      }),
    );
    expect(hard.code).toBe('ValidationError');
  });

  it('BatchGetRecord returns Records, Errors and UnprocessedIdentifiers, with per-identifier errors', () => {
    share(CONSUMER, CUSTOMERS_ARN, 'ReadOnly');
    const out = invoke(rt.batchGetRecord, db, 'consumer', {
      Identifiers: [
        {
          FeatureGroupName: CUSTOMERS_ARN,
          RecordIdentifiersValueAsString: ['C0001', 'C0002', 'missing'],
          FeatureNames: ['age'],
        },
        { FeatureGroupName: TRANSACTIONS_ARN, RecordIdentifiersValueAsString: ['T00001'] },
      ],
    });
    expect(out.output?.Records).toEqual([
      {
        FeatureGroupName: CUSTOMERS_ARN,
        RecordIdentifierValueAsString: 'C0001',
        Record: [expect.objectContaining({ FeatureName: 'age' })],
      },
      {
        FeatureGroupName: CUSTOMERS_ARN,
        RecordIdentifierValueAsString: 'C0002',
        Record: [expect.objectContaining({ FeatureName: 'age' })],
      },
    ]);
    expect(out.output?.Errors).toEqual([
      {
        FeatureGroupName: TRANSACTIONS_ARN,
        RecordIdentifierValueAsString: 'T00001',
        ErrorCode: 'AccessForbidden',
        ErrorMessage: expect.stringContaining('sagemaker:BatchGetRecord'),
      },
    ]);
    expect(out.output?.UnprocessedIdentifiers).toEqual([]);
    expect(out.ctx.trail.resources.map((r) => r.ARN)).toEqual([CUSTOMERS_ARN, TRANSACTIONS_ARN]);
    expect(out.ctx.trail.ownerAccountId).toBe(OWNER);

    const ids = Array.from({ length: 101 }, (_, i) => `C${String(i + 1).padStart(4, '0')}`);
    const tooMany = errorOf(() =>
      invoke(rt.batchGetRecord, db, 'owner', {
        Identifiers: [
          { FeatureGroupName: 'customers', RecordIdentifiersValueAsString: ids.slice(0, 60) },
          { FeatureGroupName: 'transactions', RecordIdentifiersValueAsString: ids.slice(60) },
        ],
      }),
    );
    expect(tooMany.message).toMatch(/at most 100 records/);
  });

  it('BatchWriteRecord writes ≤25 entries and reports failed entries one by one', () => {
    const out = invoke(rt.batchWriteRecord, db, 'owner', {
      Entries: [
        { FeatureGroupName: 'customers', Record: customer('B1', '10') },
        { FeatureGroupName: 'customers', Record: customer('B2', '10', { age: 'old' }) },
        { FeatureGroupName: 'nope', Record: customer('B3', '10') },
      ],
    }).output;
    expect(out?.UnprocessedEntries).toEqual([]);
    expect(
      (out?.Errors as { ErrorCode: string; Entry: { FeatureGroupName: string } }[]).map((e) => [
        e.Entry.FeatureGroupName,
        e.ErrorCode,
      ]),
    ).toEqual([
      ['customers', 'ValidationError'],
      // As PutRecord answers a missing group: ValidationError "Resource Not Found: …".
      ['nope', 'ValidationError'],
    ]);
    expect(
      invoke(rt.getRecord, db, 'owner', {
        FeatureGroupName: 'customers',
        RecordIdentifierValueAsString: 'B1',
      }).output?.Record,
    ).toBeDefined();
    const entries = Array.from({ length: 26 }, (_, i) => ({
      FeatureGroupName: 'customers',
      Record: customer(`M${i}`, '1'),
    }));
    expect(errorOf(() => invoke(rt.batchWriteRecord, db, 'owner', { Entries: entries })).message).toMatch(
      /length less than or equal to 25/,
    );
  });

  it('ListRecords pages through record identifiers and can include soft-deleted ones', () => {
    const page1 = invoke(rt.listRecords, db, 'owner', {
      FeatureGroupName: 'customers',
      MaxResults: 2,
    }).output;
    expect(page1?.RecordIdentifiers).toEqual(['C0001', 'C0002']);
    const page2 = invoke(rt.listRecords, db, 'owner', {
      FeatureGroupName: 'customers',
      MaxResults: 2,
      NextToken: page1?.NextToken,
    }).output;
    expect(page2?.RecordIdentifiers).toEqual(['C0003', 'C0004']);
    invoke(rt.deleteRecord, db, 'owner', {
      FeatureGroupName: 'customers',
      RecordIdentifierValueAsString: 'C0001',
      EventTime: '9999999999',
    });
    expect(
      invoke(rt.listRecords, db, 'owner', { FeatureGroupName: 'customers', MaxResults: 1 }).output
        ?.RecordIdentifiers,
    ).toEqual(['C0002']);
    expect(
      invoke(rt.listRecords, db, 'owner', {
        FeatureGroupName: 'customers',
        MaxResults: 1,
        IncludeSoftDeletedRecords: true,
      }).output?.RecordIdentifiers,
    ).toEqual(['C0001']);
    const all = invoke(rt.listRecords, db, 'owner', {
      FeatureGroupName: 'transactions',
      MaxResults: 1000,
    }).output;
    expect((all?.RecordIdentifiers as string[]).length).toBe(400);
    expect(all?.NextToken).toBeUndefined();
  });

  it('UpdateRecord merges features, refuses older event times and missing records', () => {
    invoke(rt.putRecord, db, 'owner', { FeatureGroupName: 'customers', Record: customer('U1', '100') });
    invoke(rt.updateRecord, db, 'owner', {
      FeatureGroupName: 'customers',
      RecordIdentifierValueAsString: 'U1',
      Features: [fv('segment', 'loyal')],
    });
    const record = invoke(rt.getRecord, db, 'owner', {
      FeatureGroupName: 'customers',
      RecordIdentifierValueAsString: 'U1',
    }).output?.Record as ReturnType<typeof fv>[];
    expect(record).toContainEqual(fv('segment', 'loyal'));
    expect(record).toContainEqual(fv('age', '40'));
    const conflict = errorOf(() =>
      invoke(rt.updateRecord, db, 'owner', {
        FeatureGroupName: 'customers',
        RecordIdentifierValueAsString: 'U1',
        Features: [fv('event_time', '50')],
      }),
    );
    expect([conflict.code, conflict.status]).toEqual(['ConflictException', 409]);
    const missing = errorOf(() =>
      invoke(rt.updateRecord, db, 'owner', {
        FeatureGroupName: 'customers',
        RecordIdentifierValueAsString: 'none',
        Features: [fv('segment', 'x')],
      }),
    );
    expect([missing.code, missing.status]).toEqual(['ResourceNotFound', 404]);
    expect(
      errorOf(() =>
        invoke(rt.updateRecord, db, 'owner', {
          FeatureGroupName: 'customers',
          RecordIdentifierValueAsString: 'U1',
          Features: [fv('segment', 'x')],
          TtlDuration: { Unit: 'Days', Value: 1 },
        }),
      ).message,
    ).toMatch(/TtlDuration requires/);
  });
});

describe('authorisation matrix (another account, by ARN)', () => {
  type Level = 'none' | 'ReadOnly' | 'ReadWrite' | 'Admin';
  const order: Level[] = ['none', 'ReadOnly', 'ReadWrite', 'Admin'];
  const operations: {
    name: string;
    handler: OperationHandler;
    input: OperationInput;
    minimum: Level;
    denial: string;
  }[] = [
    {
      name: 'DescribeFeatureGroup',
      handler: cp.describeFeatureGroup,
      input: { FeatureGroupName: CUSTOMERS_ARN },
      minimum: 'ReadOnly',
      denial: 'AccessDeniedException',
    },
    {
      name: 'DescribeFeatureMetadata',
      handler: cp.describeFeatureMetadata,
      input: { FeatureGroupName: CUSTOMERS_ARN, FeatureName: 'age' },
      minimum: 'ReadOnly',
      denial: 'AccessDeniedException',
    },
    {
      name: 'GetRecord',
      handler: rt.getRecord,
      input: { FeatureGroupName: CUSTOMERS_ARN, RecordIdentifierValueAsString: 'C0001' },
      minimum: 'ReadOnly',
      denial: 'AccessForbidden',
    },
    {
      name: 'ListRecords (assumed = GetRecord)',
      handler: rt.listRecords,
      input: { FeatureGroupName: CUSTOMERS_ARN },
      minimum: 'ReadOnly',
      denial: 'AccessForbidden',
    },
    {
      name: 'PutRecord',
      handler: rt.putRecord,
      input: { FeatureGroupName: CUSTOMERS_ARN, Record: customer('Z1', '1') },
      minimum: 'ReadWrite',
      denial: 'AccessForbidden',
    },
    {
      name: 'DeleteRecord',
      handler: rt.deleteRecord,
      input: {
        FeatureGroupName: CUSTOMERS_ARN,
        RecordIdentifierValueAsString: 'C0003',
        EventTime: '9999999999',
      },
      minimum: 'ReadWrite',
      denial: 'AccessForbidden',
    },
    {
      name: 'UpdateRecord (assumed = PutRecord)',
      handler: rt.updateRecord,
      input: {
        FeatureGroupName: CUSTOMERS_ARN,
        RecordIdentifierValueAsString: 'C0004',
        Features: [fv('segment', 'x')],
      },
      minimum: 'ReadWrite',
      denial: 'AccessForbidden',
    },
    {
      name: 'UpdateFeatureGroup',
      handler: cp.updateFeatureGroup,
      input: {
        FeatureGroupName: CUSTOMERS_ARN,
        OnlineStoreConfig: { TtlDuration: { Unit: 'Days', Value: 3 } },
      },
      minimum: 'Admin',
      denial: 'AccessDeniedException',
    },
    {
      name: 'UpdateFeatureMetadata',
      handler: cp.updateFeatureMetadata,
      input: { FeatureGroupName: CUSTOMERS_ARN, FeatureName: 'age', Description: 'd' },
      minimum: 'Admin',
      denial: 'AccessDeniedException',
    },
  ];
  const cases = operations.flatMap((op) =>
    order.map((level) => ({ ...op, level, allowed: order.indexOf(level) >= order.indexOf(op.minimum) })),
  );

  it.each(cases)(
    '$name with $level share → allowed: $allowed',
    ({ name, handler, input, level, allowed, denial }) => {
      if (level !== 'none') {
        share(CONSUMER, CUSTOMERS_ARN, level);
      }
      if (allowed) {
        expect(() => invoke(handler, db, 'consumer', input)).not.toThrow();
        return;
      }
      const error = errorOf(() => invoke(handler, db, 'consumer', input));
      expect(error.code).toBe(denial);
      expect(error.status).toBe(denial === 'AccessForbidden' ? 403 : 400);
      const action = name.split(' ')[0];
      expect(error.message).toBe(
        `User: arn:aws:sts::${CONSUMER}:assumed-role/data-scientist/fshare-sandbox is not authorized to perform: sagemaker:${action} on resource: ${CUSTOMERS_ARN} because no resource-based policy allows the sagemaker:${action} action`,
      );
    },
  );

  it('BatchWriteRecord (assumed = PutRecord): read-only fails per entry, read-write writes', () => {
    share(CONSUMER, CUSTOMERS_ARN, 'ReadOnly');
    const entry = { FeatureGroupName: CUSTOMERS_ARN, Record: customer('W1', '1') };
    const denied = invoke(rt.batchWriteRecord, db, 'consumer', { Entries: [entry] }).output;
    expect((denied?.Errors as { ErrorCode: string }[]).map((e) => e.ErrorCode)).toEqual(['AccessForbidden']);
    share(CONSUMER, CUSTOMERS_ARN, 'ReadWrite');
    expect(invoke(rt.batchWriteRecord, db, 'consumer', { Entries: [entry] }).output?.Errors).toEqual([]);
    expect(
      invoke(rt.getRecord, db, 'owner', {
        FeatureGroupName: 'customers',
        RecordIdentifierValueAsString: 'W1',
      }).output?.Record,
    ).toBeDefined();
  });

  it('a bare name always means the caller account, and the owner reaches its own groups by ARN', () => {
    share(CONSUMER, CUSTOMERS_ARN, 'Admin');
    expect(
      errorOf(() => invoke(cp.describeFeatureGroup, db, 'consumer', { FeatureGroupName: 'customers' })).code,
    ).toBe('ResourceNotFound');
    expect(
      invoke(cp.describeFeatureGroup, db, 'auditor', { FeatureGroupName: CUSTOMERS_ARN }).output
        ?.FeatureGroupName,
    ).toBe('customers');
  });

  it('denies before revealing existence, and records the owner for the trail', () => {
    const arn = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/does-not-exist`;
    const ctx = contextFor(db, 'partner');
    const denied = errorOf(() =>
      rt.getRecord({ FeatureGroupName: arn, RecordIdentifierValueAsString: '1' }, ctx),
    );
    expect(denied.code).toBe('AccessForbidden');
    expect(ctx.trail).toMatchObject({ ownerAccountId: OWNER, resources: [{ accountId: OWNER, ARN: arn }] });
    share(CONSUMER, arn, 'ReadOnly');
    expect(
      errorOf(() =>
        invoke(rt.getRecord, db, 'consumer', { FeatureGroupName: arn, RecordIdentifierValueAsString: '1' }),
      ).code,
    ).toBe('ResourceNotFound');
  });
});
