/**
 * Streaming readers for import files: CSV (with a header row) and JSONL. Each yields rows in file
 * order with a stable ordinal (the same file always gives the same ordinals, which is what the
 * checkpoint relies on), the line number, the original text and either the parsed value or why
 * the row could not be parsed. Memory does not grow with the file, nor with one long line: a line
 * over Feature Store's record size is refused as it streams (never buffered whole), and text must
 * be valid UTF-8 (a bad byte rejects its row; nothing is replaced with U+FFFD).
 */
import { Readable } from 'node:stream';
import { parse, type CsvError, type Options as CsvOptions } from 'csv-parse';
import { UsageError } from '../errors.js';
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

const chomp = (text: string): string => text.replace(/\r?\n$/, '');

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

/** Marks a physical line the CSV parser must not see (too long, not UTF-8): NUL + the reason. */
const BAD_LINE = '\u0000';

/**
 * Physical lines checked (length, UTF-8) and joined back into chunks for the CSV parser; a bad
 * line becomes `NUL reason`, which the reader turns into a rejected row.
 */
async function* checkedCsvText(input: Readable): AsyncGenerator<string> {
  let chunk = '';
  for await (const { text, error } of readLines(input)) {
    chunk += error !== undefined ? `${BAD_LINE}${error.replace(/[",]/g, ' ')}\n` : `${text ?? ''}\n`;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') {
    yield chunk;
  }
}

function badLineReason(values: Iterable<unknown>): string | undefined {
  for (const value of values) {
    if (typeof value === 'string' && value.startsWith(BAD_LINE)) {
      return value.slice(1);
    }
  }
  return undefined;
}

interface CsvInfo {
  lines: number;
  raw?: string;
}

export async function* readCsv(input: Readable, options: ReadOptions = {}): AsyncGenerator<SourceRow> {
  // csv-parse reports malformed records through on_skip, synchronously and in file order; the
  // sequence number shared with on_record puts them back in place among the good rows.
  let sequence = 0;
  const skipped: SourceRow[] = [];
  const csvOptions: CsvOptions = {
    bom: true,
    columns: (header: string[]) => {
      options.onHeader?.(header);
      return header;
    },
    info: true,
    raw: true,
    skip_records_with_error: true,
    skip_empty_lines: true,
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      sequence++;
      const text = chomp(raw ?? '').replace(/^(\r?\n)+/, '');
      const lines = (text.match(/\n/g) ?? []).length;
      const end = typeof error?.lines === 'number' ? error.lines : 0;
      const bad = text.includes(BAD_LINE) ? text.slice(text.indexOf(BAD_LINE) + 1).split('\n')[0] : undefined;
      skipped.push({
        ordinal: sequence,
        line: Math.max(1, end - lines),
        raw: bad !== undefined ? '' : text,
        error: bad ?? `malformed CSV: ${error?.message ?? 'unreadable record'}`,
      });
      return undefined;
    },
    // The declared type assumes plain string[] records; with info and raw on, each is wrapped.
    on_record: ((record: unknown) => {
      sequence++;
      return { ...(record as object), sequence };
    }) as unknown as NonNullable<CsvOptions['on_record']>,
  };
  const parser = Readable.from(checkedCsvText(input), { objectMode: false }).pipe(parse(csvOptions));
  for await (const item of parser as AsyncIterable<{
    record: Record<string, string>;
    raw: string;
    info: CsvInfo;
    sequence: number;
  }>) {
    while (skipped.length > 0 && (skipped[0]?.ordinal ?? Infinity) < item.sequence) {
      const row = skipped.shift();
      if (row) {
        yield row;
      }
    }
    const raw = chomp(item.raw);
    const lines = (raw.match(/\n/g) ?? []).length;
    const line = item.info.lines - lines;
    const bad = badLineReason(Object.values(item.record));
    yield bad !== undefined
      ? { ordinal: item.sequence, line, raw: '', error: bad }
      : { ordinal: item.sequence, line, raw, value: item.record };
  }
  yield* skipped;
}

export function readRows(
  input: Readable,
  format: InputFormat,
  options: ReadOptions = {},
): AsyncGenerator<SourceRow> {
  return format === 'csv' ? readCsv(input, options) : readJsonl(input);
}
