/**
 * Streaming readers for import files: CSV (with a header row) and JSONL. Each yields rows in file
 * order with a stable ordinal (the same file always gives the same ordinals, which is what the
 * checkpoint relies on), the line number, the original text and either the parsed value or why
 * the row could not be parsed. Memory does not grow with the file.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse, type CsvError, type Options as CsvOptions } from 'csv-parse';
import { UsageError } from '../errors.js';

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

const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
const chomp = (text: string): string => text.replace(/\r?\n$/, '');

export interface ReadOptions {
  /** CSV only: called with the header before any row; throw to stop (e.g. an unknown column). */
  onHeader?: (columns: string[]) => void;
}

export async function* readJsonl(input: Readable): AsyncGenerator<SourceRow> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    const body = line === 1 ? stripBom(text) : text;
    if (body.trim() === '') {
      continue;
    }
    try {
      yield { ordinal: line, line, raw: body, value: JSON.parse(body) as unknown };
    } catch (error) {
      yield { ordinal: line, line, raw: body, error: `not valid JSON: ${(error as Error).message}` };
    }
  }
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
      skipped.push({
        ordinal: sequence,
        line: Math.max(1, end - lines),
        raw: text,
        error: `malformed CSV: ${error?.message ?? 'unreadable record'}`,
      });
      return undefined;
    },
    // The declared type assumes plain string[] records; with info and raw on, each is wrapped.
    on_record: ((record: unknown) => {
      sequence++;
      return { ...(record as object), sequence };
    }) as unknown as NonNullable<CsvOptions['on_record']>,
  };
  const parser = input.pipe(parse(csvOptions));
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
    yield { ordinal: item.sequence, line: item.info.lines - lines, raw, value: item.record };
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
