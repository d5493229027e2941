/**
 * Reading query executions back: GetQueryResults pages the CSV result file in S3 (the header row is
 * its first line, so page one starts with it, as Athena's does); Stop and ListQueryExecutions.
 */
import { getBucket, getObject as findObject, isAllowed, readObject } from '../s3/store.js';
import { principalOf } from '../s3/call.js';
import type { Caller, Db, OperationInput } from '../types.js';
import type { Scope } from './catalog.js';
import { adopt, findQuery, resultKey } from './queries.js';
import { parseCsv, type ColumnInfo } from './results.js';
import { invalidRequest, requireWorkGroup } from './workgroups.js';

const resultCache = new Map<string, (string | undefined)[][]>();

export function getQueryResults(
  db: Db,
  scope: Scope,
  caller: Caller,
  input: OperationInput,
): Record<string, unknown> {
  const row = findQuery(db, scope, input.QueryExecutionId);
  adopt(db, row);
  if (row.state !== 'SUCCEEDED') {
    throw invalidRequest(
      row.state === 'QUEUED' || row.state === 'RUNNING'
        ? `Query has not yet finished. Current state: ${row.state}`
        : `Query did not finish successfully. Final query state: ${row.state}${row.state_reason ? `\n${row.state_reason}` : ''}`,
    );
  }
  const max = input.MaxResults ?? 1000;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 1000) {
    throw invalidRequest('MaxResults must be between 1 and 1000.');
  }
  let offset = 0;
  if (input.NextToken !== undefined) {
    const decoded =
      typeof input.NextToken === 'string'
        ? /^([0-9a-f-]{36}):(\d+)$/.exec(Buffer.from(input.NextToken, 'base64url').toString())
        : null;
    if (!decoded || decoded[1] !== row.id) {
      throw invalidRequest('The NextToken is invalid.');
    }
    offset = Number(decoded[2]);
  }
  const columns = JSON.parse(row.columns ?? '[]') as ColumnInfo[];
  if (row.statement_type === 'DDL') {
    return { UpdateCount: 0, ResultSet: { Rows: [], ResultSetMetadata: { ColumnInfo: columns } } };
  }
  const { bucket: bucketName, key } = resultKey(row);
  const bucket = getBucket(db, bucketName);
  const object = bucket ? findObject(db, bucketName, key) : undefined;
  const principal = principalOf(caller);
  if (
    !bucket ||
    !object ||
    !isAllowed({ bucket, action: 's3:GetObject', resource: `arn:aws:s3:::${bucketName}/${key}`, principal })
  ) {
    throw invalidRequest(
      `Unable to read query results from s3://${bucketName}/${key}: Access Denied or no such object.`,
    );
  }
  let rows = resultCache.get(row.id);
  if (rows === undefined) {
    rows = parseCsv(readObject(object).toString('utf8'));
    resultCache.clear();
    resultCache.set(row.id, rows);
  }
  // The header row is the CSV's first line: page one starts with it (Athena's behaviour).
  const page = rows.slice(offset, offset + max);
  const next =
    offset + max < rows.length ? Buffer.from(`${row.id}:${offset + max}`).toString('base64url') : undefined;
  return {
    UpdateCount: 0,
    ResultSet: {
      Rows: page.map((values) => ({ Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })) })),
      ResultSetMetadata: { ColumnInfo: columns },
    },
    ...(next === undefined ? {} : { NextToken: next }),
  };
}

export function stopQueryExecution(db: Db, scope: Scope, input: OperationInput, nowMs: number): void {
  const row = findQuery(db, scope, input.QueryExecutionId);
  if (row.state === 'QUEUED' || row.state === 'RUNNING') {
    db.prepare(
      "UPDATE athena_queries SET state = 'CANCELLED', completed_ms = ?, state_reason = 'Query cancelled by user' WHERE id = ?",
    ).run(nowMs, row.id);
  }
}

export function listQueryExecutions(db: Db, scope: Scope, input: OperationInput): Record<string, unknown> {
  const workgroup = requireWorkGroup(db, scope, input.WorkGroup);
  const max = input.MaxResults ?? 50;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 0 || max > 50) {
    throw invalidRequest('MaxResults must be between 0 and 50.');
  }
  const offset =
    typeof input.NextToken === 'string' ? Number(Buffer.from(input.NextToken, 'base64url').toString()) : 0;
  if (!Number.isInteger(offset) || offset < 0) {
    throw invalidRequest('The NextToken is invalid.');
  }
  const ids = db
    .prepare(
      'SELECT id FROM athena_queries WHERE account_id = ? AND region = ? AND workgroup = ? ORDER BY submitted_ms DESC, id LIMIT ? OFFSET ?',
    )
    .all(scope.accountId, scope.region, workgroup.name, max + 1, offset) as { id: string }[];
  return {
    QueryExecutionIds: ids.slice(0, max).map((r) => r.id),
    ...(ids.length > max ? { NextToken: Buffer.from(String(offset + max)).toString('base64url') } : {}),
  };
}
