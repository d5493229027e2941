import { describe, expect, it } from 'vitest';
import type { CloudTrailPort } from '../../../src/aws/ports.js';
import type { Context } from '../../../src/context.js';
import { AUDIT_SELECTORS, auditSetup, checkAuditSetup, parseSetupOptions } from '../../../src/audit/setup.js';

class AwsError extends Error {
  $metadata = { httpStatusCode: 400 };
  constructor(name: string) {
    super(`${name} happened`);
    this.name = name;
  }
}

interface FakeStore {
  name: string;
  selectors: typeof AUDIT_SELECTORS;
}

function fakeCtx(options: { stores?: FakeStore[]; listError?: string; createError?: string }) {
  const created: string[] = [];
  const port = {
    listEventDataStores: () =>
      options.listError
        ? Promise.reject(new AwsError(options.listError))
        : Promise.resolve({
            EventDataStores: (options.stores ?? []).map((s, i) => ({
              EventDataStoreArn: `arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/id-${i}`,
              Name: s.name,
            })),
            $metadata: {},
          }),
    getEventDataStore: (input: { EventDataStore?: string }) => {
      const index = Number((input.EventDataStore ?? '').split('id-')[1]);
      const store = options.stores?.[index];
      return Promise.resolve({
        Name: store?.name,
        Status: 'ENABLED',
        AdvancedEventSelectors: store?.selectors ?? [],
        $metadata: {},
      });
    },
    createEventDataStore: (input: { Name?: string; RetentionPeriod?: number }) => {
      if (options.createError) {
        return Promise.reject(new AwsError(options.createError));
      }
      created.push(input.Name ?? '');
      return Promise.resolve({
        EventDataStoreArn: 'arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/new-id',
        Name: input.Name,
        RetentionPeriod: input.RetentionPeriod ?? 2557,
        $metadata: {},
      });
    },
  } as unknown as CloudTrailPort;
  const ctx = {
    aws: { cloudTrail: () => Promise.resolve(port), profile: undefined },
    globals: { endpointUrl: undefined, sandbox: false },
  } as unknown as Context;
  return { ctx, created };
}

const MANAGEMENT_ONLY = [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }];

describe('auditSetup', () => {
  it('creates the store with the FeatureGroup data selector and RAM + SageMaker management events', async () => {
    const { ctx, created } = fakeCtx({ stores: [{ name: 'other', selectors: MANAGEMENT_ONLY }] });
    const res = await auditSetup(ctx, parseSetupOptions({ path: 'lake', retentionDays: '365' }));
    expect(res).toMatchObject({
      status: 'created',
      name: 'fshare-audit',
      eventDataStoreId: 'new-id',
      retentionDays: 365,
    });
    expect(created).toEqual(['fshare-audit']);
    expect(AUDIT_SELECTORS[0]?.FieldSelectors).toEqual([
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::SageMaker::FeatureGroup'] },
    ]);
  });

  it('finds an existing auditing store and creates nothing (idempotent)', async () => {
    const { ctx, created } = fakeCtx({ stores: [{ name: 'org-lake', selectors: AUDIT_SELECTORS }] });
    const res = await auditSetup(ctx, parseSetupOptions({ dryRun: true }));
    expect(res).toMatchObject({ path: 'lake', status: 'exists', name: 'org-lake', eventDataStoreId: 'id-0' });
    expect(created).toEqual([]);
  });

  it('--dry-run creates nothing', async () => {
    const { ctx, created } = fakeCtx({});
    expect(await auditSetup(ctx, parseSetupOptions({ path: 'lake', dryRun: true }))).toMatchObject({
      status: 'would-create',
    });
    expect(created).toEqual([]);
  });

  it('refuses to reuse a same-named store that does not capture record calls', async () => {
    const { ctx } = fakeCtx({ stores: [{ name: 'fshare-audit', selectors: MANAGEMENT_ONLY }] });
    await expect(auditSetup(ctx, parseSetupOptions({ path: 'lake' }))).rejects.toMatchObject({
      code: 'FSHARE_STORE_NOT_AUDITING',
    });
  });

  it.each([
    ['listing', { listError: 'UnsupportedOperationException' }],
    ['creating', { createError: 'OperationNotPermittedException' }],
  ])(
    'with --path lake, says Lake is unavailable when %s is refused, and points to the trail alternative',
    async (_when, options) => {
      const { ctx } = fakeCtx(options);
      await expect(auditSetup(ctx, parseSetupOptions({ path: 'lake' }))).rejects.toMatchObject({
        code: 'FSHARE_LAKE_UNAVAILABLE',
        message: expect.stringContaining('closed to new customers'),
        hint: expect.stringContaining('docs/audit.md'),
      });
    },
  );

  it.each([
    [{ name: 'a b' }, 'FSHARE_BAD_STORE_NAME'],
    [{ retentionDays: '6' }, 'FSHARE_BAD_RETENTION'],
    [{ retentionDays: '3654' }, 'FSHARE_BAD_RETENTION'],
    [{ retentionDays: 'ten' }, 'FSHARE_BAD_RETENTION'],
    [{ path: 'cloud' }, 'FSHARE_BAD_SETUP_NAME'],
    [{ trail: '-bad' }, 'FSHARE_BAD_SETUP_NAME'],
    [{ bucket: 'Upper_Case' }, 'FSHARE_BAD_SETUP_NAME'],
    [{ database: 'x; DROP' }, 'FSHARE_BAD_SETUP_NAME'],
  ])('refuses %j', (raw, code) => {
    expect(() => parseSetupOptions(raw)).toThrow(expect.objectContaining({ code, exitCode: 2 }));
  });
});

describe('checkAuditSetup (for fshare doctor)', () => {
  it.each([
    [{ stores: [{ name: 'fshare-audit', selectors: AUDIT_SELECTORS }] }, 'ok'],
    [{ listError: 'ExpiredTokenException' }, 'fail'],
  ])('%j → %s', async (options, status) => {
    const check = await checkAuditSetup(fakeCtx(options).ctx);
    expect(check.status).toBe(status);
    if (status !== 'ok') {
      expect(check.hint).toBeTruthy();
    }
  });
});
