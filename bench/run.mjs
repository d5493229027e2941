// `npm run bench [-- scenario...]`: runs each scenario against `fshare sandbox serve` on loopback,
// side by side with the peers a user would otherwise pick, and writes docs/performance.md (between
// the bench markers) and bench/results/latest.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { generateCustomers, generateIds } from './generate.mjs';
import { orgScaleMarkdown } from './org-scale.mjs';
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
  timeRuns,
} from './lib.mjs';

const ALL = ['startup', 'record', 'write', 'read', 'memory', 'audit', 'org-scale'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const scenarios = wanted.length ? wanted : ALL;
const QUICK = process.argv.includes('--quick');
const RUNS = QUICK ? 3 : 10;
const WRITE_ROWS = QUICK ? 10_000 : 100_000;
const PEER_WRITE_ROWS = QUICK ? 1_000 : 5_000;
const MEMORY_ROWS = QUICK ? [10_000, 100_000] : [100_000, 1_000_000];

const work = tempHome('fshare-bench-data-');
const results = {
  date: new Date().toISOString(),
  cores: cpus().length,
  node: process.version,
  quick: QUICK,
  scenarios: {},
};
const hasAws = spawnSync('aws', ['--version']).status === 0;
const hasBoto3 = spawnSync('python3', ['-c', 'import boto3']).status === 0;

function log(message) {
  process.stderr.write(`${message}\n`);
}

async function withSandbox(flags, fn) {
  const home = tempHome();
  fshareSync(['sandbox', 'init'], { home });
  const server = await startServer({ home, flags });
  try {
    return await fn({ home, url: server.url });
  } finally {
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

// fshare runs as a user would run it against AWS: static credentials in the environment and
// --endpoint-url, exactly as the peers are given them (no sandbox code in the client process).
function fshareArgs(url, _profile, args) {
  return [FSHARE, '--endpoint-url', url, ...args];
}

function clientEnv(home, profile, url) {
  return { ...baseEnv(), ...sandboxCredentials(home, profile, url) };
}

const run = {
  async startup() {
    const floor = stats(timeRuns('node', ['-e', '0'], { runs: RUNS }));
    const version = stats(timeRuns('node', [FSHARE, '--version'], { runs: RUNS }));
    const help = stats(timeRuns('node', [FSHARE, '--help'], { runs: RUNS }));
    const aws = hasAws ? stats(timeRuns('aws', ['--version'], { runs: RUNS })) : undefined;
    return { floor, version, help, aws };
  },

  async record() {
    return withSandbox([], async ({ home, url }) => {
      const fshare = stats(
        timeRuns('node', fshareArgs(url, 'owner', ['get-record', 'customers', 'C0001', '-o', 'json']), {
          runs: RUNS,
          env: clientEnv(home, 'owner', url),
        }),
      );
      let aws;
      if (hasAws) {
        const creds = sandboxCredentials(home, 'owner', url);
        aws = stats(
          timeRuns(
            'aws',
            [
              'sagemaker-featurestore-runtime',
              'get-record',
              '--feature-group-name',
              'customers',
              '--record-identifier-value-as-string',
              'C0001',
              '--endpoint-url',
              url,
            ],
            { runs: RUNS, env: { ...baseEnv(), ...creds } },
          ),
        );
      }
      return { fshare, aws };
    });
  },

  async write() {
    const csv = join(work, `write-${WRITE_ROWS}.csv`);
    const jsonl = join(work, `write-peer-${PEER_WRITE_ROWS}.jsonl`);
    await generateCustomers(csv, WRITE_ROWS, { seed: 7 });
    await generateCustomers(jsonl, PEER_WRITE_ROWS, { seed: 7, format: 'jsonl' });
    const concurrency = 16;
    const importOnce = (flags) =>
      withSandbox(flags, async ({ home, url }) => {
        const res = runMeasured(
          'node',
          fshareArgs(url, 'owner', [
            'import',
            'customers',
            '--file',
            csv,
            '--concurrency',
            String(concurrency),
            '-o',
            'json',
          ]),
          { env: clientEnv(home, 'owner', url) },
        );
        if (res.status !== 0) {
          throw new Error(`import exited ${res.status}: ${res.stderr.slice(0, 500)}`);
        }
        return { seconds: res.ms / 1000, recordsPerSecond: WRITE_ROWS / (res.ms / 1000) };
      });
    const atLatency = await importOnce(['--latency', '10']);
    const capacity = await importOnce([]);
    let peer;
    if (hasBoto3) {
      peer = await withSandbox(['--latency', '10'], async ({ home, url }) => {
        const creds = sandboxCredentials(home, 'owner', url);
        const res = spawnSync(
          'python3',
          [join(ROOT, 'bench/peers/boto3_put.py'), url, 'customers', jsonl, '16'],
          {
            env: { ...baseEnv(), ...creds },
            encoding: 'utf8',
          },
        );
        if (res.status !== 0) {
          throw new Error(`boto3 peer failed: ${res.stderr.slice(0, 500)}`);
        }
        const out = JSON.parse(res.stdout.trim().split('\n').pop());
        return { ...out, recordsPerSecond: out.records / out.seconds };
      });
    }
    const latencyBound = (concurrency * 25) / 0.01;
    return { rows: WRITE_ROWS, concurrency, atLatency, capacity, peer, latencyBound };
  },

  async read() {
    const ids = join(work, 'read-ids.txt');
    const csv = join(work, `read-${WRITE_ROWS}.csv`);
    const readCount = QUICK ? 2_000 : 10_000;
    await generateIds(ids, readCount);
    await generateCustomers(csv, WRITE_ROWS, { seed: 11 });
    return withSandbox([], async ({ home, url }) => {
      const env = clientEnv(home, 'owner', url);
      const load = runMeasured(
        'node',
        fshareArgs(url, 'owner', ['import', 'customers', '--file', csv, '-o', 'json']),
        { env },
      );
      if (load.status !== 0) {
        throw new Error(`import for read bench exited ${load.status}: ${load.stderr.slice(0, 400)}`);
      }
      const batch = runMeasured(
        'node',
        fshareArgs(url, 'owner', ['batch-get', 'customers', '--ids-file', ids, '-o', 'ndjson']),
        {
          env,
        },
      );
      const exp = runMeasured(
        'node',
        fshareArgs(url, 'owner', ['export', 'customers', '--file', join(work, 'export.jsonl'), '-o', 'json']),
        {
          env,
        },
      );
      let peer;
      if (hasBoto3) {
        const peerIds = join(work, 'peer-ids.txt');
        await generateIds(peerIds, QUICK ? 500 : 2_000);
        const creds = sandboxCredentials(home, 'owner', url);
        const res = spawnSync(
          'python3',
          [join(ROOT, 'bench/peers/boto3_get.py'), url, 'customers', peerIds, '16'],
          {
            env: { ...baseEnv(), ...creds },
            encoding: 'utf8',
          },
        );
        if (res.status === 0) {
          const out = JSON.parse(res.stdout.trim().split('\n').pop());
          peer = { ...out, recordsPerSecond: out.records / out.seconds };
        }
      }
      return {
        batchGet: {
          ids: readCount,
          seconds: batch.ms / 1000,
          status: batch.status,
          recordsPerSecond: readCount / (batch.ms / 1000),
        },
        export: {
          seconds: exp.ms / 1000,
          status: exp.status,
          recordsPerSecond: (WRITE_ROWS + 300) / (exp.ms / 1000),
        },
        peer,
      };
    });
  },

  async memory() {
    const out = [];
    for (const rows of MEMORY_ROWS) {
      const csv = join(work, `mem-${rows}.csv`);
      await generateCustomers(csv, rows, { seed: 3 });
      const res = await withSandbox([], async ({ home, url }) =>
        runMeasured(
          'node',
          fshareArgs(url, 'owner', [
            'import',
            'customers',
            '--file',
            csv,
            '--concurrency',
            '16',
            '-o',
            'json',
          ]),
          {
            env: clientEnv(home, 'owner', url),
          },
        ),
      );
      out.push({ rows, status: res.status, seconds: res.ms / 1000, peakRssMiB: res.maxRssKb / 1024 });
      rmSync(csv, { force: true });
    }
    return { runs: out };
  },

  async audit() {
    const { auditBench } = await import('./audit.mjs');
    return auditBench({ quick: QUICK, work });
  },

  async 'org-scale'() {
    const { orgScaleBench } = await import('./org-scale.mjs');
    return orgScaleBench({ quick: QUICK });
  },
};

function ratio(a, b) {
  return b ? `${(a / b).toFixed(2)}×` : 'n/a';
}

function renderMarkdown(r) {
  const s = r.scenarios;
  const lines = [
    '<!-- bench:start -->',
    `## Benchmarks (\`npm run bench\`)`,
    '',
    `Last run ${r.date} on ${r.cores} cores, Node ${r.node}. Each scenario's figures come from one run of that scenario (its time is in \`bench/results/latest.json\`, with the raw numbers), tool and peers side by side against the same \`fshare sandbox serve\` on 127.0.0.1 with the same credentials.${Object.values(r.scenarios).some((x) => x?.quick) ? ' Scenarios marked (quick) ran with smaller data sets.' : ''}`,
    '',
  ];
  if (s.startup && !s.startup.error) {
    const { floor, version, help, aws } = s.startup;
    lines.push(
      '### Start-up',
      '',
      '| command | median | min | max | vs `node -e 0` | vs `aws --version` |',
      '|---|---|---|---|---|---|',
      `| \`node -e 0\` (floor) | ${fmtMs(floor.median)} | ${fmtMs(floor.min)} | ${fmtMs(floor.max)} | 1.00× | ${aws ? ratio(floor.median, aws.median) : 'n/a'} |`,
      `| \`fshare --version\` | ${fmtMs(version.median)} | ${fmtMs(version.min)} | ${fmtMs(version.max)} | ${ratio(version.median, floor.median)} | ${aws ? ratio(version.median, aws.median) : 'n/a'} |`,
      `| \`fshare --help\` | ${fmtMs(help.median)} | ${fmtMs(help.min)} | ${fmtMs(help.max)} | ${ratio(help.median, floor.median)} | ${aws ? ratio(help.median, aws.median) : 'n/a'} |`,
    );
    if (aws) {
      lines.push(
        `| \`aws --version\` (AWS CLI v1) | ${fmtMs(aws.median)} | ${fmtMs(aws.min)} | ${fmtMs(aws.max)} | ${ratio(aws.median, floor.median)} | 1.00× |`,
      );
    }
    lines.push(
      '',
      `Target: \`fshare --version\` ≤ 1.5× \`node -e 0\` — ${version.median <= 1.5 * floor.median ? 'met' : 'missed'}.`,
      '',
    );
  }
  if (s.record && !s.record.error) {
    const { fshare, aws } = s.record;
    lines.push(
      '### One record (GetRecord, whole process)',
      '',
      '| tool | median | min | max | vs AWS CLI |',
      '|---|---|---|---|---|',
      `| \`fshare get-record\` | ${fmtMs(fshare.median)} | ${fmtMs(fshare.min)} | ${fmtMs(fshare.max)} | ${aws ? ratio(fshare.median, aws.median) : 'n/a'} |`,
    );
    if (aws) {
      lines.push(
        `| \`aws sagemaker-featurestore-runtime get-record\` | ${fmtMs(aws.median)} | ${fmtMs(aws.min)} | ${fmtMs(aws.max)} | 1.00× |`,
      );
    }
    lines.push(
      '',
      `Target: ≤ 0.25× the AWS CLI — ${aws ? (fshare.median <= 0.25 * aws.median ? 'met' : 'missed') : 'not measured (no aws on PATH)'}.`,
      '',
    );
  }
  if (s.write && !s.write.error) {
    const w = s.write;
    lines.push(
      '### Bulk write (10 ms injected latency per request)',
      '',
      '| tool | rows | records/s | vs boto3 | of latency bound | of sandbox capacity |',
      '|---|---|---|---|---|---|',
      `| \`fshare import --concurrency ${w.concurrency}\` | ${w.rows} | ${w.atLatency.recordsPerSecond.toFixed(0)} | ${w.peer ? ratio(w.atLatency.recordsPerSecond, w.peer.recordsPerSecond) : 'n/a'} | ${((100 * w.atLatency.recordsPerSecond) / w.latencyBound).toFixed(1)}% | ${((100 * w.atLatency.recordsPerSecond) / w.capacity.recordsPerSecond).toFixed(1)}% |`,
      `| \`fshare import\`, no latency (sandbox capacity) | ${w.rows} | ${w.capacity.recordsPerSecond.toFixed(0)} | | | 100% |`,
    );
    if (w.peer) {
      lines.push(
        `| boto3, 16 threads, PutRecord per row (SageMaker SDK \`ingest\` pattern) | ${w.peer.records} | ${w.peer.recordsPerSecond.toFixed(0)} | 1.00× | | |`,
      );
    }
    lines.push(
      '',
      `Latency bound = concurrency × 25 records per BatchWriteRecord ÷ 10 ms = ${w.latencyBound.toFixed(0)} records/s. Targets: ≥ 20× boto3 — ${w.peer ? (w.atLatency.recordsPerSecond >= 20 * w.peer.recordsPerSecond ? 'met' : 'missed') : 'n/a'}; ≥ 70% of the latency bound — ${w.atLatency.recordsPerSecond >= 0.7 * w.latencyBound ? 'met' : 'missed'}.`,
      '',
    );
  }
  if (s.read && !s.read.error) {
    const rd = s.read;
    lines.push(
      '### Bulk read',
      '',
      '| tool | records | seconds | records/s |',
      '|---|---|---|---|',
      `| \`fshare batch-get --ids-file\` | ${rd.batchGet.ids} | ${rd.batchGet.seconds.toFixed(2)} | ${rd.batchGet.recordsPerSecond.toFixed(0)} |`,
      `| \`fshare export\` | all | ${rd.export.seconds.toFixed(2)} | ${rd.export.recordsPerSecond.toFixed(0)} |`,
    );
    if (rd.peer) {
      lines.push(
        `| boto3, 16 threads, GetRecord per id | ${rd.peer.records} | ${rd.peer.seconds.toFixed(2)} | ${rd.peer.recordsPerSecond.toFixed(0)} |`,
      );
    }
    lines.push('');
  }
  if (s.memory && !s.memory.error) {
    lines.push(
      '### Memory (peak RSS of `fshare import`, served sandbox in another process)',
      '',
      '| rows | seconds | peak RSS |',
      '|---|---|---|',
    );
    for (const m of s.memory.runs) {
      lines.push(`| ${m.rows} | ${m.seconds.toFixed(1)} | ${m.peakRssMiB.toFixed(0)} MiB |`);
    }
    const [a, b] = s.memory.runs;
    if (a && b) {
      lines.push(
        '',
        `Target: ≤ 200 MiB and within 10% of the smaller run — ${b.peakRssMiB <= 200 && b.peakRssMiB <= a.peakRssMiB * 1.1 ? 'met' : 'missed'} (${((100 * (b.peakRssMiB - a.peakRssMiB)) / a.peakRssMiB).toFixed(1)}% difference).`,
      );
    }
    lines.push('');
  }
  if (s.audit && !s.audit.error) {
    lines.push('### Audit', '', ...s.audit.markdown, '');
  }
  if (s['org-scale'] && !s['org-scale'].error) {
    lines.push('### Sharing at organization scale', '', ...orgScaleMarkdown(s['org-scale']), '');
  }
  for (const [name, value] of Object.entries(s)) {
    if (value?.error) {
      lines.push(`### ${name}: failed`, '', `The scenario failed in this run: \`${value.error}\`.`, '');
    }
  }
  lines.push('<!-- bench:end -->');
  return lines.join('\n');
}

for (const name of scenarios) {
  if (!run[name]) {
    log(`unknown scenario ${name}; choose from ${ALL.join(', ')}`);
    process.exit(2);
  }
  log(`bench: ${name}…`);
  const t0 = Date.now();
  try {
    results.scenarios[name] = { ...(await run[name]()), measuredAt: new Date().toISOString(), quick: QUICK };
  } catch (error) {
    results.scenarios[name] = { error: String(error?.message ?? error).split('\n')[0] };
  }
  log(`bench: ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

// Running some scenarios keeps the others' last figures (each scenario records its own date).
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const latestPath = join(ROOT, 'bench/results/latest.json');
if (wanted.length && existsSync(latestPath)) {
  const previous = JSON.parse(readFileSync(latestPath, 'utf8'));
  results.scenarios = { ...previous.scenarios, ...results.scenarios };
}
writeFileSync(latestPath, `${JSON.stringify(results, null, 2)}\n`);
const perfPath = join(ROOT, 'docs/performance.md');
const existing = existsSync(perfPath) ? readFileSync(perfPath, 'utf8') : '# Performance\n';
const block = renderMarkdown(results);
const updated = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/.test(existing)
  ? existing.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, block)
  : `${existing.trimEnd()}\n\n${block}\n`;
writeFileSync(perfPath, updated);
rmSync(work, { recursive: true, force: true });
log(`bench: wrote docs/performance.md and bench/results/latest.json`);
