import { afterEach, beforeEach, expect, it } from 'vitest';
import { acceptAll, createSandbox, mutatingRamCalls, type Sandbox } from './helpers.js';

interface ResultJson {
  changes: { kind: string; featureGroup: string | null; principal: string; from: string[] }[];
  calls: { operation: string }[];
}

let sb: Sandbox;
beforeEach(async () => {
  sb = await createSandbox();
  expect(
    (
      await sb.owner([
        'grant',
        'customers',
        'transactions',
        '--to',
        '222222222222',
        '--level',
        'read-only',
        '--discoverable',
      ])
    ).code,
  ).toBe(0);
  await acceptAll(sb, 'consumer');
});
afterEach(() => sb.cleanup());

it('revokes from every managed share of the groups; a second revoke is "already gone" and calls nothing', async () => {
  const r = await sb.owner(['revoke', 'customers', 'transactions', '--from', '222222222222', '--yes']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.json<ResultJson>().changes.map((c) => `${c.featureGroup ?? ''} ${c.from.join('+')}`)).toEqual([
    'customers read-only',
    'transactions read-only',
  ]);
  const calls = await mutatingRamCalls(sb);
  const again = await sb.owner(['revoke', 'customers', 'transactions', '--from', '222222222222', '--yes'], {
    tty: true,
  });
  expect(again.code).toBe(0);
  expect(again.stdout).toContain('No changes: already gone.');
  expect(await mutatingRamCalls(sb)).toEqual(calls);
  const access = (await sb.owner(['access'])).json<{
    entries: { featureGroup: string | null }[];
    warnings: { code: string }[];
  }>();
  // Discoverability stays (it was not revoked), and access says so.
  expect(access.entries).toEqual([expect.objectContaining({ featureGroup: null })]);
  expect(access.warnings.map((w) => w.code)).toEqual(['discoverable-no-access']);
});

it('refuses in a pipe without --yes (exit 2) and revokes nothing', async () => {
  const before = await mutatingRamCalls(sb);
  const r = await sb.owner(['revoke', 'customers', '--from', '222222222222']);
  expect(r.code).toBe(2);
  expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'FSHARE_NON_INTERACTIVE' } });
  expect(await mutatingRamCalls(sb)).toEqual(before);
});

it('asks on a terminal: "y" revokes, "n" keeps', async () => {
  const no = await sb.owner(['revoke', 'customers', '--from', '222222222222'], { tty: true, stdin: 'n\n' });
  expect(no.code).toBe(130);
  expect(no.stderr).toContain('- customers 222222222222 read-only');
  expect(no.stderr).toContain('Cancelled: nothing was changed');
  const yes = await sb.owner(['revoke', 'customers', '--from', '222222222222'], { tty: true, stdin: 'y\n' });
  expect(yes.code).toBe(0);
  expect(yes.stdout).toContain('- customers 222222222222 read-only');
  expect(yes.stdout).toContain('Revoked customers from 222222222222 (read-only).');
});

it('--catalog revokes discoverability only; --dry-run shows the call', async () => {
  const dry = await sb.owner(['revoke', '--catalog', '--from', '222222222222', '--dry-run']);
  expect(dry.json<ResultJson>().calls.map((c) => c.operation)).toEqual(['DisassociateResourceShare']);
  const r = await sb.owner(['-o', 'json', 'revoke', '--catalog', '--from', '222222222222', '--yes'], {
    tty: true,
  });
  expect(r.code).toBe(0);
  expect(r.json<ResultJson>().changes).toEqual([
    expect.objectContaining({ featureGroup: null, from: ['discover'] }),
  ]);
  const access = (await sb.owner(['access'])).json<{
    entries: { discoverable: boolean }[];
    warnings: { code: string }[];
  }>();
  expect(access.entries.map((e) => e.discoverable)).toEqual([false, false]);
  expect(access.warnings.map((w) => w.code)).toEqual(['not-discoverable', 'not-discoverable']);
});
