// The feature-store adapter sends the bulk operations' bodies with JSON.stringify and reads their
// answers with JSON.parse. These tests run the same calls through an unmodified SDK client and
// through the adapter's client, and require the same bytes on the wire and the same outputs.
import {
  BatchGetRecordCommand,
  BatchWriteRecordCommand,
  ListRecordsCommand,
  SageMakerFeatureStoreRuntimeClient,
} from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { nativeJsonBodies } from '../../../src/aws/adapters/feature-store.js';

interface Captured {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

function client(answer: { status: number; body: string }, seen: Captured[], native: boolean) {
  const c = new SageMakerFeatureStoreRuntimeClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: {
        method: string;
        path: string;
        headers: Record<string, string>;
        body?: unknown;
      }) => {
        const body = request.body;
        seen.push({
          method: request.method,
          path: request.path,
          headers: { ...request.headers },
          body: typeof body === 'string' ? body : Buffer.from(body as Uint8Array).toString('utf8'),
        });
        return {
          response: {
            statusCode: answer.status,
            headers: { 'content-type': 'application/json', 'x-amzn-requestid': 'r-1' },
            body: Readable.from([Buffer.from(answer.body)]),
          },
        };
      },
    } as never,
  });
  if (native) {
    nativeJsonBodies(c);
  }
  return c;
}

const ARN = 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers';
const record = [
  { FeatureName: 'customer_id', ValueAsString: 'C "1" ü' },
  { FeatureName: 'preferred_categories', ValueAsStringList: ['a', 'b,c'] },
];

const cases = [
  {
    name: 'BatchWriteRecord',
    command: () =>
      new BatchWriteRecordCommand({
        Entries: [
          {
            FeatureGroupName: ARN,
            Record: record,
            TargetStores: ['OnlineStore'],
            TtlDuration: { Unit: 'Days', Value: 3 },
          },
          { FeatureGroupName: ARN, Record: record },
        ],
      }),
    answer: JSON.stringify({
      Errors: [
        {
          ErrorCode: 'ValidationError',
          ErrorMessage: 'bad',
          Entry: { FeatureGroupName: ARN, Record: record },
        },
      ],
      UnprocessedEntries: [{ FeatureGroupName: ARN, Record: record }],
    }),
  },
  {
    name: 'BatchGetRecord',
    command: () =>
      new BatchGetRecordCommand({
        Identifiers: [
          { FeatureGroupName: ARN, RecordIdentifiersValueAsString: ['C1', 'C2'], FeatureNames: ['age'] },
        ],
        ExpirationTimeResponse: 'Enabled',
      }),
    answer: JSON.stringify({
      Records: [
        {
          FeatureGroupName: ARN,
          RecordIdentifierValueAsString: 'C1',
          Record: record,
          ExpiresAt: '2026-12-01T00:00:00Z',
        },
      ],
      Errors: [],
      UnprocessedIdentifiers: [{ FeatureGroupName: ARN, RecordIdentifiersValueAsString: ['C2'] }],
    }),
  },
  {
    name: 'ListRecords',
    command: () => new ListRecordsCommand({ FeatureGroupName: ARN, MaxResults: 10, NextToken: 'abc' }),
    answer: JSON.stringify({ RecordIdentifiers: ['C1', 'C2'], NextToken: 'def' }),
  },
];

describe('native JSON bodies for the bulk operations', () => {
  it.each(cases)(
    '$name: the same request bytes and the same output as the SDK',
    async ({ command, answer }) => {
      const sdkSeen: Captured[] = [];
      const nativeSeen: Captured[] = [];
      const sdkOut = (await client({ status: 200, body: answer }, sdkSeen, false).send(
        command() as never,
      )) as object;
      const nativeOut = (await client({ status: 200, body: answer }, nativeSeen, true).send(
        command() as never,
      )) as object;
      const strip = (c: Captured) => ({
        ...c,
        headers: Object.fromEntries(
          Object.entries(c.headers).filter(
            ([k]) =>
              ![
                'x-amz-date',
                'authorization',
                'amz-sdk-invocation-id',
                'user-agent',
                'x-amz-user-agent',
              ].includes(k),
          ),
        ),
      });
      expect(nativeSeen.map(strip)).toEqual(sdkSeen.map(strip));
      expect(nativeSeen[0]?.body.length).toBeGreaterThan(10);
      expect(nativeOut).toEqual(sdkOut);
    },
  );

  it('repeated calls on one client each carry their own body and headers', async () => {
    const seen: Captured[] = [];
    const c = client({ status: 200, body: '{}' }, seen, true);
    for (const id of ['A', 'B']) {
      await c.send(
        new BatchWriteRecordCommand({
          Entries: [{ FeatureGroupName: ARN, Record: [{ FeatureName: 'customer_id', ValueAsString: id }] }],
        }) as never,
      );
    }
    expect(seen.map((r) => JSON.parse(r.body) as unknown)).toEqual([
      { Entries: [{ FeatureGroupName: ARN, Record: [{ FeatureName: 'customer_id', ValueAsString: 'A' }] }] },
      { Entries: [{ FeatureGroupName: ARN, Record: [{ FeatureName: 'customer_id', ValueAsString: 'B' }] }] },
    ]);
    expect(seen[0]?.headers.authorization).not.toBe(seen[1]?.headers.authorization);
  });

  it('an error answer is still the SDK modelled exception', async () => {
    const seen: Captured[] = [];
    const c = client(
      { status: 400, body: JSON.stringify({ __type: 'ValidationError', message: 'nope' }) },
      seen,
      true,
    );
    await expect(c.send(cases[0]?.command() as never)).rejects.toMatchObject({
      name: 'ValidationError',
      $metadata: { httpStatusCode: 400 },
    });
  });
});
