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
import { readCsvRecords } from './csv.js';
import { readLines } from './inputs.js';
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
  /** Why the row could not be parsed; absent when `value` is set. */
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
}

export async function* readJsonl(input: Readable): AsyncGenerator<SourceRow> {
  for await (const { line, text, error } of readLines(input)) {
    if (error !== undefined) {
      yield { ordinal: line, line, raw: '', error };
      continue;
    }
    const body = text ?? '';
    if (body.trim() === '') {
      continue;
    }
    const parsed = parseStrictJson(body);
    yield parsed.ok
      ? { ordinal: line, line, raw: body, value: parsed.value }
      : { ordinal: line, line, raw: body, error: parsed.error };
  }
}

export async function* readCsv(input: Readable, options: ReadOptions = {}): AsyncGenerator<SourceRow> {
  let columns: string[] = [];
  const records = readCsvRecords(readLines(input), (header) => {
    options.onHeader?.(header);
    columns = header;
  });
  for await (const r of records) {
    if (r.fields === undefined) {
      yield { ordinal: r.ordinal, line: r.line, raw: r.raw, error: r.error ?? 'malformed CSV' };
      continue;
    }
    const value: Record<string, string> = {};
    for (let i = 0; i < columns.length; i++) {
      value[columns[i] as string] = r.fields[i] as string;
    }
    yield { ordinal: r.ordinal, line: r.line, raw: r.raw, value };
  }
}

export function readRows(
  input: Readable,
  format: InputFormat,
  options: ReadOptions = {},
): AsyncGenerator<SourceRow> {
  return format === 'csv' ? readCsv(input, options) : readJsonl(input);
}
