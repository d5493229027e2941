/**
 * readOrgSharing: exact from the management account (every page read), 'unknown' only where
 * Organizations refuses a member account, 'off' outside an organization, and any other failure is
 * passed on rather than read as unknown.
 */
import { describe, expect, it } from 'vitest';
import { readOrgSharing } from '../../../src/sharing/org-reader.js';
import type { OrgView } from '../../../src/sharing/org.js';
import { awsError, fakeContext } from '../../helpers/fake-context.js';

const IN_ORG: OrgView = {
  inOrg: true,
  account: '111111111111',
  orgId: 'o-fshare1sandbox',
  orgArn: 'arn:aws:organizations::111111111111:organization/o-fshare1sandbox',
  managementAccount: '111111111111',
};
const JAN = new Date('2026-01-01T00:00:00Z');

type Page = {
  EnabledServicePrincipals?: { ServicePrincipal: string; DateEnabled: Date }[];
  NextToken?: string;
};

function withAnswer(answer: (token: string | undefined) => Promise<Page>) {
  return fakeContext({
    ports: {
      organizations: {
        listAWSServiceAccessForOrganization: (input) => answer(input.NextToken),
      },
    },
  });
}

describe('readOrgSharing', () => {
  it('is on when ram.amazonaws.com is listed, on any page', async () => {
    const fake = withAnswer(async (token) =>
      token === undefined
        ? {
            EnabledServicePrincipals: [{ ServicePrincipal: 'config.amazonaws.com', DateEnabled: JAN }],
            NextToken: 't2',
          }
        : { EnabledServicePrincipals: [{ ServicePrincipal: 'ram.amazonaws.com', DateEnabled: JAN }] },
    );
    expect(await readOrgSharing(fake.ctx, IN_ORG)).toBe('on');
    expect(fake.calls.map((c) => (c.input as { NextToken?: string }).NextToken)).toEqual([undefined, 't2']);
  });

  it('is off when the management account lists other services or none', async () => {
    const other = withAnswer(async () => ({
      EnabledServicePrincipals: [{ ServicePrincipal: 'config.amazonaws.com', DateEnabled: JAN }],
    }));
    expect(await readOrgSharing(other.ctx, IN_ORG)).toBe('off');
    expect(await readOrgSharing(withAnswer(async () => ({})).ctx, IN_ORG)).toBe('off');
  });

  it('is unknown for a member account, which Organizations refuses', async () => {
    const member = withAnswer(() => Promise.reject(awsError('AccessDeniedException')));
    expect(await readOrgSharing(member.ctx, { ...IN_ORG, account: '222222222222' })).toBe('unknown');
  });

  it('is off outside an organization, without asking', async () => {
    const alone = withAnswer(() => Promise.reject(new Error('must not be called')));
    expect(await readOrgSharing(alone.ctx, { inOrg: false, account: '333333333333' })).toBe('off');
    expect(alone.calls).toEqual([]);
    const notInUse = withAnswer(() => Promise.reject(awsError('AWSOrganizationsNotInUseException')));
    expect(await readOrgSharing(notInUse.ctx, IN_ORG)).toBe('off');
  });

  it('passes on a failure that is not a refusal instead of calling it unknown', async () => {
    const throttled = withAnswer(() => Promise.reject(awsError('TooManyRequestsException')));
    await expect(readOrgSharing(throttled.ctx, IN_ORG)).rejects.toMatchObject({
      name: 'TooManyRequestsException',
    });
  });
});
