/**
 * Writing records to a .jsonl or .csv file (export --file). Writes are buffered and synchronous, so
 * a full disk or a vanished directory is a one-line error at the record it happened, never a hang
 * on a stream that will not drain.
 */
import * as fs from 'node:fs';
import { FshareError, UsageError } from '../errors.js';
import { csvLine } from '../output/table.js';
import type { TypedRecord } from './codec.js';

export type RecordFileFormat = 'jsonl' | 'csv';

export function recordFileFormat(file: string, flag: string): RecordFileFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) {
    return 'csv';
  }
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) {
    return 'jsonl';
  }
  throw new UsageError(`${flag}: cannot tell the format of "${file}" from its name.`, {
    code: 'FSHARE_BAD_OUTPUT_FORMAT',
    hint: 'Name the file .jsonl or .csv.',
  });
}

function csvCell(value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }
  return Array.isArray(value) ? JSON.stringify(value) : String(value);
}

export function writeFailed(file: string, error: unknown): FshareError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOSPC' ? 'no space left on device' : ((error as Error).message ?? String(error));
  return new FshareError('FSHARE_WRITE_FAILED', `Cannot write to "${file}": ${why}.`, 1, {
    hint: 'Free some space or write somewhere else.',
    cause: error,
  });
}

/** A buffered, synchronous line writer over one file descriptor. */
export class LineFile {
  private fd: number;
  private buffer: string[] = [];
  private size = 0;

  constructor(
    readonly file: string,
    flags: 'w' | 'a' = 'w',
    private readonly flushBytes = 64 * 1024,
  ) {
    try {
      this.fd = fs.openSync(file, flags, 0o644);
    } catch (error) {
      throw writeFailed(file, error);
    }
  }

  write(line: string): void {
    this.buffer.push(line);
    this.size += line.length;
    if (this.size >= this.flushBytes) {
      this.flush();
    }
  }

  flush(): void {
    if (this.buffer.length === 0) {
      return;
    }
    const text = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    try {
      fs.writeSync(this.fd, text);
    } catch (error) {
      throw writeFailed(this.file, error);
    }
  }

  close(): void {
    try {
      this.flush();
    } finally {
      fs.closeSync(this.fd);
    }
  }
}

/** Streams records (a chunk at a time) into `file`; returns how many were written. */
export async function writeRecordFile(
  file: string,
  format: RecordFileFormat,
  columns: string[],
  batches: AsyncIterable<TypedRecord[]>,
): Promise<number> {
  const out = new LineFile(file);
  let count = 0;
  try {
    if (format === 'csv') {
      out.write(csvLine(columns));
    }
    for await (const records of batches) {
      count += records.length;
      // One string per chunk: the buffer then holds a few large strings, not a line per record.
      let text = '';
      for (const record of records) {
        text +=
          format === 'csv' ? csvLine(columns.map((c) => csvCell(record[c]))) : `${JSON.stringify(record)}\n`;
      }
      out.write(text);
    }
  } finally {
    out.close();
  }
  return count;
}
