import { describe, expect, it } from 'vitest';
import { currentLevelFor } from '../../../src/audit/access-state.js';
import { accessStateFrom, membershipFrom } from '../../../src/audit/read-access-state.js';
import type { AuditEvent } from '../../../src/audit/types.js';
import type { OrgView } from '../../../src/sharing/org.js';
import type { ShareState, SharingSnapshot } from '../../../src/sharing/snapshot.js';

const OWNER = '111111111111';
const CUSTOMERS = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/customers`;
const NOW = new Date('2026-11-23T12:00:00Z');

function share(
  name: string,
  level: 'read-only' | 'read-write',
  principals: ShareState['principals'],
  managed = true,
): ShareState {
  return {
    arn: `arn:aws:ram:us-east-1:${OWNER}:resource-share/${name}`,
    name,
    status: 'ACTIVE',
    allowExternalPrincipals: false,
    tags: managed
      ? { 'fshare:managed': 'true', 'fshare:level': level, 'fshare:feature-group': 'customers' }
      : {},
    permissions: [{ arn: `arn:aws:ram::aws:permission/x-${level}`, level }],
    resources: [{ arn: CUSTOMERS, status: 'ASSOCIATED' }],
    principals,
  };
}

const snapshot: SharingSnapshot = {
  account: OWNER,
  region: 'us-east-1',
  partition: 'aws',
  shares: [
    share('fshare-customers-read-only', 'read-only', [
      { principal: '222222222222', status: 'ASSOCIATED', external: false },
      { principal: '444444444444', status: 'DISASSOCIATED', external: false },
    ]),
    share(
      'hand-made',
      'read-write',
      [{ principal: '333333333333', status: 'ASSOCIATED', external: true }],
      false,
    ),
  ],
};

const IN_ORG_NO_LIST: OrgView = {
  inOrg: true,
  account: OWNER,
  orgId: 'o-fshare1sandbox',
  orgArn: 'arn:aws:organizations::111111111111:organization/o-fshare1sandbox',
  managementAccount: OWNER,
};

function caller(account: string): AuditEvent {
  return {
    time: null,
    account,
    recipientAccount: OWNER,
    principal: null,
    principalRole: null,
    action: 'GetRecord',
    eventSource: null,
    featureGroup: CUSTOMERS,
    recordId: null,
    resourceShare: null,
    grantees: [],
    outcome: 'allowed',
    errorCode: null,
    category: 'data',
    readOnly: null,
    eventId: null,
    sharedEventId: null,
    sourceIp: null,
    userAgent: null,
    region: null,
  };
}

describe('accessStateFrom', () => {
  it('takes the effective grants and the unmanaged shares from the sharing snapshot', () => {
    const state = accessStateFrom(snapshot, IN_ORG_NO_LIST, NOW);
    expect(state.grants.map((g) => [g.principal, g.level, g.managed])).toEqual(
      expect.arrayContaining([
        ['222222222222', 'read-only', true],
        ['333333333333', 'read-write', false],
      ]),
    );
    expect(state.grants).toHaveLength(2);
    expect(state.unmanagedShares.map((s) => s.name)).toEqual(['hand-made']);
    expect(currentLevelFor(state, caller('222222222222'))).toBe('read-only');
    expect(currentLevelFor(state, caller('444444444444'))).toBeUndefined();
  });
});

describe('membershipFrom', () => {
  it('learns membership from RAM associations, past and present, when accounts cannot be listed', () => {
    const m = membershipFrom(snapshot, IN_ORG_NO_LIST);
    expect([...m.inside].sort()).toEqual([OWNER, '222222222222', '444444444444']);
    expect([...m.outside]).toEqual(['333333333333']);
    expect(m.complete).toBe(false);
  });

  it('trusts the member list when Organizations gives one', () => {
    const m = membershipFrom(snapshot, { ...IN_ORG_NO_LIST, members: new Set([OWNER, '222222222222']) });
    expect([...m.inside].sort()).toEqual([OWNER, '222222222222']);
    expect(m.complete).toBe(true);
  });

  it('puts every other account outside when there is no organization', () => {
    const m = membershipFrom(snapshot, { inOrg: false, account: OWNER });
    expect([...m.inside]).toEqual([OWNER]);
    expect(m.complete).toBe(true);
  });
});
