/**
 * From an Athena query to the DuckDB statement that answers it: each catalog table becomes a CTE
 * reading its files (pruned by the partition predicates, only the columns the query names), typed
 * as the DDL says. Also returns what the engine will read, for DataScannedInBytes.
 */
import { isAllowed, getBucket } from '../s3/store.js';
import { principalOf } from '../s3/call.js';
import type { Caller, Db } from '../types.js';
import { CatalogError, getTable, type Scope, type TableDefinition } from './catalog.js';
import { withSandboxClock } from './clock.js';
import { columnarFiles, columnarFits } from './columnar.js';
import { duckTypeOf, jsonKeyOf, parseHiveType } from './hive-types.js';
import { tableFiles, type TableFile } from './partitions.js';
import { sqlString, runEngineQuery } from '../engine/duckdb.js';
import {
  assertSafeQuery,
  mentionedIdentifiers,
  partitionPredicate,
  rewriteUnnestJoins,
  selectsStar,
  tableReferences,
  tokenize,
  topLevelConjuncts,
  withTableCtes,
} from './translate.js';

export interface PlannedQuery {
  sql: string;
  files: TableFile[];
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function isCloudTrailFormat(table: TableDefinition): boolean {
  return /cloudtrail/i.test(`${table.inputFormat ?? ''} ${table.serde ?? ''}`);
}

function partitionJoin(
  paths: readonly string[],
  files: readonly TableFile[],
  keys: readonly string[],
): string {
  if (keys.length === 0) {
    return '';
  }
  const rows = files.map(
    (f, i) =>
      `(${[sqlString(paths[i] ?? ''), ...keys.map((k) => sqlString(f.partition[k] ?? ''))].join(', ')})`,
  );
  return ` JOIN (VALUES ${rows.join(', ')}) AS p(filename, ${keys.map(quote).join(', ')}) USING (filename)`;
}

/**
 * The CTE body over `files`: the needed columns, typed as declared, plus the files' partition
 * values. A file with a columnar copy (`columnar[i]`) is read from it, the others as JSON.
 */
function tableSql(
  table: TableDefinition,
  needed: Set<string> | 'all',
  files: readonly TableFile[],
  columnar: readonly (string | undefined)[],
): string {
  const picked = table.columns.filter((c) => needed === 'all' || needed.has(c.name));
  // Rows still have to be read to be counted: with no column named, read the cheapest one.
  const columns = picked.length === 0 ? table.columns.slice(0, 1) : picked;
  const keys = table.partitionKeys.map((k) => k.name);
  const typed = columns.map((c) => ({ name: c.name, duck: duckTypeOf(parseHiveType(c.type), c.name) }));
  if (files.length === 0) {
    const nulls = [
      ...typed.map((c) => `CAST(NULL AS ${c.duck}) AS ${quote(c.name)}`),
      ...keys.map((k) => `CAST(NULL AS VARCHAR) AS ${quote(k)}`),
    ];
    return `SELECT ${nulls.length === 0 ? '1 AS "_"' : nulls.join(', ')} WHERE FALSE`;
  }
  const partitionColumns = keys.map((k) => `p.${quote(k)} AS ${quote(k)}`);
  const withFilename = keys.length === 0 ? '' : ', filename=true';
  const parts: string[] = [];
  const parquetFiles = files.filter((_f, i) => columnar[i] !== undefined);
  if (parquetFiles.length > 0) {
    const paths = columnar.filter((c): c is string => c !== undefined);
    // Cast to the declared types: a declared struct may hold fewer fields than the copy's.
    const select = [
      ...typed.map((c) => `CAST(src.${quote(c.name)} AS ${c.duck}) AS ${quote(c.name)}`),
      ...partitionColumns,
    ];
    parts.push(
      `SELECT ${select.join(', ')} FROM read_parquet([${paths.map(sqlString).join(', ')}]${withFilename}) AS src${partitionJoin(paths, parquetFiles, keys)}`,
    );
  }
  const jsonFiles = files.filter((_f, i) => columnar[i] === undefined);
  if (jsonFiles.length > 0) {
    const paths = jsonFiles.map((f) => f.file);
    const list = `[${paths.map(sqlString).join(', ')}]`;
    if (isCloudTrailFormat(table)) {
      const struct = `STRUCT(${typed.map((c) => `${quote(jsonKeyOf(c.name))} ${c.duck}`).join(', ')})[]`;
      const select = [
        ...typed.map((c) => `r.${quote(jsonKeyOf(c.name))} AS ${quote(c.name)}`),
        ...partitionColumns,
      ];
      parts.push(
        `SELECT ${select.join(', ')} FROM (SELECT unnest("Records") AS r${keys.length === 0 ? '' : ', filename'} FROM read_json(${list}, columns={'Records': ${sqlString(struct)}}, format='auto'${withFilename}, maximum_object_size=1073741824)) AS src${partitionJoin(paths, jsonFiles, keys)}`,
      );
    } else {
      const spec = typed.map((c) => `${sqlString(jsonKeyOf(c.name))}: ${sqlString(c.duck)}`).join(', ');
      const select = [
        ...typed.map((c) => `src.${quote(jsonKeyOf(c.name))} AS ${quote(c.name)}`),
        ...partitionColumns,
      ];
      parts.push(
        `SELECT ${select.join(', ')} FROM read_json(${list}, columns={${spec}}, format='newline_delimited'${withFilename}) AS src${partitionJoin(paths, jsonFiles, keys)}`,
      );
    }
  }
  return parts.join(' UNION ALL ');
}

/** Files whose partition values pass the query's partition-only conjuncts (evaluated by the engine). */
async function pruneFiles(files: TableFile[], keys: string[], predicates: string[]): Promise<TableFile[]> {
  if (predicates.length === 0 || files.length === 0) {
    return files;
  }
  const values = files
    .map((f, i) => `(${[String(i), ...keys.map((k) => sqlString(f.partition[k] ?? ''))].join(', ')})`)
    .join(', ');
  const sql = `SELECT i FROM (VALUES ${values}) AS p(i, ${keys.map(quote).join(', ')}) WHERE ${predicates.map((p) => `(${p})`).join(' AND ')}`;
  const result = await runEngineQuery(sql);
  const kept = new Set(result.rows.map((row) => Number(row[0])));
  return files.filter((_f, i) => kept.has(i));
}

export async function planQuery(
  db: Db,
  scope: Scope,
  caller: Caller,
  query: string,
  database: string,
  nowMs: number,
): Promise<PlannedQuery> {
  const tokens = withSandboxClock(tokenize(query), nowMs);
  assertSafeQuery(tokens);
  const refs = tableReferences(tokens);
  const mentioned = mentionedIdentifiers(tokens);
  const star = selectsStar(tokens);
  const ctes = new Map<string, string>();
  const scanned: TableFile[] = [];
  const seen = new Map<string, number>();
  for (const ref of refs) {
    seen.set(ref.name, (seen.get(ref.name) ?? 0) + 1);
  }
  for (const ref of refs) {
    if (ctes.has(ref.name)) {
      continue;
    }
    const dbName = ref.database ?? database;
    const table = getTable(db, scope, dbName, ref.name);
    if (!table) {
      if (ref.database !== undefined || !/\bWITH\b/i.test(query)) {
        throw new CatalogError(
          `TABLE_NOT_FOUND: line 1:1: Table 'awsdatacatalog.${dbName}.${ref.name}' does not exist`,
          1301,
        );
      }
      continue;
    }
    let files = tableFiles(db, scope, table, nowMs);
    const keys = table.partitionKeys.map((k) => k.name);
    if (keys.length > 0 && seen.get(ref.name) === 1) {
      const predicates = topLevelConjuncts(tokens)
        .map((c) => partitionPredicate(c, new Set(keys)))
        .filter((p): p is string => p !== undefined);
      files = await pruneFiles(files, keys, predicates);
    }
    const principal = principalOf(caller);
    for (const file of files) {
      const bucket = getBucket(db, file.bucket);
      if (
        !bucket ||
        !isAllowed({
          bucket,
          action: 's3:GetObject',
          resource: `arn:aws:s3:::${file.bucket}/${file.key}`,
          principal,
        })
      ) {
        throw new CatalogError(`Permission denied on S3 path: s3://${file.bucket}/${file.key}`, 4);
      }
    }
    const needed = star ? 'all' : new Set(table.columns.map((c) => c.name).filter((n) => mentioned.has(n)));
    const read = table.columns.filter((c) => needed === 'all' || needed.has(c.name));
    let columnar: (string | undefined)[] = files.map(() => undefined);
    if (
      isCloudTrailFormat(table) &&
      files.length > 0 &&
      columnarFits(read.length === 0 ? table.columns.slice(0, 1) : read)
    ) {
      columnar = columnarFiles(db, files);
    }
    ctes.set(ref.name, tableSql(table, needed, files, columnar));
    scanned.push(...files);
  }
  return { sql: rewriteUnnestJoins(withTableCtes(tokens, refs, ctes)), files: scanned };
}
