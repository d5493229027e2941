// The lean Feature Store port against the SDK port, on the same local HTTP answers: the same
// outputs for 2xx, the same errors (class, code, $metadata, fshare mapping) and the same number of
// requests on the wire for everything else, and nothing sent after an abort.
import { AccessForbidden, ResourceNotFound } from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toFshareError } from '../../../src/aws/errors.js';
import type { FeatureStorePort } from '../../../src/aws/ports.js';
import { leanAndSdkPorts, type PortPair } from '../../helpers/lean-ports.js';

type Answer = (req: IncomingMessage, res: ServerResponse, n: number) => void;
let server: Server;
let url: string;
let answer: Answer = (_req, res) => res.end('{}');
let requests: { method: string; url: string; authorization: string; amzDate: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization ?? '',
      amzDate: String(req.headers['x-amz-date'] ?? ''),
    });
    req.resume();
    req.on('end', () => answer(req, res, requests.length));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

function ports(endpoint = url, maxAttempts = 1): PortPair {
  return leanAndSdkPorts(endpoint, credentials, maxAttempts);
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': 'req-1', ...headers });
    res.end(JSON.stringify(body));
  };
}

/** What a caller can observe of an error: its class, AWS code, metadata and fshare mapping. */
function shape(error: unknown) {
  const e = error as {
    constructor: { name: string };
    name: string;
    message: string;
    $fault?: string;
    code?: string;
    $metadata?: Record<string, unknown>;
  };
  const { totalRetryDelay: _delay, ...metadata } = e.$metadata ?? {};
  const mapped = toFshareError(error);
  return {
    class: e.constructor.name,
    name: e.name,
    message: e.message,
    fault: e.$fault,
    code: e.code,
    metadata,
    fshare: mapped.code,
    exit: mapped.exitCode,
  };
}

async function both(call: (p: FeatureStorePort) => Promise<unknown>, maxAttempts = 1) {
  const { lean, sdk } = ports(url, maxAttempts);
  requests = [];
  const leanOut = await call(lean).then(
    (v) => ({ ok: v }),
    (e: unknown) => ({ error: e }),
  );
  const leanRequests = requests.length;
  requests = [];
  const sdkOut = await call(sdk).then(
    (v) => ({ ok: v }),
    (e: unknown) => ({ error: e }),
  );
  return { leanOut, sdkOut, leanRequests, sdkRequests: requests.length };
}

const GET = {
  FeatureGroupName: 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers',
  RecordIdentifierValueAsString: 'C1',
};

describe('lean Feature Store port', () => {
  it('reads a 2xx answer as the SDK does, $metadata included', async () => {
    answer = json(200, {
      Record: [
        { FeatureName: 'customer_id', ValueAsString: 'C1' },
        { FeatureName: 'l', ValueAsStringList: ['a'] },
      ],
      ExpiresAt: '2027-01-01T00:00:00Z',
    });
    const r = await both((p) => p.getRecord(GET));
    expect(r.leanOut).toEqual(r.sdkOut);
    expect(r.leanRequests).toBe(1);
    answer = json(200, { Errors: [], UnprocessedEntries: [] });
    const w = await both((p) =>
      p.batchWriteRecord({
        Entries: [{ FeatureGroupName: 'g', Record: [{ FeatureName: 'a', ValueAsString: '1' }] }],
      }),
    );
    expect(w.leanOut).toEqual(w.sdkOut);
    answer = (_req, res) => res.writeHead(200, { 'x-amzn-requestid': 'req-2' }).end();
    const put = await both((p) =>
      p.putRecord({ FeatureGroupName: 'g', Record: [{ FeatureName: 'a', ValueAsString: '1' }] }),
    );
    expect(put.leanOut).toEqual(put.sdkOut);
  });

  it('a 2xx answer that is not JSON fails as the SDK’s deserialiser does', async () => {
    answer = (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('<html>proxy</html>');
    const r = await both((p) => p.getRecord(GET));
    expect('error' in r.leanOut).toBe(true);
    expect(shape('error' in r.leanOut && r.leanOut.error)).toEqual(
      shape('error' in r.sdkOut && r.sdkOut.error),
    );
    expect(r.leanRequests).toBe(1);
  });

  it('a denial is the SDK’s modelled exception, from the one request already sent', async () => {
    answer = json(
      403,
      { message: 'User is not authorized' },
      { 'x-amzn-errortype': 'AccessForbidden:http://internal.amazon.com/' },
    );
    const r = await both((p) => p.getRecord(GET), 3);
    expect('error' in r.leanOut && r.leanOut.error).toBeInstanceOf(AccessForbidden);
    expect(shape('error' in r.leanOut && r.leanOut.error)).toEqual(
      shape('error' in r.sdkOut && r.sdkOut.error),
    );
    expect([r.leanRequests, r.sdkRequests]).toEqual([1, 1]);
  });

  it('a missing group, and an unmodelled AccessDeniedException, map as the SDK’s do', async () => {
    answer = json(404, { message: 'Resource not found' }, { 'x-amzn-errortype': 'ResourceNotFound' });
    const r = await both((p) => p.getRecord(GET));
    expect('error' in r.leanOut && r.leanOut.error).toBeInstanceOf(ResourceNotFound);
    expect(shape('error' in r.leanOut && r.leanOut.error)).toEqual(
      shape('error' in r.sdkOut && r.sdkOut.error),
    );
    answer = json(400, { __type: 'AccessDeniedException', message: 'denied' });
    const d = await both((p) => p.deleteRecord({ ...GET, EventTime: '1' }));
    expect(shape('error' in d.leanOut && d.leanOut.error)).toEqual(
      shape('error' in d.sdkOut && d.sdkOut.error),
    );
    expect(shape('error' in d.leanOut && d.leanOut.error).fshare).toBe('FSHARE_AWS_ACCESS_DENIED');
  });

  it('a throttle is retried by the SDK exactly as often as without the lean path', async () => {
    answer = json(400, { message: 'slow down' }, { 'x-amzn-errortype': 'ThrottlingException' });
    const r = await both((p) => p.getRecord(GET), 2);
    expect(shape('error' in r.leanOut && r.leanOut.error)).toEqual(
      shape('error' in r.sdkOut && r.sdkOut.error),
    );
    expect(shape('error' in r.leanOut && r.leanOut.error).fshare).toBe('FSHARE_AWS_THROTTLED');
    expect([r.leanRequests, r.sdkRequests]).toEqual([2, 2]);
    // Throttled once, then answered: the SDK's retry returns the record, with attempts 2.
    const ok = json(200, { Record: [{ FeatureName: 'a', ValueAsString: '1' }] });
    const throttle = answer;
    let calls = 0;
    answer = (req, res, n) => (++calls % 2 === 1 ? throttle(req, res, n) : ok(req, res, n));
    const again = await both((p) => p.getRecord(GET), 3);
    // The retry's delay is jittered: everything but its length must match.
    const noDelay = (out: unknown) =>
      JSON.parse(
        JSON.stringify(out, (k, v: unknown) => (k === 'totalRetryDelay' ? undefined : v)),
      ) as unknown;
    expect(noDelay(again.leanOut)).toEqual(noDelay(again.sdkOut));
    const leanOk =
      'ok' in again.leanOut ? (again.leanOut.ok as { $metadata: { attempts: number } }) : undefined;
    expect(leanOk?.$metadata.attempts).toBe(2);
  });

  it('a refused connection is the SDK’s network error (bulk engines pass maxAttempts 1)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const dead = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const { lean, sdk } = ports(dead, 1);
    const leanError = await lean.getRecord(GET).catch((e: unknown) => e);
    const sdkError = await sdk.getRecord(GET).catch((e: unknown) => e);
    expect(shape(leanError)).toEqual(shape(sdkError));
    expect(shape(leanError).fshare).toBe('FSHARE_NETWORK');
  });

  it('an abort before the call sends nothing; during it, nothing more; both are AbortError', async () => {
    answer = json(200, { Record: [] });
    const { lean, sdk } = ports();
    requests = [];
    const before = new AbortController();
    before.abort();
    const leanError = await lean.getRecord(GET, { abortSignal: before.signal }).catch((e: unknown) => e);
    const sdkError = await sdk.getRecord(GET, { abortSignal: before.signal }).catch((e: unknown) => e);
    expect(requests).toHaveLength(0);
    expect((leanError as Error).name).toBe('AbortError');
    expect(toFshareError(leanError).code).toBe(toFshareError(sdkError).code);

    let arrived!: () => void;
    const received = new Promise<void>((resolve) => (arrived = resolve));
    answer = () => arrived(); // never answers
    const during = new AbortController();
    const pending = lean
      .batchGetRecord({ Identifiers: [] }, { abortSignal: during.signal })
      .catch((e: unknown) => e);
    await received;
    during.abort();
    const error = await pending;
    expect((error as Error).name).toBe('AbortError');
    expect(toFshareError(error).code).toBe('FSHARE_INTERRUPTED');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).toHaveLength(1);
  });

  it.skipIf(spawnSync('openssl', ['version']).status !== 0)(
    'an https endpoint goes over TLS; a certificate it cannot trust fails as the SDK’s does',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-lean-tls-'));
      const [key, cert] = [path.join(dir, 'k.pem'), path.join(dir, 'c.pem')];
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          key,
          '-out',
          cert,
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
        ],
        { stdio: 'ignore' },
      );
      let seen = 0;
      const tls = createHttpsServer(
        { key: fs.readFileSync(key), cert: fs.readFileSync(cert) },
        (_req, res) => {
          seen++;
          res.end('{}');
        },
      );
      await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
      try {
        const { lean, sdk } = ports(`https://localhost:${(tls.address() as AddressInfo).port}`, 1);
        const leanError = await lean.getRecord(GET).catch((e: unknown) => e);
        const sdkError = await sdk.getRecord(GET).catch((e: unknown) => e);
        expect(shape(leanError).code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
        expect(shape(leanError)).toEqual(shape(sdkError));
        expect(seen).toBe(0);
      } finally {
        tls.closeAllConnections();
        await new Promise((resolve) => tls.close(resolve));
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('after an answer whose Date is an hour ahead, the next request is signed at the server’s time, as the SDK’s', async () => {
    const ahead = (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        date: new Date(Date.now() + 3_600_000).toUTCString(),
      });
      res.end('{}');
    };
    answer = ahead;
    const hourOf = (amzDate: string) => amzDate.slice(0, 11); // 20261202T03
    const r = await both(async (p) => {
      await p.getRecord(GET);
      await p.getRecord(GET);
    });
    expect('ok' in r.leanOut && 'ok' in r.sdkOut).toBe(true);
    expect(requests).toHaveLength(2); // the SDK's two, after the lean port's two
    const sdkSecond = requests[1]?.amzDate ?? '';
    requests = [];
    const { lean } = ports();
    await lean.getRecord(GET);
    await lean.getRecord(GET);
    const [first, second] = requests.map((q) => q.amzDate);
    expect(hourOf(second ?? '')).toBe(hourOf(sdkSecond));
    expect(hourOf(second ?? '')).not.toBe(hourOf(first ?? ''));
  });
});
