/**
 * The owner reads RAM organization sharing exactly from the sandbox's management account
 * (Organizations ListAWSServiceAccessForOrganization), so the checks that depend on it are exact:
 * an OU without organization sharing is refused before anything is sent, and an inside-org account
 * without it is known to get an invitation (reported at once, never polled).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  EnableSharingWithAwsOrganizationCommand,
  GetResourceSharesCommand,
  RAMClient,
} from '@aws-sdk/client-ram';
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxClientConfig } from '../../../src/sandbox/client-config.js';
import { createSandbox, mutatingRamCalls, ownerEvents, type Sandbox } from './helpers.js';

const OU = 'ou-fsh1-consumer1';
const OU_ARN = `arn:aws:organizations::111111111111:ou/o-fshare1sandbox/${OU}`;

interface ErrorJson {
  error: { code: string; message: string; details?: { blockers: { code: string }[] } };
}
interface GrantJson {
  next: { principal: string; status: string }[];
}

let sb: Sandbox | undefined;
afterEach(() => {
  sb?.cleanup();
  sb = undefined;
});

async function ownerShares(sandbox: Sandbox): Promise<number> {
  const ram = await ramAs(sandbox, 'owner');
  const out = await ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }));
  return (out.resourceShares ?? []).filter((s) => s.status === 'ACTIVE').length;
}

async function ramAs(sandbox: Sandbox, profile: string): Promise<RAMClient> {
  const cfg = await sandboxClientConfig({
    profile,
    endpointUrl: undefined,
    env: { FSHARE_HOME: sandbox.home },
  });
  return new RAMClient({
    region: cfg.region,
    endpoint: cfg.endpoint,
    credentials: cfg.credentials,
    requestHandler: cfg.requestHandler as RAMClient['config']['requestHandler'],
    maxAttempts: 1,
  });
}

const polls = async (sandbox: Sandbox) =>
  (await ownerEvents(sandbox)).filter((e) => e.eventName === 'GetResourceShareAssociations').length;

describe('organization sharing read exactly from the management account', () => {
  it('an OU grant, plan or apply without organization sharing exits 2 and sends nothing', async () => {
    sb = await createSandbox();
    const grant = await sb.owner(['grant', 'transactions', '--to', OU, '--level', 'admin']);
    expect(grant.code, grant.stderr).toBe(2);
    const error = JSON.parse(grant.stderr) as ErrorJson;
    expect(error.error.code).toBe('FSHARE_ORG_SHARING_OFF');
    expect(error.error.message).toContain(OU_ARN);

    const policy = path.join(sb.home, 'ou.yaml');
    fs.writeFileSync(policy, `feature-groups:\n  transactions:\n    admin: ["${OU}"]\n`);
    for (const verb of [
      ['plan', '-f', policy],
      ['apply', '-f', policy, '--yes'],
    ]) {
      const r = await sb.owner(verb);
      expect(r.code, `${verb[0]}: ${r.stderr}`).toBe(2);
      expect((JSON.parse(r.stderr) as ErrorJson).error.code).toBe('FSHARE_ORG_SHARING_OFF');
    }
    expect(await mutatingRamCalls(sb)).toEqual([]);
    expect(await ownerShares(sb)).toBe(0);
  });

  it('the same OU grant goes through once the management account enables organization sharing', async () => {
    sb = await createSandbox();
    const ram = await ramAs(sb, 'owner');
    expect((await ram.send(new EnableSharingWithAwsOrganizationCommand({}))).returnValue).toBe(true);
    const grant = await sb.owner(['grant', 'transactions', '--to', OU, '--level', 'admin']);
    expect(grant.code, grant.stderr).toBe(0);
    expect(await mutatingRamCalls(sb)).toEqual(['CreateResourceShare']);
    expect(await ownerShares(sb)).toBe(1);
  });

  it('without organization sharing an inside-org account is an invitation at once: no status polls', async () => {
    sb = await createSandbox();
    const grant = await sb.owner(['grant', 'customers', '--to', '222222222222', '--level', 'read-only']);
    expect(grant.code, grant.stderr).toBe(0);
    expect(grant.json<GrantJson>().next).toMatchObject([{ principal: '222222222222', status: 'invitation' }]);
    expect(await polls(sb)).toBe(0);
  });

  it('with organization sharing an inside-org account is live after one status read', async () => {
    sb = await createSandbox(['--org-sharing']);
    const grant = await sb.owner(['grant', 'customers', '--to', '222222222222', '--level', 'read-only']);
    expect(grant.code, grant.stderr).toBe(0);
    expect(grant.json<GrantJson>().next).toMatchObject([{ principal: '222222222222', status: 'live' }]);
    expect(await polls(sb)).toBe(1);
  });
});
