// Bundles the CLI into dist/ with code splitting, so each command (and each AWS client) is its
// own chunk loaded on demand. Native and UI packages stay external.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Built beside dist/ and swapped in only when the build succeeds, so a failed build (or one of
// several concurrent ones) never leaves dist/ missing for the tests that run the bin.
const dist = fileURLToPath(new URL('../dist', import.meta.url));
const staging = `${dist}.build-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
try {
  await build({
    entryPoints: { cli: 'bin/cli.ts' },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    // Native addons (better-sqlite3, DuckDB) load their .node files at run time.
    external: [
      'better-sqlite3',
      '@duckdb/*',
      'ink',
      'react',
      'react/*',
      'ink-testing-library',
      'yoga-layout',
    ],
    banner: {
      js: "import { createRequire as __fshareCreateRequire } from 'node:module'; const require = __fshareCreateRequire(import.meta.url);",
    },
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    logLevel: 'warning',
    jsx: 'automatic',
    minifyWhitespace: true,
    minifySyntax: true,
  });
} catch (error) {
  rmSync(staging, { recursive: true, force: true });
  throw error;
}
rmSync(dist, { recursive: true, force: true });
renameSync(staging, dist);
