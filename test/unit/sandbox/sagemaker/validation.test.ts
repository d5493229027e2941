import { describe, expect, it } from 'vitest';
import type { FeatureDefinition, StoredFeatureGroup } from '../../../../src/sandbox/sagemaker/store.js';
import {
  featureGroupReference,
  ttlDurationMs,
  validateFeatureDefinitions,
  validateKeyFeatures,
} from '../../../../src/sandbox/sagemaker/definitions.js';
import { controlParams, runtimeInvalid, runtimeParams } from '../../../../src/sandbox/sagemaker/dialects.js';
import {
  parseEventTime,
  validateRecord,
  validateTargetStores,
} from '../../../../src/sandbox/sagemaker/records.js';
import { SandboxServiceError } from '../../../../src/sandbox/types.js';
import { errorOf, fv } from './harness.js';

const group: StoredFeatureGroup = {
  accountId: '111111111111',
  region: 'us-east-1',
  name: 'g',
  arn: 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/g',
  recordIdentifierFeatureName: 'id',
  eventTimeFeatureName: 'ts',
  featureDefinitions: [
    { FeatureName: 'id', FeatureType: 'String' },
    { FeatureName: 'ts', FeatureType: 'Fractional' },
    { FeatureName: 'n', FeatureType: 'Integral' },
    { FeatureName: 'x', FeatureType: 'Fractional' },
    { FeatureName: 's', FeatureType: 'String' },
    { FeatureName: 'tags', FeatureType: 'String', CollectionType: 'List' },
    { FeatureName: 'uniq', FeatureType: 'Integral', CollectionType: 'Set' },
    {
      FeatureName: 'vec',
      FeatureType: 'Fractional',
      CollectionType: 'Vector',
      CollectionConfig: { VectorConfig: { Dimension: 2 } },
    },
  ],
  status: 'Created',
  description: undefined,
  tags: [],
  onlineStoreConfig: { EnableOnlineStore: true },
  offlineStoreConfig: undefined,
  roleArn: undefined,
  throughputConfig: undefined,
  featureMetadata: {},
  lastUpdateStatus: undefined,
  createdAt: 0,
  lastModifiedAt: 0,
};

const base = [fv('id', 'r1'), fv('ts', '1700000000.5')];

describe('validateRecord', () => {
  it('accepts a record with every type and returns its id, event time and values', () => {
    const record = [
      ...base,
      fv('n', '-9223372036854775808'),
      fv('x', '1e3'),
      fv('s', 'hello'),
      fv('tags', ['a', 'b']),
      fv('vec', ['0.1', '2']),
    ];
    const result = validateRecord(group, record);
    expect(result.recordId).toBe('r1');
    expect(result.eventTimeMs).toBe(1_700_000_000_500);
    expect(result.values).toEqual({
      id: 'r1',
      ts: '1700000000.5',
      n: '-9223372036854775808',
      x: '1e3',
      s: 'hello',
      tags: ['a', 'b'],
      vec: ['0.1', '2'],
    });
  });

  it.each([
    ['an Integral that is not an integer', [...base, fv('n', '1.5')], /not a valid Integral/],
    ['an Integral above the 64-bit range', [...base, fv('n', '9223372036854775808')], /64-bit/],
    ['a Fractional that is not a number', [...base, fv('x', 'abc')], /not a valid Fractional/],
    ['a Fractional written as Infinity', [...base, fv('x', 'Infinity')], /not a valid Fractional/],
    ['a list feature given a scalar', [...base, fv('tags', 'a')], /needs ValueAsStringList/],
    ['a scalar feature given a list', [...base, fv('s', ['a'])], /needs ValueAsString/],
    ['a Set with duplicates', [...base, fv('uniq', ['1', '1'])], /must be unique/],
    ['a Vector of the wrong dimension', [...base, fv('vec', ['1'])], /dimension 2/],
    ['an unknown feature', [...base, fv('nope', '1')], /'nope' is not defined/],
    ['a duplicated feature', [...base, fv('s', 'a'), fv('s', 'b')], /more than once/],
    ['no record identifier', [fv('ts', '1')], /record identifier feature 'id' is missing/],
    ['no event time', [fv('id', 'r1')], /event time feature 'ts' is missing/],
    [
      'an event time that is not epoch seconds',
      [fv('id', 'r1'), fv('ts', '2024-01-01T00:00:00Z')],
      /not a valid Fractional/,
    ],
    ['an empty record', [], /length greater than or equal to 1/],
    ['a value over 350 KB', [...base, fv('s', 'x'.repeat(350 * 1024 + 1))], /350 KB/],
    [
      'a record over 350 KB in total',
      [...base, fv('s', 'x'.repeat(200 * 1024)), fv('tags', ['y'.repeat(200 * 1024)])],
      /record exceeds/,
    ],
    ['a record identifier over 2 KB', [fv('id', 'i'.repeat(2049)), fv('ts', '1')], /2 KB/],
  ])('refuses %s with ValidationError', (_label, record, message) => {
    const error = errorOf(() => validateRecord(group, record));
    expect(error.code).toBe('ValidationError');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(message);
  });
});

describe('parseEventTime', () => {
  it.each([
    ['Fractional', '1700000000', 1_700_000_000_000],
    ['Fractional', '1700000000.25', 1_700_000_000_250],
    ['Fractional', 'soon', undefined],
    ['String', '2024-05-01T10:00:00Z', Date.UTC(2024, 4, 1, 10)],
    ['String', '2024-05-01T10:00:00.123Z', Date.UTC(2024, 4, 1, 10, 0, 0, 123)],
    ['String', '2024-05-01 10:00:00', undefined],
    ['String', '2024-05-01T10:00:00+02:00', undefined],
    ['String', '1700000000', undefined],
  ] as const)('%s %s → %s', (type, text, expected) => {
    expect(parseEventTime(type, text)).toBe(expected);
  });
});

describe('validateFeatureDefinitions and validateKeyFeatures', () => {
  const ok: FeatureDefinition[] = [
    { FeatureName: 'id', FeatureType: 'String' },
    { FeatureName: 'ts', FeatureType: 'String' },
  ];
  it('accepts a minimal definition list', () => {
    expect(validateFeatureDefinitions(ok, 'featureDefinitions')).toEqual(ok);
    expect(validateKeyFeatures(ok, 'id', 'ts')).toEqual({
      recordIdentifierFeatureName: 'id',
      eventTimeFeatureName: 'ts',
    });
  });

  it.each([
    ['an empty list', [], /greater than or equal to 1/],
    ['a bad feature name', [{ FeatureName: '_bad', FeatureType: 'String' }], /regular expression/],
    ['a reserved name', [{ FeatureName: 'write_time', FeatureType: 'String' }], /reserved/],
    ['a reserved name in another case', [{ FeatureName: 'Is_Deleted', FeatureType: 'String' }], /reserved/],
    ['a duplicate name', [...ok, { FeatureName: 'ID', FeatureType: 'String' }], /Duplicate/],
    ['an unknown type', [{ FeatureName: 'a', FeatureType: 'Boolean' }], /Integral, Fractional, String/],
    [
      'an unknown collection type',
      [{ FeatureName: 'a', FeatureType: 'String', CollectionType: 'Bag' }],
      /List, Set, Vector/,
    ],
    [
      'a Vector that is not Fractional',
      [
        {
          FeatureName: 'a',
          FeatureType: 'Integral',
          CollectionType: 'Vector',
          CollectionConfig: { VectorConfig: { Dimension: 3 } },
        },
      ],
      /requires FeatureType Fractional/,
    ],
    [
      'a Vector without a dimension',
      [{ FeatureName: 'a', FeatureType: 'Fractional', CollectionType: 'Vector' }],
      /Dimension/,
    ],
    [
      'a Vector dimension over 8192',
      [
        {
          FeatureName: 'a',
          FeatureType: 'Fractional',
          CollectionType: 'Vector',
          CollectionConfig: { VectorConfig: { Dimension: 8193 } },
        },
      ],
      /Dimension/,
    ],
  ])('refuses %s', (_label, definitions, message) => {
    const error = errorOf(() => validateFeatureDefinitions(definitions, 'featureDefinitions'));
    expect(error.code).toBe('ValidationException');
    expect(error.message).toMatch(message);
  });

  it.each([
    [
      'an undefined record identifier',
      ok,
      'missing',
      'ts',
      /RecordIdentifierFeatureName 'missing' is not defined/,
    ],
    ['an undefined event time', ok, 'id', 'missing', /EventTimeFeatureName 'missing' is not defined/],
    [
      'an Integral event time',
      [...ok, { FeatureName: 'n', FeatureType: 'Integral' }],
      'id',
      'n',
      /Fractional or String/,
    ],
    [
      'a list event time',
      [...ok, { FeatureName: 'l', FeatureType: 'String', CollectionType: 'List' }],
      'id',
      'l',
      /Fractional or String/,
    ],
    [
      'a Fractional record identifier',
      [...ok, { FeatureName: 'f', FeatureType: 'Fractional' }],
      'f',
      'ts',
      /Integral or String/,
    ],
    ['no record identifier', ok, undefined, 'ts', /recordIdentifierFeatureName/],
  ] as const)('refuses %s', (_label, definitions, id, ts, message) => {
    const error = errorOf(() => validateKeyFeatures(definitions as never, id, ts));
    expect(error.code).toBe('ValidationException');
    expect(error.message).toMatch(message);
  });
});

describe('featureGroupReference', () => {
  it('reads names and ARNs', () => {
    expect(featureGroupReference(runtimeParams({ FeatureGroupName: 'customers' }))).toEqual({
      kind: 'name',
      name: 'customers',
    });
    expect(
      featureGroupReference(
        runtimeParams({
          FeatureGroupName: 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers',
        }),
      ),
    ).toEqual({
      kind: 'arn',
      arn: 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers',
      region: 'us-east-1',
      accountId: '111111111111',
      name: 'customers',
    });
  });
  it.each([['bad name!'], [''], [undefined]])('refuses %j with the service error code', (text) => {
    expect(errorOf(() => featureGroupReference(runtimeParams({ FeatureGroupName: text }))).code).toBe(
      'ValidationError',
    );
    expect(errorOf(() => featureGroupReference(controlParams({ FeatureGroupName: text }))).code).toBe(
      'ValidationException',
    );
  });
});

describe('ttlDurationMs and validateTargetStores', () => {
  it.each([
    [{ Unit: 'Seconds', Value: 5 }, 5000],
    [{ Unit: 'Weeks', Value: 1 }, 604_800_000],
    [undefined, undefined],
  ])('%j → %s', (ttl, ms) => {
    expect(ttlDurationMs(ttl, runtimeInvalid)).toBe(ms);
  });
  it.each([
    [{ Unit: 'Years', Value: 1 }],
    [{ Unit: 'Days', Value: 0 }],
    [{ Unit: 'Days', Value: 1.5 }],
    ['1d'],
  ])('refuses %j', (ttl) => {
    expect(errorOf(() => ttlDurationMs(ttl, runtimeInvalid)).code).toBe('ValidationError');
  });
  it('accepts the two stores and refuses others', () => {
    expect(() => validateTargetStores(['OnlineStore', 'OfflineStore'])).not.toThrow();
    expect(errorOf(() => validateTargetStores(['Cache'])).message).toMatch(/OnlineStore, OfflineStore/);
    expect(errorOf(() => validateTargetStores([])).code).toBe('ValidationError');
    expect(() => validateTargetStores(['OnlineStore', 'OfflineStore', 'OnlineStore'])).toThrow(
      SandboxServiceError,
    );
  });
});
