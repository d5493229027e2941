import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { parsePrincipal } from '../../../src/permissions/principals.js';
import { parseExpiry } from '../../../src/sharing/expiry.js';
import { checkExternal, membershipOf, resolveOuIds, type OrgView } from '../../../src/sharing/org.js';

const IN_ORG: OrgView = {
  inOrg: true,
  account: '111111111111',
  orgId: 'o-fshare1sandbox',
  orgArn: 'arn:aws:organizations::111111111111:organization/o-fshare1sandbox',
  managementAccount: '111111111111',
};
const WITH_MEMBERS: OrgView = { ...IN_ORG, members: new Set(['111111111111', '222222222222']) };
const ALONE: OrgView = { inOrg: false, account: '111111111111' };
const DENIED: OrgView = { ...IN_ORG, orgId: '', orgArn: '', managementAccount: '' };

describe('membershipOf', () => {
  it.each([
    ['222222222222', WITH_MEMBERS, 'internal'],
    ['333333333333', WITH_MEMBERS, 'external'],
    ['333333333333', IN_ORG, 'unknown'],
    ['111111111111', ALONE, 'internal'],
    ['222222222222', ALONE, 'external'],
    ['arn:aws:iam::333333333333:role/x', WITH_MEMBERS, 'external'],
    ['arn:aws:organizations::111111111111:ou/o-fshare1sandbox/ou-fsh1-consumer1', IN_ORG, 'internal'],
    ['arn:aws:organizations::999999999999:ou/o-otherorg123/ou-abcd-12345678', IN_ORG, 'external'],
    ['arn:aws:organizations::111111111111:organization/o-fshare1sandbox', ALONE, 'external'],
    ['arn:aws:organizations::111111111111:organization/o-fshare1sandbox', DENIED, 'unknown'],
  ] as const)('%s', (text, org, expected) => {
    expect(membershipOf(parsePrincipal(text), org, new Set())).toBe(expected);
  });

  it('trusts RAM’s external flag from an earlier association', () => {
    expect(membershipOf(parsePrincipal('333333333333'), IN_ORG, new Set(['333333333333']))).toBe('external');
  });
});

describe('checkExternal', () => {
  it('refuses external principals without --allow-external, naming them', () => {
    expect(() => checkExternal([parsePrincipal('333333333333')], WITH_MEMBERS, new Set(), false)).toThrow(
      /333333333333 is outside your organization/,
    );
    expect(() => checkExternal([parsePrincipal('222222222222')], ALONE, new Set(), false)).toThrow(
      UsageError,
    );
  });
  it('lets them through with --allow-external and reports them', () => {
    const r = checkExternal(
      [parsePrincipal('333333333333'), parsePrincipal('444444444444')],
      IN_ORG,
      new Set(['333333333333']),
      true,
    );
    expect([...r.external]).toEqual(['333333333333']);
    expect([...r.unknown]).toEqual(['444444444444']);
  });
});

describe('resolveOuIds', () => {
  it('turns a bare OU id into its ARN', () => {
    expect(resolveOuIds([parsePrincipal('ou-fsh1-consumer1')], IN_ORG)[0]?.id).toBe(
      'arn:aws:organizations::111111111111:ou/o-fshare1sandbox/ou-fsh1-consumer1',
    );
  });
  it.each([[ALONE], [DENIED]])('refuses without an organization to resolve it in', (org) => {
    expect(() => resolveOuIds([parsePrincipal('ou-fsh1-consumer1')], org)).toThrow(UsageError);
  });
});

describe('parseExpiry', () => {
  const now = new Date('2026-01-01T00:00:00.000Z');
  it.each([
    ['90m', '2026-01-01T01:30:00.000Z'],
    ['12h', '2026-01-01T12:00:00.000Z'],
    ['30d', '2026-01-31T00:00:00.000Z'],
    ['2w', '2026-01-15T00:00:00.000Z'],
    ['2026-02-01', '2026-02-01T00:00:00.000Z'],
    ['2026-02-01T18:00:00+02:00', '2026-02-01T16:00:00.000Z'],
  ])('%s', (text, expected) => {
    expect(parseExpiry(text, now)).toBe(expected);
  });
  it.each(['0d', '2025-12-31', 'tomorrow', '30 days', '2026-13-45x'])('refuses %s', (text) => {
    expect(() => parseExpiry(text, now)).toThrow(UsageError);
  });
});
