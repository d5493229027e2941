/**
 * The online store's event-time ordering rule, now one SQL upsert per batch: the order of writes
 * within one BatchWriteRecord, expiry, soft deletes, and a store made before the rule's numeric
 * event-time column existed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as batch from '../../../../src/sandbox/sagemaker/runtime-batch.js';
import * as runtime from '../../../../src/sandbox/sagemaker/runtime.js';
import { eventTimeType, parseEventTime } from '../../../../src/sandbox/sagemaker/records.js';
import { seedFeatureStore } from '../../../../src/sandbox/sagemaker/seed.js';
import { getFeatureGroup } from '../../../../src/sandbox/sagemaker/store.js';
import { openStore } from '../../../../src/sandbox/store.js';
import type { Db } from '../../../../src/sandbox/types.js';
import { OWNER, SEED_TIME, customer, invoke, seededDb } from './harness.js';

const later = (seconds: number) => new Date(SEED_TIME.getTime() + seconds * 1000);

function stored(db: Db, id: string, now = SEED_TIME): Record<string, unknown> | undefined {
  const out = invoke(
    runtime.getRecord,
    db,
    'owner',
    { FeatureGroupName: 'customers', RecordIdentifierValueAsString: id },
    now,
  ).output;
  const record = out?.Record as { FeatureName: string; ValueAsString?: string }[] | undefined;
  return record && Object.fromEntries(record.map((f) => [f.FeatureName, f.ValueAsString]));
}

function writeBatch(db: Db, records: ReturnType<typeof customer>[], now = SEED_TIME): unknown[] {
  const out = invoke(
    batch.batchWriteRecord,
    db,
    'owner',
    { Entries: records.map((Record) => ({ FeatureGroupName: 'customers', Record })) },
    now,
  ).output;
  return out?.Errors as unknown[];
}

describe('event-time ordering of writes', () => {
  it('orders two writes of one record within a batch as two calls would be ordered', () => {
    const db = seededDb();
    writeBatch(db, [
      customer('W1', '200', { segment: 'newer' }),
      customer('W1', '100', { segment: 'older' }),
    ]);
    expect(stored(db, 'W1')?.segment).toBe('newer');
    writeBatch(db, [
      customer('W2', '100', { segment: 'older' }),
      customer('W2', '200', { segment: 'newer' }),
    ]);
    expect(stored(db, 'W2')?.segment).toBe('newer');
    // An equal event time overwrites, as PutRecord does.
    writeBatch(db, [customer('W2', '200', { segment: 'same time' })]);
    expect(stored(db, 'W2')?.segment).toBe('same time');
  });

  it('keeps the valid entries of a batch whose other entries fail, in entry order', () => {
    const db = seededDb();
    const errors = writeBatch(db, [
      customer('W3', '300', { segment: 'a' }),
      customer('W3', '400', { age: 'not a number' }),
      customer('W3', '350', { segment: 'b' }),
    ]);
    expect(errors).toHaveLength(1);
    expect(stored(db, 'W3')?.segment).toBe('b');
  });

  it('lets an older write replace a stored record once that one has expired', () => {
    const db = seededDb();
    const eventSeconds = String(SEED_TIME.getTime() / 1000);
    invoke(runtime.putRecord, db, 'owner', {
      FeatureGroupName: 'customers',
      Record: customer('W4', eventSeconds, { segment: 'short-lived' }),
      TtlDuration: { Unit: 'Minutes', Value: 1 },
    });
    writeBatch(db, [customer('W4', '100', { segment: 'older, too early' })], later(30));
    expect(stored(db, 'W4', later(30))?.segment).toBe('short-lived');
    writeBatch(db, [customer('W4', '100', { segment: 'older, after expiry' })], later(61));
    expect(stored(db, 'W4', later(61))?.segment).toBe('older, after expiry');
  });

  it('keeps a newer soft delete against an older write', () => {
    const db = seededDb();
    writeBatch(db, [customer('W5', '100')]);
    invoke(runtime.deleteRecord, db, 'owner', {
      FeatureGroupName: 'customers',
      RecordIdentifierValueAsString: 'W5',
      EventTime: '300',
    });
    writeBatch(db, [customer('W5', '200')]);
    expect(stored(db, 'W5')).toBeUndefined();
    writeBatch(db, [customer('W5', '400')]);
    expect(stored(db, 'W5')?.event_time).toBe('400');
  });
});

describe('a store made before event_time_ms', () => {
  let home: string | undefined;
  afterEach(() => {
    if (home) {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('opens with the column added and filled, and keeps its records ordered against new writes', () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-migrate-'));
    const file = path.join(home, 'sandbox.db');
    const old = openStore(file);
    seedFeatureStore(old, { now: SEED_TIME });
    // The store as earlier versions made it: the same tables without the column.
    old.exec('ALTER TABLE fs_records DROP COLUMN event_time_ms');
    old.close();

    const db = openStore(file);
    const rows = db
      .prepare('SELECT feature_group_name AS name, event_time, event_time_ms FROM fs_records')
      .all() as { name: string; event_time: string; event_time_ms: number | null }[];
    expect(new Set(rows.map((r) => r.name))).toEqual(new Set(['customers', 'transactions']));
    for (const row of rows) {
      const group = getFeatureGroup(db, OWNER, 'us-east-1', row.name);
      expect(group).toBeDefined();
      const expected = parseEventTime(eventTimeType(group!), row.event_time);
      expect(expected).toBeTypeOf('number');
      expect(row.event_time_ms).toBe(expected);
    }
    const seeded = stored(db, 'C0001');
    expect(seeded).toBeDefined();
    writeBatch(db, [customer('C0001', '1', { segment: 'older than the seed' })]);
    expect(stored(db, 'C0001')).toEqual(seeded);
    db.close();
    // Opening again finds the column and changes nothing.
    const again = openStore(file);
    expect(
      (
        again.prepare('SELECT COUNT(*) AS n FROM fs_records WHERE event_time_ms IS NULL').get() as {
          n: number;
        }
      ).n,
    ).toBe(0);
    again.close();
  });
});
