/**
 * Bounded concurrency and retries for RAM calls: at most `limit` calls in flight, throttles and
 * 5xx retried with full-jitter exponential backoff — or, for paced calls (the mutating ones, see
 * pacer.ts), throttles resent at the pacer's lowered rate — and no new call once the run is
 * aborted (Ctrl-C) or a call has failed for good.
 */
import { isRetryable, isThrottle } from '../aws/errors.js';
import type { Context } from '../context.js';
import { interrupted } from '../errors.js';
import type { AdaptivePacer } from './pacer.js';

/** Concurrent RAM calls per run: reads and writes alike. */
export const RAM_CONCURRENCY = 8;
const MAX_ATTEMPTS = 6;
const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 5_000;

export function throwIfAborted(ctx: Context): void {
  if (ctx.signal?.aborted) {
    throw interrupted();
  }
}

export interface RetryOptions {
  /** Every attempt waits for its turn; throttles slow it down (the run's mutating calls share one). */
  pacer?: AdaptivePacer | undefined;
  random?: () => number;
}

/**
 * One call, retried while AWS says it is worth retrying (the clientToken makes writes safe to
 * repeat). The client must make one attempt per call (maxAttempts 1) for the pacer to see every
 * throttle and to pace every resend.
 */
export async function withRetry<T>(
  ctx: Context,
  call: () => Promise<T>,
  { pacer, random = Math.random }: RetryOptions = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(ctx);
    const ticket = pacer ? await pacer.acquire(ctx.signal) : 0;
    try {
      const out = await call();
      pacer?.onSuccess();
      return out;
    } catch (error) {
      const throttled = isThrottle(error);
      if (pacer && throttled) {
        pacer.onThrottle(ticket);
      }
      if (attempt >= MAX_ATTEMPTS || !isRetryable(error) || ctx.signal?.aborted) {
        throw error;
      }
      if (pacer && throttled) {
        // The pacer has lowered the rate: the resend waits for its turn at that rate.
        continue;
      }
      const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
      await ctx.clock.sleep(Math.round(random() * cap), ctx.signal);
    }
  }
}

/**
 * Runs `work` over every item with at most `limit` in flight. After the first failure no new item
 * starts (those in flight finish); the failure is then thrown. Results keep the items' order.
 */
export async function runBounded<T, R>(
  ctx: Context,
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length && !ctx.signal?.aborted) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) {
    throw failure.error;
  }
  throwIfAborted(ctx);
  return results;
}
