/** Organizations (awsJson1_1): DescribeOrganization, the only call fshare makes. */
import { SandboxServiceError, type ServiceDefinition } from '../types.js';
import { ORGANIZATION, isInOrganization } from './principals.js';

export const organizationsService: ServiceDefinition = {
  id: 'organizations',
  signingName: 'organizations',
  protocol: 'awsJson1_1',
  targetPrefix: 'AWSOrganizationsV20161128',
  eventSource: 'organizations.amazonaws.com',
  operations: {
    DescribeOrganization: {
      handler: (_input, ctx) => {
        ctx.trail.readOnly = true;
        if (!isInOrganization(ctx.caller.accountId)) {
          throw new SandboxServiceError(
            'AWSOrganizationsNotInUseException',
            'Your account is not a member of an organization.',
          );
        }
        return {
          Organization: {
            Id: ORGANIZATION.id,
            Arn: ORGANIZATION.arn,
            FeatureSet: 'ALL',
            MasterAccountArn: `arn:aws:organizations::${ORGANIZATION.managementAccountId}:account/${ORGANIZATION.id}/${ORGANIZATION.managementAccountId}`,
            MasterAccountId: ORGANIZATION.managementAccountId,
            MasterAccountEmail: ORGANIZATION.managementAccountEmail,
            AvailablePolicyTypes: [],
          },
        };
      },
    },
  },
};
