/**
 * What a person sees in a real terminal (a pseudo-terminal at 80 and 140 columns): tables keep
 * identifiers whole, no line is wider than the terminal, and piped output of the same lists is
 * one entry per line (ndjson), a header and rows (csv, text), or JSON.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInPty } from '../helpers/pty.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin', 'fshare');
let home: string;
let invitationArn: string;

function env(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    FSHARE_HOME: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NO_COLOR: '1',
  };
}

function fshare(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { env: env(), encoding: 'utf8', timeout: 60_000 });
}

beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
  }
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-tables-'));
  expect(fshare(['sandbox', 'init', '--quiet']).status).toBe(0);
  const grant = fshare([
    '--sandbox',
    '--profile',
    'owner',
    'grant',
    'customers',
    '--to',
    '222222222222',
    '--level',
    'read-only',
    '--no-wait',
  ]);
  expect(grant.status, grant.stderr).toBe(0);
  const listed = fshare(['--sandbox', '--profile', 'consumer', 'invitations', '-o', 'json']);
  invitationArn = (JSON.parse(listed.stdout) as { invitationArn: string }[])[0]?.invitationArn ?? '';
  expect(invitationArn).toMatch(/^arn:aws:ram:/);
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('invitations in a terminal', () => {
  it.each([80, 140])('at %i columns: the invitation ARN and the owner account are whole', async (cols) => {
    const res = await runInPty(['--sandbox', '--profile', 'consumer', 'invitations'], { cols, env: env() });
    expect(res.code).toBe(0);
    for (const line of res.lines) {
      expect(line.length).toBeLessThanOrEqual(cols);
    }
    expect(res.screen).not.toMatch(/1111111111…|arn:aws:ram…|fshare-…/);
    // Wrapped or not, the ARN reads back whole (pieces joined), as does the account.
    expect(res.screen.replace(/\s+/g, '')).toContain(invitationArn);
    expect(res.screen).toContain('111111111111');
  });

  it('--wide prints each row on one line whatever the width', async () => {
    const res = await runInPty(['--sandbox', '--profile', 'consumer', 'invitations', '--wide'], {
      cols: 80,
      env: env(),
    });
    expect(res.code).toBe(0);
    expect(res.output).toContain(invitationArn);
  });
});

describe('the same lists piped', () => {
  const lists: [string, string[]][] = [
    ['invitations', ['--profile', 'consumer', 'invitations']],
    ['shares', ['--profile', 'owner', 'shares']],
    ['access', ['--profile', 'owner', 'access']],
    ['export', ['--profile', 'owner', 'export', 'customers', '--max-items', '5']],
  ];

  it.each(lists)('%s -o ndjson: one JSON object per line, never a wrapper', (_name, args) => {
    const res = fshare(['--sandbox', ...args, '-o', 'ndjson']);
    expect(res.status, res.stderr).toBe(0);
    const lines = res.stdout
      .trim()
      .split('\n')
      .filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const value = JSON.parse(line) as unknown;
      expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
      expect(Object.keys(value as object)).not.toContain('entries');
    }
  });

  it.each(lists)('%s -o csv and -o text: a header line of keys, then one line per entry', (_name, args) => {
    const ndjson = fshare(['--sandbox', ...args, '-o', 'ndjson'])
      .stdout.trim()
      .split('\n').length;
    for (const format of ['csv', 'text']) {
      const res = fshare(['--sandbox', ...args, '-o', format]);
      expect(res.status, res.stderr).toBe(0);
      const lines = res.stdout.trim().split('\n');
      expect(lines[0]).toMatch(format === 'csv' ? /^[A-Za-z]\w*(,\w+)*$/ : /^[A-Za-z]\w*(\t\w+)*$/);
      // Text (TSV) has exactly one line per entry; a CSV cell may hold a quoted line break.
      if (format === 'text') {
        expect(lines).toHaveLength(ndjson + 1);
      } else {
        expect(lines.length).toBeGreaterThanOrEqual(ndjson + 1);
      }
    }
  });

  it.each(lists)('%s -o json parses', (_name, args) => {
    const res = fshare(['--sandbox', ...args, '-o', 'json']);
    expect(res.status, res.stderr).toBe(0);
    expect(() => JSON.parse(res.stdout) as unknown).not.toThrow();
  });
});
