/**
 * CSV (RFC 4180) records over checked physical lines. Hand-written because it sits on the import's
 * hot path: csv-parse with the line numbers and raw text the rejects file needs cost ~14 µs a row,
 * most of the parse budget; this reader costs about a tenth on the common row without quotes, and
 * it reuses the line reader's bounds (line length, strict UTF-8).
 *
 * Rules: fields are separated by commas; a field that starts with `"` is quoted, may hold commas,
 * line breaks and `""` (one quote), and must end with `"` before a comma or the line's end; a `"`
 * inside an unquoted field is an error, as is a record with more or fewer fields than the header.
 * Blank lines are skipped. Each malformed record is reported on its own and reading goes on.
 */
import { UsageError } from '../errors.js';
import type { InputLine } from './inputs.js';
import { MAX_INPUT_LINE_BYTES } from './inputs.js';

export interface CsvRecord {
  /** 1-based among the data records (malformed ones included), stable across runs. */
  ordinal: number;
  /** The line the record starts on. */
  line: number;
  /** The record as written (its lines joined with \n). */
  raw: string;
  fields?: string[];
  error?: string;
}

type FieldParse = { fields: string[] } | { open: true } | { error: string };

/** Splits one record's text into fields; `open` when a quoted field runs past the text's end. */
export function splitCsvFields(text: string): FieldParse {
  if (!text.includes('"')) {
    return { fields: text.split(',') };
  }
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 0x22) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) {
          return { open: true };
        }
        value += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 0x22) {
          value += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      fields.push(value);
      if (j === text.length) {
        return { fields };
      }
      if (text.charCodeAt(j) !== 0x2c) {
        return { error: `malformed CSV: a character follows the closing quote of field ${fields.length}` };
      }
      i = j + 1;
      continue;
    }
    const comma = text.indexOf(',', i);
    const value = comma === -1 ? text.slice(i) : text.slice(i, comma);
    if (value.includes('"')) {
      return { error: `malformed CSV: a quote inside the unquoted field ${fields.length + 1}` };
    }
    fields.push(value);
    if (comma === -1) {
      return { fields };
    }
    i = comma + 1;
  }
}

/**
 * Records from lines: the first record is the header (passed to `onHeader`, which may throw).
 * Yields data records in order, each with its fields or why it is malformed.
 */
export async function* readCsvRecords(
  lines: AsyncIterable<InputLine>,
  onHeader: (columns: string[]) => void,
  maxBytes = MAX_INPUT_LINE_BYTES,
): AsyncGenerator<CsvRecord> {
  let header: string[] | undefined;
  let ordinal = 0;
  let pending: { line: number; text: string } | undefined;
  for await (const { line, text, error } of lines) {
    if (error !== undefined) {
      // A bad line ends any record it was part of: that record is malformed too.
      if (pending) {
        ordinal++;
        yield { ordinal, line: pending.line, raw: pending.text, error: `malformed CSV: ${error}` };
        pending = undefined;
      }
      if (header) {
        ordinal++;
        yield { ordinal, line, raw: '', error };
      }
      continue;
    }
    const body = pending ? `${pending.text}\n${text ?? ''}` : (text ?? '');
    const start = pending ? pending.line : line;
    if (!pending && body === '') {
      continue;
    }
    const parsed = splitCsvFields(body);
    if ('open' in parsed) {
      if (body.length > maxBytes) {
        ordinal++;
        yield { ordinal, line: start, raw: '', error: `the record is longer than ${maxBytes} bytes` };
        pending = undefined;
      } else {
        pending = { line: start, text: body };
      }
      continue;
    }
    pending = undefined;
    if (!header) {
      if ('error' in parsed) {
        throw new UsageError(`The CSV header (line ${start}) is malformed: ${parsed.error}.`, {
          code: 'FSHARE_BAD_CSV_HEADER',
          hint: 'The first line must be the feature names, separated by commas.',
        });
      }
      onHeader(parsed.fields);
      header = parsed.fields;
      continue;
    }
    ordinal++;
    if ('error' in parsed) {
      yield { ordinal, line: start, raw: body, error: parsed.error };
    } else if (parsed.fields.length !== header.length) {
      yield {
        ordinal,
        line: start,
        raw: body,
        error: `malformed CSV: ${parsed.fields.length} fields where the header has ${header.length}`,
      };
    } else {
      yield { ordinal, line: start, raw: body, fields: parsed.fields };
    }
  }
  if (pending) {
    ordinal++;
    yield {
      ordinal,
      line: pending.line,
      raw: pending.text,
      error: 'malformed CSV: a quoted field is never closed',
    };
  }
}
