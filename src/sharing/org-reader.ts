/**
 * Reads the caller's organization (membership, for the external-principal check) and whether RAM
 * organization sharing is on (for the invitation quota), as far as the caller may see them.
 */
import { awsErrorCode, isAccessDenied } from '../aws/errors.js';
import { collectAll } from '../aws/paginate.js';
import type { OrganizationsPort } from '../aws/ports.js';
import type { Context } from '../context.js';
import type { OrgView } from './org.js';
import type { InvitationModel } from './plan-types.js';

export async function readOrganization(ctx: Context): Promise<OrgView> {
  const { account } = await ctx.aws.identity();
  const orgs = await ctx.aws.organizations();
  try {
    const out = await orgs.describeOrganization({}, { abortSignal: ctx.signal });
    const org = out.Organization;
    return {
      inOrg: true,
      account,
      orgId: org?.Id ?? '',
      orgArn: org?.Arn ?? '',
      managementAccount: org?.MasterAccountId ?? '',
      members: await listMembers(ctx, orgs),
    };
  } catch (error) {
    if (awsErrorCode(error) === 'AWSOrganizationsNotInUseException') {
      return { inOrg: false, account };
    }
    if (isAccessDenied(error)) {
      ctx.log.warn(
        'organizations:DescribeOrganization was denied; fshare cannot tell which accounts are outside your organization (RAM still refuses them while the share does not allow external principals).',
      );
      return { inOrg: true, account, orgId: '', orgArn: '', managementAccount: '' };
    }
    throw error;
  }
}

/** Member accounts when the caller may list them (the management account); else unknown. */
async function listMembers(ctx: Context, orgs: OrganizationsPort): Promise<Set<string> | undefined> {
  try {
    const accounts = await collectAll(
      orgs.listAccounts.bind(orgs),
      {},
      { items: (page) => page.Accounts, call: { abortSignal: ctx.signal } },
    );
    return new Set(accounts.map((a) => a.Id ?? '').filter(Boolean));
  } catch (error) {
    // Only the management account (or a delegated admin) may list accounts; anyone else learns
    // membership from RAM's refusal instead.
    ctx.log.debug(
      `organizations:ListAccounts unavailable (${awsErrorCode(error) ?? 'error'}); membership unknown`,
    );
    return undefined;
  }
}

/**
 * RAM organization sharing, from Organizations' list of services with access: exact for the
 * management account (or a delegated administrator). Outside an organization it is off. A member
 * account is refused (AccessDeniedException), so there it is 'unknown' and the checks that need it
 * stay cautious (docs/permissions.md). Any other failure is not a permission answer and propagates.
 */
export async function readOrgSharing(ctx: Context, org: OrgView): Promise<InvitationModel['orgSharing']> {
  if (!org.inOrg) {
    return 'off';
  }
  const orgs = await ctx.aws.organizations();
  try {
    const enabled = await collectAll(
      orgs.listAWSServiceAccessForOrganization.bind(orgs),
      {},
      {
        items: (page) => page.EnabledServicePrincipals,
        call: { abortSignal: ctx.signal },
      },
    );
    return enabled.some((s) => s.ServicePrincipal === 'ram.amazonaws.com') ? 'on' : 'off';
  } catch (error) {
    if (awsErrorCode(error) === 'AWSOrganizationsNotInUseException') {
      return 'off';
    }
    if (!isAccessDenied(error)) {
      throw error;
    }
    ctx.log.debug(
      `organizations:ListAWSServiceAccessForOrganization denied (${awsErrorCode(error) ?? 'error'}): only the management account may read it; organization sharing unknown`,
    );
    return 'unknown';
  }
}
