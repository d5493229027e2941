/**
 * The foundation against the sandbox: whoami and doctor in every output mode, the run-time
 * permission resolver, and feature group resolution across accounts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveGlobals } from '../../../src/cli/globals.js';
import { createContext } from '../../../src/cli/create-context.js';
import type { Context } from '../../../src/context.js';
import type { DoctorReport } from '../../../src/doctor/checks.js';
import { LEVELS } from '../../../src/permissions/levels.js';
import { resolvePermissions } from '../../../src/sharing/permission-resolver.js';
import { resolveFeatureGroup } from '../../../src/consumer/resolve-feature-group.js';
import { runCli } from '../../helpers/run-cli.js';

let home: string;
let env: Record<string, string>;

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
  env = { FSHARE_HOME: home };
  const init = await runCli(['sandbox', 'init'], { env });
  expect(init.code, init.stderr).toBe(0);
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

function sandboxContext(profile: string): Context {
  const globals = resolveGlobals({ sandbox: true, profile }, env, false);
  return createContext(
    {
      stdin: Readable.from([]),
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      env: { ...env, NO_COLOR: '1' },
      stdinIsTTY: false,
      stdoutIsTTY: false,
      stderrIsTTY: false,
      columns: 120,
    },
    globals,
  );
}

describe('fshare whoami (sandbox)', () => {
  it('piped: JSON with account, ARN, region, profile, mode', async () => {
    const res = await runCli(['--sandbox', '--profile', 'consumer', 'whoami'], { env });
    expect(res.code).toBe(0);
    expect(res.json()).toMatchObject({
      account: '222222222222',
      arn: expect.stringContaining(':assumed-role/data-scientist/') as unknown,
      region: 'us-east-1',
      profile: 'consumer',
      mode: 'sandbox',
    });
  });

  it('TTY: a field/value table', async () => {
    const res = await runCli(['--sandbox', '--profile', 'partner', 'whoami'], { env, tty: true });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/account\s+333333333333/);
  });

  it('-o json on a TTY is still JSON', async () => {
    const res = await runCli(['--sandbox', '--profile', 'auditor', 'whoami', '-o', 'json'], {
      env,
      tty: true,
    });
    expect(res.code).toBe(0);
    expect(res.json<{ arn: string }>().arn).toContain(':assumed-role/auditor/');
  });

  it('an uninitialised sandbox: exit 2 (nothing sent) with the init hint', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
    try {
      const res = await runCli(['--sandbox', 'whoami', '-o', 'json'], { env: { FSHARE_HOME: empty } });
      expect(res.code).toBe(2);
      expect(JSON.parse(res.stderr)).toMatchObject({ error: { code: 'FSHARE_SANDBOX_NOT_INITIALISED' } });
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('fshare doctor (sandbox)', () => {
  it('piped JSON: every check, no failure, audit not set up is a warning; exit 0', async () => {
    const res = await runCli(['--sandbox', '--profile', 'owner', 'doctor'], { env });
    expect(res.code).toBe(0);
    const report = res.json<DoctorReport>();
    expect(report.ok).toBe(true);
    const byName = Object.fromEntries(report.checks.map((c) => [c.check, c]));
    expect(byName.credentials?.status).toBe('ok');
    expect(byName.mode?.detail).toContain('sandbox');
    expect(byName['ram permissions']?.status).toBe('ok');
    expect(byName.organization?.detail).toContain('o-fshare1sandbox');
    expect(byName['audit data events']?.status).toBe('warn');
    expect(byName.sandbox?.detail).toContain(home);
  });

  it('TTY: one line per check, hints on stderr', async () => {
    const res = await runCli(['--sandbox', '--profile', 'consumer', 'doctor'], { env, tty: true });
    expect(res.code).toBe(0);
    expect(res.stdout.trim().split('\n')).toHaveLength(7);
    expect(res.stdout).toMatch(/^ok\s+sandbox\s+.*organization sharing off/m);
    expect(res.stdout).toMatch(/^ok\s+credentials\s+.*222222222222/m);
    // The hint's command carries this invocation's --sandbox, so it pastes and runs.
    expect(res.stderr).toContain('fshare --sandbox audit setup');
  });

  it('the org-sharing variant says there are no invitations', async () => {
    const orgHome = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
    try {
      const orgEnv = { FSHARE_HOME: orgHome };
      expect((await runCli(['sandbox', 'init', '--org-sharing'], { env: orgEnv })).code).toBe(0);
      const res = await runCli(['--sandbox', 'doctor', '-o', 'json'], { env: orgEnv });
      expect(res.code).toBe(0);
      const sandbox = res.json<DoctorReport>().checks.find((c) => c.check === 'sandbox');
      expect(sandbox?.detail).toContain('organization sharing on (no invitations)');
    } finally {
      fs.rmSync(orgHome, { recursive: true, force: true });
    }
  });

  it('the partner (outside the organization) is told so', async () => {
    const res = await runCli(['--sandbox', '--profile', 'partner', 'doctor', '-o', 'json'], { env });
    expect(res.code).toBe(0);
    const org = res.json<DoctorReport>().checks.find((c) => c.check === 'organization');
    expect(org?.status).toBe('warn');
  });

  it('an uninitialised sandbox fails the checks: exit 1', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
    try {
      const res = await runCli(['--sandbox', 'doctor', '-o', 'json'], { env: { FSHARE_HOME: empty } });
      expect(res.code).toBe(1);
      const report = res.json<DoctorReport>();
      expect(report.ok).toBe(false);
      // One root cause, reported once: the checks that need it are skipped, not failed again.
      const failed = report.checks.filter((c) => c.status === 'fail');
      expect(failed).toHaveLength(1);
      expect(failed[0]?.hint).toContain('fshare sandbox init');
      expect(report.checks.find((c) => c.check === 'ram permissions')?.status).toBe('skip');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('resolvePermissions against the sandbox', () => {
  it('resolves every level live, with live actions', async () => {
    const ctx = sandboxContext('owner');
    const resolved = await resolvePermissions(await ctx.aws.ram());
    expect(resolved.fallbacks).toEqual([]);
    for (const level of LEVELS) {
      expect(resolved.byLevel[level].arn).toMatch(/^arn:aws:ram::aws:permission\//);
      expect(resolved.byLevel[level].actionsSource).toBe('live');
    }
    expect(resolved.byLevel['read-only'].actions).toContain('sagemaker:GetRecord');
    expect(resolved.byLevel['read-only'].actions).not.toContain('sagemaker:PutRecord');
    expect(resolved.byLevel.admin.actions).toContain('sagemaker:UpdateFeatureGroup');
  });
});

describe('resolveFeatureGroup against the sandbox', () => {
  it('a bare name in the owner account is the owner’s own', async () => {
    const { described, ...g } = await resolveFeatureGroup(sandboxContext('owner'), 'customers');
    // The describe that resolved the name is handed on, so record commands need not repeat it.
    expect(described?.RecordIdentifierFeatureName).toBe('customer_id');
    expect(g).toEqual({
      arn: 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers',
      name: 'customers',
      account: '111111111111',
      region: 'us-east-1',
      own: true,
    });
  });

  it('a consumer finds nothing before a share (exit 4), then the owner’s ARN after accepting one', async () => {
    const consumer = sandboxContext('consumer');
    await expect(resolveFeatureGroup(consumer, 'transactions')).rejects.toMatchObject({
      code: 'FSHARE_FEATURE_GROUP_NOT_FOUND',
      exitCode: 4,
    });

    const owner = sandboxContext('owner');
    const ownerRam = await owner.aws.ram();
    const arn = 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/transactions';
    const resolved = await resolvePermissions(ownerRam, { withActions: false });
    await ownerRam.createResourceShare({
      name: 'foundation-test',
      resourceArns: [arn],
      principals: ['222222222222'],
      permissionArns: [resolved.byLevel['read-only'].arn],
      allowExternalPrincipals: false,
    });
    const consumerAfter = sandboxContext('consumer');
    const consumerRam = await consumerAfter.aws.ram();
    const invitations = await consumerRam.getResourceShareInvitations({});
    for (const inv of invitations.resourceShareInvitations ?? []) {
      if (inv.status === 'PENDING' && inv.resourceShareInvitationArn) {
        await consumerRam.acceptResourceShareInvitation({
          resourceShareInvitationArn: inv.resourceShareInvitationArn,
        });
      }
    }
    const g = await resolveFeatureGroup(consumerAfter, 'transactions');
    expect(g).toMatchObject({ arn, account: '111111111111', region: 'us-east-1', own: false });
  });
});
