// Shared helpers for the benchmark: timing child processes, starting a served sandbox, stats.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = new URL('..', import.meta.url).pathname;
export const FSHARE = join(ROOT, 'bin', 'fshare');

export const baseEnv = () => ({
  ...process.env,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  NO_COLOR: '1',
});

export function tempHome(prefix = 'fshare-bench-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs a command `runs` times (after one warm-up) and returns wall times in ms. */
export function timeRuns(cmd, args, { env = baseEnv(), runs = 10, warmup = 1, expectExit = 0 } = {}) {
  const times = [];
  for (let i = 0; i < runs + warmup; i++) {
    const t0 = process.hrtime.bigint();
    const res = spawnSync(cmd, args, { env, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.status !== expectExit) {
      throw new Error(`${cmd} ${args.join(' ')} exited ${res.status}: ${(res.stderr || '').slice(0, 400)}`);
    }
    if (i >= warmup) {
      times.push(ms);
    }
  }
  return times;
}

/**
 * Times several commands round-robin (a, b, c, a, b, c, …) so that a drift in the machine's speed
 * (another process, CPU frequency) falls on every command alike and the ratios stay fair.
 * `commands` maps a name to {cmd, args, env?, expectExit?}; returns a name → times (ms) map.
 */
export function timeInterleaved(commands, { runs = 10, warmup = 1 } = {}) {
  const times = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let i = 0; i < runs + warmup; i++) {
    for (const [name, spec] of Object.entries(commands)) {
      const [ms] = timeRuns(spec.cmd, spec.args, {
        env: spec.env ?? baseEnv(),
        runs: 1,
        warmup: 0,
        expectExit: spec.expectExit ?? 0,
      });
      if (i >= warmup) {
        times[name].push(ms);
      }
    }
  }
  return times;
}

/** Runs once, returning {ms, status, stdout, stderr, maxRssKb} (peak RSS from /usr/bin/time). */
export function runMeasured(cmd, args, { env = baseEnv(), input } = {}) {
  const t0 = process.hrtime.bigint();
  const res = spawnSync('/usr/bin/time', ['-f', '__MAXRSS__%M', cmd, ...args], {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    input,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = /__MAXRSS__(\d+)/.exec(res.stderr || '');
  return {
    ms,
    status: res.status,
    stdout: res.stdout,
    stderr: (res.stderr || '').replace(/__MAXRSS__\d+\n?/, ''),
    maxRssKb: m ? Number(m[1]) : undefined,
  };
}

export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

export function fshareSync(args, { home, env = {}, expectExit = 0 } = {}) {
  const res = spawnSync('node', [FSHARE, ...args], {
    env: { ...baseEnv(), ...(home ? { FSHARE_HOME: home } : {}), ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (expectExit !== undefined && res.status !== expectExit) {
    throw new Error(`fshare ${args.join(' ')} exited ${res.status}: ${(res.stderr || '').slice(0, 600)}`);
  }
  return res;
}

/** Starts `fshare sandbox serve --port 0` and resolves with {url, stop()}. */
export async function startServer({ home, flags = [] }) {
  const child = spawn('node', [FSHARE, 'sandbox', 'serve', '--port', '0', ...flags], {
    env: { ...baseEnv(), FSHARE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const rl = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox serve did not start: ${stderr}`)), 20000);
    rl.on('line', (line) => {
      try {
        const parsed = JSON.parse(line);
        if (parsed.url) {
          clearTimeout(timer);
          resolve(parsed.url);
        }
      } catch {
        // not the JSON line
      }
    });
    child.on('exit', (code) => reject(new Error(`sandbox serve exited ${code}: ${stderr}`)));
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

/** Credentials for a sandbox profile, from `fshare sandbox env --as <profile>`. */
export function sandboxCredentials(home, profile, url) {
  const res = fshareSync(['sandbox', 'env', '--as', profile, '-o', 'text'], { home });
  const env = {};
  const [header, row] = res.stdout.trim().split('\n');
  if (header?.includes('\t') && row) {
    // `-o text` is TSV: a header line of variable names, then the values.
    const values = row.split('\t');
    header.split('\t').forEach((name, i) => {
      if (/^[A-Z_]+$/.test(name) && values[i] !== undefined) {
        env[name] = values[i];
      }
    });
  } else {
    for (const m of res.stdout.matchAll(/([A-Z_]+)=("[^"]*"|'[^']*'|\S+)/g)) {
      env[m[1]] = m[2].replace(/^['"]|['"]$/g, '');
    }
  }
  if (url) {
    env.AWS_ENDPOINT_URL = url;
  }
  return env;
}

/** Deterministic PRNG (mulberry32), so data sets are reproducible. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fmtMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}
