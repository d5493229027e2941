// GetRecord server time and PutRecord throughput of the sandbox (issue 3's performance bar):
//  1. server time of GetRecord for a seeded record: the sandbox's request handler timed around
//     the whole server-side path (SigV4 check, routing, authorisation, SQLite read, serialisation,
//     CloudTrail recording), called by the real SDK client, without the socket;
//  2. GetRecord round trip over HTTP against `fshare sandbox serve` (an upper bound on server time);
//  3. 1,000 PutRecord calls at concurrency 16 against `fshare sandbox serve`: errors and wall time.
// Usage: npm run build && node bench/sandbox-getrecord.mjs [--json]
import http from 'node:http';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import {
  GetRecordCommand,
  PutRecordCommand,
  SageMakerFeatureStoreRuntimeClient,
} from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ROOT, fshareSync, sandboxCredentials, startServer, tempHome } from './lib.mjs';

const GET_WARMUP = 100;
const GET_RUNS = 2000;
const HTTP_GET_RUNS = 500;
const PUTS = 1000;
const CONCURRENCY = 16;

function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1], runs: sorted.length };
}

const round = (stats) =>
  Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, k === 'runs' ? v : Number(v.toFixed(3))]));

/** Bundles the sandbox's in-process pieces from src/ so this script can call them under plain node. */
async function loadSandboxModule() {
  const dir = join(ROOT, 'node_modules', '.cache', 'fshare-bench');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'sandbox-in-process.mjs');
  await build({
    stdin: {
      contents: "export { sandboxClientConfig, closeSharedStores } from './src/sandbox/client-config.ts';",
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    external: ['better-sqlite3', '@aws-sdk/*', '@smithy/*', '@aws-crypto/*'],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return import(outfile);
}

async function serverTimeInProcess(home) {
  const sandbox = await loadSandboxModule();
  const config = await sandbox.sandboxClientConfig({
    profile: 'owner',
    endpointUrl: undefined,
    env: { FSHARE_HOME: home },
  });
  const inner = config.requestHandler;
  const samples = [];
  const timed = {
    ...inner,
    async handle(request, options) {
      const t0 = process.hrtime.bigint();
      const result = await inner.handle(request, options);
      samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
      return result;
    },
    updateHttpClientConfig: inner.updateHttpClientConfig.bind(inner),
    httpHandlerConfigs: inner.httpHandlerConfigs.bind(inner),
    destroy: inner.destroy.bind(inner),
  };
  const client = new SageMakerFeatureStoreRuntimeClient({
    region: config.region,
    endpoint: config.endpoint,
    credentials: config.credentials,
    requestHandler: timed,
    maxAttempts: 1,
  });
  for (let i = 0; i < GET_WARMUP + GET_RUNS; i++) {
    const id = `C${String((i % 300) + 1).padStart(4, '0')}`;
    const out = await client.send(
      new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: id }),
    );
    if (!out.Record) {
      throw new Error(`seeded record ${id} not found`);
    }
  }
  const getSamples = samples.splice(0, samples.length).slice(GET_WARMUP);
  for (let i = 0; i < GET_RUNS; i++) {
    await client.send(
      new PutRecordCommand({
        FeatureGroupName: 'customers',
        Record: [
          { FeatureName: 'customer_id', ValueAsString: `I${String(i).padStart(5, '0')}` },
          { FeatureName: 'event_time', ValueAsString: String(1_760_000_000 + i) },
          { FeatureName: 'preferred_categories', ValueAsStringList: ['books'] },
        ],
      }),
    );
  }
  sandbox.closeSharedStores();
  return { get: percentiles(getSamples), put: percentiles(samples) };
}

function httpClient(url, creds) {
  return new SageMakerFeatureStoreRuntimeClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: creds.AWS_ACCESS_KEY_ID, secretAccessKey: creds.AWS_SECRET_ACCESS_KEY },
    requestHandler: new NodeHttpHandler({
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY }),
    }),
    maxAttempts: 1,
  });
}

async function overHttp(home) {
  const server = await startServer({ home });
  try {
    const client = httpClient(server.url, sandboxCredentials(home, 'owner', server.url));
    const roundTrips = [];
    for (let i = 0; i < GET_WARMUP + HTTP_GET_RUNS; i++) {
      const id = `C${String((i % 300) + 1).padStart(4, '0')}`;
      const t0 = process.hrtime.bigint();
      await client.send(
        new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: id }),
      );
      if (i >= GET_WARMUP) {
        roundTrips.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }
    let next = 0;
    const failures = [];
    const putOne = async (i) => {
      try {
        await client.send(
          new PutRecordCommand({
            FeatureGroupName: 'customers',
            Record: [
              { FeatureName: 'customer_id', ValueAsString: `P${String(i).padStart(5, '0')}` },
              { FeatureName: 'event_time', ValueAsString: String(1_760_000_000 + i) },
              { FeatureName: 'age', ValueAsString: String(20 + (i % 60)) },
              { FeatureName: 'segment', ValueAsString: 'bench' },
              { FeatureName: 'preferred_categories', ValueAsStringList: ['books', 'toys'] },
            ],
          }),
        );
      } catch (error) {
        failures.push(`${i}: ${error.name}: ${error.message}`);
      }
    };
    const t0 = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < PUTS) {
          await putOne(next++);
        }
      }),
    );
    const putMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const check = await client.send(
      new GetRecordCommand({ FeatureGroupName: 'customers', RecordIdentifierValueAsString: 'P00999' }),
    );
    return {
      getRoundTripMs: percentiles(roundTrips),
      puts: {
        calls: PUTS,
        concurrency: CONCURRENCY,
        errors: failures.length,
        firstErrors: failures.slice(0, 3),
        wallMs: putMs,
        perSecond: (PUTS / putMs) * 1000,
        lastRecordReadBack: Boolean(check.Record),
      },
    };
  } finally {
    await server.stop();
  }
}

const home = tempHome('fshare-bench-getrecord-');
try {
  fshareSync(['sandbox', 'init'], { home });
  const serverTime = await serverTimeInProcess(home);
  const http = await overHttp(home);
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    getRecordServerMs: round(serverTime.get),
    putRecordServerMs: round(serverTime.put),
    getRecordHttpRoundTripMs: round(http.getRoundTripMs),
    putRecord: {
      ...http.puts,
      wallMs: Number(http.puts.wallMs.toFixed(1)),
      perSecond: Number(http.puts.perSecond.toFixed(1)),
    },
  };
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const s = result.getRecordServerMs;
    const h = result.getRecordHttpRoundTripMs;
    process.stdout.write(
      [
        `GetRecord server time (${s.runs} calls): p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms, max ${s.max} ms`,
        `PutRecord server time (${result.putRecordServerMs.runs} calls): p50 ${result.putRecordServerMs.p50} ms, p95 ${result.putRecordServerMs.p95} ms`,
        `GetRecord HTTP round trip (${h.runs} calls, keep-alive): p50 ${h.p50} ms, p95 ${h.p95} ms, p99 ${h.p99} ms`,
        `PutRecord: ${PUTS} calls at concurrency ${CONCURRENCY}: ${result.putRecord.errors} errors, ${result.putRecord.wallMs} ms (${result.putRecord.perSecond}/s)`,
        '',
      ].join('\n'),
    );
    if (result.putRecord.errors > 0) {
      process.stdout.write(`first errors: ${result.putRecord.firstErrors.join('; ')}\n`);
      process.exitCode = 1;
    }
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
