// Feature groups behind pending invitations, and the accept step for access-denied hints.
import { describe, expect, it } from 'vitest';
import { acceptStepFor, pendingFeatureGroups } from '../../../src/consumer/pending.js';
import { awsError, fakeContext } from '../../helpers/fake-context.js';

const FG = 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers';
const INV = 'arn:aws:ram:us-east-1:111111111111:resource-share-invitation/';
const sent = new Date('2026-01-15T11:00:00Z');

function inbox(statuses: string[], listing: (arn: string) => Promise<{ resources: { arn: string }[] }>) {
  return fakeContext({
    mode: 'sandbox',
    profile: 'consumer',
    globals: { sandbox: true, profile: 'consumer' },
    ports: {
      ram: {
        getResourceShareInvitations: () =>
          Promise.resolve({
            resourceShareInvitations: statuses.map((status, i) => ({
              resourceShareInvitationArn: `${INV}${i}`,
              resourceShareName: `share-${i}`,
              senderAccountId: '111111111111',
              status: status as never,
              invitationTimestamp: sent,
            })),
          }),
        listPendingInvitationResources: (input) => listing(input.resourceShareInvitationArn ?? ''),
      },
    },
  });
}

describe('pendingFeatureGroups', () => {
  it('lists the groups of pending invitations only, skipping one RAM no longer lists', async () => {
    const { ctx, calls } = inbox(['PENDING', 'REJECTED', 'PENDING'], (arn) =>
      arn.endsWith('0')
        ? Promise.reject(awsError('ResourceShareInvitationAlreadyRejectedException'))
        : Promise.resolve({ resources: [{ arn: FG }] }),
    );
    const found = await pendingFeatureGroups(ctx);
    expect(found).toEqual([
      {
        arn: FG,
        ownerAccount: '111111111111',
        invitation: { invitationArn: `${INV}2`, shareName: 'share-2' },
      },
    ]);
    // The rejected one is not even asked.
    expect(calls.filter((c) => c.operation === 'listPendingInvitationResources')).toHaveLength(2);
  });

  it('leaves out invitations past their 12 hours', async () => {
    const { ctx } = fakeContext({
      now: new Date(sent.getTime() + 12 * 3600 * 1000),
      ports: {
        ram: {
          getResourceShareInvitations: () =>
            Promise.resolve({
              resourceShareInvitations: [
                { resourceShareInvitationArn: `${INV}0`, status: 'PENDING', invitationTimestamp: sent },
              ],
            }),
        },
      },
    });
    expect(await pendingFeatureGroups(ctx)).toEqual([]);
  });
});

describe('acceptStepFor', () => {
  it('names the invitation to accept, with this invocation’s flags', async () => {
    const { ctx } = inbox(['PENDING'], () => Promise.resolve({ resources: [{ arn: FG }] }));
    const group = { arn: FG, account: '111111111111', own: false };
    expect(await acceptStepFor(ctx, group)).toBe(`fshare --sandbox --profile consumer accept ${INV}0`);
    expect(await acceptStepFor(ctx, { ...group, arn: FG.replace('customers', 'orders') })).toBeUndefined();
    expect(await acceptStepFor(ctx, { ...group, own: true })).toBeUndefined();
  });
});
