/**
 * RAM principals: parsing an entity (account ID, organization, OU, IAM role or user ARN) and the
 * rules for whether a share may reach it, and whether it needs an invitation.
 */
import { ORGANIZATION, isInOrganization } from '../core/principals.js';
import { orgSharingEnabled } from '../store.js';
import { SandboxServiceError, type OperationContext } from '../types.js';
import { invalid } from './params.js';
import { CATALOG_RESOURCE_TYPE } from './permissions.js';

export type PrincipalKind = 'account' | 'organization' | 'ou' | 'iam';

export interface PrincipalSpec {
  entity: string;
  kind: PrincipalKind;
  accountId?: string;
}

const ORG_ARN = /^arn:aws:organizations::(\d{12}):organization\/(o-[a-z0-9]{10,32})$/;
const OU_ARN =
  /^arn:aws:organizations::(\d{12}):ou\/(o-[a-z0-9]{10,32})\/(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
const IAM_ARN = /^arn:aws:iam::(\d{12}):(role|user)\/[\w+=,.@/-]+$/;

export function parsePrincipalEntity(entity: string): PrincipalSpec {
  if (/^\d{12}$/.test(entity)) {
    return { entity, kind: 'account', accountId: entity };
  }
  if (ORG_ARN.test(entity)) {
    return { entity, kind: 'organization' };
  }
  if (OU_ARN.test(entity)) {
    return { entity, kind: 'ou' };
  }
  const iam = IAM_ARN.exec(entity);
  if (iam?.[1]) {
    return { entity, kind: 'iam', accountId: iam[1] };
  }
  throw new SandboxServiceError(
    'MalformedArnException',
    `The principal ${entity} is not a valid account ID or ARN.`,
  );
}

export function catalogRefusesIam(entity: string): SandboxServiceError {
  return new SandboxServiceError(
    'OperationNotPermittedException',
    `The resource type ${CATALOG_RESOURCE_TYPE} can't be shared with IAM roles or users (${entity}); share with an account, organization or organizational unit.`,
  );
}

/** Whether the caller's share may reach `spec`, and whether that takes an invitation. */
export function validatePrincipal(
  ctx: OperationContext,
  spec: PrincipalSpec,
  share: { allowExternal: boolean },
  resourceTypes: ReadonlySet<string>,
): { external: boolean; needsInvitation: boolean } {
  const callerAccount = ctx.caller.accountId;
  const orgSharing = orgSharingEnabled(ctx.db);
  const callerInOrg = isInOrganization(callerAccount);
  if (spec.kind === 'organization' || spec.kind === 'ou') {
    const known =
      spec.kind === 'organization'
        ? spec.entity === ORGANIZATION.arn
        : ORGANIZATION.ous.some((ou) => ou.arn === spec.entity);
    if (!callerInOrg || !known) {
      throw new SandboxServiceError(
        'UnknownResourceException',
        `The principal ${spec.entity} could not be found in your organization.`,
      );
    }
    if (!orgSharing) {
      throw new SandboxServiceError(
        'OperationNotPermittedException',
        'Sharing with your organization is not enabled. Call EnableSharingWithAwsOrganization from the management account first.',
      );
    }
    return { external: false, needsInvitation: false };
  }
  if (spec.kind === 'iam' && resourceTypes.has(CATALOG_RESOURCE_TYPE)) {
    throw catalogRefusesIam(spec.entity);
  }
  const account = spec.accountId ?? '';
  if (account === callerAccount) {
    if (spec.kind === 'account') {
      throw invalid(`You can't share a resource share with your own account (${account}).`);
    }
    return { external: false, needsInvitation: false };
  }
  const sameOrg = callerInOrg && isInOrganization(account);
  if (!sameOrg && !share.allowExternal) {
    throw invalid(
      `Principal ${spec.entity} is not in your AWS organization. You cannot share with principals outside of your AWS organization.`,
    );
  }
  return { external: !sameOrg, needsInvitation: !(sameOrg && orgSharing) };
}
