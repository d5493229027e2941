// Pure consumer-side decisions (src/sharing/{my-access,inbox,discover}.ts), kept with the other
// consumer unit tests.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { mergeDiscovered } from '../../../src/consumer/discover.js';
import { invitationStatus, type Invitation } from '../../../src/consumer/invitations.js';
import { parseSelection, selectInvitations } from '../../../src/consumer/selection.js';
import { decideCan, operationsAt, type MyAccess } from '../../../src/consumer/my-access.js';
import { parseConcurrency, parseTargetStores, parseTtl } from '../../../src/records/options.js';

const FG = 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers';
const access = (over: Partial<MyAccess>): MyAccess => ({
  featureGroupArn: FG,
  own: false,
  level: undefined,
  shareArns: [],
  pendingInvitations: [],
  ...over,
});

describe('decideCan', () => {
  const cases: [
    string,
    Partial<MyAccess>,
    'GetRecord' | 'PutRecord' | 'UpdateFeatureGroup',
    boolean,
    string | undefined,
    RegExp | undefined,
  ][] = [
    ['owner may do anything', { own: true }, 'UpdateFeatureGroup', true, undefined, undefined],
    ['read-only may read', { level: 'read-only' }, 'GetRecord', true, undefined, undefined],
    ['read-only may not write', { level: 'read-only' }, 'PutRecord', false, 'owner', /--level read-write/],
    [
      'read-write may not administer',
      { level: 'read-write' },
      'UpdateFeatureGroup',
      false,
      'owner',
      /--level admin/,
    ],
    [
      'no share at all',
      {},
      'GetRecord',
      false,
      'owner',
      /fshare grant customers --to 222222222222 --level read-only/,
    ],
    [
      'invitation pending',
      {
        pendingInvitations: [
          { invitationArn: 'arn:aws:ram:us-east-1:111111111111:resource-share-invitation/x', shareName: 's' },
        ],
      },
      'GetRecord',
      false,
      'consumer',
      /fshare accept arn:aws:ram/,
    ],
  ];
  it.each(cases)('%s', (_name, over, operation, allowed, side, next) => {
    const verdict = decideCan({
      operation,
      access: access(over),
      featureGroupRef: 'customers',
      you: '222222222222',
    });
    expect(verdict.allowed).toBe(allowed);
    expect(verdict.missingOn).toBe(side);
    if (next) {
      expect(verdict.nextStep).toMatch(next);
    } else {
      expect(verdict.nextStep).toBeUndefined();
    }
  });

  it('says when an operation is not in any managed permission', () => {
    const verdict = decideCan({
      operation: 'BatchWriteRecord',
      access: access({ level: 'read-write' }),
      featureGroupRef: 'c',
      you: '2',
    });
    expect(verdict.notes.join(' ')).toMatch(/not named in any RAM managed permission/);
  });

  it('lists what each level allows', () => {
    expect(operationsAt('read-only')).toContain('GetRecord');
    expect(operationsAt('read-only')).not.toContain('PutRecord');
    expect(operationsAt('admin')).toContain('UpdateFeatureGroup');
    expect(operationsAt(undefined)).toEqual([]);
  });
});

const invitation = (over: Partial<Invitation>): Invitation => ({
  invitationArn: 'arn:aws:ram:us-east-1:111111111111:resource-share-invitation/i1',
  shareArn: 'arn:aws:ram:us-east-1:111111111111:resource-share/s1',
  shareName: 's1',
  ownerAccount: '111111111111',
  status: 'PENDING',
  invitedAt: undefined,
  expiresAt: undefined,
  featureGroups: [FG],
  level: 'read-only',
  ...over,
});

describe('invitations', () => {
  it('a pending invitation older than 12 hours is expired', () => {
    const sent = new Date('2026-11-23T00:00:00Z');
    expect(
      invitationStatus({ status: 'PENDING', invitationTimestamp: sent }, new Date('2026-11-23T11:59:59Z')),
    ).toBe('PENDING');
    expect(
      invitationStatus({ status: 'PENDING', invitationTimestamp: sent }, new Date('2026-11-23T12:00:00Z')),
    ).toBe('EXPIRED');
    expect(
      invitationStatus({ status: 'ACCEPTED', invitationTimestamp: sent }, new Date('2026-11-25T00:00:00Z')),
    ).toBe('ACCEPTED');
  });

  it('selects by invitation ARN or share ARN, by owner, or all pending', () => {
    const a = invitation({});
    const b = invitation({
      invitationArn: 'arn:aws:ram:us-east-1:333333333333:resource-share-invitation/i2',
      shareArn: 'arn:aws:ram:us-east-1:333333333333:resource-share/s2',
      ownerAccount: '333333333333',
    });
    const old = invitation({
      invitationArn: 'arn:aws:ram:us-east-1:111111111111:resource-share-invitation/i0',
      status: 'ACCEPTED',
    });
    const all = [a, b, old];
    expect(selectInvitations(all, { arns: [], all: true, from: undefined }).chosen).toEqual([a, b]);
    expect(selectInvitations(all, { arns: [], all: false, from: '333333333333' }).chosen).toEqual([b]);
    expect(
      selectInvitations(all, {
        arns: [b.shareArn, 'arn:aws:ram:us-east-1:1:resource-share-invitation/none'],
        all: false,
        from: undefined,
      }),
    ).toEqual({
      chosen: [b],
      missing: ['arn:aws:ram:us-east-1:1:resource-share-invitation/none'],
    });
  });

  it('refuses bad arguments before any call', () => {
    expect(() => parseSelection(['not-an-arn'], {})).toThrow(UsageError);
    expect(() => parseSelection([], { from: '12' })).toThrow(/12-digit/);
    expect(() =>
      parseSelection(['arn:aws:ram:us-east-1:111111111111:resource-share-invitation/x'], { all: true }),
    ).toThrow(/not both/);
    expect(parseSelection([], { all: true })).toEqual({ arns: [], all: true, from: undefined });
  });
});

describe('mergeDiscovered', () => {
  const other = 'arn:aws:sagemaker:eu-west-1:333333333333:feature-group/orders';
  it('merges discoverable and accessible groups with the level on each', () => {
    const groups = mergeDiscovered([FG, other], [{ arn: FG, level: 'read-write', shareArns: ['s'] }], {});
    expect(groups.map((g) => [g.name, g.level, g.discoverable, g.accessible])).toEqual([
      ['customers', 'read-write', true, true],
      ['orders', null, true, false],
    ]);
  });
  it('filters by owner and by name, case-insensitively', () => {
    expect(mergeDiscovered([FG, other], [], { owner: '333333333333' }).map((g) => g.name)).toEqual([
      'orders',
    ]);
    expect(mergeDiscovered([FG, other], [], { name: 'CUST' }).map((g) => g.name)).toEqual(['customers']);
  });
});

describe('record flag parsing', () => {
  it('parses TTLs and refuses nonsense', () => {
    expect(parseTtl('7d')).toEqual({ Unit: 'Days', Value: 7 });
    expect(parseTtl('90s')).toEqual({ Unit: 'Seconds', Value: 90 });
    for (const bad of ['0d', '7', 'd', '1.5h', '3y']) {
      expect(() => parseTtl(bad), bad).toThrow(UsageError);
    }
  });
  it('parses target stores and concurrency', () => {
    expect(parseTargetStores('online,Offline,online')).toEqual(['OnlineStore', 'OfflineStore']);
    expect(() => parseTargetStores('cloud')).toThrow(UsageError);
    expect(parseConcurrency(undefined, 8)).toBe(8);
    expect(() => parseConcurrency('0', 8)).toThrow(UsageError);
    expect(() => parseConcurrency('2.5', 8)).toThrow(UsageError);
  });
});
