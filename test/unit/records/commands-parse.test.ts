// Flags → service input for every record command (gh's TestNewCmd… style): no AWS, no context.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { batchGetInput } from '../../../commands/batch-get.js';
import { deleteRecordInput } from '../../../commands/delete-record.js';
import { getRecordInput } from '../../../commands/get-record.js';
import { putRecordInput } from '../../../commands/put-record.js';
import { UsageError } from '../../../src/errors.js';
import { exportInput } from '../../../src/records/export.js';
import { importInput } from '../../../src/records/import.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-parse-'));
const existing = path.join(dir, 'rows.jsonl');
fs.writeFileSync(existing, '{}\n');
const stdin = (text: string) => Readable.from([text]);
const io = { stdoutIsTTY: false } as never;
const globals = (over: object = {}) => ({ output: 'json', maxItems: undefined, ...over }) as never;

describe('get-record', () => {
  it('maps the flags', () => {
    expect(getRecordInput('customers', 'C1', {})).toEqual({
      featureGroup: 'customers',
      id: 'C1',
      features: undefined,
      cache: true,
    });
    expect(getRecordInput('customers', 'C1', { features: 'a, b', cache: false })).toMatchObject({
      features: ['a', 'b'],
      cache: false,
    });
  });
  it('refuses an empty --features', () => {
    expect(() => getRecordInput('customers', 'C1', { features: ' , ' })).toThrow(UsageError);
  });
});

describe('put-record', () => {
  it('takes inline JSON, file:// and - (stdin)', async () => {
    const json = path.join(dir, 'r.json');
    fs.writeFileSync(json, '{"a":1}');
    expect(await putRecordInput('g', { record: '{"a":0}', ttl: '7d' }, stdin(''))).toMatchObject({
      json: '{"a":0}',
      source: '--record',
      ttl: { Unit: 'Days', Value: 7 },
      cache: true,
      eventTimeNow: false,
    });
    expect(await putRecordInput('g', { record: `file://${json}` }, stdin(''))).toMatchObject({
      json: '{"a":1}',
    });
    expect(await putRecordInput('g', { file: '-', targetStores: 'online' }, stdin('{"a":2}'))).toMatchObject({
      json: '{"a":2}',
      source: 'stdin',
      targetStores: ['OnlineStore'],
    });
  });
  it('needs exactly one of --record and --file, and a readable file', async () => {
    await expect(putRecordInput('g', {}, stdin(''))).rejects.toBeInstanceOf(UsageError);
    await expect(putRecordInput('g', { record: '{}', file: 'x' }, stdin(''))).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(putRecordInput('g', { file: path.join(dir, 'missing.json') }, stdin(''))).rejects.toThrow(
      /cannot read/,
    );
    await expect(putRecordInput('g', { file: dir }, stdin(''))).rejects.toThrow(/directory/);
    await expect(putRecordInput('g', { record: '{}', ttl: '7 days' }, stdin(''))).rejects.toThrow(/--ttl/);
  });
});

describe('delete-record', () => {
  it('maps the flags', () => {
    expect(deleteRecordInput('g', 'C1', { hard: true, eventTime: '1767225600', cache: false })).toEqual({
      featureGroup: 'g',
      id: 'C1',
      eventTime: '1767225600',
      hard: true,
      cache: false,
    });
    expect(deleteRecordInput('g', 'C1', {})).toMatchObject({
      hard: false,
      cache: true,
      eventTime: undefined,
    });
  });
});

describe('batch-get', () => {
  it('takes --ids or --ids-file (- is stdin)', () => {
    expect(batchGetInput('g', { ids: 'a,b', concurrency: '8' })).toMatchObject({
      ids: ['a', 'b'],
      concurrency: 8,
    });
    expect(batchGetInput('g', { idsFile: '-' })).toMatchObject({ ids: { file: '-' }, concurrency: 4 });
    expect(batchGetInput('g', { idsFile: existing })).toMatchObject({ ids: { file: existing } });
  });
  it('refuses both, neither, a directory, and a non-decimal concurrency', () => {
    expect(() => batchGetInput('g', {})).toThrow(UsageError);
    expect(() => batchGetInput('g', { ids: 'a', idsFile: existing })).toThrow(UsageError);
    expect(() => batchGetInput('g', { idsFile: dir })).toThrow(/directory/);
    for (const concurrency of ['0x10', '1e1', '+4', '4.0', ' 4', '0', '17']) {
      expect(() => batchGetInput('g', { ids: 'a', concurrency })).toThrow(/--concurrency/);
    }
  });
});

describe('export', () => {
  it('maps the flags; --file sets the format', () => {
    expect(exportInput('g', { file: path.join(dir, 'out.csv') }, { globals: globals(), io })).toMatchObject({
      fileFormat: 'csv',
      concurrency: 4,
      limitedByDefault: false,
      maxItems: undefined,
    });
    expect(exportInput('g', {}, { globals: globals({ maxItems: 5 }), io })).toMatchObject({ maxItems: 5 });
  });
  it('a terminal table is limited to 100 unless --max-items says otherwise', () => {
    const tty = { stdoutIsTTY: true } as never;
    expect(exportInput('g', {}, { globals: globals({ output: 'table' }), io: tty })).toMatchObject({
      maxItems: 100,
      limitedByDefault: true,
    });
    expect(
      exportInput('g', {}, { globals: globals({ output: 'table', maxItems: 500 }), io: tty }),
    ).toMatchObject({
      maxItems: 500,
      limitedByDefault: false,
    });
  });
  it('refuses an unknown format, a missing directory and a bad token', () => {
    expect(() => exportInput('g', { file: 'x.parquet' }, { globals: globals(), io })).toThrow(/format/);
    expect(() => exportInput('g', { file: '/nonexistent/x.jsonl' }, { globals: globals(), io })).toThrow(
      /\/nonexistent/,
    );
    expect(() => exportInput('g', { startingToken: 'nope' }, { globals: globals(), io })).toThrow(
      /--starting-token/,
    );
  });
});

describe('import', () => {
  it('maps the flags with the default rejects path', () => {
    expect(importInput('g', { file: existing, concurrency: '16', resume: true })).toEqual({
      featureGroup: 'g',
      file: existing,
      format: 'jsonl',
      concurrency: 16,
      resume: true,
      rejectsPath: `${existing}.rejects.jsonl`,
      progress: undefined,
      cache: true,
    });
  });
  it('--file - reads stdin, with --format and without --resume', () => {
    expect(importInput('g', { file: '-', format: 'csv' })).toMatchObject({
      file: '-',
      format: 'csv',
      rejectsPath: 'stdin.rejects.jsonl',
    });
    expect(() => importInput('g', { file: '-' })).toThrow(/--format/);
    expect(() => importInput('g', { file: '-', format: 'jsonl', resume: true })).toThrow(
      /--resume needs a file/,
    );
  });
  it('refuses a missing input, an unknown format and a bad --progress', () => {
    expect(() => importInput('g', { file: path.join(dir, 'none.jsonl') })).toThrow(/cannot read/);
    expect(() => importInput('g', { file: 'x.parquet' })).toThrow(/format/);
    expect(() => importInput('g', { file: existing, progress: 'loud' })).toThrow(/--progress/);
  });
});
