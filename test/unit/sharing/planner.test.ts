import { describe, expect, it } from 'vitest';
import type { AccessLevel } from '../../../src/permissions/levels.js';
import {
  formatChange,
  planSharing,
  summarizeChanges,
  type DesiredState,
  type PlanAction,
  type PrincipalIntent,
} from '../../../src/sharing/planner.js';
import { expiryTagKey, groupExpiryTagKey, principalShareName } from '../../../src/sharing/snapshot.js';
import { CATALOG, PERMISSIONS, fgArn, principalShare, share, snapshot } from './fixtures.js';

const P = '222222222222';
const Q = '444444444444';
const ROLE = 'arn:aws:iam::222222222222:role/analyst';
const ro = (p: string) => principalShareName(p, 'read-only');
const rw = (p: string) => principalShareName(p, 'read-write');
const ad = (p: string) => principalShareName(p, 'admin');

function want(
  groups: string | string[],
  entries: Record<string, AccessLevel | null | PrincipalIntent>,
  exclusive = false,
): DesiredState {
  const principals = new Map<string, PrincipalIntent>(
    Object.entries(entries).map(([p, v]) => [p, v === null || typeof v === 'string' ? { level: v } : v]),
  );
  return {
    featureGroups: [groups].flat().map((g) => ({ arn: fgArn(g), name: g, principals, exclusive })),
    allowExternal: false,
  };
}

const short = (arn: string) => arn.replace(/^.*feature-group\//, 'fg:');

/** One line per action: `associate <share> p=… r=…`, resource ARNs shortened to fg:<name>. */
function describeAction(a: PlanAction): string {
  switch (a.type) {
    case 'allow-external':
      return `${a.type} ${a.share.name}`;
    case 'create-share':
    case 'associate':
    case 'disassociate': {
      const parts = [a.type, a.share.name];
      if (a.principals.length > 0) {
        parts.push(`p=${a.principals.join(',')}`);
      }
      if (a.resourceArns.length > 0) {
        parts.push(`r=${a.resourceArns.map(short).join(',')}`);
      }
      return parts.join(' ');
    }
    case 'tag':
      return `tag ${a.share.name} ${Object.entries(a.tags)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}`;
    case 'untag':
      return `untag ${a.share.name} ${a.keys.join(',')}`;
  }
}

describe('planSharing: one share per (principal, level)', () => {
  const cases: {
    name: string;
    shares: ReturnType<typeof share>[];
    desired: DesiredState;
    changes: string[];
    actions: string[];
  }[] = [
    {
      name: 'a first grant creates the principal’s share with the group and the principal in one call',
      shares: [],
      desired: want('customers', { [P]: 'read-only' }),
      changes: [`+ customers ${P} read-only`],
      actions: [`create-share ${ro(P)} p=${P} r=fg:customers`],
    },
    {
      name: 'thirty groups at one level are one share (one invitation)',
      shares: [],
      desired: want(
        Array.from({ length: 30 }, (_, i) => `g${i}`),
        { [P]: 'read-only' },
      ),
      changes: Array.from({ length: 30 }, (_, i) => `+ g${i} ${P} read-only`),
      actions: [
        `create-share ${ro(P)} p=${P} r=${Array.from({ length: 30 }, (_, i) => `fg:g${i}`)
          .sort()
          .join(',')}`,
      ],
    },
    {
      name: 'a grant that is already in place changes nothing',
      shares: [principalShare(P, 'read-only', ['customers'])],
      desired: want('customers', { [P]: 'read-only' }),
      changes: [],
      actions: [],
    },
    {
      name: 'another group at an accepted level is added to the share: no new principal association',
      shares: [principalShare(P, 'read-only', ['customers'])],
      desired: want('orders', { [P]: 'read-only' }),
      changes: [`+ orders ${P} read-only`],
      actions: [`associate ${ro(P)} r=fg:orders`],
    },
    {
      name: 'a move to a new level creates that share first, then takes the group out of the old one',
      shares: [principalShare(P, 'read-only', ['customers', 'orders'])],
      desired: want('customers', { [P]: 'read-write' }),
      changes: [`~ customers ${P} read-only → read-write`],
      actions: [`create-share ${rw(P)} p=${P} r=fg:customers`, `disassociate ${ro(P)} r=fg:customers`],
    },
    {
      name: 'a move to an already accepted level moves only the group',
      shares: [principalShare(P, 'read-only', ['customers']), principalShare(P, 'admin', ['orders'])],
      desired: want('customers', { [P]: 'admin' }),
      changes: [`~ customers ${P} read-only → admin`],
      actions: [`associate ${ad(P)} r=fg:customers`, `disassociate ${ro(P)} r=fg:customers`],
    },
    {
      name: 'a union left behind is collapsed to the wanted level',
      shares: [principalShare(P, 'read-only', ['customers']), principalShare(P, 'admin', ['customers'])],
      desired: want('customers', { [P]: 'admin' }),
      changes: [`~ customers ${P} admin+read-only → admin`],
      actions: [`disassociate ${ro(P)} r=fg:customers`],
    },
    {
      name: 'a revoke takes the group out and keeps the (accepted) share for later grants',
      shares: [principalShare(P, 'read-only', ['customers']), principalShare(Q, 'read-only', ['customers'])],
      desired: want('customers', { [P]: null }),
      changes: [`- customers ${P} read-only`],
      actions: [`disassociate ${ro(P)} r=fg:customers`],
    },
    {
      name: 'revoking what is already gone is a no-op',
      shares: [
        principalShare({ principal: P, status: 'DISASSOCIATED', external: false }, 'read-only', [
          'customers',
        ]),
      ],
      desired: want('customers', { [P]: null }),
      changes: [],
      actions: [],
    },
    {
      name: 'a principal whose association went (rejected, expired) is associated again, groups kept',
      shares: [
        principalShare({ principal: P, status: 'DISASSOCIATED', external: false }, 'read-only', [
          'customers',
        ]),
      ],
      desired: want('customers', { [P]: 'read-only' }),
      changes: [`+ customers ${P} read-only`],
      actions: [`associate ${ro(P)} p=${P}`],
    },
    {
      name: 'prune revokes the principals not named',
      shares: [principalShare(Q, 'read-only', ['customers']), principalShare(ROLE, 'admin', ['customers'])],
      desired: want('customers', { [P]: 'read-only' }, true),
      changes: [`+ customers ${P} read-only`, `- customers ${Q} read-only`, `- customers ${ROLE} admin`],
      actions: [
        `create-share ${ro(P)} p=${P} r=fg:customers`,
        `disassociate ${ro(Q)} r=fg:customers`,
        `disassociate ${ad(ROLE)} r=fg:customers`,
      ],
    },
    {
      name: 'unmanaged shares are never touched',
      shares: [share('customers', 'read-only', [P], { managed: false, name: 'hand-made' })],
      desired: want('customers', { [P]: null }),
      changes: [],
      actions: [],
    },
    {
      name: 'an expiry is one tag per group on the principal’s share',
      shares: [principalShare(P, 'read-only', ['customers'])],
      desired: want('customers', { [P]: { level: 'read-only', expires: '2027-01-01T00:00:00.000Z' } }),
      changes: [`~ customers ${P} read-only expiry → 2027-01-01T00:00:00.000Z`],
      actions: [`tag ${ro(P)} ${groupExpiryTagKey('customers')}=2027-01-01T00:00:00.000Z`],
    },
    {
      name: 'a revoke clears the group’s expiry tag',
      shares: [
        principalShare(P, 'read-only', ['customers'], {
          tags: { [groupExpiryTagKey('customers')]: '2020-01-01T00:00:00.000Z' },
        }),
      ],
      desired: want('customers', { [P]: null }),
      changes: [`- customers ${P} read-only`],
      actions: [`disassociate ${ro(P)} r=fg:customers`, `untag ${ro(P)} ${groupExpiryTagKey('customers')}`],
    },
  ];

  it.each(cases)('$name', ({ shares, desired, changes, actions }) => {
    const plan = planSharing(snapshot(...shares), desired, PERMISSIONS);
    expect(plan.changes.map(formatChange)).toEqual(changes);
    expect(plan.actions.map(describeAction)).toEqual(actions);
    expect(plan.blockers).toEqual([]);
  });

  it('a new share carries its expiry tags in the create call (no TagResource)', () => {
    const plan = planSharing(
      snapshot(),
      want('customers', { [P]: { level: 'read-only', expires: '2027-01-01T00:00:00.000Z' } }),
      PERMISSIONS,
    );
    expect(plan.actions).toHaveLength(1);
    expect(plan.actions[0]).toMatchObject({
      type: 'create-share',
      tags: { [groupExpiryTagKey('customers')]: '2027-01-01T00:00:00.000Z', 'fshare:principal': P },
    });
  });

  it('batches at most 100 resources + principals per call', () => {
    const groups = Array.from({ length: 250 }, (_, i) => `g${String(i).padStart(3, '0')}`);
    const plan = planSharing(snapshot(), want(groups, { [P]: 'read-only' }), PERMISSIONS);
    const sizes = plan.actions.map((a) =>
      a.type === 'create-share' || a.type === 'associate' ? a.principals.length + a.resourceArns.length : -1,
    );
    expect(sizes).toEqual([100, 100, 51]);
    expect(plan.actions.map((a) => a.type)).toEqual(['create-share', 'associate', 'associate']);
    const all = plan.actions.flatMap((a) =>
      a.type === 'create-share' || a.type === 'associate' ? a.resourceArns : [],
    );
    expect(new Set(all).size).toBe(250);
  });

  it('a move guards its removal on the new share, so the executor can keep it until that is live', () => {
    const plan = planSharing(
      snapshot(principalShare(P, 'read-only', ['customers'])),
      want('customers', { [P]: 'admin' }),
      PERMISSIONS,
    );
    const removal = plan.actions.find((a) => a.type === 'disassociate');
    expect(removal).toMatchObject({
      moves: [{ principal: P, resourceArn: fgArn('customers'), to: { name: ad(P) } }],
    });
  });

  it('create tokens depend on the (principal, level), not on the groups: concurrent grants collapse', () => {
    const token = (d: DesiredState) =>
      planSharing(snapshot(), d, PERMISSIONS).actions.find((x) => x.type === 'create-share')?.clientToken;
    expect(token(want('customers', { [P]: 'read-only' }))).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(token(want('customers', { [P]: 'read-only' }))).toBe(token(want('orders', { [P]: 'read-only' })));
    expect(token(want('customers', { [P]: 'read-only' }))).not.toBe(
      token(want('customers', { [Q]: 'read-only' })),
    );
    expect(token(want('customers', { [P]: 'read-only' }))).not.toBe(
      token(want('customers', { [P]: 'admin' })),
    );
  });

  it('an associate token changes once the association state changed (re-grant after revoke is not swallowed)', () => {
    const base = principalShare(P, 'read-only', ['orders']);
    const before = planSharing(snapshot(base), want('customers', { [P]: 'read-only' }), PERMISSIONS);
    const after = planSharing(
      snapshot({
        ...base,
        resources: [
          ...base.resources,
          { arn: fgArn('customers'), status: 'DISASSOCIATED', lastUpdated: '2026-02-01T00:00:00Z' },
        ],
      }),
      want('customers', { [P]: 'read-only' }),
      PERMISSIONS,
    );
    const token = (plan: typeof before) => (plan.actions[0] as { clientToken: string }).clientToken;
    expect(before.actions[0]?.type).toBe('associate');
    expect(after.actions[0]?.type).toBe('associate');
    expect(token(before)).not.toBe(token(after));
  });

  it('the catalog is one share; a first discoverer is named in its create call', () => {
    const catalog = (principals: Map<string, boolean>): DesiredState => ({
      featureGroups: [],
      catalog: { arn: CATALOG, principals, exclusive: false },
      allowExternal: false,
    });
    const grant = planSharing(snapshot(), catalog(new Map([[P, true]])), PERMISSIONS);
    expect(grant.actions.map(describeAction)).toEqual([`create-share fshare-catalog p=${P} r=${CATALOG}`]);
    const more = planSharing(
      snapshot(share(undefined, 'discover', [P])),
      catalog(new Map([[Q, true]])),
      PERMISSIONS,
    );
    expect(more.actions.map(describeAction)).toEqual([`associate fshare-catalog p=${Q}`]);
    const revoke = planSharing(
      snapshot(share(undefined, 'discover', [P])),
      catalog(new Map([[P, false]])),
      PERMISSIONS,
    );
    expect(revoke.changes.map(formatChange)).toEqual([`- catalog ${P} discover`]);
    expect(revoke.actions.map(describeAction)).toEqual([`disassociate fshare-catalog p=${P}`]);
  });

  it('warns when an unmanaged share keeps a revoked principal in', () => {
    const plan = planSharing(
      snapshot(
        principalShare(P, 'read-only', ['customers']),
        share('customers', 'admin', [P], { managed: false, name: 'legacy' }),
      ),
      want('customers', { [P]: null }),
      PERMISSIONS,
    );
    expect(plan.warnings.join('\n')).toContain('"legacy"');
  });

  it('allow-external opens an existing share only when an external principal joins it', () => {
    const external = '333333333333';
    const rejected = principalShare(
      { principal: external, status: 'DISASSOCIATED', external: true },
      'read-only',
      [],
    );
    const desired = {
      ...want('customers', { [external]: 'read-only' }),
      allowExternal: true,
      externalPrincipals: new Set([external]),
    };
    expect(planSharing(snapshot(rejected), desired, PERMISSIONS).actions.map((a) => a.type)).toEqual([
      'allow-external',
      'associate',
    ]);
    const created = planSharing(snapshot(), desired, PERMISSIONS).actions[0];
    expect(created).toMatchObject({ type: 'create-share', allowExternalPrincipals: true });
    const internal = planSharing(
      snapshot(),
      { ...want('customers', { [Q]: 'read-only' }), allowExternal: true },
      PERMISSIONS,
    );
    expect(internal.actions[0]).toMatchObject({ type: 'create-share', allowExternalPrincipals: false });
  });

  it('summarizes counts as Terraform does', () => {
    const plan = planSharing(
      snapshot(principalShare(P, 'read-only', ['customers']), principalShare(Q, 'admin', ['customers'])),
      want('customers', { [P]: 'read-write', [Q]: null, [ROLE]: 'read-only' }),
      PERMISSIONS,
    );
    expect(summarizeChanges(plan.changes)).toBe('Plan: 1 to grant, 1 to move, 1 to revoke.');
  });
});

describe('planSharing: adopting the old (group, level) layout', () => {
  it('moves a pair held through an old share to the principal’s share, new first, with a guard', () => {
    const old = share('customers', 'read-only', [P, Q]);
    const plan = planSharing(snapshot(old), want('customers', { [P]: 'read-only' }), PERMISSIONS);
    expect(plan.changes.map(formatChange)).toEqual([
      `~ customers ${P} read-only (same level; moves to the principal's share)`,
    ]);
    expect(plan.actions.map(describeAction)).toEqual([
      `create-share ${ro(P)} p=${P} r=fg:customers`,
      `disassociate fshare-customers-read-only p=${P}`,
    ]);
    expect(plan.actions[1]).toMatchObject({ moves: [{ principal: P, to: { name: ro(P) } }] });
  });

  it('a move out of an old share lands in the principal’s share at the new level', () => {
    const plan = planSharing(
      snapshot(share('customers', 'read-only', [P])),
      want('customers', { [P]: 'admin' }),
      PERMISSIONS,
    );
    expect(plan.changes.map(formatChange)).toEqual([`~ customers ${P} read-only → admin`]);
    expect(plan.actions.map(describeAction)).toEqual([
      `create-share ${ad(P)} p=${P} r=fg:customers`,
      `disassociate fshare-customers-read-only p=${P}`,
    ]);
  });

  it('a revoke takes the principal off the old share', () => {
    const old = share('customers', 'read-only', [P], {
      tags: { [expiryTagKey(P)]: '2030-01-01T00:00:00.000Z' },
    });
    const plan = planSharing(snapshot(old), want('customers', { [P]: null }), PERMISSIONS);
    expect(plan.actions.map(describeAction)).toEqual([
      `disassociate fshare-customers-read-only p=${P}`,
      `untag fshare-customers-read-only ${expiryTagKey(P)}`,
    ]);
  });

  it('an old per-principal expiry is carried over to the group’s tag on the new share', () => {
    const old = share('customers', 'read-only', [P], {
      tags: { [expiryTagKey(P)]: '2030-01-01T00:00:00.000Z' },
    });
    const plan = planSharing(snapshot(old), want('customers', { [P]: 'read-only' }), PERMISSIONS);
    expect(plan.actions[0]).toMatchObject({
      type: 'create-share',
      tags: { [groupExpiryTagKey('customers')]: '2030-01-01T00:00:00.000Z' },
    });
    expect(plan.actions[1]).toMatchObject({ moves: [{ principal: P, tagKey: expiryTagKey(P) }] });
  });

  it('a pair already in the principal’s share only leaves the old share', () => {
    const plan = planSharing(
      snapshot(share('customers', 'read-only', [P]), principalShare(P, 'read-only', ['customers'])),
      want('customers', { [P]: 'read-only' }),
      PERMISSIONS,
    );
    // Held at the same level in both: only the old share is left (no access change, no gap).
    expect(plan.changes.map((c) => c.kind)).toEqual(['adopt']);
    expect(plan.actions.map(describeAction)).toEqual([`disassociate fshare-customers-read-only p=${P}`]);
  });
});

describe('planSharing: what RAM would refuse is found first', () => {
  const accounts = (n: number) => Array.from({ length: n }, (_, i) => String(500000000000 + i));

  it('refuses more than 20 pending invitations without organization sharing', () => {
    const entries = Object.fromEntries(accounts(21).map((a) => [a, 'read-only' as const]));
    const desired = { ...want('customers', entries), invitations: { orgSharing: 'off' as const } };
    const plan = planSharing(snapshot(), desired, PERMISSIONS);
    expect(plan.blockers.map((b) => b.code)).toEqual(['FSHARE_INVITATION_QUOTA']);
    expect(plan.blockers[0]?.message).toContain('21 invitations');
    expect(plan.blockers[0]?.hint).toMatch(/accept/);
    const fits = planSharing(
      snapshot(),
      {
        ...want('customers', Object.fromEntries(accounts(20).map((a) => [a, 'read-only' as const]))),
        invitations: { orgSharing: 'off' as const },
      },
      PERMISSIONS,
    );
    expect(fits.blockers).toEqual([]);
  });

  it('counts the invitations already pending', () => {
    const pending = accounts(19).map((a) =>
      principalShare({ principal: a, status: 'ASSOCIATING', external: false }, 'read-only', ['orders']),
    );
    const desired = {
      ...want('customers', { [accounts(21)[20] ?? '']: 'read-only', [accounts(22)[21] ?? '']: 'read-only' }),
      invitations: { orgSharing: 'off' as const },
    };
    expect(planSharing(snapshot(...pending), desired, PERMISSIONS).blockers.map((b) => b.code)).toEqual([
      'FSHARE_INVITATION_QUOTA',
    ]);
  });

  it('with organization sharing on, accounts of the organization get no invitation', () => {
    const entries = Object.fromEntries(accounts(40).map((a) => [a, 'read-only' as const]));
    const desired = { ...want('customers', entries), invitations: { orgSharing: 'on' as const } };
    expect(planSharing(snapshot(), desired, PERMISSIONS).blockers).toEqual([]);
    const external = { ...desired, allowExternal: true, externalPrincipals: new Set(accounts(21)) };
    expect(planSharing(snapshot(), external, PERMISSIONS).blockers.map((b) => b.code)).toEqual([
      'FSHARE_INVITATION_QUOTA',
    ]);
  });

  it('refuses a share that would pass RAM’s 50 tags', () => {
    const groups = Array.from({ length: 48 }, (_, i) => `g${i}`);
    const desired = want(groups, { [P]: { level: 'read-only', expires: '2030-01-01T00:00:00.000Z' } });
    const plan = planSharing(snapshot(), desired, PERMISSIONS);
    expect(plan.blockers.map((b) => b.code)).toEqual(['FSHARE_TOO_MANY_EXPIRIES']);
    const fits = want(groups.slice(0, 47), {
      [P]: { level: 'read-only', expires: '2030-01-01T00:00:00.000Z' },
    });
    expect(planSharing(snapshot(), fits, PERMISSIONS).blockers).toEqual([]);
  });

  it('refuses more than 5,000 resources in one share, and more than 25,000 associations in a region', () => {
    const big = principalShare(
      P,
      'read-only',
      Array.from({ length: 4_990 }, (_, i) => `held${i}`),
    );
    const more = want(
      Array.from({ length: 11 }, (_, i) => `new${i}`),
      { [P]: 'read-only' },
    );
    expect(planSharing(snapshot(big), more, PERMISSIONS).blockers.map((b) => b.code)).toEqual([
      'FSHARE_RAM_QUOTA',
    ]);
    const fits = want(
      Array.from({ length: 10 }, (_, i) => `new${i}`),
      { [P]: 'read-only' },
    );
    expect(planSharing(snapshot(big), fits, PERMISSIONS).blockers).toEqual([]);
    const region = Array.from({ length: 5 }, (_, k) =>
      principalShare(
        String(600000000000 + k),
        'read-only',
        Array.from({ length: 5_000 }, (_, i) => `g${i}`),
      ),
    );
    const one = planSharing(snapshot(...region), want('extra', { [Q]: 'read-only' }), PERMISSIONS);
    expect(one.blockers.map((b) => b.message)).toEqual([
      expect.stringContaining('25001 resource associations'),
    ]);
  });

  it('refuses the own account, IAM principals on the catalog, and an OU without organization sharing', () => {
    const own = planSharing(snapshot(), want('customers', { '111111111111': 'read-only' }), PERMISSIONS);
    expect(own.blockers.map((b) => b.code)).toEqual(['FSHARE_SHARE_WITH_SELF']);
    const iam = planSharing(
      snapshot(),
      {
        featureGroups: [],
        catalog: { arn: CATALOG, principals: new Map([[ROLE, true]]), exclusive: false },
        allowExternal: false,
      },
      PERMISSIONS,
    );
    expect(iam.blockers.map((b) => b.code)).toEqual(['FSHARE_PRINCIPAL_TYPE']);
    const ou = 'arn:aws:organizations::111111111111:ou/o-fshare1sandbox/ou-ab12-cdefgh34';
    const off = planSharing(
      snapshot(),
      { ...want('customers', { [ou]: 'read-only' }), invitations: { orgSharing: 'off' } },
      PERMISSIONS,
    );
    expect(off.blockers.map((b) => b.code)).toEqual(['FSHARE_ORG_SHARING_OFF']);
    const on = planSharing(
      snapshot(),
      { ...want('customers', { [ou]: 'read-only' }), invitations: { orgSharing: 'on' } },
      PERMISSIONS,
    );
    expect(on.blockers).toEqual([]);
  });
});
