/**
 * CloudTrail's tables. One `ct_events` row per delivered copy of an event: a cross-account call is
 * two rows (caller's and owner's account) sharing `shared_event_id`. The columns beside `record`
 * exist so that LookupEvents and the Lake selectors filter with indexes instead of parsing JSON;
 * the `lake_*` columns hold the record's nested parts with lower-cased keys because Lake (Trino)
 * resolves struct fields case-insensitively and SQLite's json_extract does not.
 */
export const cloudtrailSchema = `
CREATE TABLE IF NOT EXISTS ct_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  recipient_account TEXT NOT NULL,
  region TEXT NOT NULL,
  event_id TEXT NOT NULL UNIQUE,
  shared_event_id TEXT,
  event_time TEXT NOT NULL,
  event_time_ms INTEGER NOT NULL,
  event_name TEXT NOT NULL,
  event_source TEXT NOT NULL,
  event_category TEXT NOT NULL,
  read_only TEXT NOT NULL,
  username TEXT,
  caller_account TEXT,
  principal_arn TEXT,
  access_key_id TEXT,
  resource_types TEXT NOT NULL DEFAULT '[]',
  resource_arns TEXT NOT NULL DEFAULT '[]',
  resource_names TEXT NOT NULL DEFAULT '[]',
  error_code TEXT,
  lake_user_identity TEXT,
  lake_resources TEXT,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ct_events_by_recipient_time
  ON ct_events (recipient_account, region, event_category, event_time_ms DESC, seq DESC);
CREATE INDEX IF NOT EXISTS ct_events_by_shared_id ON ct_events (shared_event_id);

CREATE TABLE IF NOT EXISTS ct_event_data_stores (
  id TEXT PRIMARY KEY,
  arn TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  advanced_event_selectors TEXT NOT NULL,
  multi_region INTEGER NOT NULL,
  organization_enabled INTEGER NOT NULL,
  retention_days INTEGER NOT NULL,
  termination_protection INTEGER NOT NULL,
  billing_mode TEXT NOT NULL,
  status TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  UNIQUE (account_id, region, name)
);

CREATE TABLE IF NOT EXISTS ct_queries (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  statement TEXT NOT NULL,
  status TEXT NOT NULL,
  error_message TEXT,
  columns TEXT,
  rows TEXT,
  events_scanned INTEGER NOT NULL DEFAULT 0,
  events_matched INTEGER NOT NULL DEFAULT 0,
  bytes_scanned INTEGER NOT NULL DEFAULT 0,
  execution_ms INTEGER NOT NULL DEFAULT 0,
  observations INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS ct_rate_limits (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  api TEXT NOT NULL,
  tokens REAL NOT NULL,
  updated_ms INTEGER NOT NULL,
  PRIMARY KEY (account_id, region, api)
);
CREATE TABLE IF NOT EXISTS ct_trails (
  arn TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  account_id TEXT NOT NULL,
  home_region TEXT NOT NULL,
  s3_bucket TEXT NOT NULL,
  s3_key_prefix TEXT,
  include_global INTEGER NOT NULL,
  multi_region INTEGER NOT NULL,
  log_file_validation INTEGER NOT NULL,
  organization INTEGER NOT NULL,
  is_logging INTEGER NOT NULL DEFAULT 0,
  selectors TEXT NOT NULL DEFAULT '{}',
  start_logging_ms INTEGER,
  stop_logging_ms INTEGER,
  latest_delivery_ms INTEGER,
  latest_delivery_attempt_ms INTEGER,
  latest_delivery_error TEXT,
  created_ms INTEGER NOT NULL,
  UNIQUE (account_id, home_region, name)
);
CREATE INDEX IF NOT EXISTS ct_trails_logging ON ct_trails (is_logging);

-- Events a logging trail selected, waiting for their log file (delivered about 5 minutes later).
CREATE TABLE IF NOT EXISTS ct_trail_pending (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  trail_arn TEXT NOT NULL,
  recipient_account TEXT NOT NULL,
  region TEXT NOT NULL,
  due_ms INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ct_trail_pending_due ON ct_trail_pending (due_ms);
`;
