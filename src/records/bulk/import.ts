/**
 * The import engine: stream rows → validate with the schema codec → BatchWriteRecord in groups of
 * 25 (PutRecord per record where BatchWriteRecord is refused) with bounded, adaptive concurrency,
 * jittered retries, a rejects file and a checkpoint. Memory is bounded by the in-flight window:
 * reading waits while the window is full.
 */
import * as fs from 'node:fs';
import type { FeatureStorePort } from '../../aws/ports.js';
import { awsErrorCode, isAccessDenied, isRetryable, isThrottle } from '../../aws/errors.js';
import { CancelledError, UsageError } from '../../errors.js';
import { encodeRecord, formatFieldErrors, type FeatureValue } from '../codec.js';
import { readRows, type InputFormat, type SourceRow } from '../rows.js';
import type { RecordSchema } from '../schema.js';
import { assertCheckpointMatches, loadCheckpoint, removeCheckpoint, saveCheckpoint } from './checkpoint.js';
import { AimdLimiter, backoffDelay } from './pacing.js';
import { ProgressLedger } from './progress-ledger.js';

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
  onProgress?: (progress: ImportProgress) => void;
}

interface Pending {
  ordinal: number;
  line: number;
  raw: string;
  id: string;
  record: FeatureValue[];
}

/** Names AWS uses when an operation is unknown to the endpoint (older regions, other services). */
const UNKNOWN_OPERATION = new Set([
  'UnknownOperationException',
  'UnknownOperation',
  'InvalidAction',
  'NotImplemented',
]);

function idOf(record: FeatureValue[] | undefined, recordIdentifier: string): string | undefined {
  return record?.find((v) => v.FeatureName === recordIdentifier)?.ValueAsString;
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

export async function runImport(deps: ImportDeps, options: ImportOptions): Promise<ImportSummary> {
  const random = deps.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? 10;
  const { schema } = options;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(options.file);
  } catch {
    throw new UsageError(`Cannot read the input file "${options.file}".`, {
      code: 'FSHARE_NO_INPUT',
      hint: 'Check the path passed to --file.',
    });
  }
  let ledger = new ProgressLedger();
  if (options.resume) {
    const previous = loadCheckpoint(options.checkpointPath);
    if (previous) {
      assertCheckpointMatches(previous, stat, options.featureGroupArn, options.checkpointPath);
      ledger = new ProgressLedger(previous.ledger);
    } else {
      deps.warn(`No checkpoint at ${options.checkpointPath}; importing the whole file.`);
    }
  } else if (fs.existsSync(options.checkpointPath)) {
    deps.warn(
      `Replacing the checkpoint of an earlier unfinished import (${options.checkpointPath}); pass --resume to continue it instead.`,
    );
    removeCheckpoint(options.checkpointPath);
  }

  const started = deps.now();
  const limiter = new AimdLimiter(Math.ceil(options.concurrency / 2), options.concurrency);
  let peak = limiter.limit;
  let mode: 'BatchWriteRecord' | 'PutRecord' = 'BatchWriteRecord';
  let fatal: unknown;
  const counts = { read: 0, skipped: 0, sent: 0, rejected: 0, retried: 0 };
  let rejectsFd: number | undefined;

  const save = (): void => {
    saveCheckpoint(options.checkpointPath, {
      version: 1,
      input: { path: options.file, size: stat.size, mtimeMs: stat.mtimeMs },
      featureGroupArn: options.featureGroupArn,
      ledger: ledger.state(),
      updatedAt: new Date(deps.now()).toISOString(),
    });
  };
  const input = fs.createReadStream(options.file);
  const progress = (): void => {
    options.onProgress?.({
      bytesRead: input.bytesRead,
      totalBytes: stat.size,
      ...counts,
      concurrency: limiter.limit,
      elapsedMs: deps.now() - started,
    });
  };
  const reject = (row: Pick<SourceRow, 'ordinal' | 'line' | 'raw'>, reason: string): void => {
    rejectsFd ??= fs.openSync(options.rejectsPath, options.resume ? 'a' : 'w');
    fs.writeSync(rejectsFd, `${JSON.stringify({ line: row.line, reason, row: row.raw })}\n`);
    counts.rejected++;
    ledger.complete(row.ordinal);
  };
  const acknowledge = (items: Pending[]): void => {
    for (const item of items) {
      ledger.complete(item.ordinal);
    }
    counts.sent += items.length;
  };

  async function pause(attempt: number): Promise<boolean> {
    try {
      await deps.sleep(backoffDelay(attempt, random), deps.signal);
      return true;
    } catch {
      return false;
    }
  }

  async function putEach(items: Pending[]): Promise<void> {
    for (const item of items) {
      for (let attempt = 1; ; attempt++) {
        if (fatal !== undefined || deps.signal.aborted) {
          return;
        }
        const epoch = limiter.epoch;
        try {
          await deps.featureStore.putRecord({
            FeatureGroupName: options.featureGroupArn,
            Record: item.record,
          });
          acknowledge([item]);
          limiter.onSuccess();
          break;
        } catch (error) {
          if (!isRetryable(error)) {
            if (isAccessDenied(error) || !(error as { $metadata?: unknown }).$metadata) {
              fatal ??= error;
              return;
            }
            reject(item, `${awsErrorCode(error) ?? 'Error'}: ${(error as Error).message}`);
            break;
          }
          limiter.onCongestion(epoch);
          if (attempt >= maxAttempts) {
            reject(item, `gave up after ${attempt} attempts: ${awsErrorCode(error) ?? 'error'}`);
            break;
          }
          counts.retried++;
          if (!(await pause(attempt))) {
            return;
          }
        }
      }
    }
  }

  async function processBatch(items: Pending[]): Promise<void> {
    let remaining = items;
    for (let attempt = 1; remaining.length > 0; attempt++) {
      if (fatal !== undefined || deps.signal.aborted) {
        return;
      }
      if (mode === 'PutRecord') {
        await putEach(remaining);
        return;
      }
      const epoch = limiter.epoch;
      let retry: Pending[] = [];
      let reason = '';
      let congested = false;
      try {
        const out = await deps.featureStore.batchWriteRecord({
          Entries: remaining.map((item) => ({
            FeatureGroupName: options.featureGroupArn,
            Record: item.record,
          })),
        });
        const unprocessed = new Map<string, number>();
        for (const entry of out.UnprocessedEntries ?? []) {
          const id = idOf(entry.Record, schema.recordIdentifier) ?? '';
          unprocessed.set(id, (unprocessed.get(id) ?? 0) + 1);
        }
        const failed = new Map<string, { code: string; message: string }[]>();
        for (const error of out.Errors ?? []) {
          const id = idOf(error.Entry?.Record, schema.recordIdentifier) ?? '';
          const list = failed.get(id) ?? [];
          list.push({ code: error.ErrorCode ?? 'Error', message: error.ErrorMessage ?? '' });
          failed.set(id, list);
        }
        const done: Pending[] = [];
        for (const item of remaining) {
          const left = unprocessed.get(item.id) ?? 0;
          if (left > 0) {
            unprocessed.set(item.id, left - 1);
            retry.push(item);
            reason = 'UnprocessedEntries';
            congested = true;
            continue;
          }
          const error = failed.get(item.id)?.shift();
          if (error) {
            const transient = isRetryable({ name: error.code });
            if (transient) {
              retry.push(item);
              reason = error.code;
              congested = true;
            } else {
              reject(item, `${error.code}: ${error.message}`);
            }
            continue;
          }
          done.push(item);
        }
        acknowledge(done);
      } catch (error) {
        if (isRetryable(error)) {
          retry = remaining;
          reason = awsErrorCode(error) ?? 'error';
          congested = true;
        } else if (isAccessDenied(error) || UNKNOWN_OPERATION.has(awsErrorCode(error) ?? '')) {
          if (mode === 'BatchWriteRecord') {
            mode = 'PutRecord';
            deps.warn(
              `BatchWriteRecord was refused (${awsErrorCode(error) ?? 'error'}); sending one PutRecord per record instead.`,
            );
          }
          attempt--;
          continue;
        } else {
          fatal ??= error;
          return;
        }
      }
      if (retry.length === 0) {
        limiter.onSuccess();
        peak = Math.max(peak, limiter.limit);
        save();
        progress();
        return;
      }
      save();
      if (congested || isThrottle({ name: reason })) {
        limiter.onCongestion(epoch);
      }
      if (attempt >= maxAttempts) {
        for (const item of retry) {
          reject(item, `gave up after ${attempt} attempts: ${reason}`);
        }
        save();
        return;
      }
      counts.retried += retry.length;
      if (!(await pause(attempt))) {
        return;
      }
      remaining = retry;
    }
  }

  const inflight = new Set<Promise<void>>();
  const launch = async (items: Pending[]): Promise<void> => {
    while (inflight.size >= limiter.limit) {
      await Promise.race(inflight);
    }
    const task = processBatch(items).finally(() => inflight.delete(task));
    inflight.add(task);
  };

  const rows = readRows(input, options.format, {
    onHeader: (columns) => checkCsvHeader(columns, schema),
  });
  let batch: Pending[] = [];
  try {
    for await (const row of rows) {
      if (fatal !== undefined || deps.signal.aborted) {
        break;
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
      const encoded = encodeRecord(schema, row.value, { source: options.format === 'csv' ? 'csv' : 'json' });
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
        await launch(batch);
        batch = [];
      }
    }
    if (batch.length > 0 && fatal === undefined && !deps.signal.aborted) {
      await launch(batch);
    }
  } finally {
    await Promise.allSettled(inflight);
    input.destroy();
    if (rejectsFd !== undefined) {
      fs.closeSync(rejectsFd);
    }
  }

  if (counts.read === 0) {
    throw new UsageError(`"${options.file}" has no rows to import.`, {
      code: 'FSHARE_EMPTY_INPUT',
      hint: 'A CSV needs a header row of feature names and at least one data row; a JSONL file one object per line.',
    });
  }
  if (fatal !== undefined) {
    save();
    throw fatal;
  }
  if (deps.signal.aborted) {
    save();
    throw new CancelledError(`Import interrupted: ${counts.sent} records written in this run.`, {
      hint: `Run the same command with --resume to send only what was not acknowledged (checkpoint: ${options.checkpointPath}).`,
    });
  }
  removeCheckpoint(options.checkpointPath);
  progress();
  const elapsedSeconds = (deps.now() - started) / 1000;
  return {
    featureGroupArn: options.featureGroupArn,
    file: options.file,
    ...counts,
    elapsedSeconds: Math.round(elapsedSeconds * 1000) / 1000,
    recordsPerSecond: elapsedSeconds > 0 ? Math.round(counts.sent / elapsedSeconds) : counts.sent,
    writeOperation: mode,
    rejectsFile: counts.rejected > 0 ? options.rejectsPath : undefined,
    peakConcurrency: peak,
  };
}
