/**
 * The renderer: the only code that writes a command's result to stdout. Commands return data
 * (CommandResult); this turns it into a table on a TTY, or stable JSON / NDJSON / CSV / text.
 */
import type { Context } from '../context.js';
import { withNextCommands } from '../cli/next-command.js';
import type { ExitCode } from '../errors.js';
import { csvLine, formatCell, renderTable } from './table.js';

export interface Column<Row = Record<string, unknown>> {
  key: string;
  header: string;
  /** Read the cell from the row; defaults to row[key]. */
  get?: (row: Row) => unknown;
}

export interface TableView<Row = Record<string, unknown>> {
  columns: Column<Row>[];
  /** Plain objects; `-o json` prints them as they are, so they are part of the stable contract. */
  rows: Iterable<Row> | AsyncIterable<Row>;
}

export interface CommandResult<Row = Record<string, unknown>> {
  /** The machine-readable payload for `-o json`. When absent, JSON output is the table's rows. */
  data?: unknown;
  table?: TableView<Row>;
  /** Human-readable lines (stdout) for table and text output, printed before the table. */
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

async function* iterate<Row>(rows: Iterable<Row> | AsyncIterable<Row>): AsyncGenerator<Row> {
  for await (const row of rows as AsyncIterable<Row>) {
    yield row;
  }
}

/** Writes with backpressure, so streamed output does not pile up in memory. */
export async function writeOut(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) {
    await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  }
}

export async function render<Row>(res: CommandResult<Row>, ctx: Context): Promise<void> {
  const { output, quiet } = ctx.globals;
  const out = ctx.io.stdout;
  for (const warning of res.warnings ?? []) {
    ctx.log.warn(warning);
  }
  const human = output === 'table' || output === 'text';
  if (res.raw !== undefined) {
    await writeOut(out, res.raw);
    return;
  }

  if (output === 'json' || output === 'ndjson') {
    if (res.data !== undefined) {
      if (output === 'ndjson' && Array.isArray(res.data)) {
        for (const item of res.data) {
          await writeOut(out, `${JSON.stringify(item)}\n`);
        }
      } else {
        await writeOut(out, `${JSON.stringify(res.data, null, output === 'json' ? 2 : undefined)}\n`);
      }
    } else if (res.table) {
      if (output === 'ndjson') {
        for await (const row of iterate(res.table.rows)) {
          await writeOut(out, `${JSON.stringify(row)}\n`);
        }
      } else {
        let first = true;
        await writeOut(out, '[');
        for await (const row of iterate(res.table.rows)) {
          await writeOut(out, `${first ? '\n  ' : ',\n  '}${JSON.stringify(row)}`);
          first = false;
        }
        await writeOut(out, first ? ']\n' : '\n]\n');
      }
    }
  } else if (output === 'csv') {
    if (res.table) {
      await writeOut(out, csvLine(res.table.columns.map((c) => c.key)));
      for await (const row of iterate(res.table.rows)) {
        await writeOut(out, csvLine(res.table.columns.map((c) => formatCell(cellOf(c, row), 'plain'))));
      }
    } else if (res.data !== undefined) {
      await writeOut(out, csvLine(['key', 'value']));
      const entries =
        typeof res.data === 'object' && res.data !== null ? Object.entries(res.data) : [['value', res.data]];
      for (const [key, value] of entries) {
        await writeOut(out, csvLine([String(key), formatCell(value, 'plain')]));
      }
    }
  } else {
    for (const line of res.lines ?? []) {
      await writeOut(out, `${line}\n`);
    }
    if (res.table) {
      if (output === 'text') {
        for await (const row of iterate(res.table.rows)) {
          await writeOut(
            out,
            `${res.table.columns.map((c) => formatCell(cellOf(c, row), 'plain')).join('\t')}\n`,
          );
        }
      } else {
        const rows: string[][] = [];
        for await (const row of iterate(res.table.rows)) {
          rows.push(res.table.columns.map((c) => formatCell(cellOf(c, row), 'human')));
        }
        if (rows.length === 0) {
          if (res.emptyMessage && !quiet) {
            ctx.io.stderr.write(`${res.emptyMessage}\n`);
          }
        } else {
          await writeOut(
            out,
            renderTable(
              res.table.columns.map((c) => c.header),
              rows,
              ctx.theme,
              ctx.io.columns,
            ),
          );
        }
      }
    }
  }
  if (human && !quiet) {
    for (const note of res.notes ?? []) {
      // Next-step commands carry this invocation's --sandbox/--region/--endpoint-url (not its
      // profile: a note may be for someone else; a module adds it with nextCommand()).
      ctx.io.stderr.write(`${withNextCommands(ctx.globals, note, { actor: 'other' })}\n`);
    }
  }
}
