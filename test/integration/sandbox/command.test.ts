import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSharedStores, sharedStore } from '../../../src/sandbox/client-config.js';
import { runCli } from '../../helpers/run-cli.js';

let home: string;
const env = () => ({ FSHARE_HOME: home });

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
});
afterEach(() => {
  closeSharedStores();
  fs.rmSync(home, { recursive: true, force: true });
});

interface InitJson {
  created: boolean;
  orgSharing: boolean;
  profiles: string[];
}

describe('fshare sandbox init', () => {
  it('creates the world once and keeps it on the second run (piped JSON)', async () => {
    const first = await runCli(['sandbox', 'init'], { env: env() });
    expect(first.code).toBe(0);
    expect(first.json<InitJson>()).toMatchObject({ created: true, orgSharing: false });
    expect(first.json<InitJson>().profiles.sort()).toEqual([
      'auditor',
      'consumer',
      'consumer-analyst',
      'owner',
      'partner',
    ]);
    const second = await runCli(['sandbox', 'init', '-o', 'json'], { env: env() });
    expect(second.code).toBe(0);
    expect(second.json<InitJson>().created).toBe(false);
  });

  it('--ram-limits stores smaller RAM quotas, and a bad name is exit 2 with no store made', async () => {
    const bad = await runCli(['sandbox', 'init', '--ram-limits', 'pendingInvitations=2'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('pendingInvitations=2');
    expect(fs.existsSync(path.join(home, 'sandbox.db'))).toBe(false);
    const good = await runCli(['sandbox', 'init', '--ram-limits', 'pendingInvitationsPerAccount=2'], {
      env: env(),
    });
    expect(good.code).toBe(0);
    expect(good.json<{ ramLimits: Record<string, number> }>().ramLimits).toMatchObject({
      pendingInvitationsPerAccount: 2,
      tagsPerShare: 50,
    });
    const again = await runCli(['sandbox', 'init'], { env: env() });
    expect(again.json<{ ramLimits: Record<string, number> }>().ramLimits.pendingInvitationsPerAccount).toBe(
      2,
    );
  });

  it('keeps access keys across a repeated init and renews them with --force', async () => {
    await runCli(['sandbox', 'init'], { env: env() });
    const keyOf = async () =>
      (await runCli(['sandbox', 'env', '--as', 'consumer', '-o', 'json'], { env: env() })).json<{
        AWS_ACCESS_KEY_ID: string;
      }>().AWS_ACCESS_KEY_ID;
    const before = await keyOf();
    await runCli(['sandbox', 'init'], { env: env() });
    expect(await keyOf()).toBe(before);
    await runCli(['sandbox', 'init', '--force'], { env: env() });
    expect(await keyOf()).not.toBe(before);
  });

  it('turns organization sharing on with --org-sharing, on a TTY', async () => {
    const res = await runCli(['sandbox', 'init', '--org-sharing'], { env: env(), tty: true });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Sandbox created at');
    expect(res.stdout).toContain('Organization sharing: on');
  });
});

describe('fshare --sandbox whoami', () => {
  it.each([
    ['owner', '111111111111'],
    ['consumer', '222222222222'],
    ['partner', '333333333333'],
  ])('answers as %s', async (profile, account) => {
    await runCli(['sandbox', 'init'], { env: env() });
    const res = await runCli(['--sandbox', '--profile', profile, 'whoami', '-o', 'json'], { env: env() });
    expect(res.code).toBe(0);
    expect(res.json<{ account: string; mode: string }>()).toMatchObject({ account, mode: 'sandbox' });
  });

  it('drops the cached connection to the old world on `init --force`', async () => {
    await runCli(['sandbox', 'init'], { env: env() });
    const cached = sharedStore(path.join(home, 'sandbox.db'));
    await runCli(['sandbox', 'init', '--force'], { env: env() });
    expect(cached.open).toBe(false);
    const after = await runCli(['--sandbox', 'whoami', '-o', 'json'], { env: env() });
    expect(after.code).toBe(0);
    expect(after.json<{ account: string }>().account).toBe('111111111111');
  });

  it('exits 2 for a profile the sandbox does not have, naming the profiles', async () => {
    await runCli(['sandbox', 'init'], { env: env() });
    const res = await runCli(['--sandbox', '--profile', 'root', 'whoami'], { env: env() });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('owner, auditor, consumer, consumer-analyst, partner');
  });

  it('tells to run `fshare sandbox init` when there is no sandbox', async () => {
    const res = await runCli(['--sandbox', 'whoami'], { env: env() });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('sandbox init');
  });
});

describe('fshare sandbox env', () => {
  it('prints an export line even when piped', async () => {
    await runCli(['sandbox', 'init'], { env: env() });
    const res = await runCli(['sandbox', 'env', '--as', 'consumer', '--port', '4599'], { env: env() });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(
      /^export AWS_ACCESS_KEY_ID=AKIA[A-Z2-7]{16} AWS_SECRET_ACCESS_KEY=\S{40} AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:4599\n$/,
    );
  });

  it('gives JSON with -o json, and warns when no server runs', async () => {
    await runCli(['sandbox', 'init'], { env: env() });
    const res = await runCli(['sandbox', 'env', '--as', 'partner', '-o', 'json'], { env: env() });
    expect(res.code).toBe(0);
    expect(res.json<Record<string, string>>()).toMatchObject({
      profile: 'partner',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
    });
    expect(res.stderr).toContain('No running `fshare sandbox serve`');
  });

  it('exits 2 for an unknown profile', async () => {
    await runCli(['sandbox', 'init'], { env: env() });
    const res = await runCli(['sandbox', 'env', '--as', 'nobody'], { env: env() });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('not a sandbox profile');
  });

  it('suggests the sandbox profile meant by a typo', async () => {
    await runCli(['sandbox', 'init'], { env: env() });
    const res = await runCli(['sandbox', 'env', '--as', 'consumr'], { env: env() });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Did you mean consumer?');
  });
});

describe('fshare sandbox status, clock and reset', () => {
  it('shows accounts, principals and seeded feature groups', async () => {
    await runCli(['sandbox', 'init'], { env: env() });
    const res = await runCli(['sandbox', 'status'], { env: env() });
    expect(res.code).toBe(0);
    const st = res.json<{
      orgSharing: boolean;
      server: unknown;
      accounts: { accountId: string; inOrganization: boolean; ou: string | null }[];
      principals: { profile: string }[];
      featureGroups: { name: string; records: number }[];
    }>();
    expect(st.server).toBeNull();
    expect(st.accounts).toContainEqual({
      accountId: '222222222222',
      name: 'consumer',
      inOrganization: true,
      ou: 'ou-fsh1-consumer1',
    });
    expect(st.accounts.find((a) => a.accountId === '333333333333')?.inOrganization).toBe(false);
    expect(st.principals).toHaveLength(5);
    expect(st.featureGroups.map((g) => g.name).sort()).toEqual(['customers', 'transactions']);
    expect(st.featureGroups.every((g) => g.records > 0)).toBe(true);
    const tty = await runCli(['sandbox', 'status'], { env: env(), tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toContain('consumer-analyst');
  });

  it('advances the sandbox clock', async () => {
    await runCli(['sandbox', 'init'], { env: env() });
    const res = await runCli(['sandbox', 'clock', '--advance', '13h', '-o', 'json'], { env: env() });
    expect(res.code).toBe(0);
    expect(res.json<{ clockOffsetSeconds: number }>().clockOffsetSeconds).toBe(13 * 3600);
    const bad = await runCli(['sandbox', 'clock', '--advance', 'soon'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--advance');
  });

  it('resets with --yes, after which status says to init', async () => {
    await runCli(['sandbox', 'init'], { env: env() });
    const res = await runCli(['sandbox', 'reset', '--yes'], { env: env() });
    expect(res.code).toBe(0);
    expect(res.json<{ removed: boolean }>().removed).toBe(true);
    const st = await runCli(['sandbox', 'status'], { env: env() });
    expect(st.code).toBe(2);
    expect(st.stderr).toContain('fshare sandbox init');
  });

  it('does not reset without --yes and no terminal: exit 2 naming --yes, the sandbox kept', async () => {
    await runCli(['sandbox', 'init'], { env: env() });
    const res = await runCli(['sandbox', 'reset'], { env: env() });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--yes');
    expect((await runCli(['sandbox', 'status'], { env: env() })).code).toBe(0);
  });

  it('asks on a terminal: "n" keeps the sandbox (130), "y" deletes it', async () => {
    await runCli(['sandbox', 'init'], { env: env() });
    const declined = await runCli(['sandbox', 'reset'], { env: env(), tty: true, stdin: 'n\n' });
    expect(declined.code).toBe(130);
    expect(declined.stderr).toContain('Delete the sandbox');
    expect((await runCli(['sandbox', 'status'], { env: env() })).code).toBe(0);
    const accepted = await runCli(['sandbox', 'reset'], { env: env(), tty: true, stdin: 'y\n' });
    expect(accepted.code).toBe(0);
    expect((await runCli(['sandbox', 'status'], { env: env() })).code).toBe(2);
  });

  it.each([['99999999999999d'], ['36501d'], ['36500d1d'], ['0x10h'], ['1.5h']])(
    'refuses --advance %s (exit 2) and stores nothing',
    async (advance) => {
      await runCli(['sandbox', 'init'], { env: env() });
      const res = await runCli(['sandbox', 'clock', '--advance', advance], { env: env() });
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('--advance');
      const st = await runCli(['sandbox', 'status'], { env: env() });
      expect(st.json<{ clockOffsetSeconds: number }>().clockOffsetSeconds).toBe(0);
    },
  );

  it('takes combined durations and refuses a total past 100 years', async () => {
    await runCli(['sandbox', 'init'], { env: env() });
    const ok = await runCli(['sandbox', 'clock', '--advance', '1h30m', '-o', 'json'], { env: env() });
    expect(ok.json<{ clockOffsetSeconds: number }>().clockOffsetSeconds).toBe(5400);
    const near = await runCli(['sandbox', 'clock', '--advance', '36000d'], { env: env() });
    expect(near.code).toBe(0);
    const past = await runCli(['sandbox', 'clock', '--advance', '1000d'], { env: env() });
    expect(past.code).toBe(2);
    const st = await runCli(['sandbox', 'status'], { env: env() });
    expect(st.json<{ clockOffsetSeconds: number }>().clockOffsetSeconds).toBe(5400 + 36000 * 86400);
  });

  it('refuses bad serve flags before starting', async () => {
    await runCli(['sandbox', 'init'], { env: env() });
    for (const args of [
      ['--port', 'x'],
      ['--error-rate', '2'],
      ['--latency', 'slow'],
    ]) {
      const res = await runCli(['sandbox', 'serve', ...args], { env: env() });
      expect(res.code).toBe(2);
    }
  });
});
