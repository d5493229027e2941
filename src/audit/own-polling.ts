/**
 * fshare's own read-only polling: the RAM, CloudTrail and identity reads that fshare makes while it
 * waits for associations, reads state for a report, or runs the audit itself. They would bury the
 * calls an auditor looks for (a single `fshare grant` polls GetResourceShareAssociations several
 * times), so the audit leaves them out unless --all-events is given. A call counts as fshare's own
 * polling only when all three hold: the user agent carries fshare's product token (every fshare
 * request does), CloudTrail marks it read-only, and its name is in this list. Record reads
 * (GetRecord, BatchGetRecord) and describes (DescribeFeatureGroup) are never left out: they are
 * access, which is what the audit is for.
 */
import { USER_AGENT_PRODUCT } from '../version.js';
import type { AuditEvent } from './types.js';

export const POLLING_EVENT_NAMES: readonly string[] = [
  // RAM reads fshare makes while waiting and while reading the owner's state.
  'GetResourceShares',
  'GetResourceShareAssociations',
  'GetResourceShareInvitations',
  'ListResources',
  'ListPrincipals',
  'ListResourceSharePermissions',
  'ListPermissionAssociations',
  'ListPermissions',
  'GetPermission',
  'ListResourceTypes',
  'ListPendingInvitationResources',
  // The auditor's own reads.
  'LookupEvents',
  'ListEventDataStores',
  'GetEventDataStore',
  'DescribeQuery',
  'GetQueryResults',
  'DescribeTrails',
  'GetTrailStatus',
  'GetEventSelectors',
  'GetQueryExecution',
  'GetTableMetadata',
  'GetWorkGroup',
  'ListQueryExecutions',
  // Identity and organization look-ups.
  'GetCallerIdentity',
  'DescribeOrganization',
  'ListAccounts',
];

const POLLING = new Set(POLLING_EVENT_NAMES.map((n) => n.toLowerCase()));
/** fshare's token in the user agent, as the SDK writes it (`fshare/0.1.0`). */
export const USER_AGENT_MARK = `${USER_AGENT_PRODUCT}/`;

function madeByFshare(userAgent: string | null): boolean {
  // The same test as the SQL's `useragent LIKE '%fshare/%'`, so every source leaves out the same calls.
  return userAgent !== null && userAgent.includes(USER_AGENT_MARK);
}

export function isOwnPolling(event: AuditEvent): boolean {
  return (
    event.readOnly === true &&
    event.action !== null &&
    POLLING.has(event.action.toLowerCase()) &&
    madeByFshare(event.userAgent)
  );
}

/**
 * The same rule as SQL, for queries that group in the engine (a grouped row has no user agent
 * left to test). `readOnly` is compared as text: Athena's column is a string, Lake's may be typed.
 */
export function ownPollingExcludedSql(columns: {
  userAgent: string;
  readOnly: string;
  eventName: string;
}): string {
  const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;
  const names = POLLING_EVENT_NAMES.map((n) => quote(n.toLowerCase())).join(', ');
  return `NOT (coalesce(${columns.userAgent}, '') LIKE ${quote(`%${USER_AGENT_MARK}%`)} AND coalesce(CAST(${columns.readOnly} AS VARCHAR), '') = 'true' AND lower(coalesce(${columns.eventName}, '')) IN (${names}))`;
}
