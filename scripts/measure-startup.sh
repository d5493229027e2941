#!/usr/bin/env bash
# Start-up time of the built CLI against bare Node on the same machine, in the same run.
# Targets (issues 2, 15): `fshare --version` ≤ 1.5× `node -e 0`; `fshare --help` ≤ 1.5×;
# `fshare whoami --help` ≤ 2×.
# Uses hyperfine when installed (apt-get install hyperfine), else a /usr/bin/time loop.
# Wall time is the target; CPU time (user+sys) is printed too because it stays meaningful when the
# machine is shared and the wall clock is noisy.
# Usage: scripts/measure-startup.sh [runs]   (build first: npm run build)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-30}"
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
if [[ ! -f dist/cli.js ]]; then
  echo "dist/ is missing: run npm run build first" >&2
  exit 2
fi
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  cores: $(nproc)  node: $(node --version)  runs: ${runs}"

if command -v hyperfine >/dev/null 2>&1; then
  out="$(mktemp)"
  trap 'rm -f "$out"' EXIT
  hyperfine --warmup 3 --runs "$runs" -N --export-json "$out" \
    'node -e 0' 'node bin/fshare --version' 'node bin/fshare --help' 'node bin/fshare whoami --help' >&2
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results;
    const base = r[0].mean;
    const baseCpu = r[0].user + r[0].system;
    const limits = [null, 1.5, 1.5, 2];
    let ok = true;
    for (const [i, x] of r.entries()) {
      const ratio = x.mean / base;
      const limit = limits[i];
      const pass = limit === null || ratio <= limit;
      ok &&= pass;
      const cpu = x.user + x.system;
      console.log(`${x.command.padEnd(30)} wall ${(x.mean * 1000).toFixed(1)} ms ± ${(x.stddev * 1000).toFixed(1)}  ${ratio.toFixed(2)}×${limit ? ` (target ≤ ${limit}×: ${pass ? "ok" : "MISSED"})` : ""}  | cpu ${(cpu * 1000).toFixed(1)} ms  ${(cpu / baseCpu).toFixed(2)}×`);
    }
    process.exitCode = ok ? 0 : 1;
  ' "$out"
else
  # Fallback: total wall time of N sequential runs, measured by /usr/bin/time.
  measure() {
    /usr/bin/time -f '%e' bash -c "for _ in \$(seq $runs); do $1 >/dev/null; done" 2>&1 | tail -1
  }
  base="$(measure 'node -e 0')"
  for cmd in 'node bin/fshare --version' 'node bin/fshare --help' 'node bin/fshare whoami --help'; do
    t="$(measure "$cmd")"
    echo "$cmd: $(awk -v t="$t" -v n="$runs" 'BEGIN{printf "%.1f ms", t*1000/n}')  $(awk -v t="$t" -v b="$base" 'BEGIN{printf "%.2f×", t/b}')"
  done
  echo "node -e 0: $(awk -v t="$base" -v n="$runs" 'BEGIN{printf "%.1f ms", t*1000/n}')"
fi
