/**
 * Issue 14: a past rejection never blocks a new invitation. Re-associating a principal that rejected
 * creates a new invitation with a new ARN; the old one stays REJECTED; the receiver lists both and
 * can accept the new one.
 */
import {
  AcceptResourceShareInvitationCommand,
  AssociateResourceShareCommand,
  CreateResourceShareCommand,
  GetResourceShareAssociationsCommand,
  GetResourceShareInvitationsCommand,
  ListPendingInvitationResourcesCommand,
  RejectResourceShareInvitationCommand,
  type RAMClient,
} from '@aws-sdk/client-ram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONSUMER, CUSTOMERS_ARN, createSandbox, outcome, type Sandbox } from '../sandbox/harness.js';

let sb: Sandbox;
let owner: RAMClient;
let consumer: RAMClient;

async function invitations(): Promise<{ arn: string; status: string }[]> {
  const out = await consumer.send(new GetResourceShareInvitationsCommand({}));
  return (out.resourceShareInvitations ?? []).map((i) => ({
    arn: i.resourceShareInvitationArn ?? '',
    status: i.status ?? '',
  }));
}

describe('RAM invitations after a rejection', () => {
  beforeEach(async () => {
    sb = createSandbox();
    owner = await sb.ram('owner');
    consumer = await sb.ram('consumer');
  });
  afterEach(() => sb.dispose());

  it('a new association after a rejection gets a new invitation that can be accepted', async () => {
    const created = await owner.send(
      new CreateResourceShareCommand({
        name: 'customers-ro',
        resourceArns: [CUSTOMERS_ARN],
        principals: [CONSUMER],
      }),
    );
    const share = created.resourceShare?.resourceShareArn ?? '';
    const [first] = await invitations();
    await consumer.send(new RejectResourceShareInvitationCommand({ resourceShareInvitationArn: first?.arn }));
    expect(await sb.canGetRecord('consumer')).not.toBe('ok');

    await owner.send(new AssociateResourceShareCommand({ resourceShareArn: share, principals: [CONSUMER] }));
    const both = await invitations();
    expect(both).toHaveLength(2);
    expect(both).toContainEqual({ arn: first?.arn, status: 'REJECTED' });
    const second = both.find((i) => i.arn !== first?.arn);
    expect(second?.status).toBe('PENDING');
    expect(second?.arn).not.toBe(first?.arn);

    // The old invitation still answers as rejected; the new one works.
    expect(
      await outcome(
        consumer.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: first?.arn })),
      ),
    ).toBe('ResourceShareInvitationAlreadyRejectedException');
    const pending = await consumer.send(
      new ListPendingInvitationResourcesCommand({ resourceShareInvitationArn: second?.arn }),
    );
    expect((pending.resources ?? []).map((r) => r.arn)).toEqual([CUSTOMERS_ARN]);
    await consumer.send(
      new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: second?.arn }),
    );
    expect(await sb.canGetRecord('consumer')).toBe('ok');
    const associations = await owner.send(
      new GetResourceShareAssociationsCommand({ associationType: 'PRINCIPAL', resourceShareArns: [share] }),
    );
    expect(associations.resourceShareAssociations?.map((a) => a.status)).toEqual(['ASSOCIATED']);
    const answered = await invitations();
    expect(answered).toHaveLength(2);
    expect(answered).toContainEqual({ arn: first?.arn, status: 'REJECTED' });
    expect(answered).toContainEqual({ arn: second?.arn, status: 'ACCEPTED' });
  });

  it('associating again while an invitation is pending reuses it', async () => {
    const created = await owner.send(
      new CreateResourceShareCommand({
        name: 'customers-ro',
        resourceArns: [CUSTOMERS_ARN],
        principals: [CONSUMER],
      }),
    );
    await owner.send(
      new AssociateResourceShareCommand({
        resourceShareArn: created.resourceShare?.resourceShareArn,
        principals: [CONSUMER],
      }),
    );
    expect((await invitations()).map((i) => i.status)).toEqual(['PENDING']);
  });
});
