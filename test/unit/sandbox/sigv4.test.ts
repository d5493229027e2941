import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import {
  isFailure,
  parseRawQuery,
  sha256Hex,
  verifySigV4,
  type SignedRequest,
} from '../../../src/sandbox/wire/sigv4.js';

const AKID = 'AKIATESTTESTTEST1234';
const SECRET = 'test/secret+key=abcdefghijklmnopqrstuv';
const NOW = new Date('2026-03-01T12:00:00Z');

async function signed(
  options: {
    body?: string;
    path?: string;
    query?: Record<string, string | string[]>;
    service?: string;
    date?: Date;
    secret?: string;
    contentHash?: boolean;
  } = {},
): Promise<SignedRequest> {
  const body = options.body ?? '{"name":"x"}';
  const headers: Record<string, string> = {
    host: '127.0.0.1:4566',
    'content-type': 'application/json',
    'user-agent': 'aws-sdk-js/3 test',
  };
  if (options.contentHash !== false) {
    headers['x-amz-content-sha256'] = sha256Hex(Buffer.from(body));
  }
  const request = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4566,
    path: options.path ?? '/createresourceshare',
    query: options.query ?? {},
    headers,
    body,
  });
  const signer = new SignatureV4({
    service: options.service ?? 'ram',
    region: 'us-east-1',
    sha256: Sha256,
    credentials: { accessKeyId: AKID, secretAccessKey: options.secret ?? SECRET },
  });
  const out = await signer.sign(request, { signingDate: options.date ?? NOW });
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(out.headers)) {
    lower[k.toLowerCase()] = v;
  }
  const rawQuery = Object.entries(options.query ?? {})
    .flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`),
    )
    .join('&');
  return { method: 'POST', rawPath: out.path, rawQuery, headers: lower, body: Buffer.from(body) };
}

const verify = (req: SignedRequest, now = NOW) =>
  verifySigV4(req, { secretFor: (akid) => (akid === AKID ? SECRET : undefined), now });

describe('verifySigV4', () => {
  it('accepts a request signed with the right secret', async () => {
    const result = await verify(await signed());
    expect(isFailure(result)).toBe(false);
    if (!isFailure(result)) {
      expect(result.auth).toMatchObject({ accessKeyId: AKID, region: 'us-east-1', service: 'ram' });
    }
  });

  it('accepts an encoded ARN in the path and repeated query parameters', async () => {
    const req = await signed({
      service: 'sagemaker',
      path: '/FeatureGroup/arn%3Aaws%3Asagemaker%3Aus-east-1%3A111111111111%3Afeature-group%2Fcustomers',
      query: { RecordIdentifierValueAsString: 'c 1/+', FeatureName: ['a', 'b'] },
      body: '',
    });
    expect(isFailure(await verify(req))).toBe(false);
  });

  it('accepts a request that does not send x-amz-content-sha256 (botocore)', async () => {
    expect(isFailure(await verify(await signed({ contentHash: false })))).toBe(false);
  });

  const rejections: [string, () => Promise<SignedRequest>, string][] = [
    ['a wrong secret', () => signed({ secret: 'wrong-secret' }), 'bad-signature'],
    [
      'a tampered body with the original content hash',
      async () => ({ ...(await signed()), body: Buffer.from('{"name":"y"}') }),
      'bad-signature',
    ],
    [
      'a tampered body with a matching content hash',
      async () => {
        const req = await signed();
        const body = Buffer.from('{"name":"y"}');
        return { ...req, body, headers: { ...req.headers, 'x-amz-content-sha256': sha256Hex(body) } };
      },
      'bad-signature',
    ],
    [
      'a tampered signed header',
      async () => {
        const req = await signed();
        return { ...req, headers: { ...req.headers, 'content-type': 'text/plain' } };
      },
      'bad-signature',
    ],
    [
      'a request signed 6 minutes ago',
      () => signed({ date: new Date(NOW.getTime() - 6 * 60_000) }),
      'expired',
    ],
    [
      'a request signed 6 minutes ahead',
      () => signed({ date: new Date(NOW.getTime() + 6 * 60_000) }),
      'expired',
    ],
    [
      'an unknown access key',
      async () => {
        const req = await signed();
        const authorization = (req.headers.authorization ?? '').replace(AKID, 'AKIAUNKNOWNUNKNOWN12');
        return { ...req, headers: { ...req.headers, authorization } };
      },
      'unknown-key',
    ],
    [
      'no Authorization header',
      async () => {
        const req = await signed();
        const { authorization: _a, ...headers } = req.headers;
        return { ...req, headers };
      },
      'missing',
    ],
  ];

  it.each(rejections)('rejects %s', async (_name, make, kind) => {
    const result = await verify(await make());
    expect(isFailure(result)).toBe(true);
    expect(isFailure(result) ? result.kind : 'ok').toBe(kind);
  });

  it('accepts a request signed 4 minutes ago (within the skew)', async () => {
    const result = await verify(await signed({ date: new Date(NOW.getTime() - 4 * 60_000) }));
    expect(isFailure(result)).toBe(false);
  });
});

describe('parseRawQuery', () => {
  it('decodes percent-escapes, keeps + and lists repeated keys', () => {
    expect(parseRawQuery('a=1&FeatureName=x&FeatureName=y%2Fz&p=a+b&empty')).toEqual({
      a: '1',
      FeatureName: ['x', 'y/z'],
      p: 'a+b',
      empty: '',
    });
  });
});
