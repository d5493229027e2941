// `npm run bench [-- scenario...]`: runs each scenario side by side with the peers a user would
// otherwise pick (against `fshare sandbox serve`, or for the client's bulk throughput against
// bench/latency-endpoint.mjs), and writes docs/performance.md (between the bench markers) and
// bench/results/latest.json. Every figure of a scenario comes from one run, peers included.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import {
  clientBench,
  clientMarkdown,
  memoryBench,
  memoryMarkdown,
  recordBench,
  recordMarkdown,
} from './records.mjs';
import { orgScaleMarkdown } from './org-scale.mjs';
import { FSHARE, ROOT, fmtMs, stats, tempHome, timeInterleaved } from './lib.mjs';

const ALL = ['startup', 'record', 'client', 'capacity', 'memory', 'audit', 'audit-athena', 'org-scale'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const scenarios = wanted.length ? wanted : ALL;
const QUICK = process.argv.includes('--quick');
const RUNS = QUICK ? 3 : 20;
const WRITE_ROWS = QUICK ? 10_000 : 100_000;

const work = tempHome('fshare-bench-data-');
const results = {
  date: new Date().toISOString(),
  cores: cpus().length,
  node: process.version,
  quick: QUICK,
  scenarios: {},
};
const hasAws = spawnSync('aws', ['--version']).status === 0;

function log(message) {
  process.stderr.write(`${message}\n`);
}

const run = {
  async startup() {
    const times = timeInterleaved(
      {
        floor: { cmd: 'node', args: ['-e', '0'] },
        version: { cmd: 'node', args: [FSHARE, '--version'] },
        help: { cmd: 'node', args: [FSHARE, '--help'] },
        ...(hasAws ? { aws: { cmd: 'aws', args: ['--version'] } } : {}),
      },
      { runs: RUNS },
    );
    const { floor, version, help, aws } = Object.fromEntries(
      Object.entries(times).map(([name, values]) => [name, stats(values)]),
    );
    return { floor, version, help, aws };
  },

  async record() {
    return recordBench({ runs: RUNS });
  },

  // The client's own throughput, against an endpoint whose only cost is its latency.
  async client() {
    return clientBench({ quick: QUICK, work });
  },

  // What the served sandbox itself takes (bench/sandbox-capacity.mjs): a separate row, not the client.
  async capacity() {
    const { measureCapacity } = await import('./sandbox-capacity.mjs');
    return measureCapacity({ records: WRITE_ROWS });
  },

  async memory() {
    return memoryBench({ quick: QUICK, work });
  },

  async audit() {
    const { auditBench } = await import('./audit.mjs');
    return auditBench({ quick: QUICK, work });
  },

  async 'audit-athena'() {
    const { auditAthenaBench } = await import('./audit-athena.mjs');
    return auditAthenaBench({ quick: QUICK });
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
    lines.push('### One record (GetRecord, whole process)', '', ...recordMarkdown(s.record), '');
  }
  if (s.client && !s.client.error) {
    lines.push('### Bulk I/O: the client against the latency bound', '', ...clientMarkdown(s.client), '');
  }
  if (s.capacity && !s.capacity.error) {
    const c = s.capacity;
    lines.push(
      '### Sandbox capacity (the served sandbox, not the client)',
      '',
      `\`fshare sandbox serve\` took ${Math.round(c.recordsPerSecond).toLocaleString('en-US')} records/s of BatchWriteRecord over HTTP (${c.records} records, 25 per call, 16 in flight, ${c.errors ?? 0} errors)${c.recordsPerServerCpuSecond ? `, ${Math.round(c.recordsPerServerCpuSecond).toLocaleString('en-US')} records per second of the server's own CPU (steadier than wall time when the client shares the cores)` : ''}. Bulk figures measured against the sandbox are bounded by this, which is why the client is measured against the latency endpoint above.`,
      '',
    );
  }
  if (s.memory && !s.memory.error) {
    lines.push(
      '### Memory (peak RSS of `fshare import`, latency endpoint at L = 1 ms)',
      '',
      ...memoryMarkdown(s.memory),
      '',
    );
  }
  if (s.audit && !s.audit.error) {
    lines.push('### Audit', '', ...s.audit.markdown, '');
  }
  if (s['audit-athena'] && !s['audit-athena'].error) {
    lines.push('### Audit without Lake: trail → S3 → Athena', '', ...s['audit-athena'].markdown, '');
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
  // Scenarios that no longer exist (renamed or replaced) are not kept as if current.
  results.scenarios = Object.fromEntries(
    Object.entries(results.scenarios).filter(([name]) => ALL.includes(name)),
  );
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
