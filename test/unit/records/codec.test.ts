import { describe, expect, it } from 'vitest';
import {
  decodeRecord,
  encodeRecord,
  formatEventTime,
  type FeatureValue,
} from '../../../src/records/codec.js';
import { schemaFromDescription, type RecordSchema } from '../../../src/records/schema.js';

const schema: RecordSchema = schemaFromDescription({
  FeatureGroupName: 'customers',
  FeatureGroupArn: 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers',
  RecordIdentifierFeatureName: 'customer_id',
  EventTimeFeatureName: 'event_time',
  FeatureDefinitions: [
    { FeatureName: 'customer_id', FeatureType: 'String' },
    { FeatureName: 'event_time', FeatureType: 'Fractional' },
    { FeatureName: 'age', FeatureType: 'Integral' },
    { FeatureName: 'ltv', FeatureType: 'Fractional' },
    { FeatureName: 'tags', FeatureType: 'String', CollectionType: 'List' },
    { FeatureName: 'codes', FeatureType: 'Integral', CollectionType: 'Set' },
    {
      FeatureName: 'embedding',
      FeatureType: 'Fractional',
      CollectionType: 'Vector',
      CollectionConfig: { VectorConfig: { Dimension: 3 } },
    },
  ],
});
const isoSchema: RecordSchema = {
  ...schema,
  features: schema.features.map((f) => (f.name === 'event_time' ? { ...f, type: 'String' as const } : f)),
};

const base = { customer_id: 'C1', event_time: 1767225600.5 };

describe('encodeRecord: errors name the field', () => {
  const cases: [string, unknown, string | undefined, RegExp][] = [
    ['array instead of object', [1, 2], undefined, /JSON object/],
    ['null record', null, undefined, /JSON object/],
    ['unknown feature', { ...base, colour: 'red' }, 'colour', /unknown feature "colour"/],
    ['integer as text', { ...base, age: 'forty' }, 'age', /expected an integer/],
    ['fractional integer', { ...base, age: 4.5 }, 'age', /expected an integer/],
    ['unsafe integer number', { ...base, age: 2 ** 60 }, 'age', /beyond 2\^53/],
    ['integer beyond int64', { ...base, age: '9223372036854775808' }, 'age', /64 bits/],
    ['fractional as word', { ...base, ltv: 'lots' }, 'ltv', /expected a number/],
    ['string feature given a number', { customer_id: 42, event_time: 1 }, 'customer_id', /expected a string/],
    ['missing record id', { event_time: 1 }, 'customer_id', /record identifier "customer_id" is missing/],
    ['blank record id', { customer_id: '  ', event_time: 1 }, 'customer_id', /blank/],
    ['record id over 2 KB', { customer_id: 'x'.repeat(2049), event_time: 1 }, 'customer_id', /2048/],
    ['missing event time', { customer_id: 'C1' }, 'event_time', /event time "event_time" is missing/],
    ['negative event time', { customer_id: 'C1', event_time: -5 }, 'event_time', /before 1970/],
    ['list given a string', { ...base, tags: 'a,b' }, 'tags', /expected an array/],
    ['list element wrong type', { ...base, codes: [1, 'x'] }, 'codes', /element 1/],
    ['set with duplicates', { ...base, codes: [1, 1] }, 'codes', /duplicates/],
    ['vector wrong dimension', { ...base, embedding: [1, 2] }, 'embedding', /exactly 3/],
    ['value over 350 KB', { ...base, tags: ['x'.repeat(400 * 1024)] }, 'tags', /at most 358400/],
  ];
  it.each(cases)('%s', (_name, input, field, message) => {
    const result = encodeRecord(schema, input, { source: 'json' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const error = result.errors.find((e) => message.test(e.message));
      expect(error, JSON.stringify(result.errors)).toBeDefined();
      expect(error?.field).toBe(field);
    }
  });

  it('checks the ISO event-time format when the event time is a String feature', () => {
    for (const bad of [
      '2026-01-01',
      '2026-01-01 12:00:00Z',
      '2026-01-01T12:00:00+01:00',
      '2026-13-45T99:00:00Z',
    ]) {
      const result = encodeRecord(isoSchema, { customer_id: 'C1', event_time: bad }, { source: 'json' });
      expect(result.ok, bad).toBe(false);
    }
    for (const good of ['2026-01-01T12:00:00Z', '2026-01-01T12:00:00.123Z']) {
      expect(
        encodeRecord(isoSchema, { customer_id: 'C1', event_time: good }, { source: 'json' }).ok,
        good,
      ).toBe(true);
    }
  });
});

describe('encodeRecord / decodeRecord round trip', () => {
  it('keeps types, lists and big integers exact', () => {
    const input = {
      customer_id: 'Ünïcødé-客户-1',
      event_time: 1767225600.25,
      age: '9007199254740993',
      ltv: 12.5,
      tags: ['a', 'b'],
      codes: [3, 1],
      embedding: [0.1, 0.2, 0.3],
    };
    const encoded = encodeRecord(schema, input, { source: 'json' });
    expect(encoded.ok).toBe(true);
    if (!encoded.ok) {
      return;
    }
    expect(encoded.id).toBe('Ünïcødé-客户-1');
    expect(encoded.record.find((v) => v.FeatureName === 'age')?.ValueAsString).toBe('9007199254740993');
    expect(decodeRecord(schema, encoded.record)).toEqual(input);
  });

  it('decodes safe integers to numbers and unsafe ones to strings', () => {
    const values: FeatureValue[] = [
      { FeatureName: 'customer_id', ValueAsString: 'C1' },
      { FeatureName: 'age', ValueAsString: '42' },
      { FeatureName: 'codes', ValueAsStringList: ['1', '18446744073709551'] },
    ];
    expect(decodeRecord(schema, values)).toEqual({
      customer_id: 'C1',
      age: 42,
      codes: [1, '18446744073709551'],
    });
  });

  it('parses CSV cells: numbers from text, lists from JSON arrays, empty cells left out', () => {
    const encoded = encodeRecord(
      schema,
      { customer_id: 'C1', event_time: '1767225600', age: '7', ltv: '', tags: '["x","y"]' },
      { source: 'csv' },
    );
    expect(encoded.ok && encoded.record.map((v) => v.FeatureName)).toEqual([
      'customer_id',
      'event_time',
      'age',
      'tags',
    ]);
    expect(encoded.ok && encoded.record.find((v) => v.FeatureName === 'tags')?.ValueAsStringList).toEqual([
      'x',
      'y',
    ]);
    const bad = encodeRecord(schema, { customer_id: 'C1', event_time: '1', tags: 'x,y' }, { source: 'csv' });
    expect(bad.ok).toBe(false);
  });

  it('fills a missing event time with now when asked, in the feature’s own format', () => {
    const at = new Date('2026-11-23T10:00:00.000Z');
    const encoded = encodeRecord(schema, { customer_id: 'C1' }, { source: 'json', eventTimeNow: at });
    expect(encoded.ok && encoded.record.find((v) => v.FeatureName === 'event_time')?.ValueAsString).toBe(
      String(at.getTime() / 1000),
    );
    const def = isoSchema.features.find((f) => f.name === 'event_time');
    expect(def && formatEventTime(def, at)).toBe('2026-11-23T10:00:00.000Z');
  });
});
