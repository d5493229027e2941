import { expect, it } from 'vitest';
// The sliding-window ledger against a direct transcription of the Set-based rules it replaced.
import { ProgressLedger } from '../../../src/records/bulk/progress-ledger.js';
// reference: the old Set-based semantics
class Ref {
  w: number;
  d: Set<number>;
  p = new Set<number>();
  max: number;
  constructor(s: { watermark: number; done: number[] }) {
    this.w = s.watermark;
    this.d = new Set(s.done.filter((n) => n > s.watermark));
    this.max = s.watermark;
  }
  isDone(o: number) {
    return o <= this.w || this.d.has(o);
  }
  dispatch(o: number) {
    if (o > this.max) {
      this.max = o;
    }
    this.p.add(o);
  }
  complete(o: number) {
    this.p.delete(o);
    this.d.add(o);
    const low = this.p.size ? Math.min(...this.p) : Infinity;
    const next = low === Infinity ? this.max : low - 1;
    if (next > this.w) {
      this.w = next;
      for (const n of [...this.d]) {
        if (n <= next) {
          this.d.delete(n);
        }
      }
    }
  }
  state() {
    return { watermark: this.w, done: [...this.d].sort((a, b) => a - b) };
  }
}
it('matches the reference', () => {
  let seed = 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let trial = 0; trial < 300; trial++) {
    const start = trial % 3 === 0 ? { watermark: 5, done: [7, 9, 30, 3000] } : { watermark: 0, done: [] };
    const a = new ProgressLedger(start);
    const b = new Ref(start);
    const pending: number[] = [];
    let o = start.watermark;
    for (let step = 0; step < 3000; step++) {
      if (rnd() < 0.5) {
        o += 1 + (rnd() < 0.1 ? Math.floor(rnd() * 5) : 0);
        if (b.isDone(o)) {
          expect(a.isDone(o)).toBe(true);
          continue;
        }
        expect(a.isDone(o)).toBe(false);
        a.dispatch(o);
        b.dispatch(o);
        pending.push(o);
      } else if (pending.length) {
        const i = Math.floor(rnd() * Math.min(pending.length, rnd() < 0.05 ? pending.length : 40));
        const [x] = pending.splice(i, 1);
        a.complete(x!);
        b.complete(x!);
      }
      if (step % 37 === 0) {
        expect(a.state()).toEqual(b.state());
      }
    }
    expect(a.state()).toEqual(b.state());
    expect(a.inFlight).toBe(pending.length);
  }
});

it('never moves the watermark past rows not yet dispatched (a resumed run with done rows far ahead)', () => {
  const ledger = new ProgressLedger({ watermark: 5, done: [3000] });
  ledger.dispatch(6);
  ledger.complete(6);
  // Rows 7…2999 were never sent: a crash now must re-send them.
  expect(ledger.state()).toEqual({ watermark: 6, done: [3000] });
  expect(ledger.isDone(7)).toBe(false);
});
