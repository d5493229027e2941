/**
 * Checkpoint arithmetic. Rows are dispatched in ordinal order but acknowledged out of order (many
 * batches are in flight). The ledger keeps a watermark (every row at or below it is done) plus the
 * few done rows above it, so a checkpoint stays small however large the file, and a resumed run
 * skips exactly the rows that were acknowledged.
 *
 * The rows between the watermark and the last dispatched one are a byte each in a sliding window
 * (pending or done), not entries in Sets: a Set churned by every row reallocates its table every
 * few hundred rows, and those tables, held by a long-lived object, were promoted to the old
 * generation (a share of the import's heap growth with the file's size).
 */
export interface LedgerState {
  /** Every row with ordinal ≤ watermark is done (written, or rejected with its reason). */
  watermark: number;
  /** Done rows above the watermark, ascending. */
  done: number[];
}

const PENDING = 1;
const DONE = 2;
const GAP = 3;

export class ProgressLedger {
  private watermark: number;
  /** Done rows from an earlier run (read once, ascending); those ≤ maxDispatched are in `window`. */
  private readonly prior: number[];
  private readonly priorSet: Set<number>;
  /** Index in `prior` of the first entry above maxDispatched. */
  private priorAhead = 0;
  /** State of ordinals watermark+1 … maxDispatched: window[head + (ordinal - watermark - 1)]. */
  private window = new Uint8Array(1024);
  private head = 0;
  private maxDispatched: number;
  private pendingCount = 0;

  constructor(state: LedgerState = { watermark: 0, done: [] }) {
    this.watermark = state.watermark;
    this.prior = state.done.filter((n) => n > state.watermark);
    this.priorSet = new Set(this.prior);
    this.maxDispatched = state.watermark;
  }

  /** Whether an earlier run already finished this row. */
  isDone(ordinal: number): boolean {
    return ordinal <= this.watermark || this.priorSet.has(ordinal);
  }

  /** A row is on its way; rows must be dispatched in ascending ordinal order. */
  dispatch(ordinal: number): void {
    if (ordinal <= this.maxDispatched) {
      return;
    }
    const span = ordinal - this.watermark;
    this.reserve(span);
    // Ordinals skipped since the last dispatch are no rows (blank lines: GAP, done but not listed)
    // or rows an earlier run did (DONE, listed until the watermark passes them).
    const from = this.head + (this.maxDispatched - this.watermark);
    this.window.fill(GAP, from, this.head + span - 1);
    while (this.priorAhead < this.prior.length && (this.prior[this.priorAhead] as number) <= ordinal) {
      const n = this.prior[this.priorAhead] as number;
      this.window[this.head + (n - this.watermark - 1)] = DONE;
      this.priorAhead++;
    }
    this.window[this.head + span - 1] = PENDING;
    this.pendingCount++;
    this.maxDispatched = ordinal;
  }

  /** A row was written or finally rejected. */
  complete(ordinal: number): void {
    if (ordinal <= this.watermark || ordinal > this.maxDispatched) {
      return;
    }
    const at = this.head + (ordinal - this.watermark - 1);
    if (this.window[at] === PENDING) {
      this.pendingCount--;
    }
    this.window[at] = DONE;
    // Only the first row above the watermark can hold it back (rows skipped before it are done).
    if ((this.window[this.head] as number) >= DONE) {
      this.advance();
    }
  }

  get inFlight(): number {
    return this.pendingCount;
  }

  /** Moves the watermark over the done rows at the window's start. */
  private advance(): void {
    const end = this.head + (this.maxDispatched - this.watermark);
    let at = this.head;
    while (at < end && (this.window[at] as number) >= DONE) {
      at++;
    }
    this.watermark += at - this.head;
    this.head = at;
  }

  /** Room for `span` ordinals from the watermark, sliding or growing the window. */
  private reserve(span: number): void {
    if (this.head + span <= this.window.length) {
      return;
    }
    const used = this.maxDispatched - this.watermark;
    const size = Math.max(this.window.length, 2 ** Math.ceil(Math.log2(span + 1)));
    if (size === this.window.length) {
      this.window.copyWithin(0, this.head, this.head + used);
    } else {
      const next = new Uint8Array(size);
      next.set(this.window.subarray(this.head, this.head + used));
      this.window = next;
    }
    this.window.fill(0, used);
    this.head = 0;
  }

  state(): LedgerState {
    const done: number[] = [];
    const used = this.maxDispatched - this.watermark;
    for (let i = 0; i < used; i++) {
      if (this.window[this.head + i] === DONE) {
        done.push(this.watermark + 1 + i);
      }
    }
    for (let i = this.priorAhead; i < this.prior.length; i++) {
      done.push(this.prior[i] as number);
    }
    return { watermark: this.watermark, done };
  }
}
