// `fshare audit --source events` at CloudTrail's LookupEvents quota (2 requests per second per
// account and region), against `fshare sandbox serve`:
//  1. records 5,000 real management events (DescribeFeatureGroup over HTTP as the owner);
//  2. runs `fshare audit --source events --event DescribeFeatureGroup` as the auditor, which reads
//     them as 100 pages of 50, and measures wall time and the throttles the sandbox recorded;
//  3. compares with what the limit allows: 100 requests at 2/s = 99 intervals of 0.5 s = 49.5 s.
// Target: zero throttles, and no more than 10% over 49.5 s (CLI start-up included).
// Usage: npm run build && node bench/audit-lookup.mjs [--json] [--events N]
import { DescribeFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  FSHARE,
  baseEnv,
  fshareSync,
  runMeasured,
  sandboxCredentials,
  startServer,
  tempHome,
} from './lib.mjs';

const argIndex = process.argv.indexOf('--events');
const EVENTS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 5000;
const CONCURRENCY = 16;
const PAGE = 50;

async function recordManagementEvents(env) {
  const sagemaker = new SageMakerClient({
    region: 'us-east-1',
    endpoint: env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  });
  let next = 0;
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < EVENTS) {
        next++;
        try {
          await sagemaker.send(new DescribeFeatureGroupCommand({ FeatureGroupName: 'customers' }));
        } catch {
          errors++;
        }
      }
    }),
  );
  return { errors, seconds: (performance.now() - t0) / 1000 };
}

const home = tempHome('fshare-bench-audit-');
fshareSync(['sandbox', 'init'], { home });
const server = await startServer({ home });
try {
  const seeded = await recordManagementEvents(sandboxCredentials(home, 'owner', server.url));
  const run = runMeasured(
    'node',
    [
      FSHARE,
      '--sandbox',
      '--endpoint-url',
      server.url,
      '--profile',
      'auditor',
      '-o',
      'ndjson',
      'audit',
      '--source',
      'events',
      '--event',
      'DescribeFeatureGroup',
      '--since',
      '1h',
    ],
    { env: { ...baseEnv(), FSHARE_HOME: home } },
  );
  const fetched = run.stdout.split('\n').filter(Boolean).length;
  const db = new Database(join(home, 'sandbox.db'), { readonly: true });
  const lookups = db
    .prepare(
      "SELECT COUNT(*) AS total, SUM(error_code = 'ThrottlingException') AS throttled FROM ct_events WHERE event_name = 'LookupEvents'",
    )
    .get();
  db.close();
  const pages = Math.ceil(EVENTS / PAGE);
  const allowedSeconds = (pages - 1) / 2;
  const seconds = run.ms / 1000;
  const result = {
    events: EVENTS,
    fetched,
    pages,
    lookupRequests: lookups.total,
    throttles: lookups.throttled ?? 0,
    seconds: Number(seconds.toFixed(2)),
    allowedSeconds,
    overLimitPercent: Number(((seconds / allowedSeconds - 1) * 100).toFixed(1)),
    seedSeconds: Number(seeded.seconds.toFixed(1)),
    seedErrors: seeded.errors,
    exitCode: run.status,
  };
  result.met = result.exitCode === 0 && result.throttles === 0 && seconds <= allowedSeconds * 1.1;
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    process.stdout.write(
      `LookupEvents: ${fetched}/${EVENTS} events in ${pages} pages, ${result.lookupRequests} requests, ` +
        `${result.throttles} throttled, ${result.seconds} s (the 2 TPS limit allows ${allowedSeconds} s: ` +
        `${result.overLimitPercent}% over) — target ${result.met ? 'met' : 'MISSED'}\n`,
    );
  }
  process.exitCode = result.met ? 0 : 1;
} finally {
  await server.stop();
  rmSync(home, { recursive: true, force: true });
}
