import { describe, expect, it } from 'vitest';
import { computeEffectiveAccess } from '../../../src/sharing/effective-access.js';
import { expiryTagKey, TAG_EXPIRES } from '../../../src/sharing/snapshot.js';
import { fgArn, share, snapshot } from './fixtures.js';

const P = '222222222222';
const ROLE = 'arn:aws:iam::222222222222:role/analyst';
const NOW = new Date('2026-06-01T00:00:00.000Z');

describe('computeEffectiveAccess', () => {
  it.each([
    {
      name: 'one managed share',
      shares: [share('customers', 'read-only', [P]), share(undefined, 'discover', [P])],
      rows: [[P, 'customers', 'read-only', true]],
      warnings: [],
    },
    {
      name: 'a union across a managed and an unmanaged share → the highest, with a warning',
      shares: [
        share('customers', 'read-only', [P]),
        share('customers', 'admin', [P], { managed: false, name: 'x' }),
        share(undefined, 'discover', [P]),
      ],
      rows: [[P, 'customers', 'admin', true]],
      warnings: ['union'],
    },
    {
      name: 'accessible but not discoverable',
      shares: [share('customers', 'read-write', [P])],
      rows: [[P, 'customers', 'read-write', false]],
      warnings: ['not-discoverable'],
    },
    {
      name: 'discoverable through the role’s account',
      shares: [share('customers', 'read-write', [ROLE]), share(undefined, 'discover', [P])],
      rows: [[ROLE, 'customers', 'read-write', true]],
      warnings: [],
    },
    {
      name: 'discoverable but nothing accessible',
      shares: [share(undefined, 'discover', [P])],
      rows: [[P, null, null, true]],
      warnings: ['discoverable-no-access'],
    },
    {
      name: 'a pending invitation has no effective level yet',
      shares: [share('customers', 'read-only', [{ principal: P, status: 'ASSOCIATING', external: false }])],
      rows: [[P, 'customers', null, false]],
      warnings: ['pending'],
    },
    {
      name: 'an external principal',
      shares: [
        share(
          'customers',
          'read-only',
          [{ principal: '333333333333', status: 'ASSOCIATED', external: true }],
          { allowExternal: true },
        ),
      ],
      rows: [['333333333333', 'customers', 'read-only', false]],
      warnings: ['not-discoverable', 'external'],
    },
    {
      name: 'disassociated principals and deleted shares do not count',
      shares: [
        share('customers', 'read-only', [{ principal: P, status: 'DISASSOCIATED', external: false }]),
        { ...share('customers', 'admin', [P]), status: 'DELETED' },
      ],
      rows: [],
      warnings: [],
    },
  ])('$name', ({ shares, rows, warnings }) => {
    const matrix = computeEffectiveAccess(snapshot(...shares), { now: NOW });
    expect(matrix.entries.map((e) => [e.principal, e.featureGroup, e.level, e.discoverable])).toEqual(rows);
    expect(matrix.warnings.map((w) => w.code)).toEqual(warnings);
  });

  it('reads per-principal and share-wide expiry, and flags expired grants', () => {
    const matrix = computeEffectiveAccess(
      snapshot(
        share('customers', 'read-only', [P, ROLE], {
          tags: { [expiryTagKey(P)]: '2026-05-01T00:00:00.000Z' },
        }),
        share('transactions', 'admin', [P], { tags: { [TAG_EXPIRES]: '2026-07-01T00:00:00.000Z' } }),
      ),
      { now: NOW },
    );
    expect(matrix.entries.map((e) => [e.principal, e.featureGroup, e.expires, e.expired])).toEqual([
      [P, 'customers', '2026-05-01T00:00:00.000Z', true],
      [ROLE, 'customers', null, false],
      [P, 'transactions', '2026-07-01T00:00:00.000Z', false],
    ]);
    expect(matrix.warnings.filter((w) => w.code === 'expired').map((w) => w.principal)).toEqual([P]);
  });

  it('filters to one feature group', () => {
    const matrix = computeEffectiveAccess(
      snapshot(
        share('customers', 'read-only', [P]),
        share('transactions', 'admin', [P]),
        share(undefined, 'discover', [P]),
      ),
      { now: NOW, featureGroupArn: fgArn('transactions') },
    );
    expect(matrix.entries.map((e) => e.featureGroup)).toEqual(['transactions']);
  });
});

describe('expiryTagKey', () => {
  it('keys short principals by name and long or comma-bearing ones by digest, within 128 characters', () => {
    expect(expiryTagKey(P)).toBe('fshare:expires:222222222222');
    const long = `arn:aws:iam::222222222222:role/${'a'.repeat(120)}`;
    const comma = 'arn:aws:iam::222222222222:role/a,b';
    for (const p of [long, comma]) {
      expect(expiryTagKey(p)).toMatch(/^fshare:expires:sha256:[0-9a-f]{40}$/);
    }
    expect(expiryTagKey(long)).not.toBe(expiryTagKey(comma));
  });
});
