// Lists source files over the size limit (issue 10: "no source file over about 400 lines outside
// generated data"), longest first, and exits 1 when there are any. Generated or data files are
// skipped: *.generated.ts, fixtures/, and files whose first line says "generated".
// Usage: node scripts/check-sizes.mjs [--limit 400]
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = process.argv.indexOf('--limit');
const limit = at > 0 ? Number(process.argv[at + 1]) : 400;

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* sources(file);
    } else if (/\.(ts|tsx|mjs)$/.test(entry.name) && !/\.generated\./.test(entry.name)) {
      yield file;
    }
  }
}

const over = [];
for (const dir of ['bin', 'commands', 'src']) {
  for (const file of sources(join(root, dir))) {
    const text = readFileSync(file, 'utf8');
    if (/generated/i.test(text.split('\n', 1)[0] ?? '')) {
      continue;
    }
    const lines = text.split('\n').length;
    if (lines > limit) {
      over.push([relative(root, file), lines]);
    }
  }
}
over.sort((a, b) => b[1] - a[1]);
for (const [file, lines] of over) {
  console.error(`${String(lines).padStart(5)}  ${file}`);
}
console.error(
  over.length === 0
    ? `sizes ok: no source file over ${limit} lines`
    : `${over.length} file(s) over ${limit} lines`,
);
process.exitCode = over.length === 0 ? 0 : 1;
