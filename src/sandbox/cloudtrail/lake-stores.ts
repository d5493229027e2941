/**
 * CloudTrail Lake's event data stores: create, describe, list, delete, and the SQLite view that
 * gives a store its events at query time (a store holds no copy of them; see lake.ts).
 */
import { randomUUID } from 'node:crypto';
import { ORGANIZATION, SANDBOX_ACCOUNTS, isInOrganization } from '../core/principals.js';
import type { Db, OperationInput } from '../types.js';
import { SandboxServiceError } from '../types.js';
import { selectorsToSql, validateSelectors, type AdvancedEventSelector } from './lake-selectors.js';
import { quoteString } from './lake-sql-tokens.js';
import { NESTED_COLUMNS, hiddenColumn } from './lake-sql-vocabulary.js';
import { decodeToken, encodeToken } from './tokens.js';

export interface Scope {
  accountId: string;
  region: string;
  /** The sandbox clock, epoch ms. */
  nowMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_RETENTION_DAYS = 2557;

export interface StoreRow {
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

export function invalidParameter(message: string): SandboxServiceError {
  return new SandboxServiceError('InvalidParameterException', message);
}

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
