/** Organizations (awsJson1_1): DescribeOrganization and ListAccounts, the calls fshare makes. */
import { SandboxServiceError, type ServiceDefinition } from '../types.js';
import { ORGANIZATION, SANDBOX_ACCOUNTS, isInOrganization } from './principals.js';

const JOINED = new Date('2026-01-01T00:00:00Z');

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
    ListAccounts: {
      // AWS allows this only to the management account (or a delegated administrator).
      handler: (_input, ctx) => {
        ctx.trail.readOnly = true;
        if (!isInOrganization(ctx.caller.accountId)) {
          throw new SandboxServiceError(
            'AWSOrganizationsNotInUseException',
            'Your account is not a member of an organization.',
          );
        }
        if (ctx.caller.accountId !== ORGANIZATION.managementAccountId) {
          throw new SandboxServiceError(
            'AccessDeniedException',
            'You don’t have permissions to access this resource: only the management account may list accounts.',
          );
        }
        return {
          Accounts: SANDBOX_ACCOUNTS.filter((a) => isInOrganization(a.accountId)).map((a) => ({
            Id: a.accountId,
            Arn: `arn:aws:organizations::${ORGANIZATION.managementAccountId}:account/${ORGANIZATION.id}/${a.accountId}`,
            Email: a.email,
            Name: a.name,
            Status: 'ACTIVE',
            JoinedMethod: a.accountId === ORGANIZATION.managementAccountId ? 'CREATED' : 'INVITED',
            JoinedTimestamp: JOINED,
          })),
        };
      },
    },
  },
};
