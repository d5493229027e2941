// The record scenarios of `npm run bench`: one record (whole processes, beside the AWS CLI v1, v2
// and boto3), the client's bulk throughput against bench/latency-endpoint.mjs (a Feature Store
// whose only cost is its latency L) beside the bound and boto3, and import's peak memory.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { generateCustomers, generateIds } from './generate.mjs';
import {
  FSHARE,
  ROOT,
  baseEnv,
  fmtMs,
  fshareSync,
  runMeasured,
  sandboxCredentials,
  startServer,
  stats,
  tempHome,
  timeInterleaved,
} from './lib.mjs';

const hasCli = (cmd, args) => spawnSync(cmd, args).status === 0;
const AWS_V2 = '/usr/bin/aws';

/** Static credentials and a region, as a user running against AWS would have them. */
const staticCredentials = () => ({
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
});

/** Starts the latency endpoint in its own process (the bench's own spawnSync calls block). */
export async function startLatencyEndpoint({ latencyMs, records }) {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bench/latency-endpoint.mjs'), '--latency', String(latencyMs), '--records', String(records)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line).url));
    child.once('exit', (code) => reject(new Error(`latency endpoint exited ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

async function withSandbox(fn) {
  const home = tempHome();
  fshareSync(['sandbox', 'init'], { home });
  const server = await startServer({ home });
  try {
    return await fn({ home, url: server.url });
  } finally {
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

/** One record, whole processes: fshare (schema cached, and not) beside the peers, same server. */
export async function recordBench({ runs }) {
  return withSandbox(async ({ home, url }) => {
    const creds = sandboxCredentials(home, 'owner', url);
    const clientHome = tempHome('fshare-bench-client-');
    const env = {
      ...baseEnv(),
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      ...creds,
      FSHARE_HOME: clientHome,
    };
    const fshare = (extra) => [
      FSHARE,
      '--endpoint-url',
      url,
      'get-record',
      'customers',
      'C0001',
      '-o',
      'json',
      ...extra,
    ];
    const awsArgs = [
      'sagemaker-featurestore-runtime',
      'get-record',
      '--feature-group-name',
      'customers',
      '--record-identifier-value-as-string',
      'C0001',
      '--endpoint-url',
      url,
    ];
    // Round-robin, so the floor, fshare and each peer see the same machine. The warm-up round
    // fills the schema cache, so every timed plain run is a repeat read.
    const commands = {
      floor: { cmd: 'node', args: ['-e', '0'] },
      repeat: { cmd: 'node', args: fshare([]), env },
      first: { cmd: 'node', args: fshare(['--no-cache']), env },
    };
    if (hasCli('aws', ['--version'])) {
      commands.awsV1 = { cmd: 'aws', args: awsArgs, env };
    }
    if (existsSync(AWS_V2) && hasCli(AWS_V2, ['--version'])) {
      commands.awsV2 = { cmd: AWS_V2, args: awsArgs, env };
    }
    if (hasCli('python3', ['-c', 'import boto3'])) {
      commands.boto3 = {
        cmd: 'python3',
        args: [join(ROOT, 'bench/peers/boto3_get_one.py'), url, 'customers', 'C0001'],
        env,
      };
    }
    const times = timeInterleaved(commands, { runs });
    const { floor, repeat, first, ...peers } = Object.fromEntries(
      Object.entries(times).map(([name, values]) => [name, stats(values)]),
    );
    rmSync(clientHome, { recursive: true, force: true });
    return { floor, repeat, first, peers, missing: missingPeers(peers) };
  });
}

function missingPeers(peers) {
  return [
    ...(peers.awsV1 ? [] : ['AWS CLI v1 (aws)']),
    ...(peers.awsV2 ? [] : [`AWS CLI v2 (${AWS_V2})`]),
    ...(peers.boto3 ? [] : ['boto3']),
  ];
}

function runJson(cmd, args, env) {
  const res = runMeasured(cmd, args, { env });
  if (res.status !== 0 && res.status !== 5) {
    throw new Error(`${cmd} ${args.slice(0, 4).join(' ')} exited ${res.status}: ${res.stderr.slice(0, 400)}`);
  }
  let json;
  try {
    json = JSON.parse(res.stdout);
  } catch {
    // NDJSON output, or the peers' one-line JSON after other lines.
    try {
      json = JSON.parse(res.stdout.trim().split('\n').pop() ?? 'null');
    } catch {
      json = undefined;
    }
  }
  return { ...res, json };
}

/** The client's own throughput: import, batch-get and export against an endpoint that only waits. */
export async function clientBench({ quick, work, latencyMs = 10 }) {
  const rows = quick ? 10_000 : 100_000;
  const readIds = quick ? 2_000 : 10_000;
  const peerRows = quick ? 1_000 : 5_000;
  const csv = join(work, `client-${rows}.csv`);
  const jsonl = join(work, `client-peer-${peerRows}.jsonl`);
  const ids = join(work, `client-ids-${readIds}.txt`);
  await generateCustomers(csv, rows, { seed: 7 });
  await generateCustomers(jsonl, peerRows, { seed: 7, format: 'jsonl' });
  await generateIds(ids, readIds);
  const endpoint = await startLatencyEndpoint({ latencyMs, records: rows });
  const clientHome = tempHome('fshare-bench-client-');
  const env = { ...baseEnv(), ...staticCredentials(), FSHARE_HOME: clientHome };
  const fshare = (args) => [FSHARE, '--endpoint-url', endpoint.url, ...args];
  try {
    // Fills the schema cache, as any earlier command would have.
    runJson('node', fshare(['get-record', 'customers', 'B00000000', '-o', 'json']), env);
    const importConcurrency = 16;
    const imp = runJson(
      'node',
      fshare([
        'import',
        'customers',
        '--file',
        csv,
        '--concurrency',
        String(importConcurrency),
        '--progress',
        'none',
        '-o',
        'json',
      ]),
      env,
    );
    const readConcurrency = 4;
    // A 10,000-id batch-get takes well under a second, so one run is mostly noise: the one-id run
    // and the full run alternate, and the medians are compared.
    const oneArgs = fshare(['batch-get', 'customers', '--ids', 'B00000000', '-o', 'json']);
    const batchArgs = fshare([
      'batch-get',
      'customers',
      '--ids-file',
      ids,
      '--concurrency',
      String(readConcurrency),
      '--progress',
      'none',
      '-o',
      'ndjson',
    ]);
    const readRuns = quick ? 1 : 5;
    const oneTimes = [];
    const batchTimes = [];
    for (let i = 0; i < readRuns; i++) {
      oneTimes.push(runJson('node', oneArgs, env).ms);
      batchTimes.push(runJson('node', batchArgs, env).ms);
    }
    const one = { ms: stats(oneTimes).median };
    const batch = { ms: stats(batchTimes).median, runs: readRuns };
    const exportFile = join(work, 'client-export.jsonl');
    const exp = runJson(
      'node',
      fshare([
        'export',
        'customers',
        '--file',
        exportFile,
        '--concurrency',
        String(readConcurrency),
        '--progress',
        'none',
        '-o',
        'json',
      ]),
      env,
    );
    rmSync(exportFile, { force: true });
    const peers = {};
    if (hasCli('python3', ['-c', 'import boto3'])) {
      const peerEnv = { ...env, AWS_ENDPOINT_URL: endpoint.url };
      const put = runJson(
        'python3',
        [join(ROOT, 'bench/peers/boto3_put.py'), endpoint.url, 'customers', jsonl, '16'],
        peerEnv,
      );
      peers.put = { ...put.json, recordsPerSecond: put.json.records / put.json.seconds };
      const get = runJson(
        'python3',
        [join(ROOT, 'bench/peers/boto3_batch_get.py'), endpoint.url, 'customers', ids, '16'],
        peerEnv,
      );
      peers.batchGet = { ...get.json, recordsPerSecond: get.json.records / get.json.seconds };
    }
    const net = (ms, baseMs) => Math.max(1, ms - baseMs) / 1000;
    return {
      latencyMs,
      import: {
        rows,
        concurrency: importConcurrency,
        wallSeconds: imp.ms / 1000,
        seconds: imp.json.elapsedSeconds,
        recordsPerSecond: imp.json.sent / imp.json.elapsedSeconds,
        bound: (importConcurrency * 25 * 1000) / latencyMs,
        cpuNote:
          'seconds = the engine’s own time (summary elapsedSeconds), excluding process start and describe',
      },
      batchGet: {
        ids: readIds,
        concurrency: readConcurrency,
        wallSeconds: batch.ms / 1000,
        seconds: net(batch.ms, one.ms),
        runs: batch.runs,
        recordsPerSecond: readIds / net(batch.ms, one.ms),
        bound: (readConcurrency * 100 * 1000) / latencyMs,
      },
      export: {
        records: exp.json.exported,
        concurrency: readConcurrency,
        wallSeconds: exp.ms / 1000,
        seconds: exp.json.elapsedSeconds,
        recordsPerSecond: exp.json.exported / exp.json.elapsedSeconds,
        bound: (readConcurrency * 100 * 1000) / latencyMs,
      },
      peers,
    };
  } finally {
    await endpoint.stop();
    rmSync(clientHome, { recursive: true, force: true });
  }
}

/** Peak RSS of `fshare import` at two sizes, against the latency endpoint (L = 1 ms). */
export async function memoryBench({ quick, work }) {
  const sizes = quick ? [10_000, 100_000] : [100_000, 1_000_000];
  const endpoint = await startLatencyEndpoint({ latencyMs: 1, records: 10 });
  const clientHome = tempHome('fshare-bench-client-');
  const env = { ...baseEnv(), ...staticCredentials(), FSHARE_HOME: clientHome };
  const out = [];
  try {
    for (const rows of sizes) {
      const csv = join(work, `mem-${rows}.csv`);
      mkdirSync(work, { recursive: true });
      await generateCustomers(csv, rows, { seed: 3 });
      const res = runJson(
        'node',
        [
          FSHARE,
          '--endpoint-url',
          endpoint.url,
          'import',
          'customers',
          '--file',
          csv,
          '--concurrency',
          '16',
          '--progress',
          'none',
          '-o',
          'json',
        ],
        env,
      );
      out.push({ rows, status: res.status, seconds: res.ms / 1000, peakRssMiB: res.maxRssKb / 1024 });
      rmSync(csv, { force: true });
    }
  } finally {
    await endpoint.stop();
    rmSync(clientHome, { recursive: true, force: true });
  }
  return { runs: out };
}

const ratio = (a, b) => (b ? `${(a / b).toFixed(2)}×` : 'n/a');
const pct = (a, b) => `${((100 * a) / b).toFixed(1)}%`;
const rate = (n) => Math.round(n).toLocaleString('en-US');

export function recordMarkdown(r) {
  const { floor, repeat, first, peers } = r;
  const row = (name, s) =>
    `| ${name} | ${fmtMs(s.median)} | ${fmtMs(s.min)} | ${ratio(s.median, floor.median)} | ${peers.awsV1 ? ratio(s.median, peers.awsV1.median) : 'n/a'} |`;
  const lines = [
    '| command | median | min | vs `node -e 0` | vs AWS CLI v1 |',
    '|---|---|---|---|---|',
    row('`node -e 0` (floor)', floor),
    row('`fshare get-record` (repeat read, schema cached: 1 call)', repeat),
    row('`fshare get-record --no-cache` (first read: describe + get)', first),
  ];
  if (peers.awsV1) {
    lines.push(row('`aws sagemaker-featurestore-runtime get-record` (AWS CLI v1)', peers.awsV1));
  }
  if (peers.awsV2) {
    lines.push(row('the same with the AWS CLI v2', peers.awsV2));
  }
  if (peers.boto3) {
    lines.push(row('boto3, a 4-line script', peers.boto3));
  }
  const fastest = Math.min(...Object.values(peers).map((p) => p.median));
  lines.push(
    '',
    `Targets: repeat read ≤ 2× \`node -e 0\` — ${repeat.median <= 2 * floor.median ? 'met' : 'missed'} (${ratio(repeat.median, floor.median)}); first read ≤ 3× — ${first.median <= 3 * floor.median ? 'met' : 'missed'} (${ratio(first.median, floor.median)}); both ahead of every peer measured — ${first.median < fastest && repeat.median < fastest ? 'met' : 'missed'}.${r.missing.length ? ` Not measured (not installed): ${r.missing.join(', ')}.` : ''}`,
  );
  return lines;
}

export function clientMarkdown(c) {
  const { peers } = c;
  const L = c.latencyMs;
  const lines = [
    `Against \`bench/latency-endpoint.mjs\` at L = ${L} ms (answers after L, does nothing else). Records/s use the command's own time (import and export: the summary's elapsed time; batch-get: the median of 5 runs minus the median of 5 one-id runs, alternating), so process start-up is not counted; whole-process seconds are beside them.`,
    '',
    '| operation | records | concurrency | records/s | bound | of bound | vs boto3 | whole process |',
    '|---|---|---|---|---|---|---|---|',
    `| \`fshare import\` (BatchWriteRecord × 25) | ${c.import.rows} | ${c.import.concurrency} | ${rate(c.import.recordsPerSecond)} | ${rate(c.import.bound)} | ${pct(c.import.recordsPerSecond, c.import.bound)} | ${peers.put ? ratio(c.import.recordsPerSecond, peers.put.recordsPerSecond) : 'n/a'} | ${c.import.wallSeconds.toFixed(2)} s |`,
    `| \`fshare batch-get --ids-file\` (BatchGetRecord × 100) | ${c.batchGet.ids} | ${c.batchGet.concurrency} | ${rate(c.batchGet.recordsPerSecond)} | ${rate(c.batchGet.bound)} | ${pct(c.batchGet.recordsPerSecond, c.batchGet.bound)} | ${peers.batchGet ? ratio(c.batchGet.recordsPerSecond, peers.batchGet.recordsPerSecond) : 'n/a'} | ${c.batchGet.wallSeconds.toFixed(2)} s |`,
    `| \`fshare export --file\` (ListRecords + BatchGetRecord × 100) | ${c.export.records} | ${c.export.concurrency} | ${rate(c.export.recordsPerSecond)} | ${rate(c.export.bound)} | ${pct(c.export.recordsPerSecond, c.export.bound)} | | ${c.export.wallSeconds.toFixed(2)} s |`,
  ];
  if (peers.put) {
    lines.push(
      `| boto3, 16 threads, PutRecord per row (SageMaker SDK \`ingest\`) | ${peers.put.records} | 16 | ${rate(peers.put.recordsPerSecond)} | ${rate((16 * 1000) / L)} | ${pct(peers.put.recordsPerSecond, (16 * 1000) / L)} | 1.00× | ${peers.put.seconds.toFixed(2)} s |`,
    );
  }
  if (peers.batchGet) {
    lines.push(
      `| boto3, 16 threads, BatchGetRecord × 100 | ${peers.batchGet.records} | 16 | ${rate(peers.batchGet.recordsPerSecond)} | ${rate((16 * 100 * 1000) / L)} | ${pct(peers.batchGet.recordsPerSecond, (16 * 100 * 1000) / L)} | 1.00× | ${peers.batchGet.seconds.toFixed(2)} s |`,
    );
  }
  lines.push(
    '',
    `Targets: import ≥ 70% of its bound — ${c.import.recordsPerSecond >= 0.7 * c.import.bound ? 'met' : 'missed'}; import ≥ 20× the boto3 pool — ${peers.put ? (c.import.recordsPerSecond >= 20 * peers.put.recordsPerSecond ? 'met' : 'missed') : 'n/a'}; batch-get ≥ 70% — ${c.batchGet.recordsPerSecond >= 0.7 * c.batchGet.bound ? 'met' : 'missed'}; export ≥ 70% — ${c.export.recordsPerSecond >= 0.7 * c.export.bound ? 'met' : 'missed'}.`,
  );
  return lines;
}

export function memoryMarkdown(m) {
  const lines = ['| rows | seconds | peak RSS |', '|---|---|---|'];
  for (const r of m.runs) {
    lines.push(`| ${r.rows} | ${r.seconds.toFixed(1)} | ${r.peakRssMiB.toFixed(0)} MiB |`);
  }
  const [a, b] = m.runs;
  if (a && b) {
    lines.push(
      '',
      `Target: ≤ 150 MiB at the larger size and within 10% of the smaller — ${b.peakRssMiB <= 150 && b.peakRssMiB <= a.peakRssMiB * 1.1 ? 'met' : 'missed'} (${b.peakRssMiB.toFixed(0)} MiB, ${((100 * (b.peakRssMiB - a.peakRssMiB)) / a.peakRssMiB).toFixed(1)}% difference).`,
    );
  }
  return lines;
}
