/**
 * The renderer: the only code that writes a command's result to stdout. Commands return data
 * (CommandResult); this turns it into a table on a TTY, or stable JSON / NDJSON / CSV / TSV / YAML,
 * and applies the global output options every command gets without declaring them: --query,
 * --json <fields>, --max-items, --wide and the pager.
 */
import { withNextCommands } from '../cli/next-command.js';
import type { Context } from '../context.js';
import type { ExitCode } from '../errors.js';
import { CoalescingWriter } from './coalesce.js';
import { fitNote } from './notes.js';
import { limitRows, selectOutput, toPlainJson } from './select.js';
import { csvLine, formatCell, layoutTable, tsvField, type ColumnKind } from './table.js';

export interface Column<Row = Record<string, unknown>> {
  key: string;
  header: string;
  /** Read the cell from the row; defaults to row[key]. */
  get?: (row: Row) => unknown;
  /**
   * What the cells are, so a narrow terminal never cuts what people copy: 'id', 'arn' and
   * 'command' are kept whole (wrapped if need be); 'text' may be shortened or dropped. Detected
   * from the cells when absent.
   */
  kind?: ColumnKind;
  /** Higher keeps its room longer when text columns must give way. Default 0. */
  priority?: number;
}

export interface TableView<Row = Record<string, unknown>> {
  columns: Column<Row>[];
  /**
   * The command's list. Plain objects; `-o json` prints them as they are (unless `data` is
   * given), `-o ndjson` one per line, CSV and text one per row: they are the stable contract.
   */
  rows: Iterable<Row> | AsyncIterable<Row>;
}

export interface CommandResult<Row = Record<string, unknown>> {
  /** The machine-readable payload for `-o json`. When absent, JSON output is the table's rows. */
  data?: unknown;
  table?: TableView<Row>;
  /** Human-readable lines (stdout) for table output, printed before the table. */
  lines?: string[];
  /** Next steps and hints for a person, on stderr; hidden by --quiet and in json/csv output. */
  notes?: string[];
  /** Warnings on stderr in every output mode; hidden by --quiet. */
  warnings?: string[];
  /** Shown on a TTY when the table has no rows. */
  emptyMessage?: string;
  exitCode?: ExitCode;
  /**
   * Text for stdout exactly as it is, in every output mode (a completion script is a script, not
   * JSON, even when piped). When set, data, table and lines are not printed.
   */
  raw?: string;
}

/** Helper so commands can declare results with typed rows. */
export function result<Row>(value: CommandResult<Row>): CommandResult<Row> {
  return value;
}

function cellOf<Row>(column: Column<Row>, row: Row): unknown {
  return column.get ? column.get(row) : (row as Record<string, unknown>)[column.key];
}

/** Writes with backpressure, so streamed output does not pile up in memory. */
export async function writeOut(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) {
    await new Promise<void>((resolve) => {
      stream.once('drain', () => resolve());
      // A stream that fails (EPIPE) never drains: the launcher's handler ends the process.
      stream.once('error', () => resolve());
    });
  }
}

/** The command's list as rows, whether it came as a table or as a data array. */
function listOf<Row>(res: CommandResult<Row>): Iterable<unknown> | AsyncIterable<unknown> | undefined {
  if (res.table) {
    return res.table.rows as Iterable<unknown> | AsyncIterable<unknown>;
  }
  return Array.isArray(res.data) ? res.data : undefined;
}

/** TSV/CSV header and cells for data without a table: the keys of an object, or of each item. */
function dataColumns(data: unknown): { keys: string[]; rows: unknown[] } {
  const items = Array.isArray(data) ? data : [data];
  const objects = items.every((i) => typeof i === 'object' && i !== null && !Array.isArray(i));
  if (!objects) {
    return { keys: ['value'], rows: items.map((value) => ({ value })) };
  }
  const keys = [...new Set(items.flatMap((i) => Object.keys(i as object)))];
  return { keys, rows: items };
}

async function renderMachine<Row>(res: CommandResult<Row>, ctx: Context, moreNote: (n: number) => void) {
  const { output, query, jsonFields, maxItems } = ctx.globals;
  const out = ctx.io.stdout;
  const list = listOf(res);
  const validKeys = res.table?.columns.map((c) => c.key) ?? [];

  if (query !== undefined || jsonFields !== undefined || output === 'yaml') {
    // Selection needs the whole value; the list part still honours --max-items.
    let value: unknown;
    if (res.data !== undefined && !(output === 'ndjson' && res.table)) {
      value = toPlainJson(res.data);
      if (Array.isArray(value) && maxItems !== undefined && value.length > maxItems) {
        moreNote(maxItems);
        value = value.slice(0, maxItems);
      }
    } else {
      const rows: unknown[] = [];
      for await (const row of limitRows(list ?? [], maxItems, moreNote)) {
        rows.push(row);
      }
      value = toPlainJson(rows);
    }
    const selected = await selectOutput(value, { query, jsonFields, validKeys });
    if (output === 'yaml') {
      const { stringify } = await import('yaml');
      await writeOut(out, stringify(selected, { aliasDuplicateObjects: false }));
    } else if (output === 'ndjson' && Array.isArray(selected)) {
      for (const item of selected) {
        await writeOut(out, `${JSON.stringify(item)}\n`);
      }
    } else {
      await writeOut(out, `${JSON.stringify(selected, null, output === 'ndjson' ? undefined : 2)}\n`);
    }
    return;
  }

  if (output === 'json') {
    if (res.data !== undefined) {
      const data =
        Array.isArray(res.data) && maxItems !== undefined && res.data.length > maxItems
          ? (moreNote(maxItems), res.data.slice(0, maxItems))
          : res.data;
      await writeOut(out, `${JSON.stringify(data, null, 2)}\n`);
      return;
    }
    let first = true;
    const lines = new CoalescingWriter(out);
    await lines.write('[');
    for await (const row of limitRows(list ?? [], maxItems, moreNote)) {
      await lines.write(`${first ? '\n  ' : ',\n  '}${JSON.stringify(row)}`);
      first = false;
    }
    await lines.write(first ? ']\n' : '\n]\n');
    await lines.end();
    return;
  }

  if (output === 'ndjson') {
    // One entry per line for every list: the command's rows, not its wrapper object.
    if (list) {
      const lines = new CoalescingWriter(out);
      for await (const row of limitRows(list, maxItems, moreNote)) {
        await lines.write(`${JSON.stringify(row)}\n`);
      }
      await lines.end();
    } else if (res.data !== undefined) {
      await writeOut(out, `${JSON.stringify(res.data)}\n`);
    }
    return;
  }

  // csv and text: a header line of keys, then one line per entry; lists are JSON arrays.
  const line = output === 'csv' ? csvLine : (fields: string[]) => `${fields.map(tsvField).join('\t')}\n`;
  if (res.table) {
    const columns = res.table.columns;
    const lines = new CoalescingWriter(out);
    await lines.write(line(columns.map((c) => c.key)));
    for await (const row of limitRows(res.table.rows, maxItems, moreNote)) {
      await lines.write(line(columns.map((c) => formatCell(cellOf(c, row as Row), 'plain'))));
    }
    await lines.end();
  } else if (res.data !== undefined) {
    const { keys, rows } = dataColumns(toPlainJson(res.data));
    await writeOut(out, line(keys));
    for await (const row of limitRows(rows, maxItems, moreNote)) {
      await writeOut(out, line(keys.map((k) => formatCell((row as Record<string, unknown>)[k], 'plain'))));
    }
  }
}

async function renderHuman<Row>(res: CommandResult<Row>, ctx: Context, moreNote: (n: number) => void) {
  const { quiet, wide, maxItems, pager } = ctx.globals;
  let text = '';
  for (const line of res.lines ?? []) {
    text += `${line}\n`;
  }
  let hidden: string[] = [];
  if (res.table) {
    const rows: string[][] = [];
    for await (const row of limitRows(res.table.rows, maxItems, moreNote)) {
      rows.push(res.table.columns.map((c) => formatCell(cellOf(c, row as Row), 'human')));
    }
    if (rows.length === 0) {
      if (res.emptyMessage && !quiet) {
        ctx.io.stderr.write(`${res.emptyMessage}\n`);
      }
    } else {
      const layout = layoutTable(res.table.columns, rows, ctx.theme, { width: ctx.io.columns, wide });
      text += layout.text;
      hidden = layout.hidden;
    }
  }
  if (pager && text !== '') {
    const { pageText } = await import('./pager.js');
    await pageText(pager, text, ctx);
  } else {
    await writeOut(ctx.io.stdout, text);
  }
  if (hidden.length > 0 && !quiet) {
    ctx.io.stderr.write(
      `${ctx.theme.dim(`(${hidden.join(', ')} left out to fit ${ctx.io.columns} columns; --wide shows every column)`)}\n`,
    );
  }
}

export async function render<Row>(res: CommandResult<Row>, ctx: Context): Promise<void> {
  const { output, quiet } = ctx.globals;
  for (const warning of res.warnings ?? []) {
    ctx.log.warn(warning);
  }
  if (res.raw !== undefined) {
    await writeOut(ctx.io.stdout, res.raw);
    return;
  }
  let truncatedAt: number | undefined;
  const moreNote = (n: number) => {
    truncatedAt = n;
  };
  if (output === 'table') {
    await renderHuman(res, ctx, moreNote);
  } else {
    await renderMachine(res, ctx, moreNote);
  }
  if (truncatedAt !== undefined && !quiet) {
    // stderr in every mode: a pipe reading stdout must not see it, a person must.
    ctx.io.stderr.write(
      `Showing the first ${truncatedAt}; more exist (raise or drop --max-items to see them).\n`,
    );
  }
  if (output === 'table' && !quiet) {
    for (const note of res.notes ?? []) {
      // Next-step commands carry this invocation's --sandbox/--region/--endpoint-url (not its
      // profile: a note may be for someone else; a module adds it with nextCommand()).
      const text = withNextCommands(ctx.globals, note, { actor: 'other' });
      ctx.io.stderr.write(`${ctx.io.stderrIsTTY ? fitNote(text, ctx.io.columns) : text}\n`);
    }
  }
}
