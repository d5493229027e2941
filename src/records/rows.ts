/**
 * Streaming readers for import files: CSV (with a header row) and JSONL. Each yields rows in file
 * order with a stable ordinal (the same file always gives the same ordinals, which is what the
 * checkpoint relies on), the line number, the original text and either the parsed value or why
 * the row could not be parsed. Memory does not grow with the file, nor with one long line: a line
 * over Feature Store's record size is refused as it streams (never buffered whole), and text must
 * be valid UTF-8 (a bad byte rejects its row; nothing is replaced with U+FFFD).
 */
import type { Readable } from 'node:stream';
import { UsageError } from '../errors.js';
import { CsvRecordReader, type CsvRecord } from './csv.js';
import { readLineBatches, type InputLine } from './inputs.js';
import { parseStrictJson } from './json.js';

export type InputFormat = 'csv' | 'jsonl';

export interface SourceRow {
  /** 1-based position among the file's rows (parsed or not), stable across runs. */
  ordinal: number;
  /** The line the row starts on (1-based, counting the header). */
  line: number;
  /** The row as it appears in the file, without the line break. */
  raw: string;
  value?: unknown;
  /**
   * CSV read with `cells: true`: the cells in header order instead of `value` (csvValue builds it),
   * so the import's fast encoder need not make an object per row.
   */
  cells?: string[];
  /** Why the row could not be parsed; absent when `value` (or `cells`) is set. */
  error?: string;
}

export function formatForPath(path: string): InputFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) {
    return 'csv';
  }
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) {
    return 'jsonl';
  }
  throw new UsageError(`Cannot tell the format of "${path}" from its name.`, {
    code: 'FSHARE_BAD_INPUT_FORMAT',
    hint: 'Name the file .csv (with a header row of feature names) or .jsonl (one JSON object per line).',
  });
}

export interface ReadOptions {
  /** CSV only: called with the header before any row; throw to stop (e.g. an unknown column). */
  onHeader?: (columns: string[]) => void;
  /** CSV only: rows carry `cells`, not `value`. */
  cells?: boolean;
}

/** A CSV row's value: header column → cell. */
export function csvValue(columns: readonly string[], cells: readonly string[]): Record<string, string> {
  const value: Record<string, string> = {};
  for (let i = 0; i < columns.length; i++) {
    value[columns[i] as string] = cells[i] as string;
  }
  return value;
}

function jsonlRow(line: InputLine): SourceRow | undefined {
  if (line.error !== undefined) {
    return { ordinal: line.line, line: line.line, raw: '', error: line.error };
  }
  const body = line.text ?? '';
  if (body.trim() === '') {
    return undefined;
  }
  const parsed = parseStrictJson(body);
  return parsed.ok
    ? { ordinal: line.line, line: line.line, raw: body, value: parsed.value }
    : { ordinal: line.line, line: line.line, raw: body, error: parsed.error };
}

function csvRow(r: CsvRecord, columns: string[], cells: boolean): SourceRow {
  if (r.fields === undefined) {
    return { ordinal: r.ordinal, line: r.line, raw: r.raw, error: r.error ?? 'malformed CSV' };
  }
  return cells
    ? { ordinal: r.ordinal, line: r.line, raw: r.raw, cells: r.fields }
    : { ordinal: r.ordinal, line: r.line, raw: r.raw, value: csvValue(columns, r.fields) };
}

/*
 * The batch readers yield one lazy iterable per chunk read: lines are split per chunk (one await),
 * but each row is built only when the consumer takes it, so a chunk's rows are not all alive at
 * once while the consumer waits (held across many collections, they would be promoted to the old
 * generation and grow the heap). Each iterable must be used up before the next one is asked for.
 */
export async function* readJsonlBatches(input: Readable): AsyncGenerator<Iterable<SourceRow>> {
  for await (const lines of readLineBatches(input)) {
    yield (function* () {
      for (const line of lines) {
        const row = jsonlRow(line);
        if (row) {
          yield row;
        }
      }
    })();
  }
}

export async function* readCsvBatches(
  input: Readable,
  options: ReadOptions = {},
): AsyncGenerator<Iterable<SourceRow>> {
  const reader = new CsvRecordReader((header) => options.onHeader?.(header));
  const records: CsvRecord[] = [];
  function* drain(): Generator<SourceRow> {
    const columns = reader.columns ?? [];
    for (const r of records) {
      yield csvRow(r, columns, options.cells === true);
    }
    records.length = 0;
  }
  for await (const lines of readLineBatches(input)) {
    yield (function* () {
      for (const line of lines) {
        reader.push(line, records);
        if (records.length > 0) {
          yield* drain();
        }
      }
    })();
  }
  reader.end(records);
  yield drain();
}

/** Rows in file order, one lazy batch per chunk read (the import's hot path: one await per chunk). */
export function readRowBatches(
  input: Readable,
  format: InputFormat,
  options: ReadOptions = {},
): AsyncGenerator<Iterable<SourceRow>> {
  return format === 'csv' ? readCsvBatches(input, options) : readJsonlBatches(input);
}

async function* flatten(batches: AsyncGenerator<Iterable<SourceRow>>): AsyncGenerator<SourceRow> {
  for await (const rows of batches) {
    yield* rows;
  }
}

export function readJsonl(input: Readable): AsyncGenerator<SourceRow> {
  return flatten(readJsonlBatches(input));
}

export function readCsv(input: Readable, options: ReadOptions = {}): AsyncGenerator<SourceRow> {
  return flatten(readCsvBatches(input, options));
}

export function readRows(
  input: Readable,
  format: InputFormat,
  options: ReadOptions = {},
): AsyncGenerator<SourceRow> {
  return flatten(readRowBatches(input, format, options));
}
