/**
 * The RAM write pacer (src/sharing/pacer.ts) on virtual time: a clock whose sleeps are timers that
 * fire, in order, whenever nothing else can run, and a fake RAM whose mutating calls draw from a
 * token bucket on that clock (its rate unknown to the pacer) and throttle when it is empty.
 */
import { describe, expect, it } from 'vitest';
import type { Clock, Context } from '../../../src/context.js';
import { CancelledError, interrupted } from '../../../src/errors.js';
import { runBounded, withRetry, RAM_CONCURRENCY } from '../../../src/sharing/bounded.js';
import { AdaptivePacer } from '../../../src/sharing/pacer.js';
import { awsError, fakeContext } from '../../helpers/fake-context.js';

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

function virtualTime() {
  let now = 0;
  let seq = 0;
  const timers: Timer[] = [];
  const clock: Clock = {
    now: () => new Date(now),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(interrupted());
          return;
        }
        const onAbort = () => {
          timers.splice(timers.indexOf(timer), 1);
          reject(interrupted());
        };
        const timer: Timer = {
          at: now + Math.max(0, ms),
          seq: seq++,
          fire: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        timers.push(timer);
      }),
  };
  /** Runs until `work` settles, moving the clock to the next timer whenever nothing else can run. */
  async function run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) {
        return work;
      }
      timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = timers.shift();
      if (!next) {
        throw new Error('nothing left to run, and the work has not settled');
      }
      now = Math.max(now, next.at);
      next.fire();
    }
  }
  return { clock, run, now: () => now };
}

/** RAM's mutating calls as a token bucket: `rate` a second, `burst` deep, `latencyMs` per answer. */
function throttlingRam(
  clock: Clock,
  { rate, burst, latencyMs = 30 }: { rate: number; burst: number; latencyMs?: number },
) {
  let tokens = burst;
  let refilledAt = 0;
  const starts: number[] = [];
  let throttles = 0;
  const call = async (): Promise<void> => {
    const now = clock.now().getTime();
    starts.push(now);
    tokens = Math.min(burst, tokens + ((now - refilledAt) / 1000) * rate);
    refilledAt = now;
    const allowed = tokens >= 1;
    if (allowed) {
      tokens -= 1;
    } else {
      throttles++;
    }
    await clock.sleep(latencyMs);
    if (!allowed) {
      throw awsError('ThrottlingException', 'Rate exceeded', 429);
    }
  };
  return { call, starts, throttles: () => throttles };
}

function contextOn(clock: Clock, signal?: AbortSignal): Context {
  const { ctx } = fakeContext();
  return { ...ctx, clock, ...(signal ? { signal } : {}) };
}

/** `count` mutating calls, 8 in flight, each retried by fshare (paced when a pacer is given). */
function callMany(ctx: Context, ram: ReturnType<typeof throttlingRam>, count: number, pacer?: AdaptivePacer) {
  const items = Array.from({ length: count }, (_, i) => i);
  // A seeded jitter, so the unpaced run is the same every time.
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  return runBounded(ctx, items, RAM_CONCURRENCY, () => withRetry(ctx, ram.call, { pacer, random }));
}

describe('AdaptivePacer', () => {
  it('halves on a throttle (once for the calls sent before it), then climbs back within seconds', async () => {
    const time = virtualTime();
    const pacer = new AdaptivePacer(time.clock, { initialRate: 10 });
    const paceFor = async (ms: number) => {
      const until = time.now() + ms;
      while (time.now() < until) {
        await pacer.acquire();
        pacer.onSuccess();
      }
    };
    await time.run(paceFor(3_000));
    const before = pacer.currentRate;
    expect(before).toBeGreaterThan(40); // slow start: about doubling each second from 10

    const early = await time.run(pacer.acquire());
    const late = await time.run(pacer.acquire());
    pacer.onThrottle(late);
    const halved = pacer.currentRate;
    expect(halved).toBeLessThanOrEqual(before / 2 + 1);
    pacer.onThrottle(early); // in flight before the decrease: not a second signal
    expect(pacer.currentRate).toBe(halved);

    // Halved from the rate actually sent in the last second (slow start had run ahead of it).
    const sent = 2 * halved;
    await time.run(paceFor(2_000));
    const climbing = pacer.currentRate;
    // Additive now, not slow start's doubling: part of the way back after 2 s …
    expect(climbing).toBeGreaterThan(halved * 1.2);
    expect(climbing).toBeLessThan(sent * 0.9);
    // … and back at the rate that was throttled after about 5 s.
    await time.run(paceFor(3_500));
    expect(pacer.currentRate).toBeGreaterThanOrEqual(sent * 0.95);

    // Each fresh throttle halves again, down to the floor.
    for (let i = 0; i < 20; i++) {
      pacer.onThrottle(await time.run(pacer.acquire()));
    }
    expect(pacer.currentRate).toBe(0.5);
  });

  it.each([
    { rate: 5, burst: 10, calls: 200 },
    { rate: 20, burst: 40, calls: 600 },
    { rate: 50, burst: 100, calls: 600 },
    { rate: 200, burst: 400, calls: 1000 },
  ])(
    'against a fixed $rate/s (burst $burst), $calls calls take at most 5% more attempts and close to the fewest seconds',
    async ({ rate, burst, calls }) => {
      const time = virtualTime();
      const ram = throttlingRam(time.clock, { rate, burst });
      const pacer = new AdaptivePacer(time.clock);
      await time.run(callMany(contextOn(time.clock), ram, calls, pacer));
      expect(ram.starts.length).toBe(calls + ram.throttles());
      expect(ram.throttles()).toBeLessThanOrEqual(Math.ceil(calls * 0.05));
      // The rate stays near the limit: at worst 1.6× the time the bucket itself allows (plus the
      // slow start from 10/s), where 8 workers at 30 ms could go no faster than 266/s.
      const fewestMs = (Math.max(0, calls - burst) / rate) * 1000;
      const bound = Math.max(fewestMs, (calls / 266) * 1000) * 1.6 + 4_000;
      expect(time.now()).toBeLessThanOrEqual(bound);
    },
  );

  it('without it, the same calls are throttled far more often (the bound above means something)', async () => {
    const time = virtualTime();
    const ram = throttlingRam(time.clock, { rate: 20, burst: 40 });
    await time.run(callMany(contextOn(time.clock), ram, 600).catch(() => undefined));
    expect(ram.throttles()).toBeGreaterThan(600 * 0.05);
  });

  it('starts no call after an interrupt: waiting turns reject with FSHARE_INTERRUPTED', async () => {
    const time = virtualTime();
    const controller = new AbortController();
    const ctx = contextOn(time.clock, controller.signal);
    const ram = throttlingRam(time.clock, { rate: 5, burst: 5 });
    const pacer = new AdaptivePacer(time.clock);
    const abortAt = 2_000;
    void time.clock.sleep(abortAt).then(() => controller.abort());
    const error = await time.run(
      callMany(ctx, ram, 100, pacer).then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as CancelledError).code).toBe('FSHARE_INTERRUPTED');
    expect(ram.starts.length).toBeGreaterThan(0);
    expect(ram.starts.filter((t) => t > abortAt)).toEqual([]);
    // The workers waiting for a turn stop at the signal, not at their turn.
    expect(time.now()).toBeLessThan(abortAt + 100);
    await expect(pacer.acquire(controller.signal)).rejects.toMatchObject({ code: 'FSHARE_INTERRUPTED' });
  });
});
