import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acceptAll, createSandbox, fastClock, mutatingRamCalls, type Sandbox } from './helpers.js';

interface GrantJson {
  dryRun: boolean;
  changed: boolean;
  changes: {
    kind: string;
    featureGroup: string | null;
    principal: string;
    from: string[];
    to: string | null;
    expires: string | null;
  }[];
  calls: { service: string; operation: string; parameters: Record<string, unknown> }[];
  next: { principal: string; status: string; command: string }[];
}
interface AccessJson {
  entries: {
    principal: string;
    featureGroup: string | null;
    level: string | null;
    levels: string[];
    pending: boolean;
    discoverable: boolean;
    expires: string | null;
    expired: boolean;
  }[];
  warnings: { code: string; principal: string }[];
}

let sb: Sandbox;
afterEach(() => sb.cleanup());

describe('grant (invitations: org sharing off)', () => {
  beforeEach(async () => {
    sb = await createSandbox();
  });

  it('creates one managed share, associates, and prints the consumer’s accept command (piped = JSON)', async () => {
    const r = await sb.owner(['grant', 'customers', '--to', '222222222222', '--level', 'read-only']);
    expect(r.code).toBe(0);
    const out = r.json<GrantJson>();
    expect(out.changes).toEqual([
      {
        kind: 'grant',
        symbol: '+',
        featureGroup: 'customers',
        principal: '222222222222',
        from: [],
        to: 'read-only',
        expires: null,
      },
    ]);
    // One call: the principal's read-only share, created with the group and the principal.
    expect(out.calls.map((c) => c.operation)).toEqual(['CreateResourceShare']);
    expect(out.calls.every((c) => typeof c.parameters.clientToken === 'string')).toBe(true);
    expect(out.calls[0]?.parameters).toMatchObject({
      name: 'fshare-read-only-222222222222',
      principals: ['222222222222'],
      resourceArns: ['arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers'],
      allowExternalPrincipals: false,
    });
    expect(out.next).toEqual([
      expect.objectContaining({
        principal: '222222222222',
        status: 'invitation',
        command: 'fshare --sandbox --profile consumer accept --from 111111111111',
      }),
    ]);
    expect(await mutatingRamCalls(sb)).toEqual(['CreateResourceShare']);
  });

  it('is idempotent: a second run says no changes and makes no mutating call', async () => {
    expect(
      (await sb.owner(['grant', 'customers', '--to', '222222222222', '--level', 'read-only'])).code,
    ).toBe(0);
    const before = await mutatingRamCalls(sb);
    const again = await sb.owner(['grant', 'customers', '--to', '222222222222', '--level', 'read-only'], {
      tty: true,
    });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes');
    expect(await mutatingRamCalls(sb)).toEqual(before);
  });

  it('TTY output lists the change and the next step on stderr', async () => {
    const r = await sb.owner(['grant', 'customers', '--to', '222222222222', '--level', 'read-only'], {
      tty: true,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+ customers 222222222222 read-only');
    expect(r.stderr).toContain(
      'Next, for 222222222222: fshare --sandbox --profile consumer accept --from 111111111111',
    );
  });

  it('-o json matches the piped JSON shape', async () => {
    const r = await sb.owner(
      ['-o', 'json', 'grant', 'customers', '--to', '222222222222', '--level', 'admin'],
      { tty: true },
    );
    expect(r.code).toBe(0);
    expect(r.json<GrantJson>().changes[0]).toMatchObject({ kind: 'grant', to: 'admin' });
  });

  it('moves a level without a gap: the old level stays until the new invitation is accepted, then goes', async () => {
    expect(
      (await sb.owner(['grant', 'customers', '--to', '222222222222', '--level', 'read-only'])).code,
    ).toBe(0);
    expect(await acceptAll(sb, 'consumer')).toBe(1);
    const move = await sb.owner(['grant', 'customers', '--to', '222222222222', '--level', 'read-write']);
    expect(move.code).toBe(0);
    expect(move.json<GrantJson>().changes).toEqual([
      expect.objectContaining({ kind: 'move', from: ['read-only'], to: 'read-write' }),
    ]);
    expect(move.json<{ deferred: unknown[] }>().deferred).toEqual([
      {
        principal: '222222222222',
        fromShare: 'fshare-read-only-222222222222',
        toShare: 'fshare-read-write-222222222222',
        featureGroupArn: 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers',
      },
    ]);
    expect(move.stderr).toContain('keeps its access through fshare-read-only-222222222222');
    expect((await mutatingRamCalls(sb)).slice(1)).toEqual(['CreateResourceShare']);
    const during = (await sb.owner(['access', 'customers'])).json<AccessJson>();
    expect(during.entries.map((e) => [e.level, e.pending])).toEqual([['read-only', true]]);
    expect(during.warnings.map((w) => w.code)).not.toContain('union');

    expect(await acceptAll(sb, 'consumer')).toBe(1);
    const finish = await sb.owner(['grant', 'customers', '--to', '222222222222', '--level', 'read-write']);
    expect(finish.code).toBe(0);
    expect(finish.json<GrantJson>().calls.map((c) => c.operation)).toEqual(['DisassociateResourceShare']);
    const after = (await sb.owner(['access', 'customers'])).json<AccessJson>();
    expect(after.entries.map((e) => [e.principal, e.level, e.levels])).toEqual([
      ['222222222222', 'read-write', ['read-write']],
    ]);
    expect(after.warnings.filter((w) => w.code === 'union')).toEqual([]);
  });

  it('--dry-run prints the exact calls and makes none', async () => {
    const r = await sb.owner([
      'grant',
      'customers',
      'transactions',
      '--to',
      '222222222222',
      '--level',
      'read-only',
      '--discoverable',
      '--dry-run',
    ]);
    expect(r.code).toBe(0);
    const out = r.json<GrantJson>();
    expect(out.dryRun).toBe(true);
    // Both groups in the principal's one read-only share, and the catalog share: two calls.
    expect(out.calls.map((c) => `${c.service}:${c.operation}`)).toEqual([
      'ram:CreateResourceShare',
      'ram:CreateResourceShare',
    ]);
    expect(await mutatingRamCalls(sb)).toEqual([]);
    const tty = await sb.owner(
      ['grant', 'customers', '--to', '222222222222', '--level', 'read-only', '--dry-run'],
      { tty: true },
    );
    expect(tty.stdout).toContain('Dry run: these calls would be made (nothing was sent):');
    expect(tty.stdout).toContain('ram CreateResourceShare {"name":"fshare-read-only-222222222222"');
  });

  it('--no-wait returns with the associations still in progress', async () => {
    const r = await sb.owner([
      'grant',
      'customers',
      '--to',
      '222222222222',
      '--level',
      'read-only',
      '--no-wait',
    ]);
    expect(r.code).toBe(0);
    expect(r.json<{ associations: { status: string }[] }>().associations).toEqual([
      expect.objectContaining({ status: 'ASSOCIATING' }),
    ]);
  });

  it('--discoverable grants the catalog in the same run; access shows it', async () => {
    const r = await sb.owner([
      'grant',
      'customers',
      '--to',
      '222222222222',
      '--level',
      'read-only',
      '--discoverable',
    ]);
    expect(r.code).toBe(0);
    expect(r.json<GrantJson>().changes.map((c) => [c.featureGroup, c.to])).toEqual([
      ['customers', 'read-only'],
      [null, 'discover'],
    ]);
    await acceptAll(sb, 'consumer');
    const access = (await sb.owner(['access'])).json<AccessJson>();
    expect(access.entries).toEqual([
      expect.objectContaining({
        principal: '222222222222',
        featureGroup: 'customers',
        level: 'read-only',
        discoverable: true,
      }),
    ]);
  });

  // The owner is the organization's management account, so Organizations ListAccounts tells
  // fshare the partner is outside the organization before any RAM call.
  it('refuses a partner outside the organization without --allow-external, allows it with', async () => {
    const refused = await sb.owner(['grant', 'customers', '--to', '333333333333', '--level', 'read-only']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--allow-external');
    expect(await mutatingRamCalls(sb)).toEqual([]);
  });

  it('--allow-external shares with a partner outside the organization; access flags it', async () => {
    const allowed = await sb.owner([
      'grant',
      'customers',
      '--to',
      '333333333333',
      '--level',
      'read-only',
      '--allow-external',
    ]);
    expect(allowed.code).toBe(0);
    const create = allowed.json<GrantJson>().calls[0];
    expect(create?.parameters.allowExternalPrincipals).toBe(true);
    const access = (await sb.owner(['access'])).json<AccessJson>();
    expect(access.warnings.map((w) => w.code)).toContain('external');
  });

  it('expiring grants: access shows the expiry, reap revokes after it', async () => {
    const g = await sb.owner([
      'grant',
      'customers',
      '--to',
      '222222222222',
      '--level',
      'read-only',
      '--expires',
      '2h',
    ]);
    expect(g.code).toBe(0);
    const expires = g.json<GrantJson>().changes[0]?.expires ?? '';
    expect(Date.parse(expires)).toBeGreaterThan(Date.now());
    await acceptAll(sb, 'consumer');
    const early = await sb.owner(['reap']);
    expect(early.code).toBe(0);
    expect(early.json<GrantJson>().changes).toEqual([]);
    const later = { clock: fastClock(3 * 3600_000) };
    const before = (await sb.owner(['access'], later)).json<AccessJson>();
    expect(before.entries[0]).toMatchObject({ expires, expired: true });
    expect(before.warnings.map((w) => w.code)).toContain('expired');
    const dry = await sb.owner(['reap', '--dry-run'], later);
    expect(dry.json<GrantJson>().calls.map((c) => c.operation)).toEqual([
      'DisassociateResourceShare',
      'UntagResource',
    ]);
    const reaped = await sb.owner(['reap'], later);
    expect(reaped.code).toBe(0);
    expect(reaped.json<GrantJson>().changes).toEqual([
      expect.objectContaining({ kind: 'revoke', principal: '222222222222' }),
    ]);
    expect((await sb.owner(['access'], later)).json<AccessJson>().entries).toEqual([]);
  });
});

describe('grant (org sharing on)', () => {
  beforeEach(async () => {
    sb = await createSandbox(['--org-sharing']);
  });

  it('says access is already live instead of an accept command', async () => {
    const r = await sb.owner(['grant', 'customers', '--to', '222222222222', '--level', 'read-only']);
    expect(r.code).toBe(0);
    expect(r.json<GrantJson>().next).toEqual([expect.objectContaining({ status: 'live' })]);
    const access = (await sb.owner(['access'])).json<AccessJson>();
    expect(access.entries).toEqual([expect.objectContaining({ level: 'read-only', pending: false })]);
  });

  it('moves a level in one run: associate the new share, then disassociate the old', async () => {
    expect(
      (await sb.owner(['grant', 'customers', '--to', '222222222222', '--level', 'read-only'])).code,
    ).toBe(0);
    const move = await sb.owner(['grant', 'customers', '--to', '222222222222', '--level', 'admin']);
    expect(move.code).toBe(0);
    expect(move.json<{ deferred: unknown[] }>().deferred).toEqual([]);
    expect(await mutatingRamCalls(sb)).toEqual([
      'CreateResourceShare',
      'CreateResourceShare',
      'DisassociateResourceShare',
    ]);
    const access = (await sb.owner(['access'])).json<AccessJson>();
    expect(access.entries.map((e) => [e.level, e.levels])).toEqual([['admin', ['admin']]]);
  });

  it('resolves a bare OU id to its ARN', async () => {
    const r = await sb.owner(['grant', 'transactions', '--to', 'ou-fsh1-consumer1', '--level', 'admin']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json<GrantJson>().changes[0]?.principal).toBe(
      'arn:aws:organizations::111111111111:ou/o-fshare1sandbox/ou-fsh1-consumer1',
    );
    // An OU has no profile of its own: the next step names one of its accounts' profiles.
    const next = r.json<{ next: { command: string }[] }>().next;
    expect(next.map((n) => n.command)).toEqual([
      'fshare --sandbox --profile <profile of an account in ou-fsh1-consumer1> discover --owner 111111111111',
    ]);
  });
});
