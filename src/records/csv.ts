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
 * The record reader as a state machine over lines, so a caller can feed it a whole chunk of lines
 * without an await per line. The first record is the header (passed to `onHeader`, which may
 * throw); data records come out in order, each with its fields or why it is malformed.
 */
export class CsvRecordReader {
  private header: string[] | undefined;
  private ordinal = 0;
  private pending: { line: number; text: string } | undefined;

  constructor(
    private readonly onHeader: (columns: string[]) => void,
    private readonly maxBytes = MAX_INPUT_LINE_BYTES,
  ) {}

  /** The header's columns, once read. */
  get columns(): string[] | undefined {
    return this.header;
  }

  push({ line, text, error }: InputLine, out: CsvRecord[]): void {
    const { pending, header } = this;
    if (error !== undefined) {
      // A bad line ends any record it was part of: that record is malformed too.
      if (pending) {
        out.push({
          ordinal: ++this.ordinal,
          line: pending.line,
          raw: pending.text,
          error: `malformed CSV: ${error}`,
        });
        this.pending = undefined;
      }
      if (header) {
        out.push({ ordinal: ++this.ordinal, line, raw: '', error });
      }
      return;
    }
    const body = pending ? `${pending.text}\n${text ?? ''}` : (text ?? '');
    const start = pending ? pending.line : line;
    if (!pending && body === '') {
      return;
    }
    const parsed = splitCsvFields(body);
    if ('open' in parsed) {
      if (body.length > this.maxBytes) {
        out.push({
          ordinal: ++this.ordinal,
          line: start,
          raw: '',
          error: `the record is longer than ${this.maxBytes} bytes`,
        });
        this.pending = undefined;
      } else {
        this.pending = { line: start, text: body };
      }
      return;
    }
    this.pending = undefined;
    if (!header) {
      if ('error' in parsed) {
        throw new UsageError(`The CSV header (line ${start}) is malformed: ${parsed.error}.`, {
          code: 'FSHARE_BAD_CSV_HEADER',
          hint: 'The first line must be the feature names, separated by commas.',
        });
      }
      this.onHeader(parsed.fields);
      this.header = parsed.fields;
      return;
    }
    const ordinal = ++this.ordinal;
    if ('error' in parsed) {
      out.push({ ordinal, line: start, raw: body, error: parsed.error });
    } else if (parsed.fields.length !== header.length) {
      out.push({
        ordinal,
        line: start,
        raw: body,
        error: `malformed CSV: ${parsed.fields.length} fields where the header has ${header.length}`,
      });
    } else {
      out.push({ ordinal, line: start, raw: body, fields: parsed.fields });
    }
  }

  /** The input ended: a record still open is malformed. */
  end(out: CsvRecord[]): void {
    if (this.pending) {
      out.push({
        ordinal: ++this.ordinal,
        line: this.pending.line,
        raw: this.pending.text,
        error: 'malformed CSV: a quoted field is never closed',
      });
      this.pending = undefined;
    }
  }
}

/** Records from lines, one at a time (see CsvRecordReader). */
export async function* readCsvRecords(
  lines: AsyncIterable<InputLine>,
  onHeader: (columns: string[]) => void,
  maxBytes = MAX_INPUT_LINE_BYTES,
): AsyncGenerator<CsvRecord> {
  const reader = new CsvRecordReader(onHeader, maxBytes);
  const out: CsvRecord[] = [];
  for await (const line of lines) {
    reader.push(line, out);
    yield* out.splice(0);
  }
  reader.end(out);
  yield* out;
}
