/**
 * Organizations (awsJson1_1): DescribeOrganization, ListAccounts and
 * ListAWSServiceAccessForOrganization, the calls fshare makes.
 */
import {
  SandboxServiceError,
  type OperationContext,
  type OperationInput,
  type ServiceDefinition,
} from '../types.js';
import { META, cachedStatement, getMeta, orgSharingEnabled } from '../store.js';
import { decodePageToken, encodePageToken } from './page-tokens.js';
import { ORGANIZATION, SANDBOX_ACCOUNTS, isInOrganization } from './principals.js';

const JOINED = new Date('2026-01-01T00:00:00Z');

/** MaxResults' range (1–20) in Organizations' model; the default page is the maximum (assumed). */
const MAX_PAGE = 20;

const RAM_SERVICE_PRINCIPAL = 'ram.amazonaws.com';

function invalidInput(message: string): SandboxServiceError {
  return new SandboxServiceError('InvalidInputException', message);
}

/** One page of `items` as Organizations pages: MaxResults 1–20, an opaque NextToken bound to the call. */
function pageOf<T>(
  operation: string,
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
  if (typeof max === 'number' && max > MAX_PAGE) {
    throw invalidInput(
      `You provided a value that exceeds the maximum allowed value for MaxResults (${MAX_PAGE}).`,
    );
  }
  const size = typeof max === 'number' ? max : MAX_PAGE;
  const scope = {
    db: ctx.db,
    operation: `organizations:${operation}`,
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

/** Calls AWS allows only to the management account (or a delegated administrator, none here). */
function requireManagementAccount(ctx: OperationContext, what: string): void {
  if (!isInOrganization(ctx.caller.accountId)) {
    throw new SandboxServiceError(
      'AWSOrganizationsNotInUseException',
      'Your account is not a member of an organization.',
    );
  }
  if (ctx.caller.accountId !== ORGANIZATION.managementAccountId) {
    throw new SandboxServiceError(
      'AccessDeniedException',
      `You don’t have permissions to access this resource: only the management account may ${what}.`,
    );
  }
}

/**
 * When RAM's trusted access was enabled: the first successful EnableSharingWithAwsOrganization the
 * sandbox's trail recorded, else the world's creation (it was enabled by `sandbox init
 * --org-sharing`; assumed, the store keeps no other date).
 */
function ramAccessEnabledAt(ctx: OperationContext): Date {
  const row = cachedStatement(
    ctx.db,
    `SELECT event_time FROM ct_events WHERE event_source = 'ram.amazonaws.com'
       AND event_name = 'EnableSharingWithAwsOrganization' AND error_code IS NULL
     ORDER BY event_time_ms ASC LIMIT 1`,
  ).get() as { event_time: string } | undefined;
  const when = new Date(row?.event_time ?? getMeta(ctx.db, META.initialisedAt) ?? JOINED);
  return Number.isNaN(when.getTime()) ? JOINED : when;
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
        requireManagementAccount(ctx, 'list accounts');
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
        const { page, next } = pageOf('ListAccounts', input, ctx, accounts);
        return { Accounts: page, ...(next ? { NextToken: next } : {}) };
      },
    },
    ListAWSServiceAccessForOrganization: {
      readOnly: true,
      // The sandbox's only trusted service is RAM: listed once organization sharing is on, whether
      // by EnableSharingWithAwsOrganization or `sandbox init --org-sharing`.
      handler: (input, ctx) => {
        requireManagementAccount(ctx, 'list the services with access to the organization');
        const enabled = orgSharingEnabled(ctx.db)
          ? [{ ServicePrincipal: RAM_SERVICE_PRINCIPAL, DateEnabled: ramAccessEnabledAt(ctx) }]
          : [];
        const { page, next } = pageOf('ListAWSServiceAccessForOrganization', input, ctx, enabled);
        return { EnabledServicePrincipals: page, ...(next ? { NextToken: next } : {}) };
      },
    },
  },
};
