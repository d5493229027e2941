/**
 * Issue 11's goals for the share layout, against the sandbox with RAM organization sharing off
 * (so every new principal association is an invitation): one invitation per (principal, level)
 * held (+1 for the catalog) however many groups; none for more groups at an accepted level, nor
 * for a move to an accepted level; old (group, level) shares adopted without a gap or a union;
 * and a grant past the 20 pending-invitation quota refused before anything is sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acceptAll, clientsFor, createSandbox, mutatingRamCalls, type Sandbox } from './helpers.js';

const CONSUMER = '222222222222';

interface AccessJson {
  entries: {
    principal: string;
    featureGroup: string | null;
    level: string | null;
    levels: string[];
    pending: boolean;
  }[];
  warnings: { code: string }[];
}

let sb: Sandbox;
afterEach(() => sb.cleanup());

async function createGroups(names: string[]): Promise<void> {
  const sagemaker = await clientsFor(sb, 'owner').sagemaker();
  for (const name of names) {
    await sagemaker.createFeatureGroup({
      FeatureGroupName: name,
      RecordIdentifierFeatureName: 'id',
      EventTimeFeatureName: 'event_time',
      FeatureDefinitions: [
        { FeatureName: 'id', FeatureType: 'String' },
        { FeatureName: 'event_time', FeatureType: 'Fractional' },
      ],
      OnlineStoreConfig: { EnableOnlineStore: true },
    });
  }
}

/** Invitations the consumer has pending (its own view, independent of fshare). */
async function pendingInvitations(profile = 'consumer'): Promise<number> {
  const ram = await clientsFor(sb, profile).ram();
  const out = await ram.getResourceShareInvitations({});
  return (out.resourceShareInvitations ?? []).filter((i) => i.status === 'PENDING').length;
}

async function access(group?: string): Promise<AccessJson> {
  const r = await sb.owner(['access', ...(group ? [group] : [])]);
  expect(r.code, r.stderr).toBe(0);
  return r.json<AccessJson>();
}

/** The levels the consumer holds live (ASSOCIATED) on a group, and every level it is associated with. */
const live = (a: AccessJson, group: string) =>
  a.entries
    .filter((e) => e.featureGroup === group && e.principal === CONSUMER && e.level !== null)
    .map((e) => e.levels);

describe('one invitation per (principal, level), without organization sharing', () => {
  beforeEach(async () => {
    sb = await createSandbox();
  });

  it('30 groups at one level with --discoverable leave 2 invitations; later grants and moves to accepted levels leave none', async () => {
    const groups = Array.from({ length: 30 }, (_, i) => `layout${String(i).padStart(2, '0')}`);
    await createGroups([...groups, 'later1', 'later2', 'moved']);
    const first = await sb.owner([
      'grant',
      ...groups,
      '--to',
      CONSUMER,
      '--level',
      'read-only',
      '--discoverable',
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(await pendingInvitations()).toBe(2);
    expect(await acceptAll(sb, 'consumer')).toBe(2);

    const later = await sb.owner(['grant', 'later1', 'later2', '--to', CONSUMER, '--level', 'read-only']);
    expect(later.code, later.stderr).toBe(0);
    expect(await pendingInvitations()).toBe(0);
    expect(later.json<{ next: { status: string }[] }>().next).toEqual([
      expect.objectContaining({ status: 'live' }),
    ]);
    expect(live(await access('later1'), 'later1')).toEqual([['read-only']]);

    // Accept an admin share once (one invitation), then a move to admin needs none.
    expect((await sb.owner(['grant', 'moved', '--to', CONSUMER, '--level', 'admin'])).code).toBe(0);
    expect(await pendingInvitations()).toBe(1);
    expect(await acceptAll(sb, 'consumer')).toBe(1);
    const move = await sb.owner(['grant', 'layout00', '--to', CONSUMER, '--level', 'admin']);
    expect(move.code, move.stderr).toBe(0);
    expect(move.json<{ deferred: unknown[] }>().deferred).toEqual([]);
    expect(await pendingInvitations()).toBe(0);
    const after = await access('layout00');
    expect(live(after, 'layout00')).toEqual([['admin']]);
    expect(after.warnings.map((w) => w.code)).not.toContain('union');
  });

  it('a grant that would pass 20 pending invitations is refused before anything is sent (exit 2)', async () => {
    const roles = Array.from({ length: 21 }, (_, i) => `arn:aws:iam::333333333333:role/partner-${i}`);
    const before = await mutatingRamCalls(sb);
    const r = await sb.owner([
      'grant',
      'customers',
      '--to',
      ...roles,
      '--level',
      'read-only',
      '--allow-external',
    ]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'FSHARE_INVITATION_QUOTA' } });
    expect(JSON.parse(r.stderr).error.hint).toMatch(/accept/);
    expect(await mutatingRamCalls(sb)).toEqual(before);
    const fits = await sb.owner([
      'grant',
      'customers',
      '--to',
      ...roles.slice(0, 20),
      '--level',
      'read-only',
      '--allow-external',
    ]);
    expect(fits.code, fits.stderr).toBe(0);
  });

  it('refuses your own account and more than 100 principals before anything is sent', async () => {
    const before = await mutatingRamCalls(sb);
    const own = await sb.owner(['grant', 'customers', '--to', '111111111111', '--level', 'read-only']);
    expect(own.code).toBe(2);
    expect(JSON.parse(own.stderr)).toMatchObject({ error: { code: 'FSHARE_SHARE_WITH_SELF' } });
    const many = Array.from({ length: 101 }, (_, i) => `arn:aws:iam::222222222222:role/r${i}`);
    const tooMany = await sb.owner(['grant', 'customers', '--to', ...many, '--level', 'read-only']);
    expect(tooMany.code).toBe(2);
    expect(JSON.parse(tooMany.stderr)).toMatchObject({ error: { code: 'FSHARE_TOO_MANY_PRINCIPALS' } });
    expect(await mutatingRamCalls(sb)).toEqual(before);
  });
});

describe('adopting shares of the old (group, level) layout', () => {
  /** The layout of the first session, built with raw RAM calls. */
  async function oldLayout(principals: string[]): Promise<void> {
    const ram = await clientsFor(sb, 'owner').ram();
    await ram.createResourceShare({
      name: 'fshare-customers-read-only',
      resourceArns: ['arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers'],
      principals,
      permissionArns: ['arn:aws:ram::aws:permission/AWSRAMPermissionSageMakerFeatureGroupReadOnly'],
      allowExternalPrincipals: false,
      tags: [
        { key: 'fshare:managed', value: 'true' },
        { key: 'fshare:level', value: 'read-only' },
        { key: 'fshare:feature-group', value: 'customers' },
      ],
    });
  }

  it('grant keeps the old access until the new share is accepted, then leaves the old share: never a gap, never a union', async () => {
    sb = await createSandbox();
    await oldLayout([CONSUMER]);
    expect(await acceptAll(sb, 'consumer')).toBe(1);
    expect(live(await access('customers'), 'customers')).toEqual([['read-only']]);

    const adopt = await sb.owner(['grant', 'customers', '--to', CONSUMER, '--level', 'read-only']);
    expect(adopt.code, adopt.stderr).toBe(0);
    expect(adopt.json<{ changes: { kind: string }[] }>().changes.map((c) => c.kind)).toEqual(['adopt']);
    // The new share waits for its invitation: the old share still gives read-only (no gap).
    const during = await access('customers');
    expect(live(during, 'customers')).toEqual([['read-only']]);
    expect(during.warnings.map((w) => w.code)).not.toContain('union');

    expect(await acceptAll(sb, 'consumer')).toBe(1);
    const finish = await sb.owner(['grant', 'customers', '--to', CONSUMER, '--level', 'read-only']);
    expect(finish.code, finish.stderr).toBe(0);
    const after = await access('customers');
    expect(after.entries).toEqual([
      expect.objectContaining({
        principal: CONSUMER,
        level: 'read-only',
        levels: ['read-only'],
        pending: false,
      }),
    ]);
    const shares = (await sb.owner(['shares'])).json<
      { name: string; principals: { principal: string }[] }[]
    >();
    expect(shares.find((s) => s.name === 'fshare-customers-read-only')?.principals).toEqual([]);
    expect(shares.find((s) => s.name === 'fshare-read-only-222222222222')?.principals).toEqual([
      expect.objectContaining({ principal: CONSUMER }),
    ]);
    const again = await sb.owner(['grant', 'customers', '--to', CONSUMER, '--level', 'read-only']);
    expect(again.json<{ calls: unknown[] }>().calls).toEqual([]);
  });

  it('apply converges an old layout with organization sharing on in one run, without a gap or a union', async () => {
    sb = await createSandbox(['--org-sharing']);
    const role = 'arn:aws:iam::222222222222:role/analyst';
    await oldLayout([CONSUMER, role]);
    const policy = `${sb.home}/adopt.yaml`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      policy,
      `feature-groups:\n  customers:\n    read-only: ['${CONSUMER}']\n    admin: ['${role}']\n`,
    );
    const plan = await sb.owner(['plan', '-f', policy]);
    expect(
      plan
        .json<{ changes: { kind: string; principal: string }[] }>()
        .changes.map((c) => `${c.kind} ${c.principal}`),
    ).toEqual([`adopt ${CONSUMER}`, `move ${role}`]);
    const apply = await sb.owner(['apply', '-f', policy, '--yes']);
    expect(apply.code, apply.stderr).toBe(0);
    const after = await access('customers');
    expect(after.entries.map((e) => [e.principal, e.levels, e.pending])).toEqual([
      [CONSUMER, ['read-only'], false],
      [role, ['admin'], false],
    ]);
    // The calls went in the safe order: both new shares before the old one lost its principals.
    const calls = await mutatingRamCalls(sb);
    expect(calls.slice(1)).toEqual([
      'CreateResourceShare',
      'CreateResourceShare',
      'DisassociateResourceShare',
    ]);
    expect((await sb.owner(['plan', '-f', policy, '--exit-code'])).code).toBe(0);
  });
});

describe('reads with the fewest calls', () => {
  it('access reads every share in bulk: no call per share or per group, whatever their number', async () => {
    sb = await createSandbox(['--org-sharing']);
    const groups = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
    await createGroups(groups);
    const roles = ['arn:aws:iam::222222222222:role/a', 'arn:aws:iam::222222222222:role/b'];
    expect((await sb.owner(['grant', ...groups, '--to', CONSUMER, '--level', 'read-only'])).code).toBe(0);
    for (const [i, role] of roles.entries()) {
      const r = await sb.owner([
        'grant',
        'r0',
        'r1',
        '--to',
        role,
        '--level',
        i === 0 ? 'admin' : 'read-write',
      ]);
      expect(r.code, r.stderr).toBe(0);
    }
    // An emptied share (kept for the next grant) must not cost a call either.
    expect((await sb.owner(['revoke', 'r0', 'r1', '--from', roles[1] ?? '', '--yes'])).code).toBe(0);
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(`${sb.home}/sandbox.db`, { readonly: true });
    const seq = () => (db.prepare('SELECT MAX(seq) AS s FROM ct_events').get() as { s: number }).s;
    const before = seq();
    const access = await sb.owner(['access']);
    const calls = db
      .prepare(
        "SELECT event_name AS name FROM ct_events WHERE seq > ? AND recipient_account = '111111111111'",
      )
      .all(before) as { name: string }[];
    db.close();
    expect(access.code).toBe(0);
    expect(access.json<AccessJson>().entries).toHaveLength(groups.length + 2);
    const names = calls.map((c) => c.name);
    expect(names).not.toContain('ListResourceSharePermissions');
    expect(names).not.toContain('DescribeFeatureGroup');
    expect(names.filter((n) => n === 'ListPermissionAssociations')).toHaveLength(4);
    expect(names.filter((n) => n === 'GetResourceShares')).toHaveLength(1);
    expect(names.filter((n) => n === 'GetResourceShareAssociations')).toHaveLength(2);
  });
});
