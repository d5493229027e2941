/**
 * `fshare demo` on a terminal: narrated steps on stderr, a table for each step's output, and the
 * one-line summary on stdout. (test/e2e/demo.test.ts covers the piped JSON and text modes.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoStory } from '../../../src/demo/story.js';
import { runCli } from '../../helpers/run-cli.js';

describe('fshare demo on a TTY', () => {
  it('narrates every step and ends with the summary, exit 0', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-demo-tty-'));
    try {
      const res = await runCli(['demo'], { tty: true, columns: 100, env: { TMPDIR: tmp, HOME: tmp } });
      expect(res.code, res.stderr).toBe(0);
      const steps = demoStory().length;
      expect(res.stderr).toContain(`1/${steps} `);
      expect(res.stderr).toContain(`${steps}/${steps} `);
      // Step output is rendered as a table (upper-case headers) because the terminal is a TTY.
      expect(res.stderr).toMatch(/FEATURE\s+VALUE\s+TYPE/);
      expect(res.stderr).not.toContain('✗ expected exit');
      // Step output is indented two spaces and rendered two columns narrower, so no table row wraps.
      // Table rows are the lines with two or more column gaps (prose hints wrap on their own, and
      // a record layout keeps an ARN whole by design).
      const rows = res.stderr
        .split('\n')
        .filter((line) => line.startsWith('  ') && /\S {2,}\S.* {2,}\S/.test(line));
      expect(rows.length).toBeGreaterThan(20);
      const tooWide = rows.filter((line) => [...line].length > 100);
      expect(tooWide).toEqual([]);
      // The trail path: the summary came from Athena, and the files were read directly too.
      expect(res.stderr).toContain('$ fshare --profile auditor audit --source athena');
      expect(res.stderr).toMatch(/Athena scanned/);
      expect(res.stderr).toMatch(/S3: read \d+ log file/);
      expect(res.stdout).toMatch(new RegExp(`^Demo finished: ${steps} steps in [\\d.]+ s\\.\\n$`));
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
