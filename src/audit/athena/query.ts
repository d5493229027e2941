/**
 * Running one Athena query: StartQueryExecution, GetQueryExecution polled with backoff until a
 * final state, GetQueryResults paged (1,000 rows a page) as rows of column name → value. Shared
 * by `audit setup` (DDL) and `audit --source athena`.
 */
import type { Clock } from '../../context.js';
import type { AthenaPort, CallOptions } from '../../aws/ports.js';
import { paginatePages } from '../../aws/paginate.js';
import { CancelledError, ServiceError } from '../../errors.js';

const FIRST_POLL_MS = 150;
// GetQueryExecution allows 100 calls/s: a poll a second at most keeps the overshoot under a second.
const MAX_POLL_MS = 1_000;
const MAX_WAIT_MS = 30 * 60_000;
export const RESULTS_PAGE = 1000;

export interface QueryRequest {
  sql: string;
  workgroup: string;
  database?: string;
  /** Sent when the workgroup has no output location of its own. */
  outputLocation?: string;
}

export interface QueryOutcome {
  queryId: string;
  dataScannedBytes: number | null;
  engineMs: number | null;
}

export interface QueryOptions {
  clock: Clock;
  signal?: AbortSignal;
  onStatus?: (state: string, elapsedMs: number) => void;
}

function callOptions(signal: AbortSignal | undefined): CallOptions {
  return signal ? { abortSignal: signal } : {};
}

/** Starts the query and waits for SUCCEEDED; FAILED or CANCELLED become a ServiceError. */
export async function runAthenaQuery(
  port: AthenaPort,
  request: QueryRequest,
  options: QueryOptions,
): Promise<QueryOutcome> {
  const call = callOptions(options.signal);
  const started = await port.startQueryExecution(
    {
      QueryString: request.sql,
      WorkGroup: request.workgroup,
      ...(request.database
        ? { QueryExecutionContext: { Database: request.database, Catalog: 'AwsDataCatalog' } }
        : {}),
      ...(request.outputLocation ? { ResultConfiguration: { OutputLocation: request.outputLocation } } : {}),
    },
    call,
  );
  const queryId = started.QueryExecutionId;
  if (!queryId) {
    throw new ServiceError('FSHARE_ATHENA_NO_QUERY_ID', 'Athena did not return a query execution ID.');
  }
  const t0 = options.clock.now().getTime();
  let delay = FIRST_POLL_MS;
  try {
    for (;;) {
      const { QueryExecution: execution } = await port.getQueryExecution({ QueryExecutionId: queryId }, call);
      const state = execution?.Status?.State ?? 'QUEUED';
      options.onStatus?.(state, options.clock.now().getTime() - t0);
      if (state === 'SUCCEEDED') {
        return {
          queryId,
          dataScannedBytes: execution?.Statistics?.DataScannedInBytes ?? null,
          engineMs: execution?.Statistics?.EngineExecutionTimeInMillis ?? null,
        };
      }
      if (state === 'FAILED' || state === 'CANCELLED') {
        const reason = execution?.Status?.AthenaError?.ErrorMessage ?? execution?.Status?.StateChangeReason;
        throw new ServiceError(
          'FSHARE_ATHENA_QUERY_FAILED',
          `The Athena query ${queryId} ${state.toLowerCase()}${reason ? `: ${reason}` : '.'}`,
          {
            hint: 'Run `fshare doctor` to check the trail, bucket and table; --debug shows the SQL.',
            details: { queryId, state },
          },
        );
      }
      if (options.clock.now().getTime() - t0 > MAX_WAIT_MS) {
        throw new ServiceError('FSHARE_ATHENA_QUERY_SLOW', `The Athena query ${queryId} is still ${state}.`, {
          hint: 'Narrow the window with --since/--until, or try again later.',
          details: { queryId, state },
        });
      }
      await options.clock.sleep(delay, options.signal);
      delay = Math.min(MAX_POLL_MS, Math.round(delay * 1.6));
    }
  } catch (error) {
    if (error instanceof CancelledError || options.signal?.aborted) {
      // Interrupted: the query must not go on scanning (and billing) after we leave.
      await port.stopQueryExecution({ QueryExecutionId: queryId }).catch(() => undefined);
    }
    throw error;
  }
}

/**
 * The result rows as objects keyed by column name. For a SELECT the first row of the first page
 * repeats the column names (Athena's header row); it is skipped.
 */
export async function* athenaRows(
  port: AthenaPort,
  queryId: string,
  signal?: AbortSignal,
): AsyncGenerator<Record<string, string | null>> {
  let columns: string[] | undefined;
  let first = true;
  for await (const page of paginatePages(
    port.getQueryResults,
    { QueryExecutionId: queryId, MaxResults: RESULTS_PAGE },
    { token: 'NextToken', call: callOptions(signal) },
  )) {
    const names = (columns ??= (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) =>
      (c.Name ?? '').toLowerCase(),
    ));
    const rows = page.ResultSet?.Rows ?? [];
    for (const [i, row] of rows.entries()) {
      const values = (row.Data ?? []).map((d) => d.VarCharValue ?? null);
      if (first && i === 0 && values.every((v, j) => (v ?? '').toLowerCase() === names[j])) {
        continue;
      }
      const out: Record<string, string | null> = {};
      names.forEach((name, j) => {
        out[name] = values[j] ?? null;
      });
      yield out;
    }
    first = false;
  }
}

/** Athena's price: $5 per TB scanned, each query rounded up to the MB with a 10 MB minimum. */
export function athenaCostUsd(bytes: number): number {
  const mb = Math.max(10, Math.ceil(bytes / 1_048_576));
  return (mb / 1_048_576) * 5;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit] ?? 'B'}`;
}
