// The README's first console block works as written on a fresh sandbox: every `$ fshare …` line
// (with the `export` lines applied to the environment) runs through the built bin and exits 0.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const README = fs.readFileSync('README.md', 'utf8');

/** The `$ ` lines of the first console block, without their trailing comments. */
function consoleLines(markdown: string): string[] {
  const block = /```console\n([\s\S]*?)```/.exec(markdown)?.[1] ?? '';
  return block
    .split('\n')
    .filter((line) => line.startsWith('$ '))
    .map((line) =>
      line
        .slice(2)
        .replace(/\s+#.*$/, '')
        .trim(),
    );
}

let home: string;

beforeAll(() => {
  if (!fs.existsSync('dist/cli.js')) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  }
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-readme-'));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('README', () => {
  const lines = consoleLines(README);

  it('has a console block of fshare commands', () => {
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.every((l) => l.startsWith('fshare ') || l.startsWith('export '))).toBe(true);
  });

  it('every command in its first console block runs as written on the sandbox', () => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      FSHARE_HOME: home,
      NO_COLOR: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    delete env.FSHARE_SANDBOX;
    for (const line of lines) {
      const assignment = /^export (\w+)=(\S+)$/.exec(line);
      if (assignment) {
        env[assignment[1] ?? ''] = assignment[2];
        continue;
      }
      const args = line.split(/\s+/).slice(1);
      const res = spawnSync(process.execPath, ['bin/fshare', ...args], { env, encoding: 'utf8' });
      expect(res.status, `${line}\n${res.stderr}`).toBe(0);
    }
  }, 120_000);
});
