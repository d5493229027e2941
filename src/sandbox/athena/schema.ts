/** Athena's tables: workgroups, query executions, and the Glue Data Catalog (databases, tables, partitions). */
export const athenaSchema = `
CREATE TABLE IF NOT EXISTS athena_workgroups (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  configuration TEXT NOT NULL DEFAULT '{}',
  state TEXT NOT NULL DEFAULT 'ENABLED',
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (account_id, region, name)
);

CREATE TABLE IF NOT EXISTS athena_queries (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  workgroup TEXT NOT NULL,
  query TEXT NOT NULL,
  statement_type TEXT NOT NULL,
  database_name TEXT,
  catalog TEXT NOT NULL,
  output_location TEXT NOT NULL,
  client_token TEXT,
  request_hash TEXT NOT NULL,
  state TEXT NOT NULL,
  state_reason TEXT,
  error_type INTEGER,
  owner_pid INTEGER,
  submitted_ms INTEGER NOT NULL,
  completed_ms INTEGER,
  engine_ms INTEGER NOT NULL DEFAULT 0,
  scanned_bytes INTEGER NOT NULL DEFAULT 0,
  columns TEXT,
  caller_arn TEXT NOT NULL,
  caller_role TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS athena_queries_by_account ON athena_queries (account_id, region, workgroup, submitted_ms);
CREATE UNIQUE INDEX IF NOT EXISTS athena_queries_by_token ON athena_queries (account_id, region, client_token);

CREATE TABLE IF NOT EXISTS glue_databases (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  PRIMARY KEY (account_id, region, name)
);

CREATE TABLE IF NOT EXISTS glue_tables (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  database_name TEXT NOT NULL,
  name TEXT NOT NULL,
  definition TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (account_id, region, database_name, name)
);

CREATE TABLE IF NOT EXISTS glue_partitions (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  database_name TEXT NOT NULL,
  table_name TEXT NOT NULL,
  partition_values TEXT NOT NULL,
  location TEXT NOT NULL,
  PRIMARY KEY (account_id, region, database_name, table_name, partition_values)
);
`;
