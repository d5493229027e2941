// The CSV fast path either agrees with encodeRecord exactly or declines (and encodeRecord decides).
import { describe, expect, it } from 'vitest';
import { encodeRecord } from '../../../src/records/codec.js';
import { csvPlan, encodeCsvCells } from '../../../src/records/csv-encode.js';
import { csvValue } from '../../../src/records/rows.js';
import type { RecordSchema } from '../../../src/records/schema.js';

const schema = {
  featureGroupName: 'customers',
  recordIdentifier: 'customer_id',
  eventTime: 'event_time',
  features: [
    { name: 'customer_id', type: 'String' },
    { name: 'event_time', type: 'Fractional' },
    { name: 'age', type: 'Integral' },
    { name: 'lifetime_value', type: 'Fractional' },
    { name: 'segment', type: 'String' },
    { name: 'tags', type: 'String', collection: 'Set' },
    { name: 'scores', type: 'Integral', collection: 'List' },
  ],
} as unknown as RecordSchema;

const CELLS: Record<string, string[]> = {
  customer_id: ['C1', '', ' ', 'a\u0000b', '\uD800x', 'x'.repeat(3000), 'Zoë'],
  event_time: ['1767225600', '', '-5', '1e3', 'x', '253402300800', '1767225600.5'],
  age: ['42', '', '4.5', '99999999999999999999', '-0', '+7', 'x'],
  lifetime_value: ['1.5', '', '.5', 'NaN', '1e400', ' 2 '],
  segment: ['vip', '', '\uDC00'],
  tags: ['["a","b"]', '', '["a","a"]', 'not json', '[1]', '{}'],
  scores: ['[1,2]', '', '["3"]', '[1.5]', '[]'],
};

describe('encodeCsvCells', () => {
  it('gives encodeRecord’s record for every valid row and declines every invalid one', () => {
    let seed = 3;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const names = Object.keys(CELLS);
    let fast = 0;
    for (let trial = 0; trial < 3000; trial++) {
      // Random column subsets and orders, as a header may have them.
      const header = names.filter(() => rnd() < 0.85).sort(() => rnd() - 0.5);
      const plan = csvPlan(schema, header);
      expect(plan).toBeDefined();
      const cells = header.map((h) => {
        const options = CELLS[h] as string[];
        return rnd() < 0.7 ? (options[0] as string) : (options[Math.floor(rnd() * options.length)] as string);
      });
      const expected = encodeRecord(schema, csvValue(header, cells), { source: 'csv' });
      const got = encodeCsvCells(plan!, cells);
      if (got === undefined) {
        // Declining is only for rows encodeRecord refuses (it then gives the reasons).
        expect(expected.ok).toBe(false);
      } else {
        fast++;
        expect(got).toEqual(expected);
      }
    }
    expect(fast).toBeGreaterThan(300);
  });

  it('makes no plan for a header encodeRecord would read differently', () => {
    expect(csvPlan(schema, ['customer_id', 'nope'])).toBeUndefined();
    expect(csvPlan(schema, ['customer_id', 'customer_id'])).toBeUndefined();
  });
});
