/**
 * Where record commands read from and write to, checked before any call: `-` is stdin, a
 * `file://` prefix reads a JSON argument from a file (as the AWS CLI does), input paths must be
 * readable files and output paths must be creatable. Text must be valid UTF-8: a bad byte is
 * refused, never replaced with U+FFFD.
 */
import * as fs from 'node:fs';
import { isAscii } from 'node:buffer';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { UsageError } from '../errors.js';

/** Feature Store's record size limit bounds every line or argument fshare reads. */
export const MAX_INPUT_LINE_BYTES = 350 * 1024 + 64 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8 (a leading BOM dropped), or a UsageError naming `source`. */
export function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    return decoder.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new UsageError(`${source} is not valid UTF-8.`, {
      code: 'FSHARE_BAD_ENCODING',
      hint: 'Save the file as UTF-8; fshare does not guess encodings or replace bad bytes.',
    });
  }
}

export async function readAll(stream: Readable, source: string, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limit) {
      throw new UsageError(`${source} is larger than ${limit} bytes.`, {
        code: 'FSHARE_INPUT_TOO_LARGE',
        hint: "Feature Store's records are at most 350 KB.",
      });
    }
    chunks.push(buf);
  }
  return decodeUtf8(Buffer.concat(chunks), source);
}

/** Refuses an input path that is missing, a directory or unreadable, naming it and the flag. */
export function checkInputFile(file: string, flag: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new UsageError(`${flag}: cannot read "${file}".`, {
      code: 'FSHARE_NO_INPUT',
      hint: `Check the path passed to ${flag}.`,
    });
  }
  if (stat.isDirectory()) {
    throw new UsageError(`${flag}: "${file}" is a directory, not a file.`, {
      code: 'FSHARE_NO_INPUT',
      hint: `Pass a file to ${flag}.`,
    });
  }
}

/**
 * Refuses an output path that cannot be written: its directory missing or read-only, or the path
 * a directory. (A full disk only shows at write time; that is a one-line error then.)
 */
export function checkOutputFile(file: string, flag: string): void {
  const dir = path.dirname(path.resolve(file));
  let existing: fs.Stats | undefined;
  try {
    existing = fs.statSync(file);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) {
    throw new UsageError(`${flag}: "${file}" is a directory.`, {
      code: 'FSHARE_BAD_OUTPUT',
      hint: `Pass a file path to ${flag}, e.g. ${path.join(file, 'out.jsonl')}.`,
    });
  }
  try {
    if (existing) {
      fs.accessSync(file, fs.constants.W_OK);
    } else {
      if (!fs.statSync(dir).isDirectory()) {
        throw new Error('not a directory');
      }
      fs.accessSync(dir, fs.constants.W_OK);
    }
  } catch {
    throw new UsageError(
      existing
        ? `${flag}: "${file}" is not writable.`
        : `${flag}: cannot create "${file}": the directory ${dir} does not exist or is not writable.`,
      { code: 'FSHARE_BAD_OUTPUT', hint: `Create the directory or pass another path to ${flag}.` },
    );
  }
}

/**
 * A JSON argument: inline text, `file://path`, or `-` for stdin. Returns the text and where it came
 * from (for error messages).
 */
export async function readJsonArgument(
  value: string,
  flag: string,
  stdin: Readable,
): Promise<{ text: string; source: string }> {
  if (value === '-') {
    return { text: await readAll(stdin, 'stdin', MAX_INPUT_LINE_BYTES), source: 'stdin' };
  }
  if (value.startsWith('file://')) {
    return readFileArgument(value.slice('file://'.length), flag, stdin);
  }
  return { text: value, source: flag };
}

/** A file argument: a path, or `-` for stdin. */
export async function readFileArgument(
  file: string,
  flag: string,
  stdin: Readable,
): Promise<{ text: string; source: string }> {
  if (file === '-') {
    return { text: await readAll(stdin, 'stdin', MAX_INPUT_LINE_BYTES), source: 'stdin' };
  }
  checkInputFile(file, flag);
  const size = fs.statSync(file).size;
  if (size > MAX_INPUT_LINE_BYTES) {
    throw new UsageError(`${flag}: "${file}" is ${size} bytes, larger than a record can be.`, {
      code: 'FSHARE_INPUT_TOO_LARGE',
      hint: "Feature Store's records are at most 350 KB; use `fshare import` for many records.",
    });
  }
  return { text: decodeUtf8(fs.readFileSync(file), `"${file}"`), source: `"${file}"` };
}

export interface InputLine {
  /** 1-based line number. */
  line: number;
  /** The line's text (without the line break), when it is valid UTF-8 and not too long. */
  text?: string;
  /** Why the line cannot be used: invalid UTF-8, or longer than the limit (never buffered whole). */
  error?: string;
}

/**
 * Lines of a byte stream with bounded memory: a line longer than `maxBytes` is skipped as it
 * streams (only its first bytes are kept) and reported as an error, and each line is decoded as
 * strict UTF-8. A leading BOM is dropped.
 */
export async function* readLines(
  input: Readable,
  maxBytes = MAX_INPUT_LINE_BYTES,
): AsyncGenerator<InputLine> {
  for await (const lines of readLineBatches(input, maxBytes)) {
    yield* lines;
  }
}

const TOO_LONG = (maxBytes: number): string =>
  `the line is longer than ${maxBytes} bytes (Feature Store's records are at most 350 KB)`;

/**
 * The same lines as readLines, one iterable per chunk read (use each up before asking for the
 * next): a consumer on a hot path (import) then pays one await per chunk rather than several per
 * line. Each line is still decoded (strict UTF-8) on its own, so a bad byte rejects just its line.
 */
export async function* readLineBatches(
  input: Readable,
  maxBytes = MAX_INPUT_LINE_BYTES,
): AsyncGenerator<Iterable<InputLine>> {
  // The line that runs past the current chunk: its pieces, byte count, and whether it is too long.
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let line = 0;
  const decodeOne = (bytes: Buffer): InputLine => {
    line++;
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 0x0d) {
      end--;
    }
    try {
      const text = decoder.decode(bytes.subarray(0, end));
      return { line, text: line === 1 ? text.replace(/^\uFEFF/, '') : text };
    } catch {
      return { line, error: 'the line is not valid UTF-8' };
    }
  };
  const finishCarried = (): InputLine => {
    if (tooLong) {
      line++;
      return { line, error: TOO_LONG(maxBytes) };
    }
    return decodeOne(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts));
  };
  for await (const chunk of input) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    let start = 0;
    let carried: InputLine | undefined;
    let region: Buffer | undefined;
    const first = buf.indexOf(0x0a);
    if (first !== -1) {
      // The line carried over from earlier chunks ends here.
      if (!tooLong) {
        parts.push(buf.subarray(0, first));
        size += first;
        tooLong = size > maxBytes;
      }
      carried = finishCarried();
      parts = [];
      size = 0;
      tooLong = false;
      start = first + 1;
      const last = buf.lastIndexOf(0x0a);
      if (last >= start) {
        region = buf.subarray(start, last + 1);
        start = last + 1;
      }
    }
    if (start < buf.length && !tooLong) {
      parts.push(buf.subarray(start));
      size += buf.length - start;
      if (size > maxBytes) {
        tooLong = true;
        parts = [];
      }
    }
    if (carried) {
      yield linesOf(carried, region);
    }
  }
  if (size > 0 || tooLong) {
    yield [finishCarried()];
  }

  /**
   * The carried line, then the lines of `region` (each ending with \n), made one at a time as
   * the consumer takes them: a chunk's lines are not all alive while it waits for a free slot
   * (held across collections they were the largest share of what the import promoted to the old
   * generation). ASCII (the common CSV) needs no decoding: each line is copied out as Latin-1, its
   * own flat string, not a slice keeping a decoded chunk alive.
   */
  function* linesOf(carried: InputLine, region: Buffer | undefined): Generator<InputLine> {
    yield carried;
    if (!region) {
      return;
    }
    const ascii = isAscii(region);
    let s = 0;
    for (let nl = region.indexOf(0x0a, s); nl !== -1; nl = region.indexOf(0x0a, s)) {
      if (nl - s > maxBytes) {
        line++;
        yield { line, error: TOO_LONG(maxBytes) };
      } else if (ascii) {
        line++;
        const end = nl > s && region[nl - 1] === 0x0d ? nl - 1 : nl;
        yield { line, text: region.toString('latin1', s, end) };
      } else {
        yield decodeOne(region.subarray(s, nl));
      }
      s = nl + 1;
    }
  }
}

/** put-record's record: exactly one of `--record` (JSON, file://, -) and `--file` (a path, -). */
export async function readRecordArgument(
  record: string | undefined,
  file: string | undefined,
  stdin: Readable,
): Promise<{ text: string; source: string }> {
  if ((record === undefined) === (file === undefined)) {
    throw new UsageError('Pass the record with exactly one of --record or --file.', {
      hint: `For example: --record '{"customer_id":"C0001","event_time":1767225600}', --record file://r.json or --file -.`,
    });
  }
  return record !== undefined
    ? readJsonArgument(record, '--record', stdin)
    : readFileArgument(file ?? '', '--file', stdin);
}
