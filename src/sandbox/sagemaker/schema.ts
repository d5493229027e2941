/**
 * SageMaker feature groups and Feature Store online records. Times are epoch milliseconds.
 * Records are keyed by (account, region, group, record id) in a WITHOUT ROWID table so that
 * GetRecord is one primary-key probe.
 */
export const sagemakerSchema = `
CREATE TABLE IF NOT EXISTS sm_feature_groups (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT NOT NULL UNIQUE,
  record_identifier_feature_name TEXT NOT NULL,
  event_time_feature_name TEXT NOT NULL,
  feature_definitions TEXT NOT NULL,
  status TEXT NOT NULL,
  description TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  online_store_config TEXT,
  offline_store_config TEXT,
  role_arn TEXT,
  throughput_config TEXT,
  feature_metadata TEXT NOT NULL DEFAULT '{}',
  last_update_status TEXT,
  created_at INTEGER NOT NULL,
  last_modified_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, region, name)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS fs_records (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  feature_group_name TEXT NOT NULL,
  record_id TEXT NOT NULL,
  event_time TEXT NOT NULL,
  feature_values TEXT NOT NULL,
  expires_at INTEGER,
  deleted INTEGER NOT NULL DEFAULT 0,
  written_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, region, feature_group_name, record_id)
) WITHOUT ROWID;
`;
