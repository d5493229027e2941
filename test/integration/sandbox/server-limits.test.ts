/**
 * The server judges a request by its headers before it reads the body: unsigned or unknown-key
 * requests are refused unread, bodies are capped per service (413), and a made-up session token
 * with a long-term key is an invalid token, as AWS answers.
 */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetResourceSharesCommand, RAMClient } from '@aws-sdk/client-ram';
import {
  PutRecordCommand,
  SageMakerFeatureStoreRuntimeClient,
} from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initSandbox, storeFile } from '../../../src/sandbox/admin.js';
import { closeSharedStores, sandboxClientConfig } from '../../../src/sandbox/client-config.js';
import { startServer, type RunningServer } from '../../../src/sandbox/server.js';
import { startServed, type Served } from '../../conformance/serve-harness.js';

const MIB = 1024 * 1024;

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Bytes of the body the client had written when the answer came. */
  sent: number;
}

/** POSTs `total` bytes in 1 MiB chunks, stopping as soon as the server answers. */
function postLarge(url: string, headers: Record<string, string>, total: number): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(`${url}/`, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(total) },
    });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sent });
        req.destroy();
      });
    });
    req.on('error', (error) => {
      if (!answered) {
        reject(error);
      }
    });
    const chunk = Buffer.alloc(MIB, 0x61);
    const pump = (): void => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (sent >= total) {
        req.end();
      }
    };
    pump();
  });
}

function peakRssKib(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

describe('a served sandbox under a 100 MB unauthenticated POST', () => {
  let served: Served;
  beforeAll(async () => {
    served = await startServed();
  }, 60_000);
  afterAll(async () => {
    await served.stop();
  });

  it('answers MissingAuthenticationTokenException without reading the body, and its peak RSS stays flat', async () => {
    const before = peakRssKib(served.pid);
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        postLarge(
          served.url,
          { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'SageMaker.Search' },
          100 * MIB,
        ),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
      expect(answer.sent).toBeLessThan(100 * MIB);
    }
    const after = peakRssKib(served.pid);
    // Three bodies read into memory would add at least 300 MiB; allow noise well below one.
    expect(after - before).toBeLessThan(40 * 1024);
  }, 60_000);
});

describe('an in-process server', () => {
  let home: string;
  let server: RunningServer;

  beforeEach(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
    initSandbox(home, { orgSharing: false, force: false });
    server = await startServer({ storeFile: storeFile(home), host: '127.0.0.1', port: 0, faults: undefined });
  });
  afterEach(async () => {
    await server.close();
    closeSharedStores();
    fs.rmSync(home, { recursive: true, force: true });
  });

  async function config(profile: string, sessionToken?: string) {
    const cfg = await sandboxClientConfig({ profile, endpointUrl: server.url, env: { FSHARE_HOME: home } });
    return {
      region: cfg.region,
      endpoint: cfg.endpoint,
      credentials: { ...cfg.credentials, ...(sessionToken === undefined ? {} : { sessionToken }) },
      maxAttempts: 1,
    };
  }

  it('refuses a made-up session token with a long-term key: InvalidClientTokenId (STS), UnrecognizedClientException (JSON)', async () => {
    const sts = new STSClient(await config('consumer', 'FwoGZXIvYXdzEMadeUpToken'));
    const stsError = await sts.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
    expect(stsError).toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
    const ram = new RAMClient(await config('owner', 'made-up'));
    const ramError = await ram
      .send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }))
      .catch((e: unknown) => e);
    expect(ramError).toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 403 },
    });
    // The same key without a token is fine.
    const who = await new STSClient(await config('consumer')).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe('222222222222');
  });

  it('caps the Feature Store runtime body: 413 over the cap, the service’s own validation under it', async () => {
    const runtime = new SageMakerFeatureStoreRuntimeClient(await config('owner'));
    const record = (size: number) => [
      { FeatureName: 'customer_id', ValueAsString: 'C9' },
      { FeatureName: 'event_time', ValueAsString: '2026-01-01T00:00:00Z' },
      { FeatureName: 'segment', ValueAsString: 'x'.repeat(size) },
    ];
    const tooLarge = await runtime
      .send(new PutRecordCommand({ FeatureGroupName: 'customers', Record: record(11 * MIB) }))
      .catch((e: unknown) => e);
    expect(tooLarge).toMatchObject({
      name: 'RequestEntityTooLargeException',
      $metadata: { httpStatusCode: 413 },
    });
    const overRecordLimit = await runtime
      .send(new PutRecordCommand({ FeatureGroupName: 'customers', Record: record(400 * 1024) }))
      .catch((e: unknown) => e);
    expect(overRecordLimit).toMatchObject({ name: 'ValidationError' });
  });

  it('caps a JSON control-plane body at 1 MiB even when signed', async () => {
    const ram = new RAMClient(await config('owner'));
    const error = await ram
      .send(new GetResourceSharesCommand({ resourceOwner: 'SELF', name: 'n'.repeat(2 * MIB) }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 413 } });
  });
});
