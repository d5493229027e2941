// Your access to a group is asked where the group is: RAM is regional, and an ARN from another
// region is used as written (issue 14), never the region fshare happens to be using.
import { describe, expect, it } from 'vitest';
import { myAccess } from '../../../src/consumer/my-access.js';
import { awsError, fakeContext } from '../../helpers/fake-context.js';

const FG_EU = 'arn:aws:sagemaker:eu-west-1:111111111111:feature-group/customers';
const SHARE = 'arn:aws:ram:eu-west-1:111111111111:resource-share/s1';

describe('myAccess', () => {
  it('asks RAM in the ARN’s region, for the shares and for pending invitations', async () => {
    const { ctx, calls } = fakeContext({
      region: 'us-east-1',
      ports: {
        ram: {
          listResources: () => Promise.resolve({ resources: [{ arn: FG_EU, resourceShareArn: SHARE }] }),
          listResourceSharePermissions: () => Promise.reject(awsError('AccessDeniedException')),
          getResourceShares: () => Promise.resolve({ resourceShares: [] }),
          getResourceShareInvitations: () => Promise.resolve({ resourceShareInvitations: [] }),
        },
      },
    });
    const access = await myAccess(ctx, { arn: FG_EU, account: '111111111111', own: false });
    expect(access).toMatchObject({ featureGroupArn: FG_EU, level: undefined, shareArns: [SHARE] });
    const ramCalls = calls.filter((c) => c.port === 'ram');
    expect(ramCalls.map((c) => c.operation)).toContain('getResourceShareInvitations');
    for (const call of ramCalls) {
      expect(call.client.region, call.operation).toBe('eu-west-1');
    }
  });
});
