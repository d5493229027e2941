/**
 * The Glue Data Catalog as Athena's DDL leaves it: databases (`default` always exists), external
 * tables with their columns, partition keys, location and TBLPROPERTIES, and manually added
 * partitions. DROP removes metadata only, never data (Athena's rule for external tables).
 */
import type { Db } from '../types.js';
import type { ColumnDefinition, DdlStatement } from './ddl.js';

export interface Scope {
  accountId: string;
  region: string;
}

export interface TableDefinition {
  name: string;
  database: string;
  columns: ColumnDefinition[];
  partitionKeys: ColumnDefinition[];
  location?: string;
  serde?: string;
  inputFormat?: string;
  outputFormat?: string;
  properties: Record<string, string>;
  createdMs: number;
}

export class CatalogError extends Error {
  constructor(
    message: string,
    /** Athena's error type for the failed query's AthenaError. */
    readonly errorType = 1301,
  ) {
    super(message);
  }
}

export const DEFAULT_DATABASE = 'default';

export function databaseExists(db: Db, scope: Scope, name: string): boolean {
  return (
    name === DEFAULT_DATABASE ||
    db
      .prepare('SELECT 1 FROM glue_databases WHERE account_id = ? AND region = ? AND name = ?')
      .get(scope.accountId, scope.region, name) !== undefined
  );
}

export function listDatabases(db: Db, scope: Scope): { name: string; description: string | null }[] {
  const rows = db
    .prepare('SELECT name, description FROM glue_databases WHERE account_id = ? AND region = ? ORDER BY name')
    .all(scope.accountId, scope.region) as { name: string; description: string | null }[];
  return [
    { name: DEFAULT_DATABASE, description: 'Default Hive database' },
    ...rows.filter((r) => r.name !== DEFAULT_DATABASE),
  ];
}

export function getTable(db: Db, scope: Scope, database: string, name: string): TableDefinition | undefined {
  const row = db
    .prepare(
      'SELECT definition FROM glue_tables WHERE account_id = ? AND region = ? AND database_name = ? AND name = ?',
    )
    .get(scope.accountId, scope.region, database, name) as { definition: string } | undefined;
  return row === undefined ? undefined : (JSON.parse(row.definition) as TableDefinition);
}

export function listTables(db: Db, scope: Scope, database: string): TableDefinition[] {
  const rows = db
    .prepare(
      'SELECT definition FROM glue_tables WHERE account_id = ? AND region = ? AND database_name = ? ORDER BY name',
    )
    .all(scope.accountId, scope.region, database) as { definition: string }[];
  return rows.map((r) => JSON.parse(r.definition) as TableDefinition);
}

export function listPartitions(
  db: Db,
  scope: Scope,
  table: TableDefinition,
): { values: Record<string, string>; location: string }[] {
  const rows = db
    .prepare(
      'SELECT partition_values, location FROM glue_partitions WHERE account_id = ? AND region = ? AND database_name = ? AND table_name = ?',
    )
    .all(scope.accountId, scope.region, table.database, table.name) as {
    partition_values: string;
    location: string;
  }[];
  return rows.map((r) => ({
    values: JSON.parse(r.partition_values) as Record<string, string>,
    location: r.location,
  }));
}

/** Applies one DDL statement; the current database is the query's context. */
export function applyDdl(
  db: Db,
  scope: Scope,
  statement: DdlStatement,
  currentDatabase: string,
  nowMs: number,
): void {
  const ids = [scope.accountId, scope.region];
  switch (statement.kind) {
    case 'createDatabase': {
      if (databaseExists(db, scope, statement.name)) {
        if (statement.ifNotExists) {
          return;
        }
        throw new CatalogError(
          `FAILED: SemanticException [Error 10072]: Database ${statement.name} already exists`,
        );
      }
      db.prepare(
        'INSERT INTO glue_databases (account_id, region, name, description) VALUES (?, ?, ?, ?)',
      ).run(...ids, statement.name, statement.comment ?? null);
      return;
    }
    case 'dropDatabase': {
      if (!databaseExists(db, scope, statement.name) || statement.name === DEFAULT_DATABASE) {
        if (statement.ifExists) {
          return;
        }
        throw new CatalogError(
          `FAILED: SemanticException [Error 10072]: Database does not exist: ${statement.name}`,
        );
      }
      if (listTables(db, scope, statement.name).length > 0 && !statement.cascade) {
        throw new CatalogError(
          `FAILED: InvalidOperationException(message:Database ${statement.name} is not empty. One or more tables exist.)`,
        );
      }
      db.prepare('DELETE FROM glue_tables WHERE account_id = ? AND region = ? AND database_name = ?').run(
        ...ids,
        statement.name,
      );
      db.prepare('DELETE FROM glue_partitions WHERE account_id = ? AND region = ? AND database_name = ?').run(
        ...ids,
        statement.name,
      );
      db.prepare('DELETE FROM glue_databases WHERE account_id = ? AND region = ? AND name = ?').run(
        ...ids,
        statement.name,
      );
      return;
    }
    case 'createTable': {
      const database = statement.database ?? currentDatabase;
      if (!databaseExists(db, scope, database)) {
        throw new CatalogError(
          `FAILED: SemanticException [Error 10072]: Database does not exist: ${database}`,
        );
      }
      if (!statement.external) {
        throw new CatalogError('Only external table creation is supported. Use CREATE EXTERNAL TABLE.', 1301);
      }
      if (statement.location === undefined || !statement.location.startsWith('s3://')) {
        throw new CatalogError('FAILED: An external table needs a LOCATION of the form s3://bucket/path/.');
      }
      if (getTable(db, scope, database, statement.name)) {
        if (statement.ifNotExists) {
          return;
        }
        throw new CatalogError(
          `FAILED: AlreadyExistsException(message:Table ${statement.name} already exists)`,
        );
      }
      const definition: TableDefinition = {
        name: statement.name,
        database,
        columns: statement.columns,
        partitionKeys: statement.partitionKeys,
        location: statement.location,
        ...(statement.serde === undefined ? {} : { serde: statement.serde }),
        ...(statement.inputFormat === undefined ? {} : { inputFormat: statement.inputFormat }),
        ...(statement.outputFormat === undefined ? {} : { outputFormat: statement.outputFormat }),
        properties: statement.properties,
        createdMs: nowMs,
      };
      db.prepare(
        'INSERT INTO glue_tables (account_id, region, database_name, name, definition, created_ms) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(...ids, database, statement.name, JSON.stringify(definition), nowMs);
      return;
    }
    case 'dropTable': {
      const database = statement.database ?? currentDatabase;
      if (!getTable(db, scope, database, statement.name)) {
        if (statement.ifExists) {
          return;
        }
        throw new CatalogError(
          `FAILED: SemanticException [Error 10001]: Table not found ${database}.${statement.name}`,
        );
      }
      db.prepare(
        'DELETE FROM glue_tables WHERE account_id = ? AND region = ? AND database_name = ? AND name = ?',
      ).run(...ids, database, statement.name);
      db.prepare(
        'DELETE FROM glue_partitions WHERE account_id = ? AND region = ? AND database_name = ? AND table_name = ?',
      ).run(...ids, database, statement.name);
      return;
    }
    case 'addPartitions': {
      const database = statement.database ?? currentDatabase;
      const table = getTable(db, scope, database, statement.table);
      if (!table) {
        throw new CatalogError(
          `FAILED: SemanticException [Error 10001]: Table not found ${database}.${statement.table}`,
        );
      }
      for (const partition of statement.partitions) {
        const values = Object.fromEntries(
          Object.entries(partition.values).map(([k, v]) => [k.toLowerCase(), v]),
        );
        const location =
          partition.location ??
          `${(table.location ?? '').replace(/\/?$/, '/')}${table.partitionKeys.map((k) => `${k.name}=${values[k.name] ?? ''}`).join('/')}/`;
        db.prepare(
          `INSERT INTO glue_partitions (account_id, region, database_name, table_name, partition_values, location)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        ).run(...ids, database, table.name, JSON.stringify(values), location);
      }
    }
  }
}
