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

  it('text: TSV with a header line of keys, never prose', async () => {
    const { stdout, stderr } = await renderAs(
      { lines: ['Shares:'], notes: ['Next: x'], table: { columns: COLUMNS, rows: ROWS } },
      'text',
    );
    expect(stdout.split('\n').slice(0, 2)).toEqual([
      'name\tcount\twhen\ttags',
      'customers\t3\t2026-01-02T03:04:05.000Z\t["a","b"]',
    ]);
    expect(stdout).not.toContain('Shares:');
    expect(stderr).toBe('');
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

describe('machine output: one list, selection, limits', () => {
  const wrapped = { data: { entries: ROWS, warnings: [] }, table: { columns: COLUMNS, rows: ROWS } };

  it('ndjson prints the command’s list one entry per line, not its wrapper object', async () => {
    const { stdout } = await renderAs(wrapped, 'ndjson');
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ name: 'customers' });
  });

  it('csv and text of data without a table: a header of keys and a line of values', async () => {
    const csv = await renderAs({ data: { account: '111111111111', tags: ['a'] } }, 'csv');
    expect(csv.stdout).toBe('account,tags\n111111111111,"[""a""]"\n');
    const text = await renderAs({ data: { account: '111111111111', tags: ['a'] } }, 'text');
    expect(text.stdout).toBe('account\ttags\n111111111111\t["a"]\n');
  });

  it('yaml prints the JSON value as YAML', async () => {
    const { stdout } = await renderAs({ data: { name: 'customers', tags: ['a', 'b'] } }, 'yaml');
    expect(stdout).toBe('name: customers\ntags:\n  - a\n  - b\n');
  });

  it('--query applies JMESPath to the JSON output', async () => {
    const fake = fakeContext({ globals: { output: 'json', query: 'entries[?count > `0`].name' } });
    await render(wrapped, fake.ctx);
    expect(JSON.parse(fake.stdout())).toEqual(['customers']);
  });

  it('--json fields keeps only those fields of each entry', async () => {
    const fake = fakeContext({ globals: { output: 'json', jsonFields: ['name', 'count'] } });
    await render({ table: { columns: COLUMNS, rows: stream(ROWS) } }, fake.ctx);
    expect(JSON.parse(fake.stdout())).toEqual([
      { name: 'customers', count: 3 },
      { name: 'trans,actions', count: 0 },
    ]);
  });

  it('--json with an unknown field is bad input listing the valid ones', async () => {
    const fake = fakeContext({ globals: { output: 'json', jsonFields: ['nmae'] } });
    await expect(render({ table: { columns: COLUMNS, rows: [] } }, fake.ctx)).rejects.toMatchObject({
      code: 'FSHARE_UNKNOWN_FIELD',
      exitCode: 2,
      hint: 'Valid fields: count, name, tags, when.',
    });
  });

  it.each(['json', 'ndjson', 'csv', 'table'] as const)(
    '--max-items stops a list (%s) and says on stderr that more exist; no more rows are read',
    async (output) => {
      let read = 0;
      async function* many() {
        for (let i = 0; i < 1000; i++) {
          read++;
          yield { name: `g${i}`, count: i, when: new Date(0), tags: [] };
        }
      }
      const fake = fakeContext({ tty: output === 'table', globals: { output, maxItems: 3 } });
      await render({ table: { columns: COLUMNS, rows: many() } }, fake.ctx);
      expect(fake.stdout()).toContain('g2');
      expect(fake.stdout()).not.toContain('g3');
      expect(fake.stderr()).toContain('Showing the first 3; more exist');
      expect(read).toBe(4);
    },
  );

  it('--max-items equal to the list length adds no note', async () => {
    const fake = fakeContext({ globals: { output: 'json', maxItems: 2 } });
    await render({ table: { columns: COLUMNS, rows: ROWS } }, fake.ctx);
    expect(JSON.parse(fake.stdout())).toHaveLength(2);
    expect(fake.stderr()).toBe('');
  });
});

describe('the pager', () => {
  it('table output goes through FSHARE_PAGER/AWS_PAGER when one is set (a shell command line)', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-pager-'));
    try {
      const file = path.join(dir, 'paged.txt');
      const fake = fakeContext({ tty: true, globals: { output: 'table', pager: `cat > '${file}'` } });
      await render({ table: { columns: COLUMNS, rows: ROWS } }, fake.ctx);
      expect(fake.stdout()).toBe('');
      expect(fs.readFileSync(file, 'utf8')).toMatch(/^NAME\s+COUNT\s+WHEN\s+TAGS\ncustomers/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a pager that cannot start falls back to stdout', async () => {
    const fake = fakeContext({
      tty: true,
      globals: { output: 'table', pager: '/nonexistent/pager-fshare 2>/dev/null' },
    });
    await render({ table: { columns: COLUMNS, rows: ROWS } }, fake.ctx);
    // The shell reports the missing command (exit 127); the table still reaches stdout.
    expect(fake.stdout()).toMatch(/^NAME\s+COUNT/);
  });
});
