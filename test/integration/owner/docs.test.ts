/**
 * The examples in the owner docs are run: every line of every ```sh block, in order, on a fresh
 * sandbox (as the owner profile unless the line names --profile). A trailing `# exit N` states the
 * expected exit code; otherwise it is 0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSandbox } from './helpers.js';

const DOCS = path.join(import.meta.dirname, '../../../docs');
const PAGES = ['grant', 'revoke', 'shares', 'access', 'policy', 'plan', 'apply', 'reap'];

function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    out.push(m[1] ?? m[2] ?? m[3] ?? '');
  }
  return out;
}

function examples(markdown: string): { line: string; args: string[]; exit: number }[] {
  const out: { line: string; args: string[]; exit: number }[] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of (block[1] ?? '').split('\n')) {
      const [command = '', comment = ''] = raw.split(/\s+#\s*/, 2);
      if (!command.trim().startsWith('fshare ')) {
        continue;
      }
      const args = words(command.trim()).slice(1);
      const exit = Number(/exit (\d+)/.exec(comment)?.[1] ?? 0);
      out.push({
        line: raw.trim(),
        args: args.includes('--profile')
          ? ['--sandbox', ...args]
          : ['--sandbox', '--profile', 'owner', ...args],
        exit,
      });
    }
  }
  return out;
}

describe.each(PAGES)('docs/%s.md examples run', (page) => {
  const markdown = fs.readFileSync(path.join(DOCS, `${page}.md`), 'utf8');
  it('every sh example exits as stated', async () => {
    const runs = examples(markdown);
    expect(runs.length).toBeGreaterThan(0);
    const sb = await createSandbox(
      markdown.includes('<!-- docs test: sandbox init --org-sharing -->') ? ['--org-sharing'] : [],
    );
    try {
      const { runCli } = await import('../../helpers/run-cli.js');
      const { fastClock } = await import('./helpers.js');
      for (const run of runs) {
        const r = await runCli(run.args, { env: { FSHARE_HOME: sb.home }, clock: fastClock() });
        expect(r.code, `${run.line}\n${r.stderr}`).toBe(run.exit);
      }
    } finally {
      sb.cleanup();
    }
  });
});
