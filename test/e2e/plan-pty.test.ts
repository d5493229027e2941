/**
 * plan and apply in a real terminal (80 and 140 columns): coloured + ~ - lines that fit, the counts,
 * revocations called out before the prompt; declining changes nothing and exits 130; confirming
 * prints "Apply complete" with what was done.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FSHARE_BIN, runInPty, spawnFshare, stripAnsi } from '../helpers/pty.js';

let home: string;
let policy: string;
const ANALYST = 'arn:aws:iam::222222222222:role/analyst';

function env(color = false): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    FSHARE_HOME: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // A terminal gets colour unless NO_COLOR says otherwise (the runner's own NO_COLOR is dropped).
    ...(color ? { NO_COLOR: undefined, FORCE_COLOR: undefined } : { NO_COLOR: '1' }),
  };
}

function fshare(args: string[]) {
  return spawnSync(process.execPath, [FSHARE_BIN, ...args], {
    env: env(),
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function grantedToAnalyst(): boolean {
  const access = JSON.parse(fshare(['--sandbox', '--profile', 'owner', 'access', '-o', 'json']).stdout) as {
    entries?: { principal: string }[];
  };
  return JSON.stringify(access).includes(ANALYST);
}

beforeAll(() => {
  if (!fs.existsSync(path.join(path.dirname(FSHARE_BIN), '..', 'dist', 'cli.js'))) {
    spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
  }
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-plan-pty-'));
  expect(fshare(['sandbox', 'init', '--quiet']).status).toBe(0);
  const grant = fshare([
    '--sandbox',
    '--profile',
    'owner',
    'grant',
    'customers',
    '--to',
    ANALYST,
    '--level',
    'read-write',
  ]);
  expect(grant.status, grant.stderr).toBe(0);
  policy = path.join(home, 'policy.yaml');
  fs.writeFileSync(
    policy,
    [
      'region: us-east-1',
      'catalog:',
      "  discoverable-by: ['222222222222']",
      'feature-groups:',
      '  customers:',
      "    read-only: ['222222222222']",
      '',
    ].join('\n'),
  );
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe.each([80, 140])('at %i columns', (cols) => {
  it('plan --prune shows + and - lines that fit, and the counts', async () => {
    const res = await runInPty(['--sandbox', '--profile', 'owner', 'plan', '-f', policy, '--prune'], {
      cols,
      env: env(),
    });
    expect(res.code, res.screen).toBe(0);
    expect(res.screen).toMatch(/^\+ customers 222222222222 read-only/m);
    expect(res.screen).toMatch(/^- customers .*analyst/m);
    expect(res.screen).toContain('Plan: 2 to grant, 0 to move, 1 to revoke');
    for (const line of res.lines) {
      expect(line.length).toBeLessThanOrEqual(cols);
    }
  });
});

describe('apply in a terminal', () => {
  it('colours grants green and revocations red', async () => {
    const session = spawnFshare(['--sandbox', '--profile', 'owner', 'plan', '-f', policy, '--prune'], {
      env: env(true),
    });
    expect(await session.exit).toBe(0);
    expect(session.raw()).toContain('\u001b[32m+ customers');
    expect(session.raw()).toContain('\u001b[31m- customers');
  });

  it('declining calls out the revocation, changes nothing and exits 130', async () => {
    const session = spawnFshare(['--sandbox', '--profile', 'owner', 'apply', '-f', policy, '--prune'], {
      env: env(),
    });
    await session.waitFor('[y/N]');
    expect(session.screen()).toContain('This takes access away from 1 principal/group pair');
    session.write('n\r');
    expect(await session.exit).toBe(130);
    expect(stripAnsi(session.output())).toContain('nothing was changed');
    expect(grantedToAnalyst()).toBe(true);
  });

  it('confirming applies the plan and says what was done', async () => {
    const session = spawnFshare(['--sandbox', '--profile', 'owner', 'apply', '-f', policy, '--prune'], {
      env: env(),
    });
    await session.waitFor('[y/N]');
    session.write('y\r');
    expect(await session.exit).toBe(0);
    expect(session.screen()).toMatch(/Apply complete: 2 granted, 0 moved, 1 revoked/);
    expect(grantedToAnalyst()).toBe(false);
  });
});
