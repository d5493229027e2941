// The lean signer against @smithy/signature-v4 (the SDK's own), and the lean requests against
// what the SDK's REST-JSON serialiser builds for the same inputs: path, query and body.
import {
  BatchGetRecordCommand,
  BatchWriteRecordCommand,
  DeleteRecordCommand,
  GetRecordCommand,
  ListRecordsCommand,
  PutRecordCommand,
  SageMakerFeatureStoreRuntimeClient,
} from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leanCall } from '../../../src/aws/lean/feature-store.js';
import { canonicalQuery, signRequest, type StaticCredentials } from '../../../src/aws/lean/sigv4.js';

class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: string | Uint8Array) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(data: string | Uint8Array): void {
    this.h.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
}

const NOW = new Date('2026-12-02T01:59:18.123Z');
const KEYS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

interface Case {
  name: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: string | undefined;
  credentials: StaticCredentials;
  region: string;
  headers?: Record<string, string>;
}

const CASES: Case[] = [
  {
    name: 'GET with reserved characters, a repeated key and a session token',
    method: 'GET',
    path: '/FeatureGroup/arn%3Aaws%3Asagemaker%3Aus-east-1%3A111111111111%3Afeature-group%2Fcustomers',
    query: { RecordIdentifierValueAsString: "a b/c?&=é!'()*~", FeatureName: ['z', 'a b', 'A'] },
    body: undefined,
    credentials: { ...KEYS, sessionToken: 'FwoGZXIvYXdzE//token+with/slashes=' },
    region: 'us-east-1',
  },
  {
    name: 'PUT with a JSON body (non-ASCII) and content headers',
    method: 'PUT',
    path: '/FeatureGroup/customers',
    query: {},
    body: JSON.stringify({ Record: [{ FeatureName: 'n', ValueAsString: 'ü "q" \u2028' }] }),
    credentials: KEYS,
    region: 'eu-west-2',
    headers: { 'content-type': 'application/json' },
  },
  {
    name: 'POST with an empty body under a path prefix',
    method: 'POST',
    path: '/prefix/./a/../BatchGetRecord',
    query: { Empty: '', 'key with space': 'v' },
    body: '',
    credentials: KEYS,
    region: 'ap-southeast-2',
    headers: { 'content-type': 'application/json', 'x-amz-user-agent': 'fshare/0.1.0   two  spaces' },
  },
];

describe('lean SigV4', () => {
  it.each(CASES)('matches @smithy/signature-v4: $name', async (c) => {
    const host = 'featurestore-runtime.sagemaker.example.com:8443';
    const headers = { ...(c.headers ?? {}) };
    if (c.body !== undefined) {
      headers['content-length'] = String(Buffer.byteLength(c.body));
    }
    const lean = signRequest(
      { method: c.method, host, path: c.path, query: c.query, headers, body: c.body },
      c.credentials,
      c.region,
      'sagemaker',
      NOW,
    );
    const smithy = new SignatureV4({
      service: 'sagemaker',
      region: c.region,
      credentials: {
        accessKeyId: c.credentials.accessKeyId,
        secretAccessKey: c.credentials.secretAccessKey,
        ...(c.credentials.sessionToken ? { sessionToken: c.credentials.sessionToken } : {}),
      },
      sha256: Sha256 as never,
    });
    const signed = await smithy.sign(
      {
        method: c.method,
        protocol: 'https:',
        hostname: 'featurestore-runtime.sagemaker.example.com',
        port: 8443,
        path: c.path,
        query: c.query,
        headers: { ...headers, host, 'user-agent': 'not signed' },
        ...(c.body === undefined ? {} : { body: c.body }),
      },
      { signingDate: NOW },
    );
    expect(lean.authorization).toBe(signed.headers.authorization);
    expect(lean['x-amz-date']).toBe(signed.headers['x-amz-date']);
    expect(lean['x-amz-content-sha256']).toBe(signed.headers['x-amz-content-sha256']);
    expect(lean['x-amz-security-token']).toBe(signed.headers['x-amz-security-token']);
  });

  it('a different secret, day or region gives a different signature (the derived-key cache is keyed)', () => {
    const req = { method: 'GET', host: 'h', path: '/', query: {}, headers: {}, body: undefined };
    const base = signRequest(req, KEYS, 'us-east-1', 'sagemaker', NOW).authorization;
    expect(
      signRequest(req, { ...KEYS, secretAccessKey: 'other' }, 'us-east-1', 'sagemaker', NOW).authorization,
    ).not.toBe(base);
    expect(signRequest(req, KEYS, 'us-east-2', 'sagemaker', NOW).authorization).not.toBe(base);
    expect(
      signRequest(req, KEYS, 'us-east-1', 'sagemaker', new Date('2026-12-03T01:59:18Z')).authorization,
    ).not.toBe(base);
    expect(signRequest(req, KEYS, 'us-east-1', 'sagemaker', NOW).authorization).toBe(base);
  });
});

interface Seen {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: string | undefined;
}

async function sdkRequest(command: unknown): Promise<Seen> {
  let seen: Seen | undefined;
  const client = new SageMakerFeatureStoreRuntimeClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: KEYS,
    maxAttempts: 1,
    requestHandler: {
      handle: (request: {
        method: string;
        path: string;
        query: Record<string, string | string[]>;
        body?: unknown;
      }) => {
        const b = request.body;
        seen = {
          method: request.method,
          path: request.path,
          query: request.query,
          body:
            b === undefined
              ? undefined
              : typeof b === 'string'
                ? b
                : Buffer.from(b as Uint8Array).toString('utf8'),
        };
        return Promise.resolve({ response: { statusCode: 200, headers: {}, body: new Uint8Array() } });
      },
    } as never,
  });
  await client.send(command as never);
  if (!seen) {
    throw new Error('no request');
  }
  return seen;
}

const ARN = 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers';
const RECORD = [
  { FeatureName: 'customer_id', ValueAsString: 'C "1" ü' },
  { FeatureName: 'tags', ValueAsStringList: ['a', 'b,c'] },
];

const OPS = [
  [
    'getRecord',
    GetRecordCommand,
    { FeatureGroupName: ARN, RecordIdentifierValueAsString: 'a b/c?&=é', FeatureNames: ['x', 'y'] },
  ],
  [
    'getRecord',
    GetRecordCommand,
    { FeatureGroupName: 'g', RecordIdentifierValueAsString: '1', ExpirationTimeResponse: 'Enabled' },
  ],
  [
    'putRecord',
    PutRecordCommand,
    {
      FeatureGroupName: ARN,
      Record: RECORD,
      TargetStores: ['OnlineStore'],
      TtlDuration: { Unit: 'Days', Value: 3 },
    },
  ],
  [
    'deleteRecord',
    DeleteRecordCommand,
    {
      FeatureGroupName: ARN,
      RecordIdentifierValueAsString: 'C1',
      EventTime: '2026-01-01T00:00:00Z',
      TargetStores: ['OnlineStore', 'OfflineStore'],
      DeletionMode: 'HardDelete',
    },
  ],
  [
    'batchGetRecord',
    BatchGetRecordCommand,
    {
      Identifiers: [
        { FeatureGroupName: ARN, RecordIdentifiersValueAsString: ['1', '2'], FeatureNames: ['a'] },
      ],
      ExpirationTimeResponse: 'Disabled',
    },
  ],
  ['batchWriteRecord', BatchWriteRecordCommand, { Entries: [{ FeatureGroupName: ARN, Record: RECORD }] }],
  ['listRecords', ListRecordsCommand, { FeatureGroupName: ARN, MaxResults: 5, NextToken: 't/+=' }],
] as const;

describe('lean requests are the SDK’s', () => {
  it.each(OPS)('%s builds the SDK’s method, path, query and body', async (op, Command, input) => {
    const sdk = await sdkRequest(new (Command as new (i: unknown) => unknown)(input));
    const lean = leanCall(op, input as Record<string, unknown>);
    expect(lean.method).toBe(sdk.method);
    expect(lean.path).toBe(sdk.path.replace(/^\/$/, ''));
    expect(canonicalQuery(lean.query)).toBe(canonicalQuery(sdk.query));
    expect(lean.body === undefined ? undefined : JSON.parse(lean.body)).toEqual(
      sdk.body === undefined || sdk.body === '' ? undefined : JSON.parse(sdk.body),
    );
  });
});
