/** Organizations (awsJson1_1): DescribeOrganization and ListAccounts, the calls fshare makes. */
import {
  SandboxServiceError,
  type OperationContext,
  type OperationInput,
  type ServiceDefinition,
} from '../types.js';
import { decodePageToken, encodePageToken } from './page-tokens.js';
import { ORGANIZATION, SANDBOX_ACCOUNTS, isInOrganization } from './principals.js';

const JOINED = new Date('2026-01-01T00:00:00Z');

/** ListAccounts' MaxResults range in Organizations' model; the default page is the maximum (assumed). */
const MAX_ACCOUNTS_PAGE = 20;

function invalidInput(message: string): SandboxServiceError {
  return new SandboxServiceError('InvalidInputException', message);
}

/** One page of `items` as Organizations pages: MaxResults 1–20, an opaque NextToken bound to the call. */
function pageOfAccounts<T>(
  input: OperationInput,
  ctx: OperationContext,
  items: readonly T[],
): { page: T[]; next?: string } {
  const max = input.MaxResults;
  if (max !== undefined && max !== null && (typeof max !== 'number' || !Number.isInteger(max))) {
    throw invalidInput('You provided a value that does not match the required pattern for MaxResults.');
  }
  if (typeof max === 'number' && max < 1) {
    throw invalidInput(
      'You provided a value that is less than the minimum allowed value for MaxResults (1).',
    );
  }
  if (typeof max === 'number' && max > MAX_ACCOUNTS_PAGE) {
    throw invalidInput(
      `You provided a value that exceeds the maximum allowed value for MaxResults (${MAX_ACCOUNTS_PAGE}).`,
    );
  }
  const size = typeof max === 'number' ? max : MAX_ACCOUNTS_PAGE;
  const scope = {
    db: ctx.db,
    operation: 'organizations:ListAccounts',
    accountId: ctx.caller.accountId,
    input,
    pagingMembers: ['NextToken', 'MaxResults'],
  };
  const token = input.NextToken;
  let start = 0;
  if (token !== undefined && token !== null) {
    const offset = typeof token === 'string' ? decodePageToken(scope, token) : undefined;
    if (offset === undefined) {
      throw invalidInput('You specified an invalid value for the NextToken request parameter.');
    }
    start = offset;
  }
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return end < items.length ? { page, next: encodePageToken(scope, end) } : { page };
}

export const organizationsService: ServiceDefinition = {
  id: 'organizations',
  signingName: 'organizations',
  protocol: 'awsJson1_1',
  targetPrefix: 'AWSOrganizationsV20161128',
  eventSource: 'organizations.amazonaws.com',
  operations: {
    DescribeOrganization: {
      readOnly: true,
      handler: (_input, ctx) => {
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
      readOnly: true,
      // AWS allows this only to the management account (or a delegated administrator).
      handler: (input, ctx) => {
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
        const accounts = SANDBOX_ACCOUNTS.filter((a) => isInOrganization(a.accountId)).map((a) => ({
          Id: a.accountId,
          Arn: `arn:aws:organizations::${ORGANIZATION.managementAccountId}:account/${ORGANIZATION.id}/${a.accountId}`,
          Email: a.email,
          Name: a.name,
          Status: 'ACTIVE',
          State: 'ACTIVE',
          JoinedMethod: a.accountId === ORGANIZATION.managementAccountId ? 'CREATED' : 'INVITED',
          JoinedTimestamp: JOINED,
        }));
        const { page, next } = pageOfAccounts(input, ctx, accounts);
        return { Accounts: page, ...(next ? { NextToken: next } : {}) };
      },
    },
  },
};
