/**
 * Query executions: StartQueryExecution stores a QUEUED query and the process runs it in the
 * background (QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED); a query whose process died is
 * picked up again by whoever asks for it. Results go to S3 as CSV; GetQueryResults pages them.
 */
import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { deliverDueLogs } from '../cloudtrail/trails/delivery.js';
import { getBucket, isAllowed, putObject } from '../s3/store.js';
import { sandboxNow } from '../store.js';
import type { Caller, Db, OperationInput } from '../types.js';
import { CatalogError, applyDdl, databaseExists, DEFAULT_DATABASE, type Scope } from './catalog.js';
import { parseDdl } from './ddl.js';
import { parseS3Url } from './partitions.js';
import { planQuery } from './plan.js';
import { columnInfo, outputName, renderValue, toCsv } from './results.js';
import { SqlSyntaxError } from './tokens.js';
import { ENGINE_VERSION, configOf, invalidRequest, requireWorkGroup } from './workgroups.js';

export interface QueryRow {
  id: string;
  account_id: string;
  region: string;
  workgroup: string;
  query: string;
  statement_type: string;
  database_name: string | null;
  catalog: string;
  output_location: string;
  client_token: string | null;
  request_hash: string;
  state: string;
  state_reason: string | null;
  error_type: number | null;
  owner_pid: number | null;
  submitted_ms: number;
  completed_ms: number | null;
  engine_ms: number;
  scanned_bytes: number;
  columns: string | null;
  caller_arn: string;
  caller_role: string;
}

const MAX_QUERY_BYTES = 262_144;
const DDL_START = /^\s*(CREATE|DROP|ALTER|MSCK|SHOW|DESCRIBE)\b/i;

export function findQuery(db: Db, scope: Scope, id: unknown): QueryRow {
  const row =
    typeof id === 'string'
      ? (db
          .prepare('SELECT * FROM athena_queries WHERE id = ? AND account_id = ? AND region = ?')
          .get(id, scope.accountId, scope.region) as QueryRow | undefined)
      : undefined;
  if (!row) {
    throw invalidRequest(`QueryExecution ${String(id)} was not found`);
  }
  return row;
}

function processAlive(pid: number | null): boolean {
  if (pid === null) {
    return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function startQueryExecution(
  db: Db,
  scope: Scope,
  caller: Caller,
  input: OperationInput,
  nowMs: number,
): string {
  const query = input.QueryString;
  if (typeof query !== 'string' || query.trim() === '' || Buffer.byteLength(query) > MAX_QUERY_BYTES) {
    throw invalidRequest('QueryString must be 1 to 262144 bytes.');
  }
  const token = input.ClientRequestToken;
  if (token !== undefined && (typeof token !== 'string' || token.length < 32 || token.length > 128)) {
    throw invalidRequest('ClientRequestToken must be 32 to 128 characters.');
  }
  const workgroup = requireWorkGroup(db, scope, input.WorkGroup);
  if (workgroup.state !== 'ENABLED') {
    throw invalidRequest(`WorkGroup ${workgroup.name} is disabled.`);
  }
  const config = configOf(workgroup);
  const requested = (input.ResultConfiguration as { OutputLocation?: unknown } | undefined)?.OutputLocation;
  const output =
    config.EnforceWorkGroupConfiguration === true && config.ResultConfiguration?.OutputLocation
      ? config.ResultConfiguration.OutputLocation
      : typeof requested === 'string' && requested !== ''
        ? requested
        : config.ResultConfiguration?.OutputLocation;
  if (output === undefined) {
    throw invalidRequest(
      'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.',
    );
  }
  const context = (input.QueryExecutionContext ?? {}) as { Database?: unknown; Catalog?: unknown };
  const database =
    typeof context.Database === 'string' && context.Database !== ''
      ? context.Database.toLowerCase()
      : DEFAULT_DATABASE;
  const catalog =
    typeof context.Catalog === 'string' && context.Catalog !== '' ? context.Catalog : 'AwsDataCatalog';
  const hash = createHash('sha256')
    .update(JSON.stringify([query, workgroup.name, output, database, catalog]))
    .digest('hex');
  if (typeof token === 'string') {
    const existing = db
      .prepare(
        'SELECT id, request_hash FROM athena_queries WHERE account_id = ? AND region = ? AND client_token = ?',
      )
      .get(scope.accountId, scope.region, token) as { id: string; request_hash: string } | undefined;
    if (existing) {
      if (existing.request_hash !== hash) {
        throw invalidRequest('Idempotent parameters do not match');
      }
      return existing.id;
    }
  }
  const id = randomUUID();
  db.prepare(
    `INSERT INTO athena_queries (id, account_id, region, workgroup, query, statement_type, database_name, catalog, output_location,
       client_token, request_hash, state, owner_pid, submitted_ms, caller_arn, caller_role)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'QUEUED', ?, ?, ?, ?)`,
  ).run(
    id,
    scope.accountId,
    scope.region,
    workgroup.name,
    query,
    DDL_START.test(query) ? 'DDL' : 'DML',
    database,
    catalog,
    output,
    typeof token === 'string' ? token : null,
    hash,
    process.pid,
    nowMs,
    caller.arn,
    caller.roleArn,
  );
  return id;
}

export function resultKey(row: QueryRow): { bucket: string; key: string } {
  const { bucket, prefix } = parseS3Url(row.output_location);
  const base = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  return { bucket, key: `${base}${row.id}.${row.statement_type === 'DDL' ? 'txt' : 'csv'}` };
}

function finish(db: Db, id: string, fields: Partial<QueryRow>): void {
  const sets = Object.keys(fields).map((k) => `${k} = @${k}`);
  db.prepare(`UPDATE athena_queries SET ${sets.join(', ')} WHERE id = @id AND state = 'RUNNING'`).run({
    ...fields,
    id,
  });
}

function writeResult(
  db: Db,
  row: QueryRow,
  caller: Pick<Caller, 'accountId' | 'roleArn' | 'arn'>,
  body: string,
  metadata: unknown,
): void {
  const { bucket: bucketName, key } = resultKey(row);
  const bucket = getBucket(db, bucketName);
  const principal = { kind: 'aws' as const, ...caller };
  if (!bucket) {
    throw new CatalogError(`Unable to verify/create output bucket ${bucketName}`, 4);
  }
  if (
    !isAllowed({ bucket, action: 's3:PutObject', resource: `arn:aws:s3:::${bucketName}/${key}`, principal })
  ) {
    throw new CatalogError(`Access denied when writing output to url: s3://${bucketName}/${key}`, 4);
  }
  const nowMs = sandboxNow(db).getTime();
  putObject(db, {
    bucket: bucketName,
    key,
    body: Buffer.from(body),
    contentType: 'text/csv',
    ownerAccount: caller.accountId,
    nowMs,
  });
  putObject(db, {
    bucket: bucketName,
    key: `${key}.metadata`,
    body: Buffer.from(JSON.stringify(metadata)),
    contentType: 'application/octet-stream',
    ownerAccount: caller.accountId,
    nowMs,
  });
}

const running = new Set<string>();

/** Runs a QUEUED query in this process (no-op if another process or task already has it). */
export async function runQuery(db: Db, id: string): Promise<void> {
  if (running.has(id)) {
    return;
  }
  const claimed = db
    .prepare("UPDATE athena_queries SET state = 'RUNNING', owner_pid = ? WHERE id = ? AND state = 'QUEUED'")
    .run(process.pid, id);
  if (claimed.changes === 0) {
    return;
  }
  running.add(id);
  const started = performance.now();
  const row = db.prepare('SELECT * FROM athena_queries WHERE id = ?').get(id) as QueryRow;
  const scope = { accountId: row.account_id, region: row.region };
  const caller = { accountId: row.account_id, roleArn: row.caller_role, arn: row.caller_arn } as Caller;
  try {
    const now = sandboxNow(db);
    deliverDueLogs(db, now);
    const ddl = parseDdl(row.query);
    const database = row.database_name ?? DEFAULT_DATABASE;
    if (row.statement_type === 'DDL' && ddl === undefined) {
      throw new SqlSyntaxError(
        `line 1:1: The sandbox does not run this statement: ${row.query.trim().split(/\s+/).slice(0, 2).join(' ')}`,
      );
    }
    if (ddl) {
      if (!databaseExists(db, scope, database) && ddl.kind !== 'createDatabase') {
        throw new CatalogError(`SCHEMA_NOT_FOUND: line 1:1: Schema '${database}' does not exist`);
      }
      db.transaction(() => {
        applyDdl(db, scope, ddl, database, now.getTime());
        writeResult(db, row, caller, '', { columns: [] });
      }).immediate();
      finish(db, id, {
        state: 'SUCCEEDED',
        completed_ms: sandboxNow(db).getTime(),
        engine_ms: Math.round(performance.now() - started),
        columns: '[]',
      });
      return;
    }
    if (!databaseExists(db, scope, database)) {
      throw new CatalogError(`SCHEMA_NOT_FOUND: line 1:1: Schema '${database}' does not exist`);
    }
    const plan = await planQuery(db, scope, caller, row.query, database, now.getTime());
    const { runEngineQuery } = await import('../engine/duckdb.js');
    const result = await runEngineQuery(plan.sql);
    const names = result.columns.map((c, i) => outputName(c.name, i));
    const rendered = result.rows.map((r) =>
      r.map((v, i) => renderValue(v, result.columns[i]?.type ?? 'VARCHAR')),
    );
    const columns = columnInfo(result.columns);
    db.transaction(() => writeResult(db, row, caller, toCsv(names, rendered), { columns })).immediate();
    finish(db, id, {
      state: 'SUCCEEDED',
      completed_ms: sandboxNow(db).getTime(),
      engine_ms: Math.round(performance.now() - started),
      scanned_bytes: plan.files.reduce((n, f) => n + f.size, 0),
      columns: JSON.stringify(columns),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason =
      error instanceof SqlSyntaxError || error instanceof CatalogError ? message : engineMessage(message);
    finish(db, id, {
      state: 'FAILED',
      state_reason: reason,
      error_type: error instanceof CatalogError ? error.errorType : 1301,
      completed_ms: sandboxNow(db).getTime(),
      engine_ms: Math.round(performance.now() - started),
    });
  } finally {
    running.delete(id);
  }
}

/** DuckDB's messages in Athena's words where the meaning is the same. */
function engineMessage(message: string): string {
  const column = /Referenced column "([^"]+)" not found/.exec(message);
  if (column) {
    return `COLUMN_NOT_FOUND: line 1:1: Column '${column[1]}' cannot be resolved or requester is not authorized to access requested resources`;
  }
  const fn = /Scalar Function with name ([\w]+) does not exist/.exec(message);
  if (fn) {
    return `FUNCTION_NOT_FOUND: line 1:1: Function '${fn[1]}' not registered`;
  }
  const table = /Table with name ([\w]+) does not exist/.exec(message);
  if (table) {
    return `TABLE_NOT_FOUND: line 1:1: Table '${table[1]}' does not exist`;
  }
  if (message.startsWith('Parser Error')) {
    return `line 1:1: ${message.replace(/^Parser Error:\s*/, '')}`;
  }
  return message.replace(/^\w+ Error:\s*/, 'GENERIC_INTERNAL_ERROR: ');
}

export function scheduleQuery(db: Db, id: string): void {
  setImmediate(() => {
    // A store closed under a running query (a process shutting down) leaves it to be adopted later.
    runQuery(db, id).catch(() => undefined);
  });
}

/** A query stuck QUEUED/RUNNING under a dead process is taken over by this one. */
export function adopt(db: Db, row: QueryRow): void {
  if (
    (row.state === 'QUEUED' || row.state === 'RUNNING') &&
    row.owner_pid !== process.pid &&
    !processAlive(row.owner_pid)
  ) {
    db.prepare("UPDATE athena_queries SET state = 'QUEUED', owner_pid = ? WHERE id = ?").run(
      process.pid,
      row.id,
    );
    scheduleQuery(db, row.id);
  } else if (row.state === 'QUEUED' && row.owner_pid === process.pid && !running.has(row.id)) {
    scheduleQuery(db, row.id);
  }
}

export function getQueryExecution(db: Db, scope: Scope, input: OperationInput): Record<string, unknown> {
  const row = findQuery(db, scope, input.QueryExecutionId);
  adopt(db, row);
  const { bucket, key } = resultKey(row);
  const done = row.completed_ms !== null;
  const total = done ? Math.max(row.engine_ms, (row.completed_ms ?? 0) - row.submitted_ms) : 0;
  return {
    QueryExecution: {
      QueryExecutionId: row.id,
      Query: row.query,
      StatementType: row.statement_type,
      ResultConfiguration: { OutputLocation: `s3://${bucket}/${key}` },
      ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: false } },
      QueryExecutionContext: {
        ...(row.database_name ? { Database: row.database_name } : {}),
        Catalog: row.catalog.toLowerCase(),
      },
      Status: {
        State: row.state,
        ...(row.state_reason ? { StateChangeReason: row.state_reason } : {}),
        SubmissionDateTime: new Date(row.submitted_ms),
        ...(done ? { CompletionDateTime: new Date(row.completed_ms ?? 0) } : {}),
        ...(row.state === 'FAILED'
          ? {
              AthenaError: {
                ErrorCategory: row.error_type === 4 ? 2 : 2,
                ErrorType: row.error_type ?? 1301,
                Retryable: false,
                ErrorMessage: row.state_reason ?? '',
              },
            }
          : {}),
      },
      Statistics: {
        EngineExecutionTimeInMillis: row.engine_ms,
        DataScannedInBytes: row.scanned_bytes,
        TotalExecutionTimeInMillis: total,
        QueryQueueTimeInMillis: 0,
        ServicePreProcessingTimeInMillis: 0,
        QueryPlanningTimeInMillis: 0,
        ServiceProcessingTimeInMillis: 0,
        ResultReuseInformation: { ReusedPreviousResult: false },
      },
      WorkGroup: row.workgroup,
      EngineVersion: ENGINE_VERSION,
      SubstatementType: row.statement_type === 'DDL' ? 'CREATE_TABLE' : 'SELECT',
    },
  };
}
