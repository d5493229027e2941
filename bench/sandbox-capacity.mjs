// Sandbox capacity: how many records per second `fshare sandbox serve` takes over HTTP, written
// as BatchWriteRecord batches of 25 at concurrency 16 by the JS SDK in this (another) process.
// The figure is the sandbox's, not fshare's client: it bounds every bulk-write figure measured
// against the sandbox (docs/performance.md, "sandbox capacity").
// Usage: npm run build && node bench/sandbox-capacity.mjs [--records 100000] [--json]
import { readFileSync, rmSync } from 'node:fs';
import {
  BatchWriteRecordCommand,
  SageMakerFeatureStoreRuntimeClient,
} from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import http from 'node:http';
import { fshareSync, startServer, tempHome } from './lib.mjs';

const BATCH = 25;
const CONCURRENCY = 16;

function argValue(name, fallback) {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

/** CPU seconds (user + system) the process has used, from /proc (Linux). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * The bench's own client overhead, trimmed so that it does not set the figure on 2 shared cores:
 * the SDK's schema-driven serialiser costs ~15 µs per record (more than the server spends on the
 * record), so the BatchWriteRecord body, whose wire shape is exactly the input's, is
 * `JSON.stringify(input)` on a request the SDK built once (fshare's own client does the same:
 * src/aws/adapters/feature-store.ts `nativeJsonBodies`), and 2xx answers are read with
 * `JSON.parse`. The bench's records are made and serialised before the clock starts (an input
 * carries its body text under PRESERIALISED), so making test data is not counted either. The
 * SDK still runs its middleware, resolves the endpoint, signs (SigV4) and sends every request.
 */
const PRESERIALISED = Symbol('body');

function leanBatchWrites(client) {
  const protocol = client.config.protocol;
  const serialize = protocol.serializeRequest.bind(protocol);
  const deserialize = protocol.deserializeResponse.bind(protocol);
  let template;
  protocol.serializeRequest = async (schema, input, context) => {
    if (schema?.name !== 'BatchWriteRecord') {
      return serialize(schema, input, context);
    }
    template ??= serialize(schema, { Entries: [] }, context);
    const base = await template;
    return Object.assign(Object.create(Object.getPrototypeOf(base)), base, {
      headers: { ...base.headers },
      query: { ...base.query },
      body: input[PRESERIALISED] ?? JSON.stringify(input),
    });
  };
  protocol.deserializeResponse = async (schema, context, response) => {
    if (response.statusCode >= 300 || schema?.name !== 'BatchWriteRecord') {
      return deserialize(schema, context, response);
    }
    const bytes = await context.streamCollector(response.body);
    const data = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    data.$metadata = protocol.deserializeMetadata(response);
    return data;
  };
}

function entry(i) {
  const id = `K${String(i).padStart(7, '0')}`;
  return {
    FeatureGroupName: 'customers',
    Record: [
      { FeatureName: 'customer_id', ValueAsString: id },
      { FeatureName: 'event_time', ValueAsString: String(1_767_225_600 + i) },
      { FeatureName: 'age', ValueAsString: String(18 + (i % 60)) },
      { FeatureName: 'lifetime_value', ValueAsString: (i % 1000) / 10 + '' },
      { FeatureName: 'segment', ValueAsString: i % 3 === 0 ? 'vip' : 'std' },
      { FeatureName: 'country', ValueAsString: 'US' },
      { FeatureName: 'preferred_categories', ValueAsStringList: ['books', 'games'] },
    ],
  };
}

/** Writes `records` records and returns { records, seconds, recordsPerSecond, errors }. */
export async function measureCapacity({ records = 100_000 } = {}) {
  const home = tempHome();
  fshareSync(['sandbox', 'init'], { home });
  const server = await startServer({ home });
  try {
    const env = JSON.parse(fshareSync(['sandbox', 'env', '--as', 'owner', '-o', 'json'], { home }).stdout);
    const client = new SageMakerFeatureStoreRuntimeClient({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
      maxAttempts: 1,
      // The middleware stack is resolved once per operation instead of on every call.
      cacheMiddleware: true,
      requestHandler: new NodeHttpHandler({
        httpAgent: new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY }),
      }),
    });
    leanBatchWrites(client);
    const batches = Math.ceil(records / BATCH);
    const bodies = Array.from({ length: batches }, (_, b) =>
      JSON.stringify({
        Entries: Array.from({ length: Math.min(BATCH, records - b * BATCH) }, (_, k) => entry(b * BATCH + k)),
      }),
    );
    const send = (b) => client.send(new BatchWriteRecordCommand({ [PRESERIALISED]: bodies[b] }));
    // Warm-up: connections, JIT and the statement caches on both sides.
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, b) => send(b)));
    // The server's pid, from its own record in the store (`sandbox status` lists live servers).
    const status = JSON.parse(fshareSync(['sandbox', 'status', '-o', 'json'], { home }).stdout);
    const pid = status.servers?.[0]?.pid;
    const cpu0 = cpuSeconds(pid);
    let next = 0;
    let errors = 0;
    const t0 = process.hrtime.bigint();
    const clientCpu0 = process.cpuUsage();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < batches) {
          const b = next++;
          const out = await send(b).catch(() => ({ Errors: [{}] }));
          errors += out.Errors?.length ?? 0;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const serverCpu = cpuSeconds(pid) - cpu0;
    const clientCpu = process.cpuUsage(clientCpu0);
    client.destroy();
    return {
      records,
      batch: BATCH,
      concurrency: CONCURRENCY,
      seconds,
      recordsPerSecond: records / seconds,
      // What one core of server time takes: steadier than wall time on a loaded machine.
      serverCpuSeconds: serverCpu,
      recordsPerServerCpuSecond: records / serverCpu,
      // The SDK client shares the 2 cores: when it needs more CPU than the server, it sets the wall.
      clientCpuSeconds: (clientCpu.user + clientCpu.system) / 1e6,
      errors,
    };
  } finally {
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureCapacity({ records: argValue('--records', 100_000) });
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    process.stdout.write(
      `sandbox capacity: ${Math.round(result.recordsPerSecond)} records/s wall, ${Math.round(result.recordsPerServerCpuSecond)} records per server CPU-second (${result.records} records, BatchWriteRecord ×${result.batch}, concurrency ${result.concurrency}, ${result.seconds.toFixed(2)} s, server CPU ${result.serverCpuSeconds.toFixed(2)} s, client CPU ${result.clientCpuSeconds.toFixed(2)} s, ${result.errors} errors)\n`,
    );
  }
}
