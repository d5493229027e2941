import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { validateCheckpoint } from '../../../src/records/bulk/checkpoint.js';
import { encodeRecord, recordIdProblem } from '../../../src/records/codec.js';
import { readCsvRecords, splitCsvFields } from '../../../src/records/csv.js';
import { isStaleDelete } from '../../../src/records/delete-rule.js';
import { readLines, type InputLine } from '../../../src/records/inputs.js';
import { findDuplicateKey, parseStrictJson } from '../../../src/records/json.js';
import { schemaFromDescription } from '../../../src/records/schema.js';
import { SchemaCache } from '../../../src/records/schema-cache.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) {
    out.push(x);
  }
  return out;
}

const schema = schemaFromDescription({
  FeatureGroupName: 'g',
  RecordIdentifierFeatureName: 'id',
  EventTimeFeatureName: 't',
  FeatureDefinitions: [
    { FeatureName: 'id', FeatureType: 'String' },
    { FeatureName: 't', FeatureType: 'Fractional' },
    { FeatureName: 'n', FeatureType: 'Integral' },
    { FeatureName: 'when', FeatureType: 'String' },
  ],
});

describe('strict JSON', () => {
  it('finds a repeated key at any depth, after escapes, and not across objects', () => {
    expect(findDuplicateKey('{"a":1,"b":{"a":2}}')).toBeUndefined();
    expect(findDuplicateKey('{"a":1,"\\u0061":2}')).toBe('a');
    expect(findDuplicateKey('{"x":[{"k":1},{"k":2}],"y":{"k":1,"k":2}}')).toBe('k');
    expect(findDuplicateKey('{"s":"{\\"a\\":1,\\"a\\":2}"}')).toBeUndefined();
    expect(parseStrictJson('{"a":1,"a":2}')).toEqual({
      ok: false,
      error: expect.stringMatching(/"a" appears twice/),
    });
    expect(parseStrictJson('[1,2]')).toEqual({ ok: true, value: [1, 2] });
    expect(parseStrictJson('{oops')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not valid JSON/),
    });
  });
});

describe('record checks', () => {
  it('record identifiers', () => {
    expect(recordIdProblem('C1')).toBeUndefined();
    expect(recordIdProblem('😀')).toBeUndefined();
    expect(recordIdProblem(' ')).toMatch(/blank/);
    expect(recordIdProblem('a\u0000')).toMatch(/NUL/);
    expect(recordIdProblem('\udc00x')).toMatch(/surrogate/);
    expect(recordIdProblem('x'.repeat(2049))).toMatch(/2048/);
  });
  it('event times out of range, and calendar dates that do not exist', () => {
    const enc = (t: unknown) => encodeRecord(schema, { id: 'a', t }, { source: 'json' });
    expect(enc(1767225600).ok).toBe(true);
    expect(enc(1e300)).toMatchObject({
      ok: false,
      errors: [{ field: 't', message: expect.stringMatching(/9999/) }],
    });
    expect(enc(253402300800)).toMatchObject({ ok: false });
    expect(enc(-1)).toMatchObject({ ok: false });
  });
  it('short integers convert exactly without BigInt; long ones still range-checked', () => {
    const enc = (n: string) => encodeRecord(schema, { id: 'a', t: 1, n }, { source: 'csv' });
    expect(enc('007')).toMatchObject({
      ok: true,
      record: expect.arrayContaining([{ FeatureName: 'n', ValueAsString: '7' }]),
    });
    expect(enc('-0')).toMatchObject({
      ok: true,
      record: expect.arrayContaining([{ FeatureName: 'n', ValueAsString: '0' }]),
    });
    expect(enc('9223372036854775807')).toMatchObject({ ok: true });
    expect(enc('9223372036854775808')).toMatchObject({ ok: false });
  });
  it('the stale-delete rule compares instants in either format', () => {
    expect(isStaleDelete('100', '100')).toBe(true);
    expect(isStaleDelete('101', '100')).toBe(false);
    expect(isStaleDelete('2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z')).toBe(true);
    expect(isStaleDelete('100', undefined)).toBe(false);
  });
});

describe('line reading', () => {
  it('strict UTF-8 per line, BOM dropped, CRLF, a long line skipped without keeping it', async () => {
    const input = Readable.from([
      Buffer.from('\ufeffone\r\n'),
      Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
      Buffer.from('x'.repeat(50)),
      Buffer.from(`${'y'.repeat(50)}\nlast`),
    ]);
    const lines = await collect(readLines(input, 64));
    expect(lines).toEqual<InputLine[]>([
      { line: 1, text: 'one' },
      { line: 2, error: 'the line is not valid UTF-8' },
      { line: 3, error: expect.stringMatching(/longer than 64 bytes/) as unknown as string },
      { line: 4, text: 'last' },
    ]);
  });
  it('a multi-byte character split across chunks is fine', async () => {
    const bytes = Buffer.from('añb\n');
    const lines = await collect(readLines(Readable.from([bytes.subarray(0, 2), bytes.subarray(2)])));
    expect(lines).toEqual([{ line: 1, text: 'añb' }]);
  });
});

describe('CSV records', () => {
  it('splits quoted fields', () => {
    expect(splitCsvFields('a,"b,c","d ""e"""')).toEqual({ fields: ['a', 'b,c', 'd "e"'] });
    expect(splitCsvFields('a,"open')).toEqual({ open: true });
    expect(splitCsvFields('a,"b"x')).toMatchObject({ error: expect.stringMatching(/closing quote/) });
    expect(splitCsvFields('a,b"c')).toMatchObject({ error: expect.stringMatching(/unquoted/) });
    expect(splitCsvFields(',,')).toEqual({ fields: ['', '', ''] });
  });
  it('a bad line inside a record spoils that record only', async () => {
    async function* lines(): AsyncGenerator<InputLine> {
      yield { line: 1, text: 'a,b' };
      yield { line: 2, text: '1,"x' };
      yield { line: 3, error: 'the line is not valid UTF-8' };
      yield { line: 4, text: '2,y' };
    }
    const records = await collect(readCsvRecords(lines(), () => undefined));
    expect(records.map((r) => [r.ordinal, r.line, r.fields ?? r.error])).toEqual([
      [1, 2, expect.stringMatching(/malformed CSV: the line is not valid UTF-8/)],
      [2, 3, 'the line is not valid UTF-8'],
      [3, 4, ['2', 'y']],
    ]);
  });
});

describe('checkpoint validation', () => {
  const base = {
    version: 1,
    input: { path: 'f', size: 1, mtimeMs: 1 },
    featureGroupArn: 'arn',
    ledger: { watermark: 2, done: [4, 5] },
    updatedAt: '',
  };
  it('accepts a sound checkpoint', () => {
    expect(validateCheckpoint(base, 'cp')).toEqual(base);
  });
  it.each([
    ['input null', { ...base, input: null }],
    ['no ledger', { ...base, ledger: undefined }],
    ['done not ascending', { ...base, ledger: { watermark: 2, done: [5, 4] } }],
    ['done below watermark', { ...base, ledger: { watermark: 2, done: [1] } }],
    ['negative watermark', { ...base, ledger: { watermark: -1, done: [] } }],
    [
      'too many entries',
      { ...base, ledger: { watermark: 0, done: Array.from({ length: 100_001 }, (_, i) => i + 1) } },
    ],
    ['another version', { ...base, version: 2 }],
    ['not an object', 'text'],
  ])('refuses %s', (_name, body) => {
    expect(() => validateCheckpoint(body, 'cp')).toThrow(/checkpoint cp is invalid/);
  });
});

describe('schema cache', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-cache-'));
  const file = path.join(dir, 'cache', 'schemas.json');
  const group = {
    arn: 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/g',
    name: 'g',
    account: '111111111111',
    region: 'us-east-1',
    own: true,
  };
  it('stores per scope, expires after the TTL, forgets on request, and is private', () => {
    let now = 1_000_000;
    const cache = new SchemaCache(file, () => now, 60_000);
    cache.store('scope-a', 'g', group, schema);
    expect(cache.lookup('scope-a', 'g')?.schema).toEqual(schema);
    expect(cache.lookup('scope-b', 'g')).toBeUndefined();
    expect(cache.lookup('scope-a', '111111111111/g')).toBeUndefined();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('scope-a');
    now += 60_001;
    expect(cache.lookup('scope-a', 'g')).toBeUndefined();
    cache.store('scope-a', 'g', group, schema);
    cache.forget(group.arn);
    expect(cache.lookup('scope-a', 'g')).toBeUndefined();
  });
  it('a corrupt file is a miss, never an error', () => {
    fs.writeFileSync(file, '{not json');
    expect(new SchemaCache(file, () => 0).lookup('s', 'g')).toBeUndefined();
  });
});
