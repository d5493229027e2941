/**
 * CloudTrail Lake SQL (Trino) built from typed, validated filters. No user text is pasted: every
 * value is re-checked against its grammar here and written as a quoted literal, so even a caller
 * that skipped parseAuditOptions cannot inject SQL. The WHERE clause is a superset filter (LIKE's
 * `_` matches any character); the client-side matchesFilters makes the final cut, exactly as for
 * LookupEvents, which is why both sources return the same set.
 */
import { ACCOUNT_ID, FEATURE_GROUP_NAME, parseFeatureGroupArn } from '../permissions/arns.js';
import { EVENT_NAME } from './filters.js';
import { ownPollingExcludedSql } from './own-polling.js';
import type { AuditFilters } from './types.js';

const STORE_ID = /^[A-Za-z0-9-]{1,128}$/;
export const SHARE_ARN = /^arn:aws[a-z-]*:ram:[a-z0-9-]+:\d{12}:resource-share\/[A-Za-z0-9-]+$/;
export const PRINCIPAL_ARN = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:[\w+=,.@/-]+$/;

export class UnsafeSqlValueError extends Error {
  override name = 'UnsafeSqlValueError';
}

export function checked(value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) {
    throw new UnsafeSqlValueError(`Refusing to put ${what} "${value}" into Lake SQL.`);
  }
  return value;
}

/** A Trino string literal: single quotes, embedded quotes doubled. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A Trino timestamp literal in UTC, millisecond precision. */
export function sqlTimestamp(date: Date): string {
  if (Number.isNaN(date.getTime())) {
    throw new UnsafeSqlValueError('Refusing to put an invalid date into Lake SQL.');
  }
  return `timestamp '${date.toISOString().replace('T', ' ').replace('Z', '')}'`;
}

/** Columns fshare reads, aliased to the names normalizeLakeRow knows. */
export const LAKE_COLUMNS: readonly (readonly [string, string])[] = [
  ['eventID', 'eventid'],
  ['eventTime', 'eventtime'],
  ['eventSource', 'eventsource'],
  ['eventName', 'eventname'],
  ['eventCategory', 'eventcategory'],
  ['awsRegion', 'awsregion'],
  ['userIdentity.arn', 'principalarn'],
  ['userIdentity.accountId', 'calleraccount'],
  ['userIdentity.sessionContext.sessionIssuer.arn', 'issuerarn'],
  ['recipientAccountId', 'recipientaccountid'],
  ['sharedEventID', 'sharedeventid'],
  ['errorCode', 'errorcode'],
  ['sourceIPAddress', 'sourceipaddress'],
  ['userAgent', 'useragent'],
  ['readOnly', 'readonly'],
  ["element_at(requestParameters, 'featureGroupName')", 'featuregroupname'],
  ["element_at(requestParameters, 'recordIdentifierValueAsString')", 'recordid'],
  ["element_at(requestParameters, 'resourceArns')", 'resourcearns'],
  ['element_at(resources, 1).arn', 'resourcearn'],
  ["element_at(requestParameters, 'resourceShareArn')", 'resourceshare'],
  ["element_at(requestParameters, 'principals')", 'principals'],
  ["element_at(responseElements, 'resourceShare')", 'createdshare'],
];

const FG_NAME = "element_at(requestParameters, 'featureGroupName')";
const FG_RESOURCE = 'element_at(resources, 1).arn';
const FG_RAM = "element_at(requestParameters, 'resourceArns')";

const SHARE_PARAM = "element_at(requestParameters, 'resourceShareArn')";

function featureGroupCondition(
  ref: NonNullable<AuditFilters['featureGroup']>,
  shares: readonly string[],
): string {
  const byShare =
    shares.length > 0
      ? ` OR ${SHARE_PARAM} IN (${shares.map((s) => sqlString(checked(s, SHARE_ARN, 'resource share ARN'))).join(', ')})`
      : '';
  return featureGroupOnly(ref) + byShare;
}

function featureGroupOnly(ref: NonNullable<AuditFilters['featureGroup']>): string {
  const name = checked(ref.name, FEATURE_GROUP_NAME, 'feature group name');
  if (ref.kind === 'arn') {
    const arn = parseFeatureGroupArn(ref.arn.arn);
    if (!arn) {
      throw new UnsafeSqlValueError(`Refusing to put feature group ARN "${ref.arn.arn}" into Lake SQL.`);
    }
    return [
      `${FG_NAME} = ${sqlString(arn.arn)}`,
      `(${FG_NAME} = ${sqlString(name)} AND userIdentity.accountId = ${sqlString(arn.account)} AND awsRegion = ${sqlString(arn.region)})`,
      `${FG_RESOURCE} = ${sqlString(arn.arn)}`,
      `${FG_RAM} LIKE ${sqlString(`%${arn.arn}%`)}`,
    ].join(' OR ');
  }
  if (ref.kind === 'qualified') {
    const account = checked(ref.account, ACCOUNT_ID, 'account ID');
    const suffix = `:${account}:feature-group/${name}`;
    return [
      `${FG_NAME} LIKE ${sqlString(`arn:%${suffix}`)}`,
      `(${FG_NAME} = ${sqlString(name)} AND userIdentity.accountId = ${sqlString(account)})`,
      `${FG_RESOURCE} LIKE ${sqlString(`arn:%${suffix}`)}`,
      `${FG_RAM} LIKE ${sqlString(`%${suffix}%`)}`,
    ].join(' OR ');
  }
  const suffix = `:feature-group/${name}`;
  return [
    `${FG_NAME} = ${sqlString(name)}`,
    `${FG_NAME} LIKE ${sqlString(`arn:%${suffix}`)}`,
    `${FG_RESOURCE} LIKE ${sqlString(`arn:%${suffix}`)}`,
    `${FG_RAM} LIKE ${sqlString(`%${suffix}%`)}`,
  ].join(' OR ');
}

/** The identity columns a principal filter reads; Lake and Athena spell them differently. */
export interface IdentityColumns {
  accountId: string;
  arn: string;
  issuerArn: string;
}

const LAKE_IDENTITY: IdentityColumns = {
  accountId: 'userIdentity.accountId',
  arn: 'userIdentity.arn',
  issuerArn: 'userIdentity.sessionContext.sessionIssuer.arn',
};

/** An account, or a role/user ARN (a role also matches the sessions that assumed it). */
export function principalCondition(principal: string, columns: IdentityColumns): string {
  if (ACCOUNT_ID.test(principal)) {
    return `${columns.accountId} = ${sqlString(principal)}`;
  }
  const arn = checked(principal, PRINCIPAL_ARN, 'principal ARN');
  const parts = [`${columns.arn} = ${sqlString(arn)}`, `${columns.issuerArn} = ${sqlString(arn)}`];
  const role = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
  if (role?.[1] && role[2] && role[3]) {
    parts.push(
      `${columns.arn} LIKE ${sqlString(`arn:${role[1]}:sts::${role[2]}:assumed-role/${role[3]}/%`)}`,
    );
  }
  return parts.join(' OR ');
}

export interface LakeQueryOptions {
  /** Only data events (the `auto` source takes management events from LookupEvents). */
  dataOnly?: boolean;
  /** Shares reaching the filtered feature group: their share-only RAM calls are about it too. */
  featureGroupShares?: readonly string[];
  /**
   * Aggregate in Lake (for `--summary`): one row per distinct caller, action, outcome and target
   * with its count and first/last time, instead of every event paged to the client.
   */
  grouped?: boolean;
}

/** Per-event columns a grouped query leaves out: they would make every group one event. */
const PER_EVENT_ALIASES = new Set([
  'eventid',
  'eventtime',
  'sharedeventid',
  'recordid',
  'sourceipaddress',
  'useragent',
]);

export function buildLakeQuery(
  storeId: string,
  filters: AuditFilters,
  options: LakeQueryOptions = {},
): string {
  const from = checked(storeId, STORE_ID, 'event data store ID');
  const where = [
    `eventTime >= ${sqlTimestamp(filters.since)}`,
    `eventTime <= ${sqlTimestamp(filters.until)}`,
  ];
  if (options.dataOnly) {
    where.push(`eventCategory = 'Data'`);
  }
  if (filters.account !== undefined) {
    where.push(`userIdentity.accountId = ${sqlString(checked(filters.account, ACCOUNT_ID, 'account ID'))}`);
  }
  if (filters.events && filters.events.length > 0) {
    const names = filters.events.map((e) => sqlString(checked(e, EVENT_NAME, 'event name')));
    where.push(`eventName IN (${names.join(', ')})`);
  }
  if (filters.featureGroup) {
    where.push(`(${featureGroupCondition(filters.featureGroup, options.featureGroupShares ?? [])})`);
  }
  if (filters.principal !== undefined) {
    where.push(`(${principalCondition(filters.principal, LAKE_IDENTITY)})`);
  }
  if (options.grouped) {
    // A grouped row has no user agent for the client to test, so fshare's polling is left out here.
    if (filters.allEvents !== true) {
      where.push(
        ownPollingExcludedSql({ userAgent: 'userAgent', readOnly: 'readOnly', eventName: 'eventName' }),
      );
    }
    const kept = LAKE_COLUMNS.filter(([, alias]) => !PER_EVENT_ALIASES.has(alias));
    const keys = kept.map(([expr, alias]) => `${expr} AS ${alias}`).join(', ');
    // Trino groups by output position, not by alias.
    const positions = kept.map((_, i) => String(i + 1)).join(', ');
    return `SELECT ${keys}, count(*) AS eventcount, min(eventTime) AS firsttime, max(eventTime) AS eventtime FROM ${from} WHERE ${where.join(' AND ')} GROUP BY ${positions}`;
  }
  const columns = LAKE_COLUMNS.map(([expr, alias]) => `${expr} AS ${alias}`).join(', ');
  // LIKE may let a few extra rows through for the client-side filter to drop; a server-side LIMIT
  // would then count them, so it is only sent when the WHERE clause is exact.
  const limit =
    filters.limit !== undefined &&
    Number.isSafeInteger(filters.limit) &&
    filters.limit > 0 &&
    !filters.featureGroup
      ? ` LIMIT ${filters.limit}`
      : '';
  return `SELECT ${columns} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY eventTime DESC${limit}`;
}
