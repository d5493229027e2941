/**
 * LookupEvents takes exactly one lookup attribute per request. This picks the most selective one
 * the filters allow; everything else is filtered client-side (matchesFilters).
 *
 * Why not ResourceName for --feature-group: RAM events carry no resources[] (see the RAM
 * CreateResourceShare sample in fixtures/cloudtrail), so a ResourceName lookup would hide every
 * grant and revoke of the group. The feature group is matched client-side instead, from
 * resources[], requestParameters.featureGroupName and RAM's requestParameters.resourceArns.
 */
import type { AuditFilters } from './types.js';

export interface LookupAttribute {
  AttributeKey: 'EventName' | 'Username' | 'EventSource';
  AttributeValue: string;
}

export const RAM_SOURCE = 'ram.amazonaws.com';
export const SAGEMAKER_SOURCE = 'sagemaker.amazonaws.com';

/** Which service each event name fshare audits belongs to, so several --event names can share one source. */
const SOURCE_OF_EVENT: Record<string, string> = Object.fromEntries([
  ...[
    'CreateResourceShare',
    'DeleteResourceShare',
    'UpdateResourceShare',
    'AssociateResourceShare',
    'DisassociateResourceShare',
    'AssociateResourceSharePermission',
    'DisassociateResourceSharePermission',
    'ReplacePermissionAssociations',
    'AcceptResourceShareInvitation',
    'RejectResourceShareInvitation',
    'EnableSharingWithAwsOrganization',
    'TagResource',
    'UntagResource',
    'GetResourceShares',
    'GetResourceShareAssociations',
    'GetResourceShareInvitations',
    'ListResources',
    'ListPrincipals',
    'ListResourceSharePermissions',
    'ListPermissions',
    'GetPermission',
    'ListPendingInvitationResources',
  ].map((name) => [name, RAM_SOURCE]),
  ...[
    'CreateFeatureGroup',
    'DeleteFeatureGroup',
    'DescribeFeatureGroup',
    'UpdateFeatureGroup',
    'DescribeFeatureMetadata',
    'UpdateFeatureMetadata',
    'ListFeatureGroups',
    'Search',
    'ListResourceCatalogs',
  ].map((name) => [name, SAGEMAKER_SOURCE]),
]);

/** Every management event name fshare audits, in CloudTrail's spelling. */
export const MANAGEMENT_EVENT_NAMES: readonly string[] = Object.keys(SOURCE_OF_EVENT);

export function sourceOfEvent(name: string): string | undefined {
  return SOURCE_OF_EVENT[name];
}

/** The username LookupEvents records for a principal: the session name, or the IAM user name. */
function lookupUsername(principal: string): string | undefined {
  const session = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/[^/]+\/([^/]+)$/.exec(principal);
  if (session?.[1]) {
    return session[1];
  }
  return /^arn:aws[a-z-]*:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(principal)?.[1];
}

/**
 * One lookup stream per returned attribute; the streams' results are merged newest first. With no
 * selective filter, the two services that matter for sharing are looked up separately (still one
 * attribute per request), which skips the account's unrelated traffic.
 */
export function planLookups(filters: AuditFilters): LookupAttribute[] {
  const events = filters.events ?? [];
  const [single] = events;
  if (events.length === 1 && single) {
    return [{ AttributeKey: 'EventName', AttributeValue: single }];
  }
  const username = filters.principal ? lookupUsername(filters.principal) : undefined;
  if (username) {
    return [{ AttributeKey: 'Username', AttributeValue: username }];
  }
  const sources = new Set(events.map((e) => sourceOfEvent(e) ?? '?'));
  if (events.length > 0 && sources.size === 1 && !sources.has('?')) {
    return [{ AttributeKey: 'EventSource', AttributeValue: [...sources][0] ?? '' }];
  }
  if (events.length > 0 && sources.has('?')) {
    // An event fshare does not map to a service: one EventName lookup per name.
    return events.map((e) => ({ AttributeKey: 'EventName', AttributeValue: e }));
  }
  return [
    { AttributeKey: 'EventSource', AttributeValue: RAM_SOURCE },
    { AttributeKey: 'EventSource', AttributeValue: SAGEMAKER_SOURCE },
  ];
}
