/**
 * Checkpoint arithmetic. Rows are dispatched in ordinal order but acknowledged out of order (many
 * batches are in flight). The ledger keeps a watermark (every row at or below it is done) plus the
 * few done rows above it, so a checkpoint stays small however large the file, and a resumed run
 * skips exactly the rows that were acknowledged.
 */
export interface LedgerState {
  /** Every row with ordinal ≤ watermark is done (written, or rejected with its reason). */
  watermark: number;
  /** Done rows above the watermark, ascending. */
  done: number[];
}

export class ProgressLedger {
  private watermark: number;
  private readonly doneAbove: Set<number>;
  /** Dispatched, not yet done, in dispatch order. */
  private readonly pending = new Set<number>();
  private maxDispatched: number;

  constructor(state: LedgerState = { watermark: 0, done: [] }) {
    this.watermark = state.watermark;
    this.doneAbove = new Set(state.done.filter((n) => n > state.watermark));
    this.maxDispatched = state.done.reduce((max, n) => (n > max ? n : max), state.watermark);
  }

  /** Whether an earlier run already finished this row. */
  isDone(ordinal: number): boolean {
    return ordinal <= this.watermark || this.doneAbove.has(ordinal);
  }

  /** A row is on its way; rows must be dispatched in ascending ordinal order. */
  dispatch(ordinal: number): void {
    if (ordinal > this.maxDispatched) {
      this.maxDispatched = ordinal;
    }
    this.pending.add(ordinal);
  }

  /** A row was written or finally rejected. */
  complete(ordinal: number): void {
    // Only finishing the lowest pending row can move the watermark.
    const wasLowest = this.lowestPending() === ordinal;
    this.pending.delete(ordinal);
    this.doneAbove.add(ordinal);
    if (wasLowest || this.pending.size === 0) {
      this.advance();
    }
  }

  /** Rows are dispatched in ascending order and a Set iterates in insertion order: the first is lowest. */
  private lowestPending(): number {
    for (const n of this.pending) {
      return n;
    }
    return Infinity;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  private advance(): void {
    // Every ordinal up to the smallest pending one (or up to the last dispatched, when nothing is
    // pending) has been dispatched and is not pending, so it is done.
    const lowestPending = this.lowestPending();
    const next = lowestPending === Infinity ? this.maxDispatched : lowestPending - 1;
    if (next > this.watermark) {
      // Only the rows the watermark passes over leave the set: the work is the advance, not the
      // set's size (a scan per completed row cost a whole window of work per record).
      if (next - this.watermark < this.doneAbove.size) {
        for (let n = this.watermark + 1; n <= next; n++) {
          this.doneAbove.delete(n);
        }
      } else {
        for (const n of this.doneAbove) {
          if (n <= next) {
            this.doneAbove.delete(n);
          }
        }
      }
      this.watermark = next;
    }
  }

  state(): LedgerState {
    return { watermark: this.watermark, done: [...this.doneAbove].sort((a, b) => a - b) };
  }
}
