import { describe, expect, it } from 'vitest';
import { LEVEL_TABLE } from '../../../src/permissions/levels.js';
import {
  OPERATIONS,
  minimumLevel,
  parseOperation,
  type FeatureStoreOperation,
} from '../../../src/permissions/operations.js';
import type { AccessLevel } from '../../../src/permissions/levels.js';

const EXPECTED: [FeatureStoreOperation, AccessLevel, boolean][] = [
  ['DescribeFeatureGroup', 'read-only', true],
  ['DescribeFeatureMetadata', 'read-only', true],
  ['GetRecord', 'read-only', true],
  ['BatchGetRecord', 'read-only', true],
  ['ListRecords', 'read-only', false],
  ['PutRecord', 'read-write', true],
  ['DeleteRecord', 'read-write', true],
  ['BatchWriteRecord', 'read-write', false],
  ['UpdateRecord', 'read-write', false],
  ['UpdateFeatureGroup', 'admin', true],
  ['UpdateFeatureMetadata', 'admin', true],
];

describe('operation → minimum level', () => {
  it('covers every Feature Store operation, and nothing else', () => {
    expect(Object.keys(OPERATIONS).sort()).toEqual(EXPECTED.map(([op]) => op).sort());
  });

  it.each(EXPECTED)('%s needs %s (documented in a managed permission: %s)', (op, level, documented) => {
    expect(minimumLevel(op)).toBe(level);
    expect(OPERATIONS[op].documented).toBe(documented);
  });

  it.each(EXPECTED.filter(([, , documented]) => documented))(
    'documented %s is in the actions of its level and not of the level below',
    (op, level) => {
      expect(LEVEL_TABLE[level].actions).toContain(`sagemaker:${op}`);
      const below = { 'read-only': undefined, 'read-write': 'read-only', admin: 'read-write' } as const;
      const lower = below[level];
      if (lower) {
        expect(LEVEL_TABLE[lower].actions).not.toContain(`sagemaker:${op}`);
      }
    },
  );

  it.each(EXPECTED.filter(([, , documented]) => !documented))(
    'undocumented %s is in no managed permission’s documented actions',
    (op) => {
      for (const def of Object.values(LEVEL_TABLE)) {
        expect(def.actions).not.toContain(`sagemaker:${op}`);
      }
    },
  );
});

describe('parseOperation', () => {
  it.each<[string, FeatureStoreOperation | undefined]>([
    ['GetRecord', 'GetRecord'],
    ['getrecord', 'GetRecord'],
    ['GETRECORD', 'GetRecord'],
    ['get-record', 'GetRecord'],
    ['sagemaker:GetRecord', 'GetRecord'],
    ['SageMaker:getrecord', 'GetRecord'],
    ['batch-get-record', 'BatchGetRecord'],
    ['BatchWriteRecord', 'BatchWriteRecord'],
    ['batch-write-record', 'BatchWriteRecord'],
    ['list-records', 'ListRecords'],
    ['update-record', 'UpdateRecord'],
    ['describe-feature-group', 'DescribeFeatureGroup'],
    ['describe-feature-metadata', 'DescribeFeatureMetadata'],
    ['update-feature-metadata', 'UpdateFeatureMetadata'],
    ['put-record', 'PutRecord'],
    ['delete-record', 'DeleteRecord'],
    [' GetRecord ', 'GetRecord'],
    ['get_record', undefined],
    ['getrecords', undefined],
    ['Search', undefined],
    ['ListFeatureGroups', undefined],
    ['s3:GetRecord', undefined],
    ['', undefined],
  ])('%j → %s', (text, expected) => {
    expect(parseOperation(text)).toBe(expected);
  });

  it('parses every operation in both its CamelCase and kebab-case forms', () => {
    for (const op of Object.keys(OPERATIONS) as FeatureStoreOperation[]) {
      expect(parseOperation(op)).toBe(op);
      expect(parseOperation(op.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase())).toBe(op);
    }
  });
});
