/** Organizations ListAccounts pages as the model says: MaxResults 1–20, NextToken, InvalidInputException. */
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandboxClientConfig } from '../../../src/sandbox/client-config.js';
import { CONSUMER, OWNER, createSandbox, outcome, type Sandbox } from '../sandbox/harness.js';

let sb: Sandbox;
let org: OrganizationsClient;

async function client(profile: string): Promise<OrganizationsClient> {
  const cfg = await sandboxClientConfig({ profile, endpointUrl: undefined, env: sb.env });
  return new OrganizationsClient({
    region: cfg.region,
    endpoint: cfg.endpoint,
    credentials: cfg.credentials,
    requestHandler: cfg.requestHandler as OrganizationsClient['config']['requestHandler'],
    maxAttempts: 1,
  });
}

describe('Organizations ListAccounts in the sandbox', () => {
  beforeEach(async () => {
    sb = createSandbox();
    org = await client('owner');
  });
  afterEach(() => sb.dispose());

  it('returns every member account in one default page, with the model’s members', async () => {
    const out = await org.send(new ListAccountsCommand({}));
    expect(out.NextToken).toBeUndefined();
    expect(out.Accounts?.map((a) => a.Id)).toEqual([OWNER, CONSUMER]);
    expect(out.Accounts?.[0]).toMatchObject({ Status: 'ACTIVE', State: 'ACTIVE', JoinedMethod: 'CREATED' });
    expect(out.Accounts?.[0]?.JoinedTimestamp).toBeInstanceOf(Date);
  });

  it('honours MaxResults with a NextToken, and the pages add up', async () => {
    const first = await org.send(new ListAccountsCommand({ MaxResults: 1 }));
    expect(first.Accounts?.map((a) => a.Id)).toEqual([OWNER]);
    expect(first.NextToken).toBeDefined();
    const second = await org.send(new ListAccountsCommand({ MaxResults: 1, NextToken: first.NextToken }));
    expect(second.Accounts?.map((a) => a.Id)).toEqual([CONSUMER]);
    expect(second.NextToken).toBeUndefined();
  });

  it('refuses a garbage NextToken and MaxResults outside 1–20 with InvalidInputException', async () => {
    for (const input of [{ NextToken: 'garbage' }, { MaxResults: 21 }, { MaxResults: 0 }]) {
      expect(await outcome(org.send(new ListAccountsCommand(input)))).toBe('InvalidInputException');
    }
  });
});
