/**
 * Retry pacing for bulk work: full-jitter exponential backoff, and additive-increase /
 * multiplicative-decrease (AIMD) concurrency that backs off when AWS throttles and creeps back up
 * while calls succeed.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 50, capMs: 5_000 };

/** Delay before retry number `attempt` (1 = first retry): uniform in [0, min(cap, base·2^attempt)). */
export function backoffDelay(
  attempt: number,
  random: () => number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/** Gentler than halving: injected or sporadic throttles should not starve the pipeline. */
export const DECREASE_FACTOR = 0.75;

export class AimdLimiter {
  private current: number;
  private successes = 0;
  /** Bumped on every decrease; congestion seen by calls started before it is already accounted for. */
  private epochValue = 0;

  constructor(
    initial: number,
    readonly max: number,
    readonly min = 1,
  ) {
    this.current = Math.max(min, Math.min(initial, max));
  }

  get limit(): number {
    return this.current;
  }

  /** The epoch a call starts in; pass it back to onCongestion. */
  get epoch(): number {
    return this.epochValue;
  }

  /** One more call succeeded: after `limit` successes in a row, allow one more in flight. */
  onSuccess(): void {
    this.successes++;
    if (this.successes >= this.current && this.current < this.max) {
      this.current++;
      this.successes = 0;
    }
  }

  /**
   * A call started in `startedEpoch` was throttled. Cut the limit by a quarter once per congestion event: the
   * other calls already in flight from the same epoch do not cut it again.
   */
  onCongestion(startedEpoch: number): void {
    this.successes = 0;
    if (startedEpoch < this.epochValue) {
      return;
    }
    this.current = Math.max(this.min, Math.floor(this.current * DECREASE_FACTOR));
    this.epochValue++;
  }
}

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (size < 1) {
    throw new RangeError('chunk size must be at least 1');
  }
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

/** The one retry policy of every bulk path (import, batch-get, export): attempts per call. */
export const BULK_MAX_ATTEMPTS = 10;

export interface RetryDeps {
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal: AbortSignal;
  random?: () => number;
}

/**
 * Runs `call`, retrying throttles and 5xx (whatever `retryable` says) with full-jitter backoff,
 * at most `maxAttempts` times in all; any other error, or the last one, is thrown.
 */
export async function withRetries<T>(
  deps: RetryDeps,
  retryable: (error: unknown) => boolean,
  call: () => Promise<T>,
  maxAttempts = BULK_MAX_ATTEMPTS,
): Promise<T> {
  const random = deps.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= maxAttempts || !retryable(error) || deps.signal.aborted) {
        throw error;
      }
      await deps.sleep(backoffDelay(attempt, random), deps.signal);
    }
  }
}
