/**
 * CloudTrail Lake: event data stores and queries. A store holds no copy of events: at query time
 * its events are the rows of `ct_events` delivered to its account (its organization's accounts
 * when OrganizationEnabled), in its region (any region when MultiRegionEnabled), no older than its
 * creation and retention, that its advanced event selectors match. Queries run synchronously at
 * StartQuery; the first DescribeQuery/GetQueryResults reports RUNNING so that clients exercise the
 * polling they need on AWS, later ones report the final status.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ORGANIZATION, SANDBOX_ACCOUNTS, isInOrganization } from '../core/principals.js';
import type { Db, OperationInput } from '../types.js';
import { SandboxServiceError } from '../types.js';
import { registerLakeFunctions, lakeTimestamp } from './lake-functions.js';
import { translateLakeSql } from './lake-sql.js';
import { quoteIdent, quoteString } from './lake-sql-tokens.js';
import { NESTED_COLUMNS, hiddenColumn } from './lake-sql-vocabulary.js';
import { decodeToken, encodeToken } from './tokens.js';

export interface Scope {
  accountId: string;
  region: string;
  /** The sandbox clock, epoch ms. */
  nowMs: number;
}

export interface FieldSelector {
  Field: string;
  Equals?: string[];
  StartsWith?: string[];
  EndsWith?: string[];
  NotEquals?: string[];
  NotStartsWith?: string[];
  NotEndsWith?: string[];
}

export interface AdvancedEventSelector {
  Name?: string;
  FieldSelectors: FieldSelector[];
}

/** What CloudTrail stores when CreateEventDataStore gets no selectors: all management events. */
export const DEFAULT_SELECTORS: AdvancedEventSelector[] = [
  { Name: 'Default management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
];

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_RETENTION_DAYS = 2557;
const OPERATORS = ['Equals', 'StartsWith', 'EndsWith', 'NotEquals', 'NotStartsWith', 'NotEndsWith'] as const;
const EQUALS_ONLY = new Set(['readOnly', 'eventCategory', 'resources.type']);

interface StoreRow {
  id: string;
  arn: string;
  name: string;
  account_id: string;
  region: string;
  advanced_event_selectors: string;
  multi_region: number;
  organization_enabled: number;
  retention_days: number;
  termination_protection: number;
  billing_mode: string;
  status: string;
  created_ms: number;
  updated_ms: number;
}

interface QueryRow {
  id: string;
  store_id: string;
  account_id: string;
  region: string;
  statement: string;
  status: string;
  error_message: string | null;
  columns: string | null;
  rows: string | null;
  events_scanned: number;
  events_matched: number;
  bytes_scanned: number;
  execution_ms: number;
  observations: number;
  created_ms: number;
}

function invalidParameter(message: string): SandboxServiceError {
  return new SandboxServiceError('InvalidParameterException', message);
}

/** Columns of ct_events a selector field reads; multi-valued fields are JSON arrays. */
const SELECTOR_COLUMNS: Record<string, { column: string; multi: boolean }> = {
  eventcategory: { column: 'event_category', multi: false },
  eventsource: { column: 'event_source', multi: false },
  eventname: { column: 'event_name', multi: false },
  readonly: { column: 'read_only', multi: false },
  errorcode: { column: 'error_code', multi: false },
  'useridentity.arn': { column: 'principal_arn', multi: false },
  'resources.type': { column: 'resource_types', multi: true },
  'resources.arn': { column: 'resource_arns', multi: true },
};

function valueCondition(operator: (typeof OPERATORS)[number], value: string, expr: string): string {
  const literal = quoteString(value);
  switch (operator) {
    case 'Equals':
    case 'NotEquals':
      return `${expr} = ${literal}`;
    case 'StartsWith':
    case 'NotStartsWith':
      return `substr(${expr}, 1, ${value.length}) = ${literal}`;
    default:
      return `substr(${expr}, -${Math.max(value.length, 1)}) = ${literal}`;
  }
}

/**
 * Advanced event selectors as a SQL condition over ct_events. Selectors are ORed; the field
 * selectors inside one are ANDed; the values of a positive operator are ORed, of a negative one
 * all must fail to match (CloudTrail's documented semantics).
 */
export function selectorsToSql(selectors: readonly AdvancedEventSelector[]): string {
  if (selectors.length === 0) {
    return 'FALSE';
  }
  const ors = selectors.map((selector) => {
    const ands = selector.FieldSelectors.map((field) => {
      const known = SELECTOR_COLUMNS[field.Field.toLowerCase()];
      const column = known?.column ?? `json_extract(record, ${quoteString(`$.${field.Field}`)})`;
      const multi = known?.multi ?? false;
      const parts: string[] = [];
      for (const operator of OPERATORS) {
        const values = field[operator];
        if (values === undefined || values.length === 0) {
          continue;
        }
        const negative = operator.startsWith('Not');
        const expr = multi ? 'value' : column;
        const anyMatch = values.map((v) => valueCondition(operator, v, expr)).join(' OR ');
        const test = multi
          ? `EXISTS (SELECT 1 FROM json_each(${column}) WHERE ${anyMatch})`
          : `(${anyMatch})`;
        // A missing field (NULL) matches no positive operator and every negative one.
        parts.push(negative ? `NOT COALESCE(${test}, FALSE)` : `COALESCE(${test}, FALSE)`);
      }
      return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
    });
    return ands.length === 0 ? 'TRUE' : `(${ands.join(' AND ')})`;
  });
  return `(${ors.join(' OR ')})`;
}

export function validateSelectors(raw: unknown): AdvancedEventSelector[] {
  if (raw === undefined || raw === null) {
    return DEFAULT_SELECTORS;
  }
  const fail = (message: string): SandboxServiceError =>
    new SandboxServiceError('InvalidEventSelectorsException', message);
  if (!Array.isArray(raw)) {
    throw fail('AdvancedEventSelectors must be a list.');
  }
  if (raw.length > 5) {
    throw fail('You can configure up to five advanced event selectors for each event data store.');
  }
  return raw.map((selector: unknown): AdvancedEventSelector => {
    const s = selector as { Name?: unknown; FieldSelectors?: unknown };
    if (!Array.isArray(s.FieldSelectors) || s.FieldSelectors.length === 0) {
      throw fail('Each advanced event selector needs at least one field selector.');
    }
    const fields = s.FieldSelectors.map((f: unknown): FieldSelector => {
      const field = f as Record<string, unknown>;
      if (typeof field.Field !== 'string' || field.Field === '') {
        throw fail('Each field selector needs a Field.');
      }
      const out: FieldSelector = { Field: field.Field };
      for (const operator of OPERATORS) {
        const values = field[operator];
        if (values === undefined || values === null) {
          continue;
        }
        if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'string')) {
          throw fail(`${operator} of field ${field.Field} must be a non-empty list of strings.`);
        }
        if (EQUALS_ONLY.has(field.Field) && operator !== 'Equals') {
          throw fail(`Only Equals can be used with the ${field.Field} field.`);
        }
        out[operator] = values as string[];
      }
      return out;
    });
    return { ...(typeof s.Name === 'string' ? { Name: s.Name } : {}), FieldSelectors: fields };
  });
}

/** ListEventDataStores items have no BillingMode in the model; Get and Create carry it. */
function storeOutput(row: StoreRow, withBillingMode = true): Record<string, unknown> {
  return {
    EventDataStoreArn: row.arn,
    Name: row.name,
    Status: row.status,
    AdvancedEventSelectors: JSON.parse(row.advanced_event_selectors) as unknown,
    MultiRegionEnabled: row.multi_region === 1,
    OrganizationEnabled: row.organization_enabled === 1,
    RetentionPeriod: row.retention_days,
    TerminationProtectionEnabled: row.termination_protection === 1,
    ...(withBillingMode ? { BillingMode: row.billing_mode } : {}),
    CreatedTimestamp: new Date(row.created_ms),
    UpdatedTimestamp: new Date(row.updated_ms),
  };
}

function optionalBoolean(input: OperationInput, member: string, fallback: boolean): boolean {
  const value = input[member];
  if (value === undefined || value === null) {
    return fallback;
  }
  if (typeof value !== 'boolean') {
    throw invalidParameter(`${member} must be a boolean.`);
  }
  return value;
}

export function createEventDataStore(db: Db, input: OperationInput, scope: Scope): Record<string, unknown> {
  const name = input.Name;
  if (typeof name !== 'string' || name.length < 3 || name.length > 128 || !/^[a-zA-Z0-9._-]+$/.test(name)) {
    throw invalidParameter(
      'Name must be 3-128 characters of letters, numbers, periods, underscores and dashes.',
    );
  }
  const retention = input.RetentionPeriod ?? DEFAULT_RETENTION_DAYS;
  if (typeof retention !== 'number' || !Number.isInteger(retention) || retention < 7 || retention > 3653) {
    throw invalidParameter('RetentionPeriod must be between 7 and 3653 days.');
  }
  const selectors = validateSelectors(input.AdvancedEventSelectors);
  const multiRegion = optionalBoolean(input, 'MultiRegionEnabled', true);
  const organization = optionalBoolean(input, 'OrganizationEnabled', false);
  const protection = optionalBoolean(input, 'TerminationProtectionEnabled', true);
  const ingest = optionalBoolean(input, 'StartIngestion', true);
  if (organization && scope.accountId !== ORGANIZATION.managementAccountId) {
    throw new SandboxServiceError(
      'NotOrganizationMasterAccountException',
      'Only the management account of an organization can create an organization event data store.',
    );
  }
  const existing = db
    .prepare('SELECT id FROM ct_event_data_stores WHERE account_id = ? AND region = ? AND name = ?')
    .get(scope.accountId, scope.region, name);
  if (existing !== undefined) {
    throw new SandboxServiceError(
      'EventDataStoreAlreadyExistsException',
      `An event data store named ${name} already exists.`,
    );
  }
  const id = randomUUID();
  const row: StoreRow = {
    id,
    arn: `arn:aws:cloudtrail:${scope.region}:${scope.accountId}:eventdatastore/${id}`,
    name,
    account_id: scope.accountId,
    region: scope.region,
    advanced_event_selectors: JSON.stringify(selectors),
    multi_region: multiRegion ? 1 : 0,
    organization_enabled: organization ? 1 : 0,
    retention_days: retention,
    termination_protection: protection ? 1 : 0,
    billing_mode: typeof input.BillingMode === 'string' ? input.BillingMode : 'EXTENDABLE_RETENTION_PRICING',
    status: ingest ? 'ENABLED' : 'STOPPED_INGESTION',
    created_ms: scope.nowMs,
    updated_ms: scope.nowMs,
  };
  db.prepare(
    `INSERT INTO ct_event_data_stores (id, arn, name, account_id, region, advanced_event_selectors, multi_region,
       organization_enabled, retention_days, termination_protection, billing_mode, status, created_ms, updated_ms)
     VALUES (@id, @arn, @name, @account_id, @region, @advanced_event_selectors, @multi_region, @organization_enabled,
       @retention_days, @termination_protection, @billing_mode, @status, @created_ms, @updated_ms)`,
  ).run(row);
  return storeOutput(row);
}

/** Finds a store of the caller by ARN or by the ID that ends the ARN. */
export function findStore(db: Db, ref: unknown, scope: Scope): StoreRow {
  if (typeof ref !== 'string' || ref === '') {
    throw invalidParameter('EventDataStore is required.');
  }
  let id = ref;
  if (ref.startsWith('arn:')) {
    const match = /^arn:aws:cloudtrail:[a-z0-9-]+:(\d{12}):eventdatastore\/([A-Za-z0-9-]+)$/.exec(ref);
    if (match === null) {
      throw new SandboxServiceError(
        'EventDataStoreARNInvalidException',
        `The event data store ARN ${ref} is not valid.`,
      );
    }
    id = match[2] ?? '';
  }
  const row = db
    .prepare('SELECT * FROM ct_event_data_stores WHERE lower(id) = lower(?) AND account_id = ?')
    .get(id, scope.accountId) as StoreRow | undefined;
  if (row === undefined) {
    throw new SandboxServiceError(
      'EventDataStoreNotFoundException',
      `The event data store ${ref} was not found.`,
    );
  }
  return row;
}

export function getEventDataStore(db: Db, input: OperationInput, scope: Scope): Record<string, unknown> {
  return storeOutput(findStore(db, input.EventDataStore, scope));
}

export function listEventDataStores(db: Db, input: OperationInput, scope: Scope): Record<string, unknown> {
  const max = input.MaxResults ?? 1000;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 1000) {
    throw new SandboxServiceError('InvalidMaxResultsException', 'MaxResults must be between 1 and 1000.');
  }
  const bound = { op: 'ListEventDataStores', account: scope.accountId, region: scope.region };
  const offset = typeof input.NextToken === 'string' ? Number(decodeToken(input.NextToken, bound).o) : 0;
  const rows = db
    .prepare(
      'SELECT * FROM ct_event_data_stores WHERE account_id = ? AND region = ? ORDER BY created_ms, id LIMIT ? OFFSET ?',
    )
    .all(scope.accountId, scope.region, max + 1, offset) as StoreRow[];
  const page = rows.slice(0, max);
  return {
    EventDataStores: page.map((row) => storeOutput(row, false)),
    ...(rows.length > max ? { NextToken: encodeToken(bound, { o: offset + max }) } : {}),
  };
}

export function deleteEventDataStore(db: Db, input: OperationInput, scope: Scope): { arn: string } {
  const row = findStore(db, input.EventDataStore, scope);
  if (row.termination_protection === 1) {
    throw new SandboxServiceError(
      'EventDataStoreTerminationProtectedException',
      'The event data store cannot be deleted because termination protection is enabled.',
    );
  }
  if (row.status === 'PENDING_DELETION') {
    throw new SandboxServiceError(
      'InactiveEventDataStoreException',
      `The event data store ${row.arn} is inactive.`,
    );
  }
  db.prepare("UPDATE ct_event_data_stores SET status = 'PENDING_DELETION', updated_ms = ? WHERE id = ?").run(
    scope.nowMs,
    row.id,
  );
  return { arn: row.arn };
}

/** The SELECT that exposes one store's events under Lake's column names. */
export function storeViewSql(store: StoreRow, nowMs: number, snapshotSeq: number): string {
  const accounts =
    store.organization_enabled === 1
      ? SANDBOX_ACCOUNTS.map((a) => a.accountId).filter((a) => isInOrganization(a))
      : [store.account_id];
  const selectors = JSON.parse(store.advanced_event_selectors) as AdvancedEventSelector[];
  const fromRecord = (path: string): string => `json_extract(record, ${quoteString(`$.${path}`)})`;
  const nested: Record<(typeof NESTED_COLUMNS)[number], string> = {
    userIdentity: 'lake_user_identity',
    requestParameters: fromRecord('requestParameters'),
    responseElements: fromRecord('responseElements'),
    additionalEventData: fromRecord('additionalEventData'),
    resources: 'lake_resources',
    tlsDetails: fromRecord('tlsDetails'),
  };
  const columns = [
    `${fromRecord('eventVersion')} AS eventVersion`,
    'event_source AS eventSource',
    'event_name AS eventName',
    `strftime('%Y-%m-%d %H:%M:%S', event_time_ms / 1000, 'unixepoch') || '.000' AS eventTime`,
    'event_category AS eventCategory',
    'region AS awsRegion',
    `${fromRecord('sourceIPAddress')} AS sourceIPAddress`,
    `${fromRecord('userAgent')} AS userAgent`,
    'error_code AS errorCode',
    `${fromRecord('errorMessage')} AS errorMessage`,
    `${fromRecord('requestID')} AS requestID`,
    'event_id AS eventID',
    'read_only AS readOnly',
    'recipient_account AS recipientAccountId',
    'shared_event_id AS sharedEventID',
    `CASE event_category WHEN 'Management' THEN 'true' ELSE 'false' END AS managementEvent`,
    `${fromRecord('eventType')} AS eventType`,
    `${fromRecord('apiVersion')} AS apiVersion`,
    `${fromRecord('vpcEndpointId')} AS vpcEndpointId`,
    ...NESTED_COLUMNS.map((name) => `${nested[name]} AS ${hiddenColumn(name)}`),
    'length(record) AS "__bytes"',
  ];
  const where = [
    `recipient_account IN (${accounts.map(quoteString).join(', ')})`,
    store.multi_region === 1 ? 'TRUE' : `region = ${quoteString(store.region)}`,
    `event_time_ms >= ${store.created_ms}`,
    `event_time_ms >= ${nowMs - store.retention_days * DAY_MS}`,
    `seq <= ${snapshotSeq}`,
    selectorsToSql(selectors),
  ];
  return `SELECT ${columns.join(', ')} FROM ct_events WHERE ${where.join(' AND ')}`;
}

function lakeValue(value: unknown): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    return String(value);
  }
  if (Buffer.isBuffer(value)) {
    return value.toString('utf8');
  }
  return String(value);
}

interface QueryOutcome {
  status: 'FINISHED' | 'FAILED';
  errorMessage?: string;
  columns: string[];
  rows: (string | null)[][];
  scanned: number;
  bytes: number;
  executionMs: number;
}

/** Runs a Lake statement for the caller; statement errors are thrown as InvalidQueryStatementException. */
export function runLakeQuery(
  db: Db,
  statement: string,
  scope: Scope,
): { storeId: string; storeArn: string; outcome: QueryOutcome } {
  registerLakeFunctions(db);
  const stores = db
    .prepare('SELECT * FROM ct_event_data_stores WHERE account_id = ?')
    .all(scope.accountId) as StoreRow[];
  const translation = translateLakeSql(statement, {
    storeIds: stores.map((s) => s.id),
    now: lakeTimestamp(scope.nowMs),
  });
  const used = translation.storeIds.map((id) => stores.find((s) => s.id === id));
  const snapshot = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS m FROM ct_events').get() as { m: number }).m;
  const ctes: string[] = [];
  for (const store of used) {
    if (store === undefined) {
      continue;
    }
    if (store.status === 'PENDING_DELETION') {
      throw new SandboxServiceError(
        'InactiveEventDataStoreException',
        `The event data store ${store.arn} is inactive.`,
      );
    }
    ctes.push(`${quoteIdent(store.id)} AS (${storeViewSql(store, scope.nowMs, snapshot)})`);
  }
  const first = used[0];
  if (first === undefined) {
    throw new SandboxServiceError(
      'InvalidQueryStatementException',
      'The query must name an event data store.',
    );
  }
  const sql = translation.hasWith
    ? translation.sql.replace(/^WITH /i, `WITH ${ctes.join(', ')}, `)
    : `WITH ${ctes.join(', ')} ${translation.sql}`;
  let prepared;
  try {
    prepared = db.prepare(sql);
  } catch (error) {
    throw new SandboxServiceError('InvalidQueryStatementException', sqliteMessage(error));
  }
  if (!prepared.reader) {
    throw new SandboxServiceError('InvalidQueryStatementException', 'Only SELECT statements are supported.');
  }
  const started = performance.now();
  let outcome: QueryOutcome;
  try {
    const columns = prepared.columns().map((c) => c.name);
    const rows = (prepared.raw(true).all() as unknown[][]).map((row) => row.map(lakeValue));
    const totals = used
      .filter((store) => store !== undefined)
      .map((store) => `SELECT count(*) AS n, COALESCE(SUM("__bytes"), 0) AS b FROM ${quoteIdent(store.id)}`)
      .join(' UNION ALL ');
    const stats = db
      .prepare(`WITH ${ctes.join(', ')} SELECT SUM(n) AS n, SUM(b) AS b FROM (${totals})`)
      .get() as {
      n: number;
      b: number;
    };
    outcome = {
      status: 'FINISHED',
      columns,
      rows,
      scanned: stats.n,
      bytes: stats.b,
      executionMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    outcome = {
      status: 'FAILED',
      errorMessage: sqliteMessage(error),
      columns: [],
      rows: [],
      scanned: 0,
      bytes: 0,
      executionMs: Math.round(performance.now() - started),
    };
  }
  return { storeId: first.id, storeArn: first.arn, outcome };
}

function sqliteMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Internal names are the sandbox's business; show the column the user wrote.
  return message.replaceAll('"__', '"').replace(/__(\w+)/g, '$1');
}

export function startQuery(
  db: Db,
  input: OperationInput,
  scope: Scope,
): { queryId: string; storeArn: string } {
  const statement = input.QueryStatement;
  if (typeof statement !== 'string' || statement.length < 1 || statement.length > 10000) {
    throw invalidParameter('QueryStatement is required and must be at most 10000 characters.');
  }
  const { storeId, storeArn, outcome } = runLakeQuery(db, statement, scope);
  const queryId = randomUUID();
  db.prepare(
    `INSERT INTO ct_queries (id, store_id, account_id, region, statement, status, error_message, columns, rows,
       events_scanned, events_matched, bytes_scanned, execution_ms, observations, created_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
  ).run(
    queryId,
    storeId,
    scope.accountId,
    scope.region,
    statement,
    outcome.status,
    outcome.errorMessage ?? null,
    JSON.stringify(outcome.columns),
    JSON.stringify(outcome.rows),
    outcome.scanned,
    outcome.rows.length,
    outcome.bytes,
    outcome.executionMs,
    scope.nowMs,
  );
  return { queryId, storeArn };
}

function findQuery(db: Db, input: OperationInput, scope: Scope): QueryRow {
  const id = input.QueryId;
  if (typeof id !== 'string' || id === '') {
    throw invalidParameter('QueryId is required.');
  }
  const row = db
    // Every column but the (possibly large) results, which parsedResults reads once when needed.
    .prepare(
      `SELECT id, store_id, account_id, region, statement, status, error_message, columns, NULL AS rows,
         events_scanned, events_matched, bytes_scanned, execution_ms, observations, created_ms
       FROM ct_queries WHERE id = ? AND account_id = ?`,
    )
    .get(id, scope.accountId) as QueryRow | undefined;
  if (row === undefined) {
    throw new SandboxServiceError('QueryIdNotFoundException', `The query ID ${id} does not exist.`);
  }
  if (input.EventDataStore !== undefined && input.EventDataStore !== null) {
    const store = findStore(db, input.EventDataStore, scope);
    if (store.id !== row.store_id) {
      throw new SandboxServiceError(
        'QueryIdNotFoundException',
        `The query ID ${id} does not exist for this store.`,
      );
    }
  }
  return row;
}

/** The status a client sees: RUNNING on the first look, the real outcome afterwards. */
function observe(db: Db, row: QueryRow): string {
  db.prepare('UPDATE ct_queries SET observations = observations + 1 WHERE id = ?').run(row.id);
  if (row.status === 'CANCELLED') {
    return row.status;
  }
  return row.observations === 0 ? 'RUNNING' : row.status;
}

function storeArnOf(db: Db, storeId: string): string {
  const row = db.prepare('SELECT arn FROM ct_event_data_stores WHERE id = ?').get(storeId) as
    { arn: string } | undefined;
  return row?.arn ?? '';
}

export function describeQuery(
  db: Db,
  input: OperationInput,
  scope: Scope,
): { output: Record<string, unknown>; storeArn: string } {
  const row = findQuery(db, input, scope);
  const status = observe(db, row);
  const done = status !== 'RUNNING';
  return {
    storeArn: storeArnOf(db, row.store_id),
    output: {
      QueryId: row.id,
      QueryString: row.statement,
      QueryStatus: status,
      QueryStatistics: {
        EventsMatched: done ? row.events_matched : 0,
        EventsScanned: done ? row.events_scanned : 0,
        BytesScanned: done ? row.bytes_scanned : 0,
        ExecutionTimeInMillis: done ? row.execution_ms : 0,
        CreationTime: new Date(row.created_ms),
      },
      ...(status === 'FAILED' && row.error_message !== null ? { ErrorMessage: row.error_message } : {}),
    },
  };
}

// Results are stored as one JSON text; paging through a large result would otherwise parse it
// again for every page (quadratic). The last few parsed results stay in memory.
const PARSED_RESULTS = new Map<string, { columns: string[]; rows: (string | null)[][] }>();
const PARSED_RESULTS_KEPT = 4;

function parsedResults(
  db: Db,
  row: { id: string; columns: string | null },
): {
  columns: string[];
  rows: (string | null)[][];
} {
  let parsed = PARSED_RESULTS.get(row.id);
  if (!parsed) {
    const stored = db.prepare('SELECT rows FROM ct_queries WHERE id = ?').get(row.id) as
      { rows: string | null } | undefined;
    parsed = {
      columns: JSON.parse(row.columns ?? '[]') as string[],
      rows: JSON.parse(stored?.rows ?? '[]') as (string | null)[][],
    };
    PARSED_RESULTS.set(row.id, parsed);
    for (const key of PARSED_RESULTS.keys()) {
      if (PARSED_RESULTS.size <= PARSED_RESULTS_KEPT) {
        break;
      }
      PARSED_RESULTS.delete(key);
    }
  }
  return parsed;
}

export function getQueryResults(
  db: Db,
  input: OperationInput,
  scope: Scope,
): { output: Record<string, unknown>; storeArn: string } {
  const row = findQuery(db, input, scope);
  const max = input.MaxQueryResults ?? 1000;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 1000) {
    throw new SandboxServiceError(
      'InvalidMaxResultsException',
      'MaxQueryResults must be between 1 and 1000.',
    );
  }
  const bound = { op: 'GetQueryResults', query: row.id };
  const offset = typeof input.NextToken === 'string' ? Number(decodeToken(input.NextToken, bound).o) : 0;
  const status = observe(db, row);
  const storeArn = storeArnOf(db, row.store_id);
  if (status !== 'FINISHED') {
    return {
      storeArn,
      output: {
        QueryStatus: status,
        QueryStatistics: { ResultsCount: 0, TotalResultsCount: 0, BytesScanned: 0 },
        QueryResultRows: [],
        ...(status === 'FAILED' && row.error_message !== null ? { ErrorMessage: row.error_message } : {}),
      },
    };
  }
  const { columns, rows } = parsedResults(db, row);
  const page = rows.slice(offset, offset + max);
  return {
    storeArn,
    output: {
      QueryStatus: status,
      QueryStatistics: {
        ResultsCount: page.length,
        TotalResultsCount: rows.length,
        BytesScanned: row.bytes_scanned,
      },
      QueryResultRows: page.map((values) =>
        // QueryResultValue is a string in the model: a NULL cell is an empty map, keeping positions.
        values.map((value, i) => (value === null ? {} : { [columns[i] ?? `_col${i}`]: value })),
      ),
      ...(offset + max < rows.length ? { NextToken: encodeToken(bound, { o: offset + max }) } : {}),
    },
  };
}

export function cancelQuery(
  db: Db,
  input: OperationInput,
  scope: Scope,
): { output: Record<string, unknown>; storeArn: string } {
  const row = findQuery(db, input, scope);
  // Queries finish inside StartQuery, so by the time anyone can cancel there is nothing left to stop.
  if (row.observations > 0 || row.status !== 'FINISHED') {
    throw new SandboxServiceError('InactiveQueryException', `The query ${row.id} is not running.`);
  }
  db.prepare("UPDATE ct_queries SET status = 'CANCELLED' WHERE id = ?").run(row.id);
  return { storeArn: storeArnOf(db, row.store_id), output: { QueryId: row.id, QueryStatus: 'CANCELLED' } };
}
