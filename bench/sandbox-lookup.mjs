// LookupEvents at CloudTrail's quota (2 requests per second per account and region) against
// `fshare sandbox serve`:
//  1. records 5,000 management events (DescribeFeatureGroup over HTTP, concurrency 16);
//  2. fetches them as 100 pages of 50, one request every 500 ms, counting throttles (expected: 0);
//  3. sends 20 requests back to back with no pacing, counting throttles (expected: most of them).
// Usage: npm run build && node bench/sandbox-lookup.mjs [--json]
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeFeatureGroupCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fshareSync, sandboxCredentials, startServer, tempHome } from './lib.mjs';

const EVENTS = 5000;
const CONCURRENCY = 16;
const PAGE = 50;
const PACE_MS = 500;
const BURST = 20;

function clientConfig(env) {
  return {
    region: 'us-east-1',
    endpoint: env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  };
}

async function recordManagementEvents(sagemaker) {
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
  return { calls: EVENTS, errors, ms: performance.now() - t0 };
}

async function pagedAtQuota(cloudtrail) {
  let token;
  let pages = 0;
  let events = 0;
  let throttles = 0;
  let describeEvents = 0;
  const t0 = performance.now();
  let nextSlot = performance.now();
  do {
    const wait = nextSlot - performance.now();
    if (wait > 0) {
      await sleep(wait);
    }
    nextSlot = performance.now() + PACE_MS;
    try {
      const out = await cloudtrail.send(
        new LookupEventsCommand({ MaxResults: PAGE, ...(token ? { NextToken: token } : {}) }),
      );
      pages++;
      events += out.Events?.length ?? 0;
      describeEvents += out.Events?.filter((e) => e.EventName === 'DescribeFeatureGroup').length ?? 0;
      token = out.NextToken;
    } catch (error) {
      if (error.name !== 'ThrottlingException') {
        throw error;
      }
      throttles++;
    }
  } while (token !== undefined && describeEvents < EVENTS);
  return { pages, events, describeEvents, throttles, ms: performance.now() - t0 };
}

async function unpacedBurst(cloudtrail) {
  await sleep(1100);
  let throttles = 0;
  for (let i = 0; i < BURST; i++) {
    try {
      await cloudtrail.send(new LookupEventsCommand({ MaxResults: 1 }));
    } catch (error) {
      if (error.name !== 'ThrottlingException') {
        throw error;
      }
      throttles++;
    }
  }
  return { requests: BURST, throttles };
}

const home = tempHome();
fshareSync(['sandbox', 'init'], { home });
const server = await startServer({ home });
try {
  const env = sandboxCredentials(home, 'owner', server.url);
  const sagemaker = new SageMakerClient(clientConfig(env));
  const cloudtrail = new CloudTrailClient(clientConfig(env));
  const seeded = await recordManagementEvents(sagemaker);
  const paged = await pagedAtQuota(cloudtrail);
  const burst = await unpacedBurst(cloudtrail);
  const report = { seeded, pagedAt2Tps: paged, unpacedBurst: burst };
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    process.stdout.write(
      [
        `recorded ${seeded.calls} DescribeFeatureGroup events in ${(seeded.ms / 1000).toFixed(1)} s (${seeded.errors} errors)`,
        `LookupEvents at 2 TPS: ${paged.pages} pages, ${paged.describeEvents} DescribeFeatureGroup events, ` +
          `${paged.throttles} throttles, ${(paged.ms / 1000).toFixed(1)} s`,
        `LookupEvents unpaced: ${burst.throttles} of ${burst.requests} requests throttled`,
      ].join('\n') + '\n',
    );
  }
} finally {
  await server.stop();
  rmSync(home, { recursive: true, force: true });
}
