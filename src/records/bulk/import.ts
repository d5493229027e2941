/**
 * The import engine: stream rows → validate with the schema codec → the batch writer, with
 * bounded in-flight work (reading waits while the window is full, so memory does not grow with
 * the file), a rejects file and a checkpoint. The pieces: setup (resume or start over), the read
 * loop, and the ending (summary, or the error that stopped it).
 */
import * as fs from 'node:fs';
import type { Readable } from 'node:stream';
import { CancelledError, UsageError } from '../../errors.js';
import { encodeRecord, formatFieldErrors, type EncodeResult } from '../codec.js';
import { csvPlan, encodeCsvCells, type CsvPlan } from '../csv-encode.js';
import { csvValue, readRowBatches, type InputFormat, type SourceRow } from '../rows.js';
import type { RecordSchema } from '../schema.js';
import type { FeatureStorePort } from '../../aws/ports.js';
import { LineFile } from '../record-file.js';
import { assertCheckpointMatches, CheckpointWriter, loadCheckpoint, removeCheckpoint } from './checkpoint.js';
import { BULK_MAX_ATTEMPTS } from './pacing.js';
import { ProgressLedger } from './progress-ledger.js';
import { BatchWriter, type Pending } from './writer.js';

export const BATCH_WRITE_LIMIT = 25;

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  read: number;
  sent: number;
  rejected: number;
  retried: number;
  skipped: number;
  concurrency: number;
  elapsedMs: number;
}

export interface ImportSummary {
  featureGroupArn: string;
  file: string;
  /** Rows read from the file in this run (including those skipped because already done). */
  read: number;
  /** Rows an earlier run had already finished (--resume). */
  skipped: number;
  /** Records acknowledged by Feature Store in this run. */
  sent: number;
  rejected: number;
  /** Record sends that were repeated after throttling, 5xx or UnprocessedEntries. */
  retried: number;
  elapsedSeconds: number;
  recordsPerSecond: number;
  writeOperation: 'BatchWriteRecord' | 'PutRecord';
  rejectsFile: string | undefined;
  /** Highest concurrency reached (AIMD). */
  peakConcurrency: number;
}

export interface ImportDeps {
  featureStore: FeatureStorePort;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  signal: AbortSignal;
  warn: (message: string) => void;
  random?: () => number;
}

export interface ImportOptions {
  featureGroupArn: string;
  schema: RecordSchema;
  file: string;
  format: InputFormat;
  concurrency: number;
  resume: boolean;
  rejectsPath: string;
  checkpointPath: string;
  /** Attempts per record before it is rejected as undeliverable. */
  maxAttempts?: number;
  /** Read this stream instead of `file` (`--file -`): no checkpoint, so no --resume. */
  stdin?: Readable;
  onProgress?: (progress: ImportProgress) => void;
}

/** Validates the CSV header against the schema before any row is read. */
export function checkCsvHeader(columns: string[], schema: RecordSchema): void {
  const known = new Set(schema.features.map((f) => f.name));
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) {
      throw new UsageError(`The CSV header names the column "${column}" twice.`, {
        code: 'FSHARE_BAD_CSV_HEADER',
        hint: 'Each column must be a different feature name.',
      });
    }
    seen.add(column);
    if (!known.has(column)) {
      throw new UsageError(
        `The CSV header has a column "${column}" that is not a feature of ${schema.featureGroupName}.`,
        {
          code: 'FSHARE_BAD_CSV_HEADER',
          hint: `Rename or drop it; the features are: ${[...known].join(', ')} (see \`fshare describe ${schema.featureGroupName}\`).`,
        },
      );
    }
  }
  for (const required of [schema.recordIdentifier, schema.eventTime]) {
    if (!seen.has(required)) {
      throw new UsageError(`The CSV header has no "${required}" column, which every record needs.`, {
        code: 'FSHARE_BAD_CSV_HEADER',
        hint: `Add a "${required}" column (record identifier: ${schema.recordIdentifier}, event time: ${schema.eventTime}).`,
      });
    }
  }
}

/** The ledger to start from: the checkpoint's with --resume, else a fresh one (replacing any old). */
function startingLedger(
  deps: ImportDeps,
  options: ImportOptions,
  stat: Pick<fs.Stats, 'size' | 'mtimeMs'>,
): ProgressLedger {
  if (options.resume) {
    const previous = loadCheckpoint(options.checkpointPath);
    if (previous) {
      assertCheckpointMatches(previous, stat, options.featureGroupArn, options.checkpointPath);
      return new ProgressLedger(previous.ledger);
    }
    deps.warn(`No checkpoint at ${options.checkpointPath}; importing the whole file.`);
  } else if (fs.existsSync(options.checkpointPath)) {
    deps.warn(
      `Replacing the checkpoint of an earlier unfinished import (${options.checkpointPath}); pass --resume to continue it instead.`,
    );
    removeCheckpoint(options.checkpointPath);
  }
  return new ProgressLedger();
}

/** Rejected rows, one JSON line each with its line number and reason; opened on the first. */
class RejectsFile {
  private out: LineFile | undefined;
  constructor(
    private readonly file: string,
    private readonly append: boolean,
  ) {}
  write(row: Pick<SourceRow, 'line' | 'raw'>, reason: string): void {
    this.out ??= new LineFile(this.file, this.append ? 'a' : 'w', 16 * 1024);
    this.out.write(`${JSON.stringify({ line: row.line, reason, row: row.raw })}\n`);
  }
  close(): void {
    this.out?.close();
  }
}

export async function runImport(deps: ImportDeps, options: ImportOptions): Promise<ImportSummary> {
  const { schema } = options;
  let stat: Pick<fs.Stats, 'size' | 'mtimeMs'> = { size: 0, mtimeMs: 0 };
  if (!options.stdin) {
    try {
      stat = fs.statSync(options.file);
    } catch {
      throw new UsageError(`Cannot read the input file "${options.file}".`, {
        code: 'FSHARE_NO_INPUT',
        hint: 'Check the path passed to --file.',
      });
    }
  }
  const ledger = options.stdin ? new ProgressLedger() : startingLedger(deps, options, stat);
  const started = deps.now();
  const counts = { read: 0, skipped: 0, sent: 0, rejected: 0, retried: 0 };
  const rejects = new RejectsFile(options.rejectsPath, options.resume);
  const checkpoint = new CheckpointWriter(options.stdin ? undefined : options.checkpointPath, () => ({
    version: 1,
    input: { path: options.file, size: stat.size, mtimeMs: stat.mtimeMs },
    featureGroupArn: options.featureGroupArn,
    ledger: ledger.state(),
    updatedAt: new Date(deps.now()).toISOString(),
  }));
  const input = options.stdin ?? fs.createReadStream(options.file, { highWaterMark: 64 * 1024 });
  const progress = (): void => {
    options.onProgress?.({
      bytesRead: (input as { bytesRead?: number }).bytesRead ?? 0,
      totalBytes: stat.size,
      ...counts,
      concurrency: writer.limiter.limit,
      elapsedMs: deps.now() - started,
    });
  };
  const reject = (row: Pick<SourceRow, 'ordinal' | 'line' | 'raw'>, reason: string): void => {
    rejects.write(row, reason);
    counts.rejected++;
    ledger.complete(row.ordinal);
    checkpoint.touch();
  };
  const writer = new BatchWriter(
    {
      featureStore: deps.featureStore,
      sleep: deps.sleep,
      signal: deps.signal,
      warn: deps.warn,
      random: deps.random ?? Math.random,
      acknowledge: (items: Pending[]) => {
        for (const item of items) {
          ledger.complete(item.ordinal);
        }
        counts.sent += items.length;
        checkpoint.touch();
        progress();
      },
      reject,
      retried: (n) => (counts.retried += n),
    },
    options.featureGroupArn,
    schema.recordIdentifier,
    options.concurrency,
    options.maxAttempts ?? BULK_MAX_ATTEMPTS,
  );

  // In-flight batches are counted, not kept: whoever waits (for a free slot, or for the end) is
  // woken when one finishes, with no Promise.race over the window per batch.
  let running = 0;
  let wake: (() => void) | undefined;
  const settled = (): void => {
    running--;
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  const until = async (ready: () => boolean): Promise<void> => {
    while (!ready()) {
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  const launch = (items: Pending[]): void => {
    checkpoint.flushPending();
    running++;
    // A failure outside the service's answers (the rejects file on a full disk) stops the import.
    writer.write(items).then(settled, (error: unknown) => {
      writer.stop(error);
      settled();
    });
  };
  const roomToSend = (): boolean => running < writer.limiter.limit;

  const source = options.format === 'csv' ? 'csv' : 'json';
  let header: string[] = [];
  let plan: CsvPlan | undefined;
  const batches = readRowBatches(input, options.format, {
    onHeader: (columns) => {
      checkCsvHeader(columns, schema);
      header = columns;
      plan = csvPlan(schema, columns);
    },
    cells: true,
  });
  const encode = (row: SourceRow): EncodeResult => {
    if (row.cells === undefined) {
      return encodeRecord(schema, row.value, { source });
    }
    // The fast path answers only for valid rows; any doubt goes to encodeRecord for its reasons.
    return (
      (plan && encodeCsvCells(plan, row.cells)) ??
      encodeRecord(schema, csvValue(header, row.cells), { source })
    );
  };
  let batch: Pending[] = [];
  try {
    reading: for await (const rows of batches) {
      for (const row of rows) {
        if (writer.stopped) {
          break reading;
        }
        counts.read++;
        if (ledger.isDone(row.ordinal)) {
          counts.skipped++;
          continue;
        }
        ledger.dispatch(row.ordinal);
        if (row.error !== undefined) {
          reject(row, row.error);
          continue;
        }
        const encoded = encode(row);
        if (!encoded.ok) {
          reject(row, formatFieldErrors(encoded.errors));
          continue;
        }
        batch.push({
          ordinal: row.ordinal,
          line: row.line,
          raw: row.raw,
          id: encoded.id,
          record: encoded.record,
        });
        if (batch.length === BATCH_WRITE_LIMIT) {
          // Reading waits while the window is full, so memory does not grow with the file.
          await until(roomToSend);
          launch(batch);
          batch = [];
        }
      }
    }
    if (batch.length > 0 && !writer.stopped) {
      await until(roomToSend);
      launch(batch);
    }
  } catch (error) {
    writer.stop(error);
  } finally {
    await until(() => running === 0);
    if (!options.stdin) {
      input.destroy();
    }
    try {
      rejects.close();
    } catch (error) {
      writer.stop(error);
    }
  }
  return finish(deps, options, { counts, writer, checkpoint, started, progress });
}

function finish(
  deps: ImportDeps,
  options: ImportOptions,
  run: {
    counts: { read: number; skipped: number; sent: number; rejected: number; retried: number };
    writer: BatchWriter;
    checkpoint: CheckpointWriter;
    started: number;
    progress: () => void;
  },
): ImportSummary {
  const { counts, writer, checkpoint } = run;
  if (writer.fatal !== undefined || deps.signal.aborted) {
    if (counts.read > 0) {
      checkpoint.flush();
    }
    checkpoint.close();
  }
  if (writer.fatal !== undefined) {
    throw writer.fatal;
  }
  if (counts.read === 0) {
    checkpoint.close();
    throw new UsageError(`"${options.file}" has no rows to import.`, {
      code: 'FSHARE_EMPTY_INPUT',
      hint: 'A CSV needs a header row of feature names and at least one data row; a JSONL file one object per line.',
    });
  }
  if (deps.signal.aborted) {
    throw new CancelledError(`Import interrupted: ${counts.sent} records written in this run.`, {
      hint: options.stdin
        ? 'Input from stdin has no checkpoint: import a file to be able to --resume.'
        : `Run the same command with --resume to send only what was not acknowledged (checkpoint: ${options.checkpointPath}).`,
    });
  }
  checkpoint.close();
  if (!options.stdin) {
    removeCheckpoint(options.checkpointPath);
  }
  run.progress();
  const elapsedSeconds = (deps.now() - run.started) / 1000;
  return {
    featureGroupArn: options.featureGroupArn,
    file: options.file,
    ...counts,
    elapsedSeconds: Math.round(elapsedSeconds * 1000) / 1000,
    recordsPerSecond: elapsedSeconds > 0 ? Math.round(counts.sent / elapsedSeconds) : counts.sent,
    writeOperation: writer.mode,
    rejectsFile: counts.rejected > 0 ? options.rejectsPath : undefined,
    peakConcurrency: writer.peak,
  };
}
