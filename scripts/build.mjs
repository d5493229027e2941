// Bundles the CLI into dist/ with code splitting, so each command (and each AWS client) is its
// own chunk loaded on demand. Native and UI packages stay external.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'bin/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  external: ['better-sqlite3', 'ink', 'react', 'react/*', 'ink-testing-library', 'yoga-layout'],
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
