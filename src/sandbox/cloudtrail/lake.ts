/**
 * CloudTrail Lake: event data stores and queries. A store holds no copy of events: at query time
 * its events are the rows of `ct_events` delivered to its account (its organization's accounts
 * when OrganizationEnabled), in its region (any region when MultiRegionEnabled), no older than its
 * creation and retention, that its advanced event selectors match. Queries run synchronously at
 * StartQuery; the first DescribeQuery/GetQueryResults reports RUNNING so that clients exercise the
 * polling they need on AWS, later ones report the final status. This file holds the queries; the
 * stores are lake-stores.ts, their selectors lake-selectors.ts.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Db, OperationInput } from '../types.js';
import { SandboxServiceError } from '../types.js';
import { registerLakeFunctions, lakeTimestamp } from './lake-functions.js';
import { translateLakeSql } from './lake-sql.js';
import { quoteIdent } from './lake-sql-tokens.js';
import { findStore, invalidParameter, storeViewSql, type Scope, type StoreRow } from './lake-stores.js';
import { decodeToken, encodeToken } from './tokens.js';

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
