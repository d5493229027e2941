/**
 * Sends validated records: BatchWriteRecord in groups of 25 (PutRecord per record once
 * BatchWriteRecord is refused), retrying throttles, 5xx and UnprocessedEntries with jittered
 * backoff while AIMD adapts the concurrency. Each record ends acknowledged or rejected with a
 * reason; an access denial (or any error that is not the record's fault) stops everything.
 */
import type { FeatureStorePort } from '../../aws/ports.js';
import { awsErrorCode, isAccessDenied, isRetryable } from '../../aws/errors.js';
import type { FeatureValue } from '../codec.js';
import { AimdLimiter, backoffDelay } from './pacing.js';

export interface Pending {
  ordinal: number;
  line: number;
  raw: string;
  id: string;
  record: FeatureValue[];
}

export interface WriterDeps {
  featureStore: FeatureStorePort;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal: AbortSignal;
  warn: (message: string) => void;
  random: () => number;
  /** Records written. */
  acknowledge: (items: Pending[]) => void;
  /** A record the service refused for good. */
  reject: (item: Pending, reason: string) => void;
  /** Record sends repeated after a transient failure. */
  retried: (count: number) => void;
}

/** Names AWS uses when an operation is unknown to the endpoint (older regions, other services). */
const UNKNOWN_OPERATION = new Set([
  'UnknownOperationException',
  'UnknownOperation',
  'InvalidAction',
  'NotImplemented',
]);

/** Entry-level error codes that mean "you may not write here": the whole import stops. */
const DENIED_ENTRY = new Set(['AccessForbidden', 'AccessDenied', 'AccessDeniedException']);

function idOf(record: FeatureValue[] | undefined, recordIdentifier: string): string | undefined {
  return record?.find((v) => v.FeatureName === recordIdentifier)?.ValueAsString;
}

/** Counts per id, so duplicates within one batch are matched one for one. */
function tally<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) {
      list.push(item);
    } else {
      out.set(k, [item]);
    }
  }
  return out;
}

export class BatchWriter {
  readonly limiter: AimdLimiter;
  peak: number;
  mode: 'BatchWriteRecord' | 'PutRecord' = 'BatchWriteRecord';
  /** The first error that stops the import (access denied, a bug, the endpoint refusing us). */
  fatal: unknown;

  constructor(
    private readonly deps: WriterDeps,
    private readonly featureGroupArn: string,
    private readonly recordIdentifier: string,
    concurrency: number,
    private readonly maxAttempts: number,
  ) {
    this.limiter = new AimdLimiter(Math.ceil(concurrency / 2), concurrency);
    this.peak = this.limiter.limit;
  }

  get stopped(): boolean {
    return this.fatal !== undefined || this.deps.signal.aborted;
  }

  /** Stops the import with `error` (the first one wins). */
  stop(error: unknown): void {
    this.fatal ??= error;
  }

  private async pause(attempt: number): Promise<boolean> {
    try {
      await this.deps.sleep(backoffDelay(attempt, this.deps.random), this.deps.signal);
      return true;
    } catch {
      return false;
    }
  }

  /** Writes one batch to the end: every item acknowledged or rejected, unless the import stops. */
  async write(items: Pending[]): Promise<void> {
    let remaining = items;
    for (let attempt = 1; remaining.length > 0; attempt++) {
      if (this.stopped) {
        return;
      }
      if (this.mode === 'PutRecord') {
        await this.putEach(remaining);
        return;
      }
      const epoch = this.limiter.epoch;
      const outcome = await this.batchOnce(remaining);
      if (outcome === 'switched') {
        attempt--;
        continue;
      }
      if (outcome === 'stopped') {
        return;
      }
      const { retry, reason } = outcome;
      if (retry.length === 0) {
        this.limiter.onSuccess();
        this.peak = Math.max(this.peak, this.limiter.limit);
        return;
      }
      this.limiter.onCongestion(epoch);
      if (attempt >= this.maxAttempts) {
        for (const item of retry) {
          this.deps.reject(item, `gave up after ${attempt} attempts: ${reason}`);
        }
        return;
      }
      this.deps.retried(retry.length);
      if (!(await this.pause(attempt))) {
        return;
      }
      remaining = retry;
    }
  }

  /** One BatchWriteRecord call: what to retry, or that the mode switched or the import stopped. */
  private async batchOnce(
    items: Pending[],
  ): Promise<{ retry: Pending[]; reason: string } | 'switched' | 'stopped'> {
    let out;
    try {
      out = await this.deps.featureStore.batchWriteRecord({
        Entries: items.map((item) => ({ FeatureGroupName: this.featureGroupArn, Record: item.record })),
      });
    } catch (error) {
      if (isRetryable(error)) {
        return { retry: items, reason: awsErrorCode(error) ?? 'error' };
      }
      if (isAccessDenied(error) || UNKNOWN_OPERATION.has(awsErrorCode(error) ?? '')) {
        // BatchWriteRecord may be outside the permission (or the endpoint) while PutRecord is in it.
        this.mode = 'PutRecord';
        this.deps.warn(
          `BatchWriteRecord was refused (${awsErrorCode(error) ?? 'error'}); sending one PutRecord per record instead.`,
        );
        return 'switched';
      }
      this.stop(error);
      return 'stopped';
    }
    if (!out.UnprocessedEntries?.length && !out.Errors?.length) {
      // The usual answer: everything written, nothing to match up.
      this.deps.acknowledge(items);
      return { retry: [], reason: '' };
    }
    const unprocessed = tally(
      out.UnprocessedEntries ?? [],
      (e) => idOf(e.Record, this.recordIdentifier) ?? '',
    );
    const failed = tally(out.Errors ?? [], (e) => idOf(e.Entry?.Record, this.recordIdentifier) ?? '');
    const retry: Pending[] = [];
    const done: Pending[] = [];
    let reason = '';
    for (const item of items) {
      if (unprocessed.get(item.id)?.pop()) {
        retry.push(item);
        reason = 'UnprocessedEntries';
        continue;
      }
      const error = failed.get(item.id)?.shift();
      if (!error) {
        done.push(item);
        continue;
      }
      const code = error.ErrorCode ?? 'Error';
      if (DENIED_ENTRY.has(code)) {
        this.stop(Object.assign(new Error(error.ErrorMessage ?? code), { name: 'AccessDeniedException' }));
        return 'stopped';
      }
      if (isRetryable({ name: code })) {
        retry.push(item);
        reason = code;
      } else {
        this.deps.reject(item, `${code}: ${error.ErrorMessage ?? ''}`);
      }
    }
    this.deps.acknowledge(done);
    return { retry, reason };
  }

  private async putEach(items: Pending[]): Promise<void> {
    for (const item of items) {
      for (let attempt = 1; ; attempt++) {
        if (this.stopped) {
          return;
        }
        const epoch = this.limiter.epoch;
        try {
          await this.deps.featureStore.putRecord({
            FeatureGroupName: this.featureGroupArn,
            Record: item.record,
          });
          this.deps.acknowledge([item]);
          this.limiter.onSuccess();
          break;
        } catch (error) {
          if (!isRetryable(error)) {
            // Access denied, or an error without an HTTP answer (a bug, a broken endpoint): stop.
            if (isAccessDenied(error) || !(error as { $metadata?: unknown }).$metadata) {
              this.stop(error);
              return;
            }
            this.deps.reject(item, `${awsErrorCode(error) ?? 'Error'}: ${(error as Error).message}`);
            break;
          }
          this.limiter.onCongestion(epoch);
          if (attempt >= this.maxAttempts) {
            this.deps.reject(item, `gave up after ${attempt} attempts: ${awsErrorCode(error) ?? 'error'}`);
            break;
          }
          this.deps.retried(1);
          if (!(await this.pause(attempt))) {
            return;
          }
        }
      }
    }
  }
}
