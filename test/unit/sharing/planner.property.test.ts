/**
 * Property: random sequences of grant / level change / revoke / apply across several principals and
 * groups, planned by the pure planner and carried out by the simulated RAM. After every step the
 * effective access equals the intended matrix, no principal holds two levels at rest, access never
 * drops during a move, and no external principal appears without --allow-external.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCESS_LEVELS, type AccessLevel } from '../../../src/permissions/levels.js';
import { parsePrincipal } from '../../../src/permissions/principals.js';
import { computeEffectiveAccess } from '../../../src/sharing/effective-access.js';
import { checkExternal, type OrgView } from '../../../src/sharing/org.js';
import { planSharing, type DesiredState, type PrincipalIntent } from '../../../src/sharing/planner.js';
import { simulatePlan } from '../../../src/sharing/simulate.js';
import type { SharingSnapshot } from '../../../src/sharing/snapshot.js';
import { ACCOUNT, PERMISSIONS, fgArn, share, snapshot } from './fixtures.js';

const GROUPS = ['customers', 'transactions', 'orders'];
const PRINCIPALS = ['222222222222', '444444444444', 'arn:aws:iam::222222222222:role/analyst', '333333333333'];
const EXTERNAL = new Set(['333333333333']);
const ORG: OrgView = {
  inOrg: true,
  account: ACCOUNT,
  orgId: 'o-fshare1sandbox',
  orgArn: `arn:aws:organizations::${ACCOUNT}:organization/o-fshare1sandbox`,
  managementAccount: ACCOUNT,
  members: new Set([ACCOUNT, '222222222222', '444444444444']),
};

type Step =
  | { op: 'grant'; groups: string[]; principals: string[]; level: AccessLevel; allowExternal: boolean }
  | { op: 'revoke'; groups: string[]; principals: string[] }
  | { op: 'apply'; group: string; entries: [string, AccessLevel | null][]; prune: boolean };

const subset = (items: string[]) =>
  fc.uniqueArray(fc.constantFrom(...items), { minLength: 1, maxLength: items.length });
const level = fc.constantFrom(...ACCESS_LEVELS);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('grant' as const),
    groups: subset(GROUPS),
    principals: subset(PRINCIPALS),
    level,
    allowExternal: fc.boolean(),
  }),
  fc.record({ op: fc.constant('revoke' as const), groups: subset(GROUPS), principals: subset(PRINCIPALS) }),
  fc.record({
    op: fc.constant('apply' as const),
    group: fc.constantFrom(...GROUPS),
    entries: fc.uniqueArray(fc.tuple(fc.constantFrom(...PRINCIPALS), fc.option(level, { nil: null })), {
      selector: ([p]) => p,
      maxLength: PRINCIPALS.length,
    }),
    prune: fc.boolean(),
  }),
);

function effective(state: SharingSnapshot): Map<string, AccessLevel> {
  const out = new Map<string, AccessLevel>();
  for (const e of computeEffectiveAccess(state, { now: new Date('2026-06-01T00:00:00Z') }).entries) {
    if (e.level && e.featureGroup) {
      out.set(`${e.featureGroup}|${e.principal}`, e.level);
    }
  }
  return out;
}

const legacyState = fc.uniqueArray(
  fc.tuple(
    fc.constantFrom(...GROUPS),
    fc.constantFrom(...PRINCIPALS.filter((p) => !EXTERNAL.has(p))),
    fc.constantFrom(...ACCESS_LEVELS),
  ),
  { selector: ([g, p]) => `${g}|${p}`, maxLength: 6 },
);

describe('planner + simulated RAM (property)', () => {
  it('converges to the intended matrix without unions, gaps or unapproved externals', () => {
    fc.assert(
      fc.property(legacyState, fc.array(step, { minLength: 1, maxLength: 12 }), (initial, steps) => {
        // Start from the first session's layout (one share per group and level): every step must
        // adopt it without a gap or a union, as it converges to the per-principal layout.
        const legacy = new Map<string, string[]>();
        const intended = new Map<string, AccessLevel>();
        for (const [g, p, l] of initial) {
          legacy.set(`${g}|${l}`, [...(legacy.get(`${g}|${l}`) ?? []), p]);
          intended.set(`${g}|${p}`, l);
        }
        let state = snapshot(
          ...[...legacy].map(([key, principals]) => {
            const [g = '', l = 'read-only'] = key.split('|');
            return share(g, l as AccessLevel, principals);
          }),
        );
        const approvedExternal = new Set<string>();
        for (const s of steps) {
          const desired: DesiredState = { featureGroups: [], allowExternal: false };
          const next = new Map(intended);
          if (s.op === 'grant') {
            try {
              checkExternal(s.principals.map(parsePrincipal), ORG, new Set(), s.allowExternal);
            } catch {
              continue; // refused before any call: nothing may change
            }
            desired.allowExternal = s.allowExternal;
            desired.externalPrincipals = new Set(s.principals.filter((p) => EXTERNAL.has(p)));
            if (s.allowExternal) {
              s.principals.filter((p) => EXTERNAL.has(p)).forEach((p) => approvedExternal.add(p));
            }
            desired.featureGroups = s.groups.map((g) => ({
              arn: fgArn(g),
              name: g,
              principals: new Map<string, PrincipalIntent>(
                s.principals.map((p) => [p, { level: s.level, expires: null }]),
              ),
              exclusive: false,
            }));
            for (const g of s.groups) {
              for (const p of s.principals) {
                next.set(`${g}|${p}`, s.level);
              }
            }
          } else if (s.op === 'revoke') {
            desired.featureGroups = s.groups.map((g) => ({
              arn: fgArn(g),
              name: g,
              principals: new Map<string, PrincipalIntent>(s.principals.map((p) => [p, { level: null }])),
              exclusive: false,
            }));
            for (const g of s.groups) {
              for (const p of s.principals) {
                next.delete(`${g}|${p}`);
              }
            }
          } else {
            const named = s.entries.map(([p]) => p);
            try {
              checkExternal(
                named.filter((p) => s.entries.find(([q]) => q === p)?.[1] !== null).map(parsePrincipal),
                ORG,
                new Set(),
                false,
              );
            } catch {
              continue;
            }
            desired.featureGroups = [
              {
                arn: fgArn(s.group),
                name: s.group,
                principals: new Map<string, PrincipalIntent>(s.entries.map(([p, l]) => [p, { level: l }])),
                exclusive: s.prune,
              },
            ];
            if (s.prune) {
              for (const key of [...next.keys()].filter((k) => k.startsWith(`${s.group}|`))) {
                next.delete(key);
              }
            }
            for (const [p, l] of s.entries) {
              if (l === null) {
                next.delete(`${s.group}|${p}`);
              } else {
                next.set(`${s.group}|${p}`, l);
              }
            }
          }
          const before = effective(state);
          const plan = planSharing(state, desired, PERMISSIONS);
          state = simulatePlan(state, plan.actions, {
            externalPrincipals: EXTERNAL,
            onStep: (mid) => {
              const now = effective(mid);
              for (const [key, was] of before) {
                // A principal that keeps some access must never be left without any mid-way.
                if (next.has(key)) {
                  expect(now.get(key), `gap for ${key}`).toBeDefined();
                }
                void was;
              }
            },
          });
          for (const [k, v] of next) {
            intended.set(k, v);
          }
          for (const k of [...intended.keys()].filter((k) => !next.has(k))) {
            intended.delete(k);
          }
          expect(effective(state)).toEqual(intended);
          const matrix = computeEffectiveAccess(state, { now: new Date('2026-06-01T00:00:00Z') });
          expect(matrix.warnings.filter((w) => w.code === 'union')).toEqual([]);
          for (const sh of state.shares) {
            for (const p of sh.principals.filter(
              (x) => x.status === 'ASSOCIATED' && EXTERNAL.has(x.principal),
            )) {
              expect(approvedExternal.has(p.principal)).toBe(true);
              expect(sh.allowExternalPrincipals).toBe(true);
            }
          }
          // Idempotence: planning the same intent again changes nothing.
          expect(planSharing(state, desired, PERMISSIONS).actions).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
