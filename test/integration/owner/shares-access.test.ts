import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsFor, createSandbox, type Sandbox } from './helpers.js';

interface ShareJson {
  name: string;
  owner: string;
  levels: string[];
  resources: string[];
  principals: { principal: string; status: string }[];
  managed: boolean;
  status: string;
}

let sb: Sandbox;
beforeAll(async () => {
  sb = await createSandbox(['--org-sharing']);
  expect((await sb.owner(['grant', 'customers', '--to', '222222222222', '--level', 'read-only'])).code).toBe(
    0,
  );
  // A share fshare did not make, giving the same principal admin: access must show the union.
  const ram = await clientsFor(sb, 'owner').ram();
  const permissions = await ram.listPermissions({ permissionType: 'AWS_MANAGED' });
  const admin = permissions.permissions?.find((p) => /FeatureGroupAdmin$/i.test(p.name ?? ''))?.arn ?? '';
  await ram.createResourceShare({
    name: 'hand-made',
    resourceArns: ['arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers'],
    principals: ['222222222222'],
    permissionArns: [admin],
    allowExternalPrincipals: false,
  });
});
afterAll(() => sb.cleanup());

describe('shares', () => {
  it('piped: JSON rows with level, resources, principals, managed', async () => {
    const r = await sb.owner(['shares']);
    expect(r.code).toBe(0);
    const rows = r.json<ShareJson[]>();
    expect(rows.map((s) => [s.name, s.levels, s.managed])).toEqual([
      ['fshare-read-only-222222222222', ['read-only'], true],
      ['hand-made', ['admin'], false],
    ]);
    expect(rows[0]?.principals).toEqual([
      expect.objectContaining({ principal: '222222222222', status: 'ASSOCIATED' }),
    ]);
    expect(rows[0]?.resources).toEqual(['arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers']);
  });

  it('TTY: a table', async () => {
    const r = await sb.owner(['shares'], { tty: true });
    expect(r.code).toBe(0);
    // A table, or one record per share when the columns do not fit the terminal: the same facts.
    for (const fact of [
      'fshare-read-only-222222222222',
      'read-only',
      'customers',
      'associated',
      'ACTIVE',
      'hand-made',
    ]) {
      expect(r.stdout).toContain(fact);
    }
    expect(r.stdout).toMatch(/arn:aws:ram:us-east-1:111111111111:resource-share\/[0-9a-f-]{36}/);
    expect(r.stdout).not.toMatch(/\(associat/);
  });

  it('--with-me from the consumer lists what the owner shares', async () => {
    const r = await sb.as('consumer', ['-o', 'json', 'shares', '--with-me'], { tty: true });
    expect(r.code, r.stderr).toBe(0);
    const rows = r.json<ShareJson[]>();
    expect(rows.map((s) => [s.owner, s.name, s.levels])).toEqual([
      ['111111111111', 'fshare-read-only-222222222222', ['read-only']],
      ['111111111111', 'hand-made', ['admin']],
    ]);
  });
});

describe('access', () => {
  it('computes the union across managed and unmanaged shares, and warns', async () => {
    const r = await sb.owner(['access']);
    expect(r.code).toBe(0);
    const out = r.json<{
      entries: { principal: string; level: string; levels: string[]; managed: boolean }[];
      warnings: { code: string }[];
    }>();
    expect(out.entries).toEqual([
      expect.objectContaining({
        principal: '222222222222',
        level: 'admin',
        levels: ['admin', 'read-only'],
        managed: false,
      }),
    ]);
    expect(out.warnings.map((w) => w.code).sort()).toEqual(['not-discoverable', 'union']);
    expect(r.stderr).toContain('RAM gives the union (admin)');
  });

  it('TTY table; -o json; a filter by feature group; a missing group exits 4', async () => {
    const tty = await sb.owner(['access', 'customers'], { tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/222222222222\s+customers\s+admin\s+union\s+no/);
    const json = await sb.owner(['-o', 'json', 'access', 'transactions'], { tty: true });
    expect(json.code).toBe(0);
    expect(json.json<{ entries: unknown[] }>().entries).toEqual([]);
    expect((await sb.owner(['access', 'nope'])).code).toBe(4);
  });

  it('grant warns that an unmanaged share keeps a revoked principal in', async () => {
    const r = await sb.owner(['revoke', 'customers', '--from', '222222222222', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('"hand-made", which fshare does not manage');
  });
});

describe('shares --with-me with invitations', () => {
  it('lists a pending invitation, then the accepted share', async () => {
    const own = await createSandbox();
    try {
      expect(
        (await own.owner(['grant', 'customers', '--to', '222222222222', '--level', 'read-only'])).code,
      ).toBe(0);
      const pending = (await own.as('consumer', ['shares', '--with-me'])).json<ShareJson[]>();
      expect(pending.map((s) => [s.owner, s.name, s.status])).toEqual([
        ['111111111111', 'fshare-read-only-222222222222', 'PENDING'],
      ]);
      const ram = await clientsFor(own, 'consumer').ram();
      const invitations = await ram.getResourceShareInvitations({});
      await ram.acceptResourceShareInvitation({
        resourceShareInvitationArn:
          invitations.resourceShareInvitations?.[0]?.resourceShareInvitationArn ?? '',
      });
      const accepted = (await own.as('consumer', ['shares', '--with-me'])).json<ShareJson[]>();
      expect(accepted.map((s) => [s.name, s.status, s.levels])).toEqual([
        ['fshare-read-only-222222222222', 'ACTIVE', ['read-only']],
      ]);
    } finally {
      own.cleanup();
    }
  });
});
