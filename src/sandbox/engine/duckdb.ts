/**
 * The sandbox's analytical engine: one embedded DuckDB per process, loaded only when a query
 * runs (it is heavy). It reads gzipped JSON in place and runs vectorised, on every core.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export interface EngineColumn {
  name: string;
  /** DuckDB's type text, e.g. VARCHAR, BIGINT, STRUCT("a" VARCHAR), VARCHAR[]. */
  type: string;
}

export interface EngineResult {
  columns: EngineColumn[];
  /** JSON-friendly values: strings, numbers, booleans, null, arrays, objects ({key,value}[] for maps). */
  rows: unknown[][];
}

let instance: Promise<{ db: DuckDBInstance; connection: DuckDBConnection }> | undefined;

/** Trino functions DuckDB spells differently, as macros: queries keep Athena's names. */
const TRINO_MACROS = [
  'CREATE MACRO json_extract_scalar(j, p) AS json_extract_string(j, p)',
  'CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
  'CREATE MACRO from_iso8601_date(s) AS CAST(s AS DATE)',
  "CREATE MACRO to_iso8601(t) AS strftime(CAST(t AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%gZ')",
  'CREATE MACRO from_unixtime(x) AS to_timestamp(x)',
  'CREATE MACRO to_unixtime(t) AS epoch(t)',
  'CREATE MACRO approx_distinct(x) AS approx_count_distinct(x)',
  'CREATE MACRO cardinality(x) AS len(x)',
  'CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
  'CREATE MACRO json_parse(s) AS CAST(s AS JSON)',
  'CREATE MACRO json_format(j) AS CAST(j AS VARCHAR)',
];

async function open(): Promise<{ db: DuckDBInstance; connection: DuckDBConnection }> {
  const { DuckDBInstance: Instance } = await import('@duckdb/node-api');
  const db = await Instance.create(':memory:');
  const connection = await db.connect();
  for (const macro of TRINO_MACROS) {
    await connection.run(macro);
  }
  return { db, connection };
}

/**
 * Runs one statement. Each lane has its own connection and runs one statement at a time: queries
 * on `query`, background work (columnar copies) on `background`, so it never holds a query up.
 */
const lanes = new Map<string, { connection: Promise<DuckDBConnection>; queue: Promise<unknown> }>();

export function runEngineQuery(sql: string, lane: 'query' | 'background' = 'query'): Promise<EngineResult> {
  let entry = lanes.get(lane);
  if (entry === undefined) {
    instance ??= open();
    const opened = instance;
    entry = {
      connection: lane === 'query' ? opened.then((i) => i.connection) : opened.then((i) => i.db.connect()),
      queue: Promise.resolve(),
    };
    lanes.set(lane, entry);
  }
  const current = entry;
  const run = async (): Promise<EngineResult> => {
    const connection = await current.connection;
    const reader = await connection.runAndReadAll(sql);
    const names = reader.columnNames();
    const types = reader.columnTypes().map(String);
    return {
      columns: names.map((name, i) => ({ name, type: types[i] ?? 'VARCHAR' })),
      rows: reader.getRowsJson() as unknown[][],
    };
  };
  const next = current.queue.then(run, run);
  current.queue = next.catch(() => undefined);
  return next;
}

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
