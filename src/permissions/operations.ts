import type { AccessLevel } from './levels.js';

/**
 * Every Feature Store operation fshare knows, with the minimum access level a consumer needs.
 * The newer runtime operations (BatchWriteRecord, ListRecords, UpdateRecord) are not named in any
 * managed permission; fshare assumes the level of their closest documented relative and says so
 * (docs/permissions.md).
 */
export const OPERATIONS = {
  DescribeFeatureGroup: { level: 'read-only', documented: true },
  DescribeFeatureMetadata: { level: 'read-only', documented: true },
  GetRecord: { level: 'read-only', documented: true },
  BatchGetRecord: { level: 'read-only', documented: true },
  ListRecords: { level: 'read-only', documented: false },
  PutRecord: { level: 'read-write', documented: true },
  DeleteRecord: { level: 'read-write', documented: true },
  BatchWriteRecord: { level: 'read-write', documented: false },
  UpdateRecord: { level: 'read-write', documented: false },
  UpdateFeatureGroup: { level: 'admin', documented: true },
  UpdateFeatureMetadata: { level: 'admin', documented: true },
} as const satisfies Record<string, { level: AccessLevel; documented: boolean }>;

export type FeatureStoreOperation = keyof typeof OPERATIONS;

const BY_LOWER = new Map<string, FeatureStoreOperation>(
  (Object.keys(OPERATIONS) as FeatureStoreOperation[]).flatMap((op) => [
    [op.toLowerCase(), op],
    [op.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase(), op],
  ]),
);

/** Accepts `GetRecord`, `getrecord`, `get-record` or `sagemaker:GetRecord`. */
export function parseOperation(text: string): FeatureStoreOperation | undefined {
  return BY_LOWER.get(
    text
      .trim()
      .replace(/^sagemaker:/i, '')
      .toLowerCase(),
  );
}

export function minimumLevel(operation: FeatureStoreOperation): AccessLevel {
  return OPERATIONS[operation].level;
}
