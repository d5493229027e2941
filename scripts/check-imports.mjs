// Fails (exit 1) on any import cycle, and on any import that runs against the arrows
// bin → commands → src: nothing in src imports commands/ or bin/, nothing in commands imports bin/.
// Type-only imports count too: a cycle of types is still two modules that cannot be understood
// apart. Usage: node scripts/check-imports.mjs [--json]
import madge from 'madge';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** [from-prefix, forbidden-prefix, why] */
const FORBIDDEN = [
  ['src/', 'commands/', 'src must not depend on commands (the registry is handed to the program)'],
  ['src/', 'bin/', 'src must not depend on the launcher'],
  ['commands/', 'bin/', 'commands must not depend on the launcher'],
];

export async function checkImports(dir = root) {
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const graph = await madge(
    ['bin', 'commands', 'src'].map((d) => join(dir, d)).filter((d) => existsSync(d)),
    {
      baseDir: dir,
      fileExtensions: ['ts', 'tsx'],
      tsConfig: join(root, 'tsconfig.json'),
      detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
    },
  );
  const cycles = graph.circular();
  const wrongWay = [];
  for (const [from, deps] of Object.entries(graph.obj())) {
    for (const to of deps) {
      for (const [fromPrefix, toPrefix, why] of FORBIDDEN) {
        if (from.startsWith(fromPrefix) && to.startsWith(toPrefix)) {
          wrongWay.push({ from, to, why });
        }
      }
    }
  }
  return { files: Object.keys(graph.obj()).length, cycles, wrongWay };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await checkImports();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    for (const cycle of result.cycles) {
      console.error(`import cycle: ${[...cycle, cycle[0]].join(' → ')}`);
    }
    for (const { from, to, why } of result.wrongWay) {
      console.error(`wrong-way import: ${from} → ${to} (${why})`);
    }
    const problems = result.cycles.length + result.wrongWay.length;
    console.error(
      problems === 0
        ? `imports ok: ${result.files} files, no cycles, arrows bin → commands → src`
        : `${problems} import problem(s) in ${result.files} files`,
    );
  }
  process.exitCode = result.cycles.length + result.wrongWay.length === 0 ? 0 : 1;
}
