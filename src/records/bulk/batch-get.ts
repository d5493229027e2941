/**
 * Reading many records: BatchGetRecord in chunks of at most 100 identifiers, a bounded number of
 * chunks in flight, UnprocessedIdentifiers retried with jittered backoff, and per-id outcomes
 * (found, not found, or the error AWS gave) yielded in input order as soon as each chunk is done.
 */
import type { FeatureStorePort } from '../../aws/ports.js';
import { awsErrorCode, isRetryable } from '../../aws/errors.js';
import type { FeatureValue } from '../codec.js';
import { interrupted } from '../../errors.js';
import { backoffDelay, BULK_MAX_ATTEMPTS } from './pacing.js';

export const BATCH_GET_LIMIT = 100;

export type GetOutcome =
  | { id: string; status: 'found'; record: FeatureValue[] }
  | { id: string; status: 'not-found' }
  | { id: string; status: 'error'; code: string; message: string };

export interface BatchGetDeps {
  featureStore: FeatureStorePort;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal: AbortSignal;
  random?: () => number;
}

export interface BatchGetOptions {
  featureGroupArn: string;
  featureNames?: string[] | undefined;
  concurrency?: number;
  maxAttempts?: number;
}

/** One chunk (≤100 ids), retrying what AWS left unprocessed or refused transiently. */
export async function getChunk(
  deps: BatchGetDeps,
  options: BatchGetOptions,
  ids: string[],
): Promise<GetOutcome[]> {
  const random = deps.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? BULK_MAX_ATTEMPTS;
  const outcomes = new Map<string, GetOutcome>();
  let remaining = [...new Set(ids)];
  for (let attempt = 1; remaining.length > 0; attempt++) {
    if (deps.signal.aborted) {
      throw interrupted();
    }
    let retry: string[] = [];
    let reason = '';
    try {
      const out = await deps.featureStore.batchGetRecord(
        {
          Identifiers: [
            {
              FeatureGroupName: options.featureGroupArn,
              RecordIdentifiersValueAsString: remaining,
              ...(options.featureNames ? { FeatureNames: options.featureNames } : {}),
            },
          ],
        },
        // No per-call options: the client then reuses its resolved middleware (cacheMiddleware).
        // Ctrl-C still stops the work: no new call starts after the signal (checked above).
      );
      for (const record of out.Records ?? []) {
        const id = record.RecordIdentifierValueAsString;
        if (id !== undefined) {
          outcomes.set(id, { id, status: 'found', record: record.Record ?? [] });
        }
      }
      for (const error of out.Errors ?? []) {
        const id = error.RecordIdentifierValueAsString;
        if (id === undefined) {
          continue;
        }
        const code = error.ErrorCode ?? 'Error';
        if (isRetryable({ name: code })) {
          retry.push(id);
          reason = code;
        } else {
          outcomes.set(id, { id, status: 'error', code, message: error.ErrorMessage ?? code });
        }
      }
      for (const unprocessed of out.UnprocessedIdentifiers ?? []) {
        retry.push(...(unprocessed.RecordIdentifiersValueAsString ?? []));
        reason = 'UnprocessedIdentifiers';
      }
      for (const id of remaining) {
        if (!outcomes.has(id) && !retry.includes(id)) {
          outcomes.set(id, { id, status: 'not-found' });
        }
      }
    } catch (error) {
      if (!isRetryable(error)) {
        throw error;
      }
      retry = remaining;
      reason = awsErrorCode(error) ?? 'error';
    }
    if (retry.length === 0) {
      break;
    }
    if (attempt >= maxAttempts) {
      for (const id of retry) {
        outcomes.set(id, { id, status: 'error', code: reason, message: `gave up after ${attempt} attempts` });
      }
      break;
    }
    await deps.sleep(backoffDelay(attempt, random), deps.signal);
    remaining = retry;
  }
  return ids.map((id) => outcomes.get(id) ?? { id, status: 'not-found' });
}

/**
 * Outcomes per chunk of at most 100 identifiers, in input order, from groups of identifiers of any
 * size (a ListRecords page, a file's lines per read). Up to `concurrency` chunks are in flight, and
 * the next chunk is sent before a finished one is handed over, so the window stays full while the
 * caller writes records out (a window one short during every hand-over cost a quarter of the rate).
 */
export async function* batchGetChunks(
  deps: BatchGetDeps,
  options: BatchGetOptions,
  groups: AsyncIterable<readonly string[]> | Iterable<readonly string[]>,
): AsyncGenerator<GetOutcome[]> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const source = (groups as AsyncIterable<readonly string[]>)[Symbol.asyncIterator]
    ? (groups as AsyncIterable<readonly string[]>)[Symbol.asyncIterator]()
    : (groups as Iterable<readonly string[]>)[Symbol.iterator]();
  const queue: Promise<GetOutcome[]>[] = [];
  let held: readonly string[] = [];
  let at = 0;
  let exhausted = false;
  const start = (list: string[]): void => {
    const task = getChunk(deps, options, list);
    // Rejections are observed when the task is awaited below; this keeps Node from reporting them early.
    task.catch(() => undefined);
    queue.push(task);
  };
  /** The next ≤100 identifiers, across group boundaries; empty once the source is done. */
  const take = async (): Promise<string[]> => {
    const out: string[] = [];
    while (out.length < BATCH_GET_LIMIT) {
      if (at >= held.length) {
        const next = await source.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        held = next.value;
        at = 0;
        continue;
      }
      const end = Math.min(held.length, at + BATCH_GET_LIMIT - out.length);
      for (; at < end; at++) {
        out.push(held[at] as string);
      }
    }
    return out;
  };
  const fill = async (): Promise<void> => {
    while (!exhausted && queue.length < concurrency) {
      const list = await take();
      if (list.length > 0) {
        start(list);
      }
    }
  };
  try {
    await fill();
    while (queue.length > 0) {
      const done = await (queue[0] as Promise<GetOutcome[]>);
      queue.shift();
      await fill();
      yield done;
    }
  } finally {
    // The caller stopped early (--max-items, an error): the source makes no further call.
    if (!exhausted) {
      await source.return?.(undefined);
    }
  }
}

/** Groups of `size` from single identifiers (inline --ids, or any iterable). */
async function* grouped(ids: Iterable<string> | AsyncIterable<string>): AsyncGenerator<string[]> {
  let group: string[] = [];
  for await (const id of ids as AsyncIterable<string>) {
    group.push(id);
    if (group.length === BATCH_GET_LIMIT) {
      yield group;
      group = [];
    }
  }
  if (group.length > 0) {
    yield group;
  }
}

/**
 * Streams outcomes for `ids` (any iterable, e.g. lines of a file), in order, with up to
 * `concurrency` chunks in flight.
 */
export async function* batchGet(
  deps: BatchGetDeps,
  options: BatchGetOptions,
  ids: Iterable<string> | AsyncIterable<string>,
): AsyncGenerator<GetOutcome> {
  for await (const outcomes of batchGetChunks(deps, options, grouped(ids))) {
    yield* outcomes;
  }
}
