/**
 * Cells and the terminal table. Like gh's table printer, identifiers are never cut: a column is
 * an 'id' (account, name, status), an 'arn', a 'command' (pasted and run) or 'text' (prose). When
 * a row does not fit the terminal, the least useful text columns are shortened, then dropped,
 * then the long identifiers wrap onto a second line, and when even that cannot fit the table
 * switches to a record (vertical) layout. `--wide` prints every column in full.
 */
import type { ChalkInstance } from 'chalk';

/**
 * 'id', 'arn', 'command': never cut (wrapped at most). 'text': prose, shortened then dropped.
 * 'time': a timestamp, dropped (not shortened) before identifiers wrap.
 */
export type ColumnKind = 'id' | 'arn' | 'command' | 'text' | 'time';

/** One cell as text. `human` shortens for a table; `plain` is lossless and stable (TSV, CSV). */
export function formatCell(value: unknown, mode: 'human' | 'plain'): string {
  if (value === undefined || value === null) {
    return mode === 'human' ? '-' : '';
  }
  if (value instanceof Date) {
    return mode === 'human'
      ? value
          .toISOString()
          .replace('T', ' ')
          .replace(/\.\d+Z$/, 'Z')
      : value.toISOString();
  }
  if (Array.isArray(value)) {
    return mode === 'human' ? value.map((v) => formatCell(v, mode)).join(', ') : JSON.stringify(value);
  }
  if (typeof value === 'boolean') {
    return mode === 'human' ? (value ? 'yes' : 'no') : String(value);
  }
  if (typeof value === 'object') {
    return JSON.stringify(value);
  }
  return String(value);
}

/** RFC 4180 quoting: quote fields with a comma, quote, CR or LF; double embedded quotes. */
export function csvLine(fields: string[]): string {
  return `${fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',')}\n`;
}

/** A TSV field: tabs and newlines inside a value would break the row, so they become spaces. */
export function tsvField(text: string): string {
  return text.replace(/[\t\r\n]+/g, ' ');
}

// eslint-disable-next-line no-control-regex -- matching the SGR escape sequences chalk writes
const ANSI = /\u001b\[[0-9;]*m/g;
export function visibleLength(text: string): number {
  return stringWidth(text.replace(ANSI, ''));
}

/** Terminal columns of plain text: one per code point (fshare's cells are not East Asian wide). */
function stringWidth(text: string): number {
  let n = 0;
  for (const _ of text) {
    n++;
  }
  return n;
}

export interface TableColumnSpec {
  header: string;
  /** Declared by the command; detected from the cells when absent. */
  kind?: ColumnKind | undefined;
  /** Higher keeps its room longer; text columns with the lowest priority go first. Default 0. */
  priority?: number | undefined;
}

export interface TableOptions {
  /** Terminal width. */
  width: number;
  /** Print every column in full, whatever the width (--wide). */
  wide?: boolean;
}

export interface TableLayout {
  text: string;
  /** Headers of text columns left out to fit; the renderer says so (and that --wide shows them). */
  hidden: string[];
  /** 'table', or 'records' when no row could fit as a table. */
  layout: 'table' | 'records';
}

const GAP = 2;
/** Text columns are not shortened below this (a word or two stays readable). */
const MIN_TEXT = 12;
/** An identifier wraps onto further lines only in pieces at least this wide. */
const MIN_WRAP = 24;
/** More lines than this for one identifier and the table becomes records. */
const MAX_WRAP_LINES = 3;

/** The kind a column's cells suggest, when the command did not declare one. */
export function detectKind(header: string, cells: string[]): ColumnKind {
  const values = cells.filter((c) => c !== '' && c !== '-');
  if (values.length === 0) {
    return 'id';
  }
  if (values.every((v) => v.startsWith('arn:'))) {
    return 'arn';
  }
  if (values.some((v) => /^fshare\s/.test(v))) {
    return 'command';
  }
  if (values.every((v) => /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v))) {
    return 'time';
  }
  if (/(^|\s)(arn|id|account|principal)$/i.test(header)) {
    return 'id';
  }
  // Prose has spaces; identifiers, levels and statuses do not.
  return values.some((v) => /\s/.test(v.replace(ANSI, ''))) ? 'text' : 'id';
}

function truncate(text: string, width: number): string {
  const plain = text.replace(ANSI, '');
  if (stringWidth(plain) <= width) {
    return text;
  }
  let out = '';
  for (const ch of plain) {
    if (stringWidth(out + ch) > width - 1) {
      break;
    }
    out += ch;
  }
  return `${out}…`;
}

/** Breaks an identifier into pieces of at most `width`, preferring to break after / : , - or space. */
export function wrapCell(text: string, width: number): string[] {
  const plain = text.replace(ANSI, '');
  if (stringWidth(plain) <= width) {
    return [text];
  }
  const pieces: string[] = [];
  let rest = plain;
  while (stringWidth(rest) > width) {
    let cut = width;
    const window = rest.slice(0, width);
    const soft = Math.max(
      window.lastIndexOf('/'),
      window.lastIndexOf(':'),
      window.lastIndexOf(' '),
      window.lastIndexOf(','),
      window.lastIndexOf('-'),
    );
    if (soft >= Math.floor(width / 2)) {
      cut = soft + 1;
    }
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^ /, '');
  }
  if (rest !== '') {
    pieces.push(rest);
  }
  return pieces;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleLength(text)));
}

function renderRecords(headers: string[], rows: string[][], theme: ChalkInstance): string {
  const keyWidth = Math.max(...headers.map((h) => h.length));
  const blocks = rows.map((row) =>
    headers.map((h, i) => `${theme.bold(pad(h.toUpperCase(), keyWidth))}  ${row[i] ?? ''}`).join('\n'),
  );
  return `${blocks.join('\n\n')}\n`;
}

/**
 * Lays the table out for the terminal width. Identifier, ARN and command cells are never cut:
 * they may wrap onto continuation lines, or the table becomes records (one block per row).
 */
export function layoutTable(
  columns: TableColumnSpec[],
  rows: string[][],
  theme: ChalkInstance,
  options: TableOptions,
): TableLayout {
  const cols = columns.map((c, i) => {
    const cells = rows.map((r) => r[i] ?? '');
    return {
      index: i,
      header: c.header,
      kind: c.kind ?? detectKind(c.header, cells),
      priority: c.priority ?? 0,
      natural: Math.max(c.header.length, ...cells.map(visibleLength)),
    };
  });
  const total = (list: { width: number }[]) =>
    list.reduce((sum, c) => sum + c.width, 0) + GAP * Math.max(0, list.length - 1);
  let shown = cols.map((c) => ({ ...c, width: c.natural }));
  const hidden: string[] = [];
  const width = options.width;

  if (!options.wide && total(shown) > width) {
    // 1. Shorten text columns, least useful first, down to a readable minimum.
    const byUse = [...shown].filter((c) => c.kind === 'text').sort((a, b) => a.priority - b.priority);
    for (const c of byUse) {
      const excess = total(shown) - width;
      if (excess <= 0) {
        break;
      }
      c.width = Math.max(Math.min(c.natural, Math.max(MIN_TEXT, c.header.length)), c.width - excess);
    }
    // 2. Drop text and time columns, least useful first (never the only column).
    const droppable = [...shown]
      .filter((c) => c.kind === 'text' || c.kind === 'time')
      .sort((a, b) => a.priority - b.priority || (a.kind === 'time' ? -1 : 1));
    for (const c of droppable) {
      if (total(shown) <= width || shown.length <= 1) {
        break;
      }
      shown = shown.filter((s) => s !== c);
      hidden.push(c.header);
    }
    // 3. Wrap the widest identifiers onto further lines, in pieces no narrower than MIN_WRAP.
    while (total(shown) > width) {
      const widest = [...shown]
        .filter((c) => c.kind !== 'text' && c.kind !== 'time')
        .sort((a, b) => b.width - a.width)
        .at(0);
      if (!widest || widest.width <= MIN_WRAP) {
        break;
      }
      widest.width = Math.max(MIN_WRAP, widest.width - (total(shown) - width));
    }
    // 4. Still too wide, or an identifier would need more than three lines (hard line breaks
    // inside an ARN break copy and paste): one block per row, every value whole.
    const tooTall = shown.some(
      (c) =>
        c.kind !== 'text' &&
        c.kind !== 'time' &&
        rows.some((r) => wrapCell(r[c.index] ?? '', c.width).length > MAX_WRAP_LINES),
    );
    if (total(shown) > width || tooTall) {
      return {
        text: renderRecords(
          cols.map((c) => c.header),
          rows,
          theme,
        ),
        hidden: [],
        layout: 'records',
      };
    }
  }

  const renderRow = (cells: string[], header = false): string[] => {
    const pieces = shown.map((c) => {
      const cell = cells[c.index] ?? '';
      if (header || options.wide) {
        return [cell];
      }
      return c.kind === 'text' ? [truncate(cell, c.width)] : wrapCell(cell, c.width);
    });
    const height = Math.max(...pieces.map((p) => p.length));
    const lines: string[] = [];
    for (let line = 0; line < height; line++) {
      lines.push(
        shown
          .map((c, i) => {
            const piece = pieces[i]?.[line] ?? '';
            return i === shown.length - 1 ? piece : pad(piece, c.width);
          })
          .join(' '.repeat(GAP))
          .trimEnd(),
      );
    }
    return lines;
  };
  const out = [
    theme.bold(
      renderRow(
        cols.map((c) => c.header.toUpperCase()),
        true,
      )[0] ?? '',
    ),
    ...rows.flatMap((r) => renderRow(r)),
  ];
  return { text: `${out.join('\n')}\n`, hidden, layout: 'table' };
}

/** The table as text (the older entry point): headers, rows, theme and width. */
export function renderTable(
  headers: string[],
  rows: string[][],
  theme: ChalkInstance,
  width: number,
): string {
  return layoutTable(
    headers.map((header) => ({ header })),
    rows,
    theme,
    { width },
  ).text;
}
