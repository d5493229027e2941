import { describe, expect, it } from 'vitest';
import { createTheme } from '../../../src/context.js';
import { detectKind, layoutTable, wrapCell, type TableColumnSpec } from '../../../src/output/table.js';

const theme = createTheme(false);
const INV_ARN =
  'arn:aws:ram:us-east-1:111111111111:resource-share-invitation/8a3c5d9e-1f2b-4c6d-9e8f-0a1b2c3d4e5f';
const INV_ARN2 =
  'arn:aws:ram:us-east-1:111111111111:resource-share-invitation/8a3c5d9e-1f2b-4c6d-9e8f-ffffffffffff';
const COLUMNS: TableColumnSpec[] = [
  { header: 'Owner' },
  { header: 'Share' },
  { header: 'Level' },
  { header: 'Invitation' },
  { header: 'Note' },
];
const ROWS = [
  [
    '111111111111',
    'fshare-customers-read-only',
    'read-only',
    INV_ARN,
    'sent by the owner about four hours ago',
  ],
  ['111111111111', 'fshare-customers-read-write', 'read-write', INV_ARN2, 'sent a minute ago'],
];

function visibleLines(text: string): string[] {
  return text.trimEnd().split('\n');
}

describe('layoutTable: identifiers are never cut', () => {
  it.each([80, 140])('at %i columns every ARN and account appears whole', (width) => {
    const { text, layout } = layoutTable(COLUMNS, ROWS, theme, { width });
    expect(text).not.toMatch(/1111111111…|arn:aws:ram…/);
    if (layout === 'table') {
      for (const line of visibleLines(text)) {
        expect(line.length).toBeLessThanOrEqual(width);
      }
    }
    // A wrapped ARN reads back whole when its pieces are joined.
    const joined = text.replace(/\s+/g, '');
    for (const id of [INV_ARN, INV_ARN2, 'fshare-customers-read-only', '111111111111']) {
      expect(joined).toContain(id);
    }
  });

  it('the prose column is shortened first: the ARN stays on one line when that is enough', () => {
    const cols: TableColumnSpec[] = [{ header: 'Level' }, { header: 'Invitation' }, { header: 'Note' }];
    const rows = ROWS.map((r) => [r[2] ?? '', r[3] ?? '', r[4] ?? '']);
    const { text, hidden } = layoutTable(cols, rows, theme, { width: 140 });
    expect(hidden).toEqual([]);
    expect(text).toContain(INV_ARN);
    expect(text).toContain('sent by the owner about four…');
  });

  it('at 140 columns the prose column is dropped and named, and the ARN wraps onto a second line', () => {
    const { text, hidden, layout } = layoutTable(COLUMNS, ROWS, theme, { width: 140 });
    expect(layout).toBe('table');
    expect(hidden).toEqual(['Note']);
    expect(text).not.toContain('NOTE');
    expect(visibleLines(text)).toHaveLength(5);
    expect(text.replace(/\s+/g, '')).toContain(INV_ARN);
  });

  it('at 80 columns the ARN cannot fit in three lines: records, each ARN on one line', () => {
    const { text, layout } = layoutTable(COLUMNS, ROWS, theme, { width: 80 });
    expect(layout).toBe('records');
    expect(text).toContain(`INVITATION  ${INV_ARN}\n`);
  });

  it('a timestamp column is dropped (not cut) before identifiers wrap', () => {
    const cols: TableColumnSpec[] = [{ header: 'Share' }, { header: 'Expires' }, { header: 'Invitation' }];
    const rows = [['fshare-customers-read-only', '2026-12-02T11:04:07.913Z', INV_ARN]];
    const { text, hidden } = layoutTable(cols, rows, theme, { width: 125 });
    expect(hidden).toEqual(['Expires']);
    expect(text).toContain(INV_ARN);
    expect(text).not.toMatch(/2026-12-02T1\d?…/);
  });

  it('a row that cannot fit even wrapped becomes records, every value whole', () => {
    const { text, layout } = layoutTable(COLUMNS, ROWS, theme, { width: 40 });
    expect(layout).toBe('records');
    expect(text).toContain(`INVITATION  ${INV_ARN}`);
    expect(text).toContain('NOTE        sent by the owner about four hours ago');
  });

  it('--wide prints every column in full whatever the width', () => {
    const { text, hidden } = layoutTable(COLUMNS, ROWS, theme, { width: 80, wide: true });
    expect(hidden).toEqual([]);
    expect(text).toContain(INV_ARN);
    expect(text).toContain('sent by the owner about four hours ago');
  });

  it('a declared priority keeps a text column longer than another', () => {
    const cols: TableColumnSpec[] = [
      { header: 'Id' },
      { header: 'Why', kind: 'text', priority: 5 },
      { header: 'Detail', kind: 'text' },
    ];
    const rows = [['a1', 'because the owner said so long ago', 'more words that matter less here']];
    const { hidden } = layoutTable(cols, rows, theme, { width: 26 });
    expect(hidden).toEqual(['Detail']);
  });

  it('commands keep whole: an advised command wraps at spaces rather than being cut', () => {
    const cmd = 'fshare revoke customers --from 333333333333 --level read-write';
    const { text } = layoutTable(
      [{ header: 'Account' }, { header: 'Advice' }],
      [['333333333333', cmd]],
      theme,
      {
        width: 50,
      },
    );
    expect(text).not.toContain('…');
    expect(text.replace(/\s+/g, ' ')).toContain(cmd);
  });
});

describe('detectKind and wrapCell', () => {
  it('detects ARNs, commands, prose and identifiers from the cells', () => {
    expect(detectKind('Invitation', [INV_ARN, '-'])).toBe('arn');
    expect(detectKind('Advice', ['fshare grant x --to 1'])).toBe('command');
    expect(detectKind('Note', ['two words'])).toBe('text');
    expect(detectKind('Level', ['read-only'])).toBe('id');
    expect(detectKind('Expires', ['2026-12-02T11:04:07.913Z', '2026-12-02 11:04:07Z'])).toBe('time');
    expect(detectKind('Account', ['has spaces'])).toBe('id');
  });

  it('wraps after / or : where it can', () => {
    expect(wrapCell(INV_ARN, 62)).toEqual([
      'arn:aws:ram:us-east-1:111111111111:resource-share-invitation/',
      '8a3c5d9e-1f2b-4c6d-9e8f-0a1b2c3d4e5f',
    ]);
    expect(wrapCell('short', 10)).toEqual(['short']);
  });
});
