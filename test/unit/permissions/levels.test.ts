import { describe, expect, it } from 'vitest';
import {
  ACCESS_LEVELS,
  LEVEL_TABLE,
  LEVELS,
  fallbackPermissionArn,
  highestLevel,
  isAccessLevel,
  isLevel,
  levelAtLeast,
  levelForPermissionArn,
  levelForPermissionName,
  type AccessLevel,
  type Level,
} from '../../../src/permissions/levels.js';

describe('LEVEL_TABLE shape', () => {
  it('has exactly the four levels, in rank order', () => {
    expect([...LEVELS]).toEqual(['discover', 'read-only', 'read-write', 'admin']);
    expect(LEVELS.map((l) => LEVEL_TABLE[l].rank)).toEqual([0, 1, 2, 3]);
    for (const level of LEVELS) {
      expect(LEVEL_TABLE[level].level).toBe(level);
    }
  });

  it.each([
    ['discover', 'catalog', 'AWSRAMPermissionSageMakerCatalogResourceSearch'],
    ['read-only', 'feature-group', 'AWSRAMPermissionSageMakerFeatureGroupReadOnly'],
    ['read-write', 'feature-group', 'AWSRAMPermissionSagemakerFeatureGroupReadWrite'],
    ['admin', 'feature-group', 'AWSRAMPermissionSagemakerFeatureGroupAdmin'],
  ] as const)('%s shares a %s with %s', (level, resource, name) => {
    expect(LEVEL_TABLE[level].resource).toBe(resource);
    expect(LEVEL_TABLE[level].permissionName).toBe(name);
  });

  it('each access level includes every action of the level below it', () => {
    for (let i = 1; i < ACCESS_LEVELS.length; i++) {
      const lower = LEVEL_TABLE[ACCESS_LEVELS[i - 1] as AccessLevel].actions;
      const higher = LEVEL_TABLE[ACCESS_LEVELS[i] as AccessLevel].actions;
      for (const action of lower) {
        expect(higher).toContain(action);
      }
      expect(higher.length).toBeGreaterThan(lower.length);
    }
  });

  it.each([
    [
      'read-only',
      [
        'sagemaker:DescribeFeatureGroup',
        'sagemaker:DescribeFeatureMetadata',
        'sagemaker:GetRecord',
        'sagemaker:BatchGetRecord',
      ],
      ['sagemaker:PutRecord'],
    ],
    ['read-write', ['sagemaker:PutRecord', 'sagemaker:DeleteRecord'], ['sagemaker:UpdateFeatureGroup']],
    ['admin', ['sagemaker:UpdateFeatureGroup', 'sagemaker:UpdateFeatureMetadata'], ['sagemaker:Search']],
    ['discover', ['sagemaker:Search'], ['sagemaker:GetRecord']],
  ] as const)('%s allows its documented actions and not the next level', (level, has, hasNot) => {
    for (const a of has) {
      expect(LEVEL_TABLE[level].actions).toContain(a);
    }
    for (const a of hasNot) {
      expect(LEVEL_TABLE[level].actions).not.toContain(a);
    }
  });
});

describe('isLevel / isAccessLevel', () => {
  it.each([
    ['discover', true, false],
    ['read-only', true, true],
    ['read-write', true, true],
    ['admin', true, true],
    ['Admin', false, false],
    ['readonly', false, false],
    ['', false, false],
    [' admin', false, false],
  ])('%j → level %s, access level %s', (text, level, access) => {
    expect(isLevel(text)).toBe(level);
    expect(isAccessLevel(text)).toBe(access);
  });
});

describe('levelForPermissionName (case-insensitive)', () => {
  it.each<[string, Level | undefined]>([
    ['AWSRAMPermissionSageMakerFeatureGroupReadOnly', 'read-only'],
    ['AWSRAMPermissionSagemakerFeatureGroupReadOnly', 'read-only'],
    ['awsrampermissionsagemakerfeaturegroupreadonly', 'read-only'],
    ['AWSRAMPermissionSagemakerFeatureGroupReadWrite', 'read-write'],
    ['AWSRAMPermissionSageMakerFeatureGroupReadWrite', 'read-write'],
    ['AWSRAMPermissionSagemakerFeatureGroupAdmin', 'admin'],
    ['AWSRAMPermissionSageMakerFeatureGroupAdmin', 'admin'],
    ['AWSRAMPERMISSIONSAGEMAKERFEATUREGROUPADMIN', 'admin'],
    ['AWSRAMPermissionSageMakerCatalogResourceSearch', 'discover'],
    ['AWSRAMPermissionSagemakerCatalogResourceSearch', 'discover'],
    ['AWSRAMPermissionFeatureGroupReadOnly', undefined],
    ['AWSRAMPermissionSageMakerFeatureGroupReadOnly ', undefined],
    ['AWSRAMDefaultPermissionSageMakerPipeline', undefined],
    ['', undefined],
  ])('%j → %s', (name, level) => {
    expect(levelForPermissionName(name)).toBe(level);
  });
});

describe('levelForPermissionArn', () => {
  it.each<[string, Level | undefined]>([
    ['arn:aws:ram::aws:permission/AWSRAMPermissionSageMakerFeatureGroupReadOnly', 'read-only'],
    ['arn:aws:ram::aws:permission/AWSRAMPermissionSageMakerFeatureGroupReadWrite', 'read-write'],
    ['arn:aws:ram::aws:permission/AWSRAMPermissionSagemakerFeatureGroupReadWrite', 'read-write'],
    ['arn:aws:ram::aws:permission/awsrampermissionsagemakerfeaturegroupadmin', 'admin'],
    ['arn:aws-cn:ram::aws:permission/AWSRAMPermissionSageMakerCatalogResourceSearch', 'discover'],
    ['arn:aws-us-gov:ram::aws:permission/AWSRAMPermissionSagemakerFeatureGroupAdmin', 'admin'],
    // A customer-managed permission with a look-alike name is not the AWS managed one.
    ['arn:aws:ram:us-east-1:111111111111:permission/AWSRAMPermissionSagemakerFeatureGroupAdmin', undefined],
    ['arn:aws:s3:::bucket/AWSRAMPermissionSagemakerFeatureGroupAdmin', undefined],
    // A bare name is looked up as a name.
    ['AWSRAMPermissionSagemakerFeatureGroupAdmin', 'admin'],
    ['arn:aws:ram::aws:permission/AWSRAMPermissionSagemakerFeatureGroupAdmin/extra', undefined],
    ['arn:aws:ram::aws:permission/AWSRAMDefaultPermissionGlueTable', undefined],
    ['', undefined],
  ])('%j → %s', (arn, level) => {
    expect(levelForPermissionArn(arn)).toBe(level);
  });
});

describe('fallbackPermissionArn', () => {
  it.each(LEVELS.map((l) => [l]))(
    '%s round-trips through levelForPermissionArn in every partition',
    (level) => {
      for (const partition of ['aws', 'aws-cn', 'aws-us-gov']) {
        const arn = fallbackPermissionArn(level, partition);
        expect(arn).toBe(`arn:${partition}:ram::aws:permission/${LEVEL_TABLE[level].permissionName}`);
        expect(levelForPermissionArn(arn)).toBe(level);
      }
    },
  );

  it('defaults to the aws partition', () => {
    expect(fallbackPermissionArn('read-only')).toMatch(/^arn:aws:ram::aws:permission\//);
  });
});

describe('highestLevel (the union of several shares)', () => {
  it.each<[AccessLevel[], AccessLevel | undefined]>([
    [[], undefined],
    [['read-only'], 'read-only'],
    [['read-only', 'read-write'], 'read-write'],
    [['read-write', 'read-only'], 'read-write'],
    [['admin', 'read-only', 'read-write'], 'admin'],
    [['read-only', 'read-only'], 'read-only'],
    [['read-write', 'admin', 'read-write'], 'admin'],
  ])('%j → %s', (levels, expected) => {
    expect(highestLevel(levels)).toBe(expected);
    expect(highestLevel(new Set(levels))).toBe(expected);
  });
});

describe('levelAtLeast', () => {
  const cases: [AccessLevel | undefined, AccessLevel, boolean][] = [];
  for (const held of [undefined, ...ACCESS_LEVELS]) {
    for (const needed of ACCESS_LEVELS) {
      const expected = held !== undefined && ACCESS_LEVELS.indexOf(held) >= ACCESS_LEVELS.indexOf(needed);
      cases.push([held, needed, expected]);
    }
  }
  it.each(cases)('held %s, needed %s → %s', (held, needed, expected) => {
    expect(levelAtLeast(held, needed)).toBe(expected);
  });
});
