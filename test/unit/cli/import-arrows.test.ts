import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { checkImports } from '../../../scripts/check-imports.mjs';

interface CheckResult {
  files: number;
  cycles: string[][];
  wrongWay: { from: string; to: string; why: string }[];
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-arrows-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}

describe('npm run check:imports', () => {
  it('finds a cycle (type-only imports included) and an import from src into commands', async () => {
    write('src/a.ts', "import type { B } from './b.js';\nexport type A = B;\n");
    write('src/b.ts', "import type { A } from './a.js';\nexport type B = A | 1;\n");
    write('src/c.ts', "import { x } from '../commands/x.js';\nexport const c = x;\n");
    write('commands/x.ts', "import { y } from '../src/y.js';\nexport const x = y;\n");
    write('src/y.ts', 'export const y = 1;\n');
    const result = (await checkImports(dir)) as CheckResult;
    expect(result.cycles).toEqual([['src/a.ts', 'src/b.ts']]);
    expect(result.wrongWay.map((w) => `${w.from} → ${w.to}`)).toEqual(['src/c.ts → commands/x.ts']);
  });

  it('passes a tree whose arrows run bin → commands → src', async () => {
    const clean = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-arrows-ok-'));
    try {
      fs.mkdirSync(path.join(clean, 'src'));
      fs.mkdirSync(path.join(clean, 'commands'));
      fs.writeFileSync(path.join(clean, 'src/y.ts'), 'export const y = 1;\n');
      fs.writeFileSync(
        path.join(clean, 'commands/x.ts'),
        "import { y } from '../src/y.js';\nexport const x = y;\n",
      );
      const result = (await checkImports(clean)) as CheckResult;
      expect(result.files).toBe(2);
      expect(result.cycles).toEqual([]);
      expect(result.wrongWay).toEqual([]);
    } finally {
      fs.rmSync(clean, { recursive: true, force: true });
    }
  });
});
