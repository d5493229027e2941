import { describe, expect, it } from 'vitest';
import type { OutputFormat } from '../../../src/cli/globals.js';
import { render, type CommandResult } from '../../../src/output/render.js';
import { fakeContext } from '../../helpers/fake-context.js';

interface Row {
  name: string;
  count: number;
  when: Date;
  tags: string[];
}
const ROWS: Row[] = [
  { name: 'customers', count: 3, when: new Date('2026-01-02T03:04:05.000Z'), tags: ['a', 'b'] },
  { name: 'trans,actions', count: 0, when: new Date('2026-01-03T00:00:00.000Z'), tags: [] },
];
const COLUMNS = [
  { key: 'name', header: 'Name' },
  { key: 'count', header: 'Count' },
  { key: 'when', header: 'When' },
  { key: 'tags', header: 'Tags' },
];

async function* stream<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

async function renderAs(res: CommandResult<Row>, output: OutputFormat, quiet = false) {
  const fake = fakeContext({ tty: output === 'table', globals: { output, quiet } });
  await render(res, fake.ctx);
  return { stdout: fake.stdout(), stderr: fake.stderr() };
}

describe('render', () => {
  it('json: the rows as a JSON array, dates as ISO-8601, also when streamed', async () => {
    for (const rows of [ROWS, stream(ROWS)]) {
      const { stdout } = await renderAs({ table: { columns: COLUMNS, rows } }, 'json');
      expect(JSON.parse(stdout)).toEqual(ROWS.map((r) => ({ ...r, when: r.when.toISOString() })));
    }
  });

  it('json: an empty table is []', async () => {
    const { stdout } = await renderAs({ table: { columns: COLUMNS, rows: [] } }, 'json');
    expect(JSON.parse(stdout)).toEqual([]);
  });

  it('json: data wins over the table', async () => {
    const { stdout } = await renderAs(
      { data: { total: 2 }, table: { columns: COLUMNS, rows: ROWS } },
      'json',
    );
    expect(JSON.parse(stdout)).toEqual({ total: 2 });
  });

  it('ndjson: one object per line', async () => {
    const { stdout } = await renderAs({ table: { columns: COLUMNS, rows: stream(ROWS) } }, 'ndjson');
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({ name: 'trans,actions' });
  });

  it('csv: header of keys, RFC 4180 quoting, lossless cells', async () => {
    const { stdout } = await renderAs({ table: { columns: COLUMNS, rows: ROWS } }, 'csv');
    expect(stdout).toBe(
      'name,count,when,tags\n' +
        'customers,3,2026-01-02T03:04:05.000Z,"[""a"",""b""]"\n' +
        '"trans,actions",0,2026-01-03T00:00:00.000Z,[]\n',
    );
  });

  it('text: tab-separated rows without a header', async () => {
    const { stdout } = await renderAs({ table: { columns: COLUMNS, rows: ROWS } }, 'text');
    expect(stdout.split('\n')[0]).toBe('customers\t3\t2026-01-02T03:04:05.000Z\t["a","b"]');
  });

  it('table: headers and rows; lines first; notes on stderr', async () => {
    const { stdout, stderr } = await renderAs(
      { lines: ['Shares:'], table: { columns: COLUMNS, rows: ROWS }, notes: ['Next: fshare accept'] },
      'table',
    );
    const out = stdout.split('\n');
    expect(out[0]).toBe('Shares:');
    expect(out[1]).toMatch(/NAME\s+COUNT\s+WHEN\s+TAGS/i);
    expect(stdout).toContain('customers');
    expect(stderr).toContain('Next: fshare accept');
  });

  it('table: the empty message on stderr when there are no rows', async () => {
    const { stdout, stderr } = await renderAs(
      { table: { columns: COLUMNS, rows: [] }, emptyMessage: 'Nothing shared yet.' },
      'table',
    );
    expect(stdout).toBe('');
    expect(stderr).toContain('Nothing shared yet.');
  });

  it('notes are for people: hidden in json and by --quiet; warnings show in json', async () => {
    const json = await renderAs({ data: {}, notes: ['a note'], warnings: ['careful'] }, 'json');
    expect(json.stderr).not.toContain('a note');
    expect(json.stderr).toContain('careful');
    const quiet = await renderAs(
      { data: {}, lines: ['x'], notes: ['a note'], warnings: ['careful'] },
      'table',
      true,
    );
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe('x\n');
  });

  it.each(['table', 'json', 'ndjson', 'csv', 'text'] as const)(
    'raw text is printed as it is in %s',
    async (output) => {
      const { stdout } = await renderAs(
        { raw: '#!/bin/sh\necho hi\n', data: { ignored: true }, lines: ['ignored'] },
        output,
      );
      expect(stdout).toBe('#!/bin/sh\necho hi\n');
    },
  );
});
