import { describe, expect, it } from 'vitest';
import type { AccessLevel } from '../../../src/permissions/levels.js';
import {
  formatChange,
  planSharing,
  type DesiredState,
  type PrincipalIntent,
} from '../../../src/sharing/planner.js';
import { expiryTagKey } from '../../../src/sharing/snapshot.js';
import { CATALOG, PERMISSIONS, fgArn, share, snapshot } from './fixtures.js';

const P = '222222222222';
const Q = '444444444444';
const ROLE = 'arn:aws:iam::222222222222:role/analyst';

function want(
  group: string,
  entries: Record<string, AccessLevel | null | PrincipalIntent>,
  exclusive = false,
): DesiredState {
  const principals = new Map<string, PrincipalIntent>(
    Object.entries(entries).map(([p, v]) => [p, v === null || typeof v === 'string' ? { level: v } : v]),
  );
  return { featureGroups: [{ arn: fgArn(group), name: group, principals, exclusive }], allowExternal: false };
}

describe('planSharing', () => {
  const cases: {
    name: string;
    shares: ReturnType<typeof share>[];
    desired: DesiredState;
    changes: string[];
    actions: string[];
  }[] = [
    {
      name: 'first grant creates the managed share, then associates',
      shares: [],
      desired: want('customers', { [P]: 'read-only' }),
      changes: [`+ customers ${P} read-only`],
      actions: ['create-share fshare-customers-read-only', `associate fshare-customers-read-only ${P}`],
    },
    {
      name: 'a grant that is already in place changes nothing',
      shares: [share('customers', 'read-only', [P])],
      desired: want('customers', { [P]: 'read-only' }),
      changes: [],
      actions: [],
    },
    {
      name: 'a level move associates the new level before disassociating the old',
      shares: [share('customers', 'read-only', [P])],
      desired: want('customers', { [P]: 'read-write' }),
      changes: [`~ customers ${P} read-only → read-write`],
      actions: [
        'create-share fshare-customers-read-write',
        `associate fshare-customers-read-write ${P}`,
        `disassociate fshare-customers-read-only ${P}`,
      ],
    },
    {
      name: 'a union left by someone else is collapsed to the wanted level',
      shares: [share('customers', 'read-only', [P]), share('customers', 'admin', [P])],
      desired: want('customers', { [P]: 'admin' }),
      changes: [`~ customers ${P} admin+read-only → admin`],
      actions: [`disassociate fshare-customers-read-only ${P}`],
    },
    {
      name: 'revoke removes every level; other principals stay',
      shares: [share('customers', 'read-only', [P, Q]), share('customers', 'admin', [P])],
      desired: want('customers', { [P]: null }),
      changes: [`- customers ${P} admin+read-only`],
      actions: [`disassociate fshare-customers-read-only ${P}`, `disassociate fshare-customers-admin ${P}`],
    },
    {
      name: 'revoking what is already gone is a no-op',
      shares: [share('customers', 'read-only', [{ principal: P, status: 'DISASSOCIATED', external: false }])],
      desired: want('customers', { [P]: null }),
      changes: [],
      actions: [],
    },
    {
      name: 'principals not named are left alone without prune',
      shares: [share('customers', 'read-only', [Q])],
      desired: want('customers', { [P]: 'read-only' }),
      changes: [`+ customers ${P} read-only`],
      actions: [`associate fshare-customers-read-only ${P}`],
    },
    {
      name: 'prune revokes principals not named',
      shares: [share('customers', 'read-only', [Q, ROLE])],
      desired: want('customers', { [P]: 'read-only' }, true),
      changes: [`+ customers ${P} read-only`, `- customers ${Q} read-only`, `- customers ${ROLE} read-only`],
      actions: [
        `associate fshare-customers-read-only ${P}`,
        `disassociate fshare-customers-read-only ${Q},${ROLE}`,
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
      name: 'expiry is written as a per-principal tag',
      shares: [share('customers', 'read-only', [P])],
      desired: want('customers', { [P]: { level: 'read-only', expires: '2027-01-01T00:00:00.000Z' } }),
      changes: [`~ customers ${P} read-only expiry → 2027-01-01T00:00:00.000Z`],
      actions: [`tag fshare-customers-read-only ${expiryTagKey(P)}=2027-01-01T00:00:00.000Z`],
    },
    {
      name: 'a revoke clears the expiry tag',
      shares: [
        share('customers', 'read-only', [P], { tags: { [expiryTagKey(P)]: '2020-01-01T00:00:00.000Z' } }),
      ],
      desired: want('customers', { [P]: null }),
      changes: [`- customers ${P} read-only`],
      actions: [
        `disassociate fshare-customers-read-only ${P}`,
        `untag fshare-customers-read-only ${expiryTagKey(P)}`,
      ],
    },
  ];

  it.each(cases)('$name', ({ shares, desired, changes, actions }) => {
    const plan = planSharing(snapshot(...shares), desired, PERMISSIONS);
    expect(plan.changes.map(formatChange)).toEqual(changes);
    expect(
      plan.actions.map((a) => {
        switch (a.type) {
          case 'create-share':
          case 'allow-external':
            return `${a.type} ${a.share.name}`;
          case 'associate':
          case 'disassociate':
            return `${a.type} ${a.share.name} ${a.principals.join(',')}`;
          case 'tag':
            return `tag ${a.share.name} ${Object.entries(a.tags)
              .map(([k, v]) => `${k}=${v}`)
              .join(',')}`;
          case 'untag':
            return `untag ${a.share.name} ${a.keys.join(',')}`;
        }
      }),
    ).toEqual(actions);
  });

  it('catalog grant and revoke use one catalog share', () => {
    const grant = planSharing(
      snapshot(),
      {
        featureGroups: [],
        catalog: { arn: CATALOG, principals: new Map([[P, true]]), exclusive: false },
        allowExternal: false,
      },
      PERMISSIONS,
    );
    expect(grant.actions.map((a) => a.type)).toEqual(['create-share', 'associate']);
    expect(grant.actions[0]).toMatchObject({
      share: { name: 'fshare-catalog' },
      level: 'discover',
      resourceArn: CATALOG,
    });
    const revoke = planSharing(
      snapshot(share(undefined, 'discover', [P])),
      {
        featureGroups: [],
        catalog: { arn: CATALOG, principals: new Map([[P, false]]), exclusive: false },
        allowExternal: false,
      },
      PERMISSIONS,
    );
    expect(revoke.changes.map(formatChange)).toEqual([`- catalog ${P} discover`]);
  });

  it('create tokens depend only on what is created, so concurrent runs collapse', () => {
    const a = planSharing(snapshot(), want('customers', { [P]: 'read-only' }), PERMISSIONS);
    const b = planSharing(snapshot(), want('customers', { [Q]: 'read-only' }), PERMISSIONS);
    const tokenOf = (plan: typeof a) => plan.actions.find((x) => x.type === 'create-share')?.clientToken;
    expect(tokenOf(a)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(tokenOf(a)).toBe(tokenOf(b));
  });

  it('an associate token changes once the association state changed (re-grant after revoke is not swallowed)', () => {
    const before = planSharing(
      snapshot(share('customers', 'read-only', [])),
      want('customers', { [P]: 'read-only' }),
      PERMISSIONS,
    );
    const s = share('customers', 'read-only', [
      { principal: P, status: 'DISASSOCIATED', external: false, lastUpdated: '2026-01-02T00:00:00Z' },
    ]);
    const after = planSharing(
      snapshot({ ...s, arn: before.actions[0]?.share.arn ?? '' }),
      want('customers', { [P]: 'read-only' }),
      PERMISSIONS,
    );
    expect(before.actions[0]?.type).toBe('associate');
    expect(after.actions[0]?.type).toBe('associate');
    expect(before.actions[0]).not.toHaveProperty(
      'clientToken',
      (after.actions[0] as { clientToken: string }).clientToken,
    );
  });

  it('warns when an unmanaged share keeps a revoked principal in', () => {
    const plan = planSharing(
      snapshot(
        share('customers', 'read-only', [P]),
        share('customers', 'admin', [P], { managed: false, name: 'legacy' }),
      ),
      want('customers', { [P]: null }),
      PERMISSIONS,
    );
    expect(plan.warnings.join('\n')).toContain('"legacy"');
  });

  it('allow-external opens an existing share only for an external principal', () => {
    const desired = {
      ...want('customers', { '333333333333': 'read-only' }),
      allowExternal: true,
      externalPrincipals: new Set(['333333333333']),
    };
    const plan = planSharing(snapshot(share('customers', 'read-only', [P])), desired, PERMISSIONS);
    expect(plan.actions.map((a) => a.type)).toEqual(['allow-external', 'associate']);
    const internal = planSharing(
      snapshot(share('customers', 'read-only', [P])),
      { ...want('customers', { [Q]: 'read-only' }), allowExternal: true },
      PERMISSIONS,
    );
    expect(internal.actions.map((a) => a.type)).toEqual(['associate']);
  });
});
