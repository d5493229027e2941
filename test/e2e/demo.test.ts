/**
 * `fshare demo` is the README's first command: it must run the whole story on a fresh machine.
 * Each step checks its own exit code, so a regression anywhere in the story fails this test.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { demoStory } from '../../src/demo/story.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin', 'fshare');

function demo(args: string[]) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-demo-test-'));
  try {
    return spawnSync(process.execPath, [bin, 'demo', ...args], {
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        TMPDIR: home,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        NO_COLOR: '1',
      },
    });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

interface DemoJson {
  ok: boolean;
  kept: boolean;
  home: string;
  steps: { command: string; exitCode: number; expectedExit: number; ok: boolean }[];
}

describe('fshare demo', () => {
  it('runs every step of the story with the expected exit codes (-o json)', () => {
    const res = demo(['-o', 'json']);
    expect(res.status, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as DemoJson;
    expect(out.ok).toBe(true);
    expect(out.steps.map((s) => s.exitCode)).toEqual(demoStory().map((s) => s.expectExit));
    expect(out.steps.some((s) => s.expectedExit === 3)).toBe(true);
    // A new sandbox's accounts are new CloudTrail customers: set-up builds the trail path.
    const setup = out.steps[0] as unknown as { command: string; output: string };
    expect(setup.command).toBe('fshare --profile auditor audit setup');
    expect(JSON.parse(setup.output)).toMatchObject({ path: 'trail', trail: 'fshare-audit' });
    const records = out.steps.at(-1) as unknown as { output: string };
    const calls = (JSON.parse(records.output) as { action: string; outcome: string }[]).map(
      (e) => `${e.action} ${e.outcome}`,
    );
    expect(calls.sort()).toEqual(
      // The partner's fshare get-record stops at a denied DescribeFeatureGroup (a management event).
      ['GetRecord allowed', 'GetRecord allowed', 'PutRecord allowed', 'PutRecord denied'].sort(),
    );
    expect(out.kept).toBe(false);
    expect(fs.existsSync(out.home)).toBe(false);
  });

  it('narrates for a person (-o table, piped) and keeps the sandbox with --keep', () => {
    const res = demo(['-o', 'table', '--keep']);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toContain('$ fshare --profile owner grant customers');
    expect(res.stderr).toContain('$ fshare --profile auditor audit');
    expect(res.stdout).toMatch(/Demo finished: \d+ steps/);
    const kept = /kept in (\S+)\./.exec(res.stderr)?.[1];
    expect(kept).toBeDefined();
  });
});
