// Issue 14: a group behind a pending invitation is visible to name resolution (the step is
// "accept", not "no such group"); did-you-mean for names and operations; an ARN's region is used
// as written or refused, and a missing group is exit 4 with nothing sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxWorld, type SandboxWorld } from '../../helpers/sandbox-world.js';

let world: SandboxWorld;
const as = (profile: string, args: string[]) => world.as(profile, args);
const errorOf = (stderr: string) =>
  (JSON.parse(stderr) as { error: { code: string; message: string; hint?: string } }).error;

beforeAll(async () => {
  world = await sandboxWorld('pending');
  await world.grant('customers', 'read-only');
});
afterAll(() => world.dispose());

describe('before the consumer accepts', () => {
  it('can <op> <bare name> finds the group through the invitation and says accept', async () => {
    const res = await as('consumer', ['can', 'get-record', 'customers', '-o', 'json']);
    expect(res.code, res.stderr).toBe(3);
    expect(res.json()).toMatchObject({
      allowed: false,
      featureGroupArn: 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers',
      missingOn: 'consumer',
      nextStep: expect.stringMatching(
        /^fshare --sandbox --profile consumer accept arn:aws:ram:us-east-1:111111111111:resource-share-invitation\//,
      ) as unknown,
    });
  });

  it('get-record ACCOUNT/NAME is access denied with the accept command, not "ask the owner"', async () => {
    const res = await as('consumer', ['get-record', '111111111111/customers', 'C0001', '-o', 'json']);
    expect(res.code).toBe(3);
    const error = errorOf(res.stderr);
    expect(error.code).toBe('FSHARE_ACCESS_DENIED');
    expect(error.hint).toMatch(
      /invitation accepted first: `fshare --sandbox --profile consumer accept arn:aws:ram:us-east-1:111111111111:resource-share-invitation\//,
    );
    expect(error.hint).not.toContain('fshare grant');
  });

  it('a misspelt name is exit 4 with the close name seen in the invitation', async () => {
    const res = await as('consumer', ['can', 'get-record', 'custmers', '-o', 'json']);
    expect(res.code).toBe(4);
    expect(errorOf(res.stderr).hint).toMatch(/^Did you mean "customers"\?/);
  });

  it('a misspelt operation is exit 2 naming the operation meant', async () => {
    const res = await as('consumer', ['can', 'get-recrd', 'customers', '-o', 'json']);
    expect(res.code).toBe(2);
    expect(errorOf(res.stderr)).toMatchObject({ code: 'FSHARE_UNKNOWN_OPERATION' });
    expect(errorOf(res.stderr).hint).toMatch(/^Did you mean "get-record"\?/);
  });
});

describe('the owner names a group', () => {
  it('a group that does not exist is exit 4 with a suggestion, and no share is made', async () => {
    const res = await as('owner', ['grant', 'custmers', '--to', '222222222222', '--level', 'read-only']);
    expect(res.code).toBe(4);
    expect(errorOf(res.stderr).hint).toContain('Did you mean "customers"?');
    const byArn = await as('owner', [
      'grant',
      'arn:aws:sagemaker:us-east-1:111111111111:feature-group/nosuch',
      '--to',
      '222222222222',
      '--level',
      'read-only',
    ]);
    expect(byArn.code).toBe(4);
    const shares = await as('owner', ['shares', '-o', 'json']);
    expect(shares.stdout).not.toContain('nosuch');
    expect(shares.stdout).not.toContain('custmers');
  });

  it('an ARN in another region is refused with exit 2 and the --region to use', async () => {
    const res = await as('owner', [
      'grant',
      'arn:aws:sagemaker:eu-west-1:111111111111:feature-group/customers',
      '--to',
      '222222222222',
      '--level',
      'read-only',
    ]);
    expect(res.code).toBe(2);
    expect(errorOf(res.stderr)).toMatchObject({ code: 'FSHARE_REGION_MISMATCH' });
    expect(errorOf(res.stderr).hint).toContain('--region eu-west-1');
  });
});
