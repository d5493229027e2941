/**
 * SageMaker feature groups and Feature Store online records. Times are epoch milliseconds.
 * Records are keyed by (account, region, group, record id) in a WITHOUT ROWID table so that
 * GetRecord is one primary-key probe. `event_time_ms` is `event_time` as the group's event-time
 * type reads it, so that a write's ordering rule is one upsert (NULL: the text did not parse).
 */
import type { Db } from '../types.js';
import { eventTimeType, parseEventTime } from './records.js';
import type { FeatureDefinition } from './store.js';

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
  event_time_ms REAL,
  PRIMARY KEY (account_id, region, feature_group_name, record_id)
) WITHOUT ROWID;
`;

/**
 * A store made before `event_time_ms` existed gets the column, filled from each group's event-time
 * type with the parser writes use, so its records keep their order against new writes.
 */
export function migrateSagemakerStore(db: Db): void {
  const columns = db.prepare('PRAGMA table_info(fs_records)').all() as { name: string }[];
  if (columns.some((c) => c.name === 'event_time_ms')) {
    return;
  }
  db.exec('ALTER TABLE fs_records ADD COLUMN event_time_ms REAL');
  const groups = db
    .prepare(
      'SELECT account_id, region, name, event_time_feature_name, feature_definitions FROM sm_feature_groups',
    )
    .all() as {
    account_id: string;
    region: string;
    name: string;
    event_time_feature_name: string;
    feature_definitions: string;
  }[];
  const records = db.prepare(
    'SELECT record_id, event_time FROM fs_records WHERE account_id = ? AND region = ? AND feature_group_name = ?',
  );
  const update = db.prepare(
    `UPDATE fs_records SET event_time_ms = ?
     WHERE account_id = ? AND region = ? AND feature_group_name = ? AND record_id = ?`,
  );
  for (const row of groups) {
    const type = eventTimeType({
      eventTimeFeatureName: row.event_time_feature_name,
      featureDefinitions: JSON.parse(row.feature_definitions) as FeatureDefinition[],
    });
    const stored = records.all(row.account_id, row.region, row.name) as {
      record_id: string;
      event_time: string;
    }[];
    for (const record of stored) {
      const ms = parseEventTime(type, record.event_time);
      update.run(ms ?? null, row.account_id, row.region, row.name, record.record_id);
    }
  }
}
