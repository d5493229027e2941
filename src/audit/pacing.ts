/**
 * Client-side pacing for LookupEvents (2 requests per second per account and region) and the
 * backoff used when the service throttles anyway (another process sharing the quota).
 */
import type { Clock } from '../context.js';

/**
 * A token bucket of capacity one: request starts are spaced by at least `1000 / rate` ms plus a
 * small safety margin, because a server counting requests in a sliding one-second window would
 * otherwise see three starts at exactly 0, 500 and 1000 ms.
 */
export class RequestPacer {
  private nextAt = Number.NEGATIVE_INFINITY;
  readonly intervalMs: number;

  constructor(
    private readonly clock: Clock,
    ratePerSecond: number,
    marginMs = 15,
  ) {
    this.intervalMs = 1000 / ratePerSecond + marginMs;
  }

  /** Waits until the next request may start, and books that slot. */
  async take(signal?: AbortSignal): Promise<void> {
    const now = this.clock.now().getTime();
    const wait = this.nextAt - now;
    if (wait > 0) {
      await this.clock.sleep(wait, signal);
    }
    this.nextAt = Math.max(now, this.nextAt) + this.intervalMs;
  }

  /** After a throttle, leave the bucket empty for a while. */
  pushBack(ms: number): void {
    this.nextAt = Math.max(this.nextAt, this.clock.now().getTime() + ms);
  }
}

/** Full-jitter exponential backoff: attempt 1 → up to base, doubling, capped. */
export function backoffMs(attempt: number, random: () => number, baseMs = 500, capMs = 20_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(baseMs / 2, Math.floor(random() * ceiling));
}
