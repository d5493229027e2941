/**
 * Organizations ListAWSServiceAccessForOrganization in the sandbox: the management account only
 * (AccessDeniedException for a member, AWSOrganizationsNotInUseException outside), RAM listed exactly
 * when organization sharing is on, paging as the model says.
 */
import {
  ListAWSServiceAccessForOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { EnableSharingWithAwsOrganizationCommand } from '@aws-sdk/client-ram';
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxClientConfig } from '../../../src/sandbox/client-config.js';
import { createSandbox, outcome, type Sandbox } from '../sandbox/harness.js';

let sb: Sandbox | undefined;

async function organizations(profile: string): Promise<OrganizationsClient> {
  const cfg = await sandboxClientConfig({ profile, endpointUrl: undefined, env: sb!.env });
  return new OrganizationsClient({
    region: cfg.region,
    endpoint: cfg.endpoint,
    credentials: cfg.credentials,
    requestHandler: cfg.requestHandler as OrganizationsClient['config']['requestHandler'],
    maxAttempts: 1,
  });
}

const list = async (profile: string, input: { MaxResults?: number; NextToken?: string } = {}) =>
  (await organizations(profile)).send(new ListAWSServiceAccessForOrganizationCommand(input));

describe('Organizations ListAWSServiceAccessForOrganization in the sandbox', () => {
  afterEach(() => {
    sb?.dispose();
    sb = undefined;
  });

  it('lists nothing while RAM organization sharing is off', async () => {
    sb = createSandbox();
    const out = await list('owner');
    expect(out.EnabledServicePrincipals).toEqual([]);
    expect(out.NextToken).toBeUndefined();
  });

  it('lists ram.amazonaws.com with its date when the world starts with organization sharing', async () => {
    sb = createSandbox({ orgSharing: true });
    const out = await list('owner');
    expect(out.EnabledServicePrincipals?.map((s) => s.ServicePrincipal)).toEqual(['ram.amazonaws.com']);
    expect(out.EnabledServicePrincipals?.[0]?.DateEnabled).toBeInstanceOf(Date);
  });

  it('lists RAM once EnableSharingWithAwsOrganization succeeds, dated by that call', async () => {
    sb = createSandbox();
    sb.advance(3 * 86_400_000);
    const ram = await sb.ram('owner');
    expect((await ram.send(new EnableSharingWithAwsOrganizationCommand({}))).returnValue).toBe(true);
    const out = await list('owner');
    expect(out.EnabledServicePrincipals?.map((s) => s.ServicePrincipal)).toEqual(['ram.amazonaws.com']);
    const enabled = out.EnabledServicePrincipals?.[0]?.DateEnabled?.getTime() ?? 0;
    // The sandbox clock was moved three days ahead, so the date is the call's, not the world's start.
    expect(enabled).toBeGreaterThan(Date.now() + 2 * 86_400_000);
  });

  it('is the management account’s only: AccessDenied for a member, NotInUse outside', async () => {
    sb = createSandbox({ orgSharing: true });
    expect(await outcome(list('consumer'))).toBe('AccessDeniedException');
    expect(await outcome(list('consumer-analyst'))).toBe('AccessDeniedException');
    expect(await outcome(list('partner'))).toBe('AWSOrganizationsNotInUseException');
    expect(await outcome(list('auditor'))).toBe('ok');
  });

  it('pages with MaxResults 1–20 (one principal fits any page) and refuses a garbage NextToken', async () => {
    sb = createSandbox({ orgSharing: true });
    const one = await list('owner', { MaxResults: 1 });
    expect(one.EnabledServicePrincipals).toHaveLength(1);
    expect(one.NextToken).toBeUndefined();
    for (const input of [{ MaxResults: 0 }, { MaxResults: 21 }, { NextToken: 'garbage' }]) {
      expect(await outcome(list('owner', input))).toBe('InvalidInputException');
    }
  });
});
