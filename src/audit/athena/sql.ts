/**
 * SQL over the CloudTrail table (AWS's documented columns, lower-case), built from typed,
 * validated filters: every value is re-checked against its grammar and written as a quoted
 * literal. Two dialects: Athena (Trino), and DuckDB for the local engine (`--source s3`), which
 * differ only in a few expressions. The WHERE clause may let a few extra rows through (LIKE's `_`);
 * the client-side matchesFilters makes the final cut, as for every other source.
 */
import { ACCOUNT_ID, FEATURE_GROUP_NAME, parseFeatureGroupArn } from '../../permissions/arns.js';
import { EVENT_NAME } from '../filters.js';
import {
  checked,
  principalCondition,
  SHARE_ARN,
  sqlString,
  UnsafeSqlValueError,
  type IdentityColumns,
} from '../lake-sql.js';
import { ownPollingExcludedSql } from '../own-polling.js';
import type { AuditFilters } from '../types.js';
import { deliveryDays, GLUE_NAME } from '../trail/layout.js';

export type Dialect = 'athena' | 'duckdb';

export interface TableRef {
  database?: string;
  table: string;
}

export interface TrailQueryOptions {
  dialect: Dialect;
  /** Only data events (auto takes management events from LookupEvents). */
  dataOnly?: boolean;
  /** Shares reaching the filtered feature group: their share-only RAM calls are about it too. */
  featureGroupShares?: readonly string[];
  /** Aggregate in the engine (`--summary`): one row per caller, action, outcome and target. */
  grouped?: boolean;
  /**
   * The table holds several accounts' copies of cross-account calls (an organization trail): keep
   * one copy of each, the resource owner's (or, without resources, the caller's).
   */
  dedupeCopies?: boolean;
  /** Partition pruning on the projected `timestamp` (Athena); the local engine picks files instead. */
  prunePartitions?: boolean;
}

const FG_ARN_PATTERN = 'arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:[0-9]{12}:feature-group/[A-Za-z0-9_-]+';

interface Expressions {
  firstResourceArn: string;
  firstResourceAccount: string;
  json: (column: string, path: string) => string;
  fgArnInParams: string;
}

function expressions(dialect: Dialect): Expressions {
  if (dialect === 'athena') {
    return {
      // Trino's resources[1] fails on an empty array; the guard makes it NULL, as element_at would.
      firstResourceArn: 'CASE WHEN cardinality(resources) > 0 THEN resources[1].arn END',
      firstResourceAccount: 'CASE WHEN cardinality(resources) > 0 THEN resources[1].accountid END',
      json: (column, path) => `json_extract_scalar(${column}, '${path}')`,
      fgArnInParams: `regexp_extract(requestparameters, '${FG_ARN_PATTERN}')`,
    };
  }
  return {
    firstResourceArn: 'resources[1].arn',
    firstResourceAccount: 'resources[1].accountid',
    json: (column, path) => `json_extract_string(${column}, '${path}')`,
    // DuckDB returns '' where Trino returns NULL for no match.
    fgArnInParams: `nullif(regexp_extract(requestparameters, '${FG_ARN_PATTERN}'), '')`,
  };
}

/** CloudTrail's eventtime is `YYYY-MM-DDTHH:MM:SSZ`: compared as text, whole seconds. */
function eventTimeLiteral(date: Date, round: 'down' | 'up'): string {
  if (Number.isNaN(date.getTime())) {
    throw new UnsafeSqlValueError('Refusing to put an invalid date into SQL.');
  }
  const ms = date.getTime();
  const seconds = round === 'down' ? Math.floor(ms / 1000) : Math.ceil(ms / 1000);
  return sqlString(`${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`);
}

function featureGroupCondition(
  x: Expressions,
  ref: NonNullable<AuditFilters['featureGroup']>,
  shares: readonly string[],
): string {
  const fgName = x.json('requestparameters', '$.featureGroupName');
  const name = checked(ref.name, FEATURE_GROUP_NAME, 'feature group name');
  let parts: string[];
  if (ref.kind === 'arn') {
    const arn = parseFeatureGroupArn(ref.arn.arn);
    if (!arn) {
      throw new UnsafeSqlValueError(`Refusing to put feature group ARN "${ref.arn.arn}" into SQL.`);
    }
    parts = [
      `${x.firstResourceArn} = ${sqlString(arn.arn)}`,
      `${fgName} = ${sqlString(arn.arn)}`,
      `(${fgName} = ${sqlString(name)} AND useridentity.accountid = ${sqlString(arn.account)})`,
      `requestparameters LIKE ${sqlString(`%${arn.arn}%`)}`,
    ];
  } else {
    const suffix =
      ref.kind === 'qualified'
        ? `:${checked(ref.account, ACCOUNT_ID, 'account ID')}:feature-group/${name}`
        : `:feature-group/${name}`;
    parts = [
      `${x.firstResourceArn} LIKE ${sqlString(`arn:%${suffix}`)}`,
      ref.kind === 'qualified'
        ? `(${fgName} = ${sqlString(name)} AND useridentity.accountid = ${sqlString(ref.account)})`
        : `${fgName} = ${sqlString(name)}`,
      `requestparameters LIKE ${sqlString(`%${suffix}%`)}`,
    ];
  }
  if (shares.length > 0) {
    const list = shares.map((s) => sqlString(checked(s, SHARE_ARN, 'resource share ARN'))).join(', ');
    parts.push(`${x.json('requestparameters', '$.resourceShareArn')} IN (${list})`);
  }
  return parts.join(' OR ');
}

const ATHENA_IDENTITY: IdentityColumns = {
  accountId: 'useridentity.accountid',
  arn: 'useridentity.arn',
  issuerArn: 'useridentity.sessioncontext.sessionissuer.arn',
};

/** Per-event columns, aliased to the names normalizeTrailRow reads. */
function eventColumns(x: Expressions): string[] {
  return [
    'eventid',
    'eventtime',
    'eventsource',
    'eventname',
    'eventcategory',
    'awsregion',
    'useridentity.arn AS principalarn',
    'useridentity.accountid AS calleraccount',
    'useridentity.sessioncontext.sessionissuer.arn AS issuerarn',
    'recipientaccountid',
    'sharedeventid',
    'errorcode',
    'sourceipaddress',
    'useragent',
    'readonly',
    'requestparameters',
    'responseelements',
    `${x.firstResourceArn} AS resourcearn`,
  ];
}

function notData(expression: string): string {
  return `CASE WHEN eventcategory = 'Data' THEN NULL ELSE ${expression} END`;
}

/** Group keys for `--summary`: what SummaryAccumulator and normalizeLakeRow need, nothing per event. */
function groupColumns(x: Expressions): string[] {
  return [
    'useridentity.accountid AS calleraccount',
    'useridentity.arn AS principalarn',
    'useridentity.sessioncontext.sessionissuer.arn AS issuerarn',
    'eventsource',
    'eventname',
    'eventcategory',
    'awsregion',
    'errorcode',
    'readonly',
    `${x.firstResourceArn} AS resourcearn`,
    // Record calls name their group in resources[]: parsing requestparameters only for the other
    // events keeps a summary over millions of record calls cheap.
    `${notData(x.json('requestparameters', '$.featureGroupName'))} AS featuregroupname`,
    `${notData(x.fgArnInParams)} AS resourcearns`,
    `${notData(x.json('requestparameters', '$.resourceShareArn'))} AS resourceshare`,
  ];
}

export function buildTrailQuery(table: TableRef, filters: AuditFilters, options: TrailQueryOptions): string {
  const x = expressions(options.dialect);
  const name = checked(table.table, GLUE_NAME, 'table name');
  const from = table.database ? `${checked(table.database, GLUE_NAME, 'database name')}.${name}` : name;
  const where: string[] = [];
  if (options.prunePartitions) {
    const days = deliveryDays(filters.since, filters.until);
    where.push(
      `"timestamp" BETWEEN ${sqlString(days[0] ?? '')} AND ${sqlString(days[days.length - 1] ?? '')}`,
    );
  }
  where.push(
    `eventtime >= ${eventTimeLiteral(filters.since, 'down')}`,
    `eventtime <= ${eventTimeLiteral(filters.until, 'up')}`,
  );
  if (options.dataOnly) {
    where.push(`eventcategory = 'Data'`);
  }
  if (filters.account !== undefined) {
    where.push(`useridentity.accountid = ${sqlString(checked(filters.account, ACCOUNT_ID, 'account ID'))}`);
  }
  if (filters.events && filters.events.length > 0) {
    const names = filters.events.map((e) => sqlString(checked(e, EVENT_NAME, 'event name').toLowerCase()));
    where.push(`lower(eventname) IN (${names.join(', ')})`);
  }
  if (filters.featureGroup) {
    where.push(`(${featureGroupCondition(x, filters.featureGroup, options.featureGroupShares ?? [])})`);
  }
  if (filters.principal !== undefined) {
    where.push(`(${principalCondition(filters.principal, ATHENA_IDENTITY)})`);
  }
  if (filters.allEvents !== true) {
    where.push(
      ownPollingExcludedSql({ userAgent: 'useragent', readOnly: 'readonly', eventName: 'eventname' }),
    );
  }
  if (options.dedupeCopies) {
    where.push(
      `(sharedeventid IS NULL OR recipientaccountid = coalesce(${x.firstResourceAccount}, useridentity.accountid))`,
    );
  }
  const clause = where.join(' AND ');
  if (options.grouped) {
    const keys = groupColumns(x);
    const positions = keys.map((_, i) => String(i + 1)).join(', ');
    return `SELECT ${keys.join(', ')}, count(*) AS eventcount, min(eventtime) AS firsttime, max(eventtime) AS eventtime FROM ${from} WHERE ${clause} GROUP BY ${positions}`;
  }
  const limit =
    filters.limit !== undefined &&
    Number.isSafeInteger(filters.limit) &&
    filters.limit > 0 &&
    !filters.featureGroup
      ? ` LIMIT ${filters.limit}`
      : '';
  return `SELECT ${eventColumns(x).join(', ')} FROM ${from} WHERE ${clause} ORDER BY eventtime DESC${limit}`;
}
