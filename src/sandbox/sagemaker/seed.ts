/**
 * The seeded feature groups of the owner account, with their records from fixtures/sandbox/*.jsonl.
 * Idempotent: an existing group is left as it is, and only missing records are added.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OWNER_ACCOUNT_ID, SANDBOX_REGION, roleArnOf } from '../core/principals.js';
import type { Db } from '../types.js';
import { featureGroupArnOf } from './authz.js';
import type { FeatureDefinition, FeatureMetadataEntry, StoredFeatureGroup, Tag } from './store.js';
import { getFeatureGroup, getRecordRow, saveFeatureGroup, saveRecordRow } from './store.js';
import { validateRecord } from './records.js';

interface SeedGroup {
  name: string;
  fixture: string;
  description: string;
  recordIdentifierFeatureName: string;
  eventTimeFeatureName: string;
  featureDefinitions: FeatureDefinition[];
  tags: Tag[];
}

export const SEED_GROUPS: readonly SeedGroup[] = [
  {
    name: 'customers',
    fixture: 'customers.jsonl',
    description: 'Customer profile features',
    recordIdentifierFeatureName: 'customer_id',
    eventTimeFeatureName: 'event_time',
    featureDefinitions: [
      { FeatureName: 'customer_id', FeatureType: 'String' },
      { FeatureName: 'event_time', FeatureType: 'Fractional' },
      { FeatureName: 'age', FeatureType: 'Integral' },
      { FeatureName: 'lifetime_value', FeatureType: 'Fractional' },
      { FeatureName: 'segment', FeatureType: 'String' },
      { FeatureName: 'country', FeatureType: 'String' },
      { FeatureName: 'preferred_categories', FeatureType: 'String', CollectionType: 'List' },
    ],
    tags: [
      { Key: 'team', Value: 'growth' },
      { Key: 'pii', Value: 'false' },
    ],
  },
  {
    name: 'transactions',
    fixture: 'transactions.jsonl',
    description: 'Purchase transactions',
    recordIdentifierFeatureName: 'transaction_id',
    eventTimeFeatureName: 'event_time',
    featureDefinitions: [
      { FeatureName: 'transaction_id', FeatureType: 'String' },
      { FeatureName: 'event_time', FeatureType: 'String' },
      { FeatureName: 'customer_id', FeatureType: 'String' },
      { FeatureName: 'amount', FeatureType: 'Fractional' },
      { FeatureName: 'quantity', FeatureType: 'Integral' },
      { FeatureName: 'currency', FeatureType: 'String' },
      { FeatureName: 'channel', FeatureType: 'String' },
    ],
    tags: [{ Key: 'team', Value: 'payments' }],
  },
];

/** The package root (the directory holding package.json), from src/ or from the bundle in dist/. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = path.dirname(from);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`No package.json above ${from}: cannot locate fixtures/sandbox.`);
    }
    dir = parent;
  }
}

export function fixturePath(file: string): string {
  return path.join(packageRoot(), 'fixtures', 'sandbox', file);
}

/** A fixture line {feature: "text" | ["text", …]} as a PutRecord-style record. */
function toRecord(
  line: Record<string, unknown>,
): { FeatureName: string; ValueAsString?: string; ValueAsStringList?: string[] }[] {
  return Object.entries(line).map(([FeatureName, value]) =>
    Array.isArray(value)
      ? { FeatureName, ValueAsStringList: value.map(String) }
      : { FeatureName, ValueAsString: String(value) },
  );
}

function seedGroup(db: Db, seed: SeedGroup, now: number): StoredFeatureGroup {
  const existing = getFeatureGroup(db, OWNER_ACCOUNT_ID, SANDBOX_REGION, seed.name);
  if (existing) {
    return existing;
  }
  const featureMetadata: Record<string, FeatureMetadataEntry> = {};
  for (const d of seed.featureDefinitions) {
    featureMetadata[d.FeatureName] = { Parameters: [], CreationTime: now, LastModifiedTime: now };
  }
  const group: StoredFeatureGroup = {
    accountId: OWNER_ACCOUNT_ID,
    region: SANDBOX_REGION,
    name: seed.name,
    arn: featureGroupArnOf(SANDBOX_REGION, OWNER_ACCOUNT_ID, seed.name),
    recordIdentifierFeatureName: seed.recordIdentifierFeatureName,
    eventTimeFeatureName: seed.eventTimeFeatureName,
    featureDefinitions: seed.featureDefinitions,
    status: 'Created',
    description: seed.description,
    tags: seed.tags,
    onlineStoreConfig: { EnableOnlineStore: true, StorageType: 'Standard' },
    offlineStoreConfig: {
      S3StorageConfig: { S3Uri: `s3://sagemaker-${SANDBOX_REGION}-${OWNER_ACCOUNT_ID}/feature-store` },
      DisableGlueTableCreation: false,
      TableFormat: 'Glue',
    },
    roleArn: roleArnOf(OWNER_ACCOUNT_ID, 'feature-engineer'),
    throughputConfig: { ThroughputMode: 'OnDemand' },
    featureMetadata,
    lastUpdateStatus: undefined,
    createdAt: now,
    lastModifiedAt: now,
  };
  saveFeatureGroup(db, group);
  return group;
}

export function seedFeatureStore(db: Db, options: { now: Date }): void {
  const now = options.now.getTime();
  db.transaction(() => {
    for (const seed of SEED_GROUPS) {
      const group = seedGroup(db, seed, now);
      const lines = fs.readFileSync(fixturePath(seed.fixture), 'utf8').split('\n');
      for (const line of lines) {
        if (line.trim() === '') {
          continue;
        }
        const record = validateRecord(group, toRecord(JSON.parse(line) as Record<string, unknown>));
        if (getRecordRow(db, group, record.recordId)) {
          continue;
        }
        saveRecordRow(
          db,
          group,
          {
            recordId: record.recordId,
            eventTime: record.eventTime,
            values: record.values,
            expiresAt: undefined,
            deleted: false,
            writtenAt: now,
          },
          record.eventTimeMs,
        );
      }
    }
  })();
}
