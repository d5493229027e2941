// The lean Feature Store transport against `fshare sandbox serve` (which verifies SigV4): reads
// and writes succeed, and a denial is the same fshare error as the SDK path's, from one request.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toFshareError } from '../../src/aws/errors.js';
import { leanAndSdkPorts, type PortPair } from '../helpers/lean-ports.js';
import { startServed, type Served } from '../conformance/serve-harness.js';
import { runCli } from '../helpers/run-cli.js';

const ARN = 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers';
let served: Served;
let proxy: Server;
let proxyUrl: string;
let wire = 0;

beforeAll(async () => {
  served = await startServed();
  // Counts the requests that reach the sandbox.
  const target = new URL(served.url);
  proxy = createServer((req, res) => {
    wire++;
    const out = request(
      {
        hostname: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(out);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await served.stop();
});

function ports(profile: string): PortPair {
  const keys = served.credentials(profile);
  const credentials = { accessKeyId: keys.AWS_ACCESS_KEY_ID, secretAccessKey: keys.AWS_SECRET_ACCESS_KEY };
  return leanAndSdkPorts(proxyUrl, credentials, 3);
}

describe('lean transport against the served sandbox', { timeout: 60_000 }, () => {
  it('GetRecord and BatchWriteRecord are accepted (signature verified) and read back', async () => {
    const { lean } = ports('owner');
    const got = await lean.getRecord({ FeatureGroupName: ARN, RecordIdentifierValueAsString: 'C0001' });
    expect(got.Record?.find((v) => v.FeatureName === 'customer_id')?.ValueAsString).toBe('C0001');
    const written = await lean.batchWriteRecord({
      Entries: [
        {
          FeatureGroupName: ARN,
          Record: [
            { FeatureName: 'customer_id', ValueAsString: 'LEAN-1' },
            { FeatureName: 'event_time', ValueAsString: '1767225600' },
            { FeatureName: 'segment', ValueAsString: 'written "lean" ü' },
          ],
        },
      ],
    });
    expect(written.Errors ?? []).toEqual([]);
    const back = await lean.getRecord({
      FeatureGroupName: ARN,
      RecordIdentifierValueAsString: 'LEAN-1',
      FeatureNames: ['segment'],
    });
    expect(back.Record).toEqual([{ FeatureName: 'segment', ValueAsString: 'written "lean" ü' }]);
  });

  it('ListRecords, BatchGetRecord, PutRecord and DeleteRecord answer as through the SDK port', async () => {
    const { lean, sdk } = ports('owner');
    const strip = (out: object) => ({ ...out, $metadata: undefined });
    const page = { FeatureGroupName: ARN, MaxResults: 3 };
    const [leanPage, sdkPage] = [await lean.listRecords(page), await sdk.listRecords(page)];
    expect(strip(leanPage)).toEqual(strip(sdkPage));
    const ids = leanPage.RecordIdentifiers ?? [];
    expect(ids.length).toBe(3);
    const batch = {
      Identifiers: [{ FeatureGroupName: ARN, RecordIdentifiersValueAsString: [...ids, 'NO-SUCH'] }],
    };
    const [leanBatch, sdkBatch] = [await lean.batchGetRecord(batch), await sdk.batchGetRecord(batch)];
    expect(strip(leanBatch)).toEqual(strip(sdkBatch));
    expect(leanBatch.Records?.length).toBe(3);
    const record = [
      { FeatureName: 'customer_id', ValueAsString: 'LEAN-2' },
      { FeatureName: 'event_time', ValueAsString: '1767225600' },
    ];
    await lean.putRecord({ FeatureGroupName: ARN, Record: record });
    const got = await sdk.getRecord({ FeatureGroupName: ARN, RecordIdentifierValueAsString: 'LEAN-2' });
    expect(got.Record?.length).toBe(2);
    await lean.deleteRecord({
      FeatureGroupName: ARN,
      RecordIdentifierValueAsString: 'LEAN-2',
      EventTime: '1767225601',
      DeletionMode: 'HardDelete',
    });
    const gone = await sdk.getRecord({ FeatureGroupName: ARN, RecordIdentifierValueAsString: 'LEAN-2' });
    expect(gone.Record ?? []).toEqual([]);
  });

  it('a denial is the SDK path’s fshare error, with exactly one request on the wire', async () => {
    const { lean, sdk } = ports('consumer');
    const input = { FeatureGroupName: ARN, RecordIdentifierValueAsString: 'C0001' };
    wire = 0;
    const leanError = await lean.getRecord(input).catch((e: unknown) => e);
    expect(wire).toBe(1);
    const sdkError = await sdk.getRecord(input).catch((e: unknown) => e);
    const mapped = [toFshareError(leanError), toFshareError(sdkError)];
    expect(mapped[0]?.code).toBe('FSHARE_AWS_ACCESS_DENIED');
    expect([mapped[0]?.code, mapped[0]?.exitCode, (leanError as Error).name]).toEqual([
      mapped[1]?.code,
      mapped[1]?.exitCode,
      (sdkError as Error).name,
    ]);
  });

  it('fshare get-record over HTTP: the same output and error as the SDK path (--debug)', async () => {
    // --endpoint-url, not AWS_ENDPOINT_URL: in-process, the SDK reads process.env, not this env.
    const env = { ...served.clientEnv('owner'), FSHARE_HOME: served.home };
    const at = ['--endpoint-url', served.url];
    const lean = await runCli([...at, 'get-record', '111111111111/customers', 'C0002', '-o', 'json'], {
      env,
    });
    const sdk = await runCli(
      [...at, '--debug', 'get-record', '111111111111/customers', 'C0002', '-o', 'json'],
      {
        env,
      },
    );
    expect(lean.code, lean.stderr).toBe(0);
    expect(lean.stdout).toBe(sdk.stdout);
    expect(lean.json<{ customer_id: string }>().customer_id).toBe('C0002');
    const denied = { ...served.clientEnv('consumer'), FSHARE_HOME: served.home };
    const a = await runCli([...at, 'get-record', '111111111111/customers', 'C0002', '-o', 'json'], {
      env: denied,
    });
    const b = await runCli(
      [...at, '--debug', 'get-record', '111111111111/customers', 'C0002', '-o', 'json'],
      {
        env: denied,
      },
    );
    const codeOf = (stderr: string) =>
      /"code":\s*"([A-Z_]+)"/.exec(stderr)?.[1] ?? /FSHARE_[A-Z_]+/.exec(stderr)?.[0];
    expect(a.code).not.toBe(0);
    expect([a.code, codeOf(a.stderr)]).toEqual([b.code, codeOf(b.stderr)]);
  });
});
