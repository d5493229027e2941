// Issue 14: one rejected invitation must not break the inbox. After `reject --all` and a new grant,
// the consumer sees a REJECTED and a PENDING invitation of one share; every inbox command copes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxWorld, type SandboxWorld } from '../../helpers/sandbox-world.js';

const FG = 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers';
let world: SandboxWorld;
const as = (profile: string, args: string[]) => world.as(profile, args);

interface InvitationJson {
  invitationArn: string;
  shareArn: string;
  status: string;
  featureGroups: string[];
  level: string | null;
}

let rejectedArn = '';

beforeAll(async () => {
  world = await sandboxWorld('rejected');
  await world.grant('customers', 'read-only');
  const rejected = await as('consumer', ['reject', '--all']);
  expect(rejected.code, rejected.stderr).toBe(0);
  const [row] = rejected.json<{ invitationArn: string; outcome: string }[]>();
  expect(row?.outcome).toBe('rejected');
  rejectedArn = row?.invitationArn ?? '';
  await world.grant('customers', 'read-only');
});
afterAll(() => world.dispose());

describe('a rejected invitation beside a new one', () => {
  it('invitations --all lists both, each with its status; the default lists the new one', async () => {
    const all = await as('consumer', ['invitations', '--all']);
    expect(all.code, all.stderr).toBe(0);
    const listed = all.json<InvitationJson[]>();
    expect(listed.map((i) => i.status).sort()).toEqual(['PENDING', 'REJECTED']);
    const pending = listed.find((i) => i.status === 'PENDING');
    expect(pending?.invitationArn).not.toBe(rejectedArn);
    expect(pending?.featureGroups).toEqual([FG]);
    // The rejected one no longer lists its resources in RAM; the live invitation of the same share does.
    expect(listed.find((i) => i.status === 'REJECTED')?.featureGroups).toEqual([FG]);
    const open = await as('consumer', ['invitations']);
    expect(open.code, open.stderr).toBe(0);
    expect(open.json<InvitationJson[]>().map((i) => i.invitationArn)).toEqual([pending?.invitationArn]);
  });

  it('reject of the old ARN is already done; accept of the old ARN takes the new invitation', async () => {
    const again = await as('consumer', ['reject', rejectedArn]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json<{ outcome: string }[]>()[0]?.outcome).toBe('already-rejected');
    const listed = (await as('consumer', ['invitations'])).json<InvitationJson[]>();
    const accepted = await as('consumer', ['accept', rejectedArn]);
    expect(accepted.code, accepted.stderr).toBe(0);
    const [row] = accepted.json<{ invitationArn: string; outcome: string; verified: boolean }[]>();
    expect(row).toMatchObject({
      invitationArn: listed[0]?.invitationArn,
      outcome: 'accepted',
      verified: true,
    });
  });

  it('accept --all afterwards is success, and describe works', async () => {
    const all = await as('consumer', ['accept', '--all']);
    expect(all.code, all.stderr).toBe(0);
    const described = await as('consumer', ['describe', FG, '-o', 'json']);
    expect(described.code, described.stderr).toBe(0);
  });
});
