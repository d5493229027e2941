/**
 * Client-side pacing for RAM's mutating calls, shared by every worker of one run. RAM does not
 * publish its request rates (and they differ by account and region), so the rate is learnt from
 * what RAM answers: it starts low and doubles about every second until the first throttle (slow
 * start), then climbs additively; each throttle halves the rate actually being sent. Throttles of
 * calls sent before the last decrease do not halve it again: they were sent at the old rate.
 *
 * Calls take their turns one after another (FIFO), each at least 1/rate after the previous one, so
 * the concurrency bound (RAM_CONCURRENCY) limits calls in flight and the pacer limits their rate.
 */
import type { Clock } from '../context.js';
import { interrupted } from '../errors.js';

export interface PacerOptions {
  /** Calls per second before RAM has said anything (conservative: RAM's limits are not published). */
  initialRate?: number;
  /** The slowest the pacer ever goes, calls per second. */
  minRate?: number;
  /** Called with the new rate after each decrease (the debug log). */
  onDecrease?: (rate: number) => void;
}

const DEFAULT_INITIAL_RATE = 10;
const DEFAULT_MIN_RATE = 0.5;
/** After a throttle, climbing back from half to the old rate takes about this long. */
const RECOVERY_MS = 5_000;
/** The window over which the rate actually sent is measured. */
const WINDOW_MS = 1_000;

/** When a paced call was let through: hand it back with its outcome. */
export type PacerTicket = number;

export class AdaptivePacer {
  private rate: number;
  private readonly initialRate: number;
  private readonly minRate: number;
  private slowStart = true;
  /** Calls per second added per second once out of slow start (set at each decrease). */
  private step = 0;
  private lastSend = Number.NEGATIVE_INFINITY;
  private lastDecrease = Number.NEGATIVE_INFINITY;
  private readonly recent: number[] = [];
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    private readonly options: PacerOptions = {},
  ) {
    this.initialRate = options.initialRate ?? DEFAULT_INITIAL_RATE;
    this.minRate = options.minRate ?? DEFAULT_MIN_RATE;
    this.rate = this.initialRate;
  }

  /** The current rate, calls per second. */
  get currentRate(): number {
    return this.rate;
  }

  /**
   * Waits for this call's turn. Rejects with FSHARE_INTERRUPTED if the signal fires first: no call
   * is let through after an interrupt.
   */
  acquire(signal?: AbortSignal): Promise<PacerTicket> {
    const turn = this.tail.then(() => this.take(signal));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** The call went through: climb (doubling in slow start, additively after). */
  onSuccess(): void {
    const increase = this.slowStart ? 1 : this.step / this.rate;
    this.rate = Math.min(this.rate + increase, this.ceiling());
  }

  /** RAM throttled the call let through at `ticket`: halve the rate being sent, once per decrease. */
  onThrottle(ticket: PacerTicket): void {
    if (ticket < this.lastDecrease) {
      return;
    }
    const measured = this.measured();
    const sent = measured > 0 ? Math.min(this.rate, measured) : this.rate;
    this.rate = Math.max(this.minRate, sent / 2);
    this.step = this.rate / (RECOVERY_MS / 1000);
    this.slowStart = false;
    this.lastDecrease = this.clock.now().getTime();
    this.options.onDecrease?.(this.rate);
  }

  private async take(signal: AbortSignal | undefined): Promise<PacerTicket> {
    if (signal?.aborted) {
      throw interrupted();
    }
    const now = this.clock.now().getTime();
    const due = this.lastSend + 1000 / this.rate;
    if (due > now) {
      await this.clock.sleep(due - now, signal);
    }
    if (signal?.aborted) {
      throw interrupted();
    }
    const sentAt = Math.max(due, this.clock.now().getTime());
    // A timer that wakes late (a loaded machine) keeps its slot, so lateness does not lower the
    // rate; a turn after an idle spell starts afresh (at most one call's worth of catching up).
    this.lastSend = Math.max(due, sentAt - 1000 / this.rate);
    this.recent.push(sentAt);
    return sentAt;
  }

  /** Calls let through in the last second, per second. */
  private measured(): number {
    const since = this.clock.now().getTime() - WINDOW_MS;
    while (this.recent.length > 0 && (this.recent[0] ?? 0) < since) {
      this.recent.shift();
    }
    return this.recent.length / (WINDOW_MS / 1000);
  }

  /**
   * No climbing far past what is actually sent: when the workers, not the pacer, are what holds
   * the rate back, an unchecked rate would grow without limit and burst once they speed up.
   */
  private ceiling(): number {
    return Math.max(this.initialRate, 2 * this.measured());
  }
}
