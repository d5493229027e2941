import type { ChalkInstance } from 'chalk';

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

const ANSI = new RegExp(String.raw`\u001b\[[0-9;]*m`, 'g');
function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}

/** Padded columns with a dim upper-case header; the widest column is truncated to fit the terminal. */
export function renderTable(
  headers: string[],
  rows: string[][],
  theme: ChalkInstance,
  width: number,
): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const gap = 2;
  const total = widths.reduce((a, b) => a + b, 0) + gap * (widths.length - 1);
  // Shave the widest column one character at a time, so truncation is shared out rather than
  // destroying one column; no column goes below 8 characters.
  let excess = total - width;
  while (excess > 0) {
    const widest = widths.indexOf(Math.max(...widths));
    const current = widths[widest] ?? 0;
    if (current <= 8) {
      break;
    }
    widths[widest] = current - 1;
    excess--;
  }
  const fit = (text: string, w: number) => {
    const len = visibleLength(text);
    if (len > w) {
      return `${text.replace(ANSI, '').slice(0, Math.max(0, w - 1))}…`;
    }
    return text + ' '.repeat(w - len);
  };
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        i === cells.length - 1
          ? visibleLength(c) > (widths[i] ?? 0)
            ? fit(c, widths[i] ?? 0)
            : c
          : fit(c, widths[i] ?? 0),
      )
      .join(' '.repeat(gap))
      .trimEnd();
  const out = [theme.bold(line(headers.map((h) => h.toUpperCase()))), ...rows.map(line)];
  return `${out.join('\n')}\n`;
}
