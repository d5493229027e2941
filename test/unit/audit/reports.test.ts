import { describe, expect, it } from 'vitest';
import type { AccessState, CurrentGrant } from '../../../src/audit/access-state.js';
import { AdviceAccumulator } from '../../../src/audit/advise.js';
import { AnomalyAccumulator, isFshareUserAgent } from '../../../src/audit/anomalies.js';
import { withShareFeatureGroup } from '../../../src/audit/share-index.js';
import { SummaryAccumulator } from '../../../src/audit/summary.js';
import type { AuditEvent } from '../../../src/audit/types.js';

const OWNER = '111111111111';
const CONSUMER = '222222222222';
const PARTNER = '333333333333';
const CUSTOMERS = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/customers`;
const TRANSACTIONS = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/transactions`;
let seq = 0;

function call(account: string, action: string, overrides: Partial<AuditEvent> = {}): AuditEvent {
  seq++;
  const role = account === CONSUMER ? 'data-scientist' : account === PARTNER ? 'partner' : 'feature-engineer';
  return {
    time: `2026-11-23T10:00:${String(seq % 60).padStart(2, '0')}.000Z`,
    account,
    recipientAccount: OWNER,
    principal: `arn:aws:sts::${account}:assumed-role/${role}/s`,
    principalRole: `arn:aws:iam::${account}:role/${role}`,
    action,
    eventSource: 'sagemaker.amazonaws.com',
    featureGroup: CUSTOMERS,
    recordId: null,
    resourceShare: null,
    grantees: [],
    outcome: 'allowed',
    errorCode: null,
    category: 'data',
    readOnly: null,
    eventId: `e${seq}`,
    sharedEventId: null,
    sourceIp: null,
    userAgent: 'aws-sdk-js/3 fshare/0.1.0',
    region: 'us-east-1',
    ...overrides,
  };
}

function grant(principal: string, featureGroup: string, level: CurrentGrant['level']): CurrentGrant {
  return { principal, featureGroup, level, shares: [`share-${level}`], managed: true };
}

function state(grants: CurrentGrant[], overrides: Partial<AccessState> = {}): AccessState {
  return {
    ownerAccount: OWNER,
    grants,
    unmanagedShares: [],
    shares: new Map(),
    org: { inside: new Set([OWNER, CONSUMER]), outside: new Set(), complete: true },
    ...overrides,
  };
}

describe('SummaryAccumulator', () => {
  it('pivots account × feature group × action with counts and first/last seen', () => {
    const acc = new SummaryAccumulator();
    acc.add(call(CONSUMER, 'GetRecord', { time: '2026-11-23T10:00:05.000Z' }));
    acc.add(call(CONSUMER, 'GetRecord', { time: '2026-11-23T10:00:01.000Z' }));
    acc.add(
      call(CONSUMER, 'GetRecord', {
        outcome: 'denied',
        errorCode: 'AccessDeniedException',
        time: '2026-11-23T10:00:09.000Z',
      }),
    );
    acc.add(call(PARTNER, 'GetRecord', { outcome: 'error', errorCode: 'ValidationException' }));
    acc.add(call(CONSUMER, 'PutRecord', { featureGroup: TRANSACTIONS }));
    const rows = acc.result();
    expect(
      rows.map((r) => [r.account, r.featureGroup?.split('/').pop(), r.action, r.allowed, r.denied, r.errors]),
    ).toEqual([
      [CONSUMER, 'customers', 'GetRecord', 2, 1, 0],
      [CONSUMER, 'transactions', 'PutRecord', 1, 0, 0],
      [PARTNER, 'customers', 'GetRecord', 0, 0, 1],
    ]);
    expect(rows[0]).toMatchObject({
      firstSeen: '2026-11-23T10:00:01.000Z',
      lastSeen: '2026-11-23T10:00:09.000Z',
    });
  });
});

describe('AnomalyAccumulator', () => {
  it('flags denied calls, calls without a grant and from outside the organization, with event ids', () => {
    const acc = new AnomalyAccumulator(
      state([grant(CONSUMER, CUSTOMERS, 'read-only')], {
        org: { inside: new Set([OWNER, CONSUMER]), outside: new Set([PARTNER]), complete: false },
      }),
    );
    const partner = call(PARTNER, 'GetRecord', { outcome: 'denied', errorCode: 'AccessDeniedException' });
    acc.add(partner);
    acc.add(call(CONSUMER, 'GetRecord'));
    const findings = acc.result();
    expect(findings.map((f) => [f.kind, f.account, f.eventIds])).toEqual([
      ['denied', PARTNER, [partner.eventId]],
      ['no-current-grant', PARTNER, [partner.eventId]],
      ['outside-organization', PARTNER, [partner.eventId]],
    ]);
    expect(findings[2]?.detail).toBe(`${PARTNER} is outside the organization`);
  });

  it('flags a revoked consumer (no grant any more) and a write above the current level', () => {
    const acc = new AnomalyAccumulator(state([grant(CONSUMER, TRANSACTIONS, 'read-only')]));
    const afterRevoke = call(CONSUMER, 'GetRecord', {
      outcome: 'denied',
      errorCode: 'AccessDeniedException',
    });
    const write = call(CONSUMER, 'PutRecord', { featureGroup: TRANSACTIONS });
    acc.add(afterRevoke);
    acc.add(write);
    acc.add(call(CONSUMER, 'GetRecord', { featureGroup: TRANSACTIONS }));
    expect(acc.result().map((f) => [f.kind, f.action, f.eventIds])).toEqual([
      ['denied', 'GetRecord', [afterRevoke.eventId]],
      ['no-current-grant', 'GetRecord', [afterRevoke.eventId]],
      ['exceeds-level', 'PutRecord', [write.eventId]],
    ]);
  });

  it('flags RAM changes not made by fshare, and shares without the managed tag', () => {
    const acc = new AnomalyAccumulator(
      state([], {
        unmanagedShares: [
          { shareArn: 'arn:aws:ram:us-east-1:111111111111:resource-share/x', name: 'hand-made' },
        ],
      }),
    );
    const byCli = call(OWNER, 'AssociateResourceShare', {
      eventSource: 'ram.amazonaws.com',
      category: 'management',
      userAgent: 'aws-cli/2.15.0 Python/3.11',
      featureGroup: null,
    });
    acc.add(byCli);
    acc.add(call(OWNER, 'AssociateResourceShare', { eventSource: 'ram.amazonaws.com', featureGroup: null }));
    acc.add(
      call(OWNER, 'GetResourceShares', {
        eventSource: 'ram.amazonaws.com',
        userAgent: 'aws-cli/2',
        featureGroup: null,
      }),
    );
    const findings = acc.result();
    expect(findings.map((f) => [f.kind, f.eventIds])).toEqual([
      ['changed-outside-fshare', [byCli.eventId]],
      ['unmanaged-share', []],
    ]);
  });

  it("flags fshare-made RAM calls on shares fshare does not manage, and names the share's feature group", () => {
    const managed = 'arn:aws:ram:us-east-1:111111111111:resource-share/managed';
    const handMade = 'arn:aws:ram:us-east-1:111111111111:resource-share/hand-made';
    const acc = new AnomalyAccumulator(
      state([], {
        shares: new Map([
          [managed, { name: 'fshare-customers-read-only', managed: true, featureGroups: [CUSTOMERS] }],
          [handMade, { name: 'hand-made', managed: false, featureGroups: [TRANSACTIONS] }],
        ]),
      }),
    );
    const ram = { eventSource: 'ram.amazonaws.com', category: 'management' as const, featureGroup: null };
    const onHandMade = call(OWNER, 'AssociateResourceShare', {
      ...ram,
      resourceShare: handMade,
      grantees: [PARTNER],
    });
    const index = new Map([
      [managed, [CUSTOMERS]],
      [handMade, [TRANSACTIONS]],
    ]);
    acc.add(withShareFeatureGroup(index, onHandMade));
    acc.add(
      withShareFeatureGroup(
        index,
        call(OWNER, 'AssociateResourceShare', { ...ram, resourceShare: managed, grantees: [CONSUMER] }),
      ),
    );
    expect(acc.result().map((f) => [f.kind, f.featureGroup, f.detail, f.eventIds])).toEqual([
      [
        'changed-outside-fshare',
        TRANSACTIONS,
        'RAM AssociateResourceShare on share "hand-made", which is not tagged fshare:managed',
        [onHandMade.eventId],
      ],
    ]);
  });

  it('says "not known" about accounts RAM and Organizations do not place', () => {
    const acc = new AnomalyAccumulator(
      state([], { org: { inside: new Set([OWNER]), outside: new Set(), complete: false } }),
    );
    acc.add(call('444444444444', 'DescribeFeatureGroup'));
    const outside = acc.result().find((f) => f.kind === 'outside-organization');
    expect(outside?.detail).toBe('444444444444 is not known to be in the organization');
  });

  it('counts every event but keeps at most 20 ids as evidence', () => {
    const acc = new AnomalyAccumulator(state([]));
    for (let i = 0; i < 30; i++) {
      acc.add(call(CONSUMER, 'GetRecord', { outcome: 'denied', errorCode: 'AccessDeniedException' }));
    }
    const denied = acc.result().find((f) => f.kind === 'denied');
    expect(denied?.count).toBe(30);
    expect(denied?.eventIds).toHaveLength(20);
  });

  it.each([
    ['aws-sdk-js/3.1048.0 ua/2.1 os/linux lang/js fshare/0.1.0', true],
    ['fshare/1.2.3', true],
    ['aws-cli/2.15.0 Python/3.11', false],
    ['my-fshare/1.0', false],
    [null, false],
  ])('isFshareUserAgent(%j) = %s', (ua, expected) => {
    expect(isFshareUserAgent(ua)).toBe(expected);
  });
});

describe('AdviceAccumulator', () => {
  it('suggests read-only for read-write that only read, and revoke for unused grants, with commands', () => {
    const acc = new AdviceAccumulator(
      state([
        grant(CONSUMER, CUSTOMERS, 'read-write'),
        grant(CONSUMER, TRANSACTIONS, 'read-only'),
        grant(`arn:aws:iam::${CONSUMER}:role/analyst`, CUSTOMERS, 'admin'),
      ]),
    );
    acc.add(call(CONSUMER, 'GetRecord'));
    acc.add(call(CONSUMER, 'BatchGetRecord'));
    acc.add(call(CONSUMER, 'PutRecord', { outcome: 'denied', errorCode: 'AccessDeniedException' }));
    const advice = acc.result();
    expect(advice.map((a) => [a.suggestion, a.command])).toEqual([
      ['downgrade', `fshare grant customers --to ${CONSUMER} --level read-only`],
      ['revoke', `fshare revoke customers --from arn:aws:iam::${CONSUMER}:role/analyst`],
      ['revoke', `fshare revoke transactions --from ${CONSUMER}`],
    ]);
    expect(advice[0]).toMatchObject({ currentLevel: 'read-write', suggestedLevel: 'read-only', calls: 2 });
  });

  it('suggests read-write for admin that wrote but never administered, and nothing for a grant used at its level', () => {
    const acc = new AdviceAccumulator(
      state([grant(CONSUMER, CUSTOMERS, 'admin'), grant(CONSUMER, TRANSACTIONS, 'read-write')]),
    );
    acc.add(call(CONSUMER, 'PutRecord'));
    acc.add(call(CONSUMER, 'DeleteRecord', { featureGroup: TRANSACTIONS }));
    expect(acc.result().map((a) => [a.featureGroup, a.suggestedLevel])).toEqual([[CUSTOMERS, 'read-write']]);
  });
});
