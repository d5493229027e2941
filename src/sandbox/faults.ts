/**
 * Fault injection for `sandbox serve` and the in-process handler: added latency, throttling and
 * 5xx errors, reproducible from a seed. STS and the sandbox's own admin commands are never faulted.
 */
import type { ServiceId } from './types.js';

export interface FaultSettings {
  latencyMinMs: number;
  latencyMaxMs: number;
  throttleRate: number;
  errorRate: number;
  seed: number;
}

export const NO_FAULTS: FaultSettings = {
  latencyMinMs: 0,
  latencyMaxMs: 0,
  throttleRate: 0,
  errorRate: 0,
  seed: 1,
};

export class FaultSettingsError extends Error {
  override name = 'FaultSettingsError';
}

/** `250` or `100-400` (milliseconds). */
export function parseLatency(text: string): { min: number; max: number } {
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  if (!m?.[1]) {
    throw new FaultSettingsError(`Latency "${text}" is not a number of milliseconds or a range like 50-200.`);
  }
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max < min) {
    throw new FaultSettingsError(`Latency range "${text}" has its maximum below its minimum.`);
  }
  return { min, max };
}

export function parseRate(text: string, name: string): number {
  const rate = Number(text);
  if (text.trim() === '' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new FaultSettingsError(`${name} "${text}" must be a number from 0 to 1.`);
  }
  return rate;
}

export function parseSeed(text: string): number {
  const seed = Number(text);
  if (!Number.isInteger(seed)) {
    throw new FaultSettingsError(`Seed "${text}" must be an integer.`);
  }
  return seed;
}

export interface FaultInput {
  latency?: string | undefined;
  throttleRate?: string | undefined;
  errorRate?: string | undefined;
  seed?: string | undefined;
}

export function faultSettings(input: FaultInput): FaultSettings {
  const latency = input.latency === undefined ? { min: 0, max: 0 } : parseLatency(input.latency);
  return {
    latencyMinMs: latency.min,
    latencyMaxMs: latency.max,
    throttleRate: input.throttleRate === undefined ? 0 : parseRate(input.throttleRate, 'Throttle rate'),
    errorRate: input.errorRate === undefined ? 0 : parseRate(input.errorRate, 'Error rate'),
    seed: input.seed === undefined ? 1 : parseSeed(input.seed),
  };
}

export function faultSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): FaultSettings {
  return faultSettings({
    latency: env.FSHARE_SANDBOX_LATENCY,
    throttleRate: env.FSHARE_SANDBOX_THROTTLE_RATE,
    errorRate: env.FSHARE_SANDBOX_ERROR_RATE,
    seed: env.FSHARE_SANDBOX_SEED,
  });
}

export function hasFaults(s: FaultSettings): boolean {
  return s.latencyMaxMs > 0 || s.throttleRate > 0 || s.errorRate > 0;
}

export type FaultDecision =
  | { kind: 'none'; delayMs: number }
  | { kind: 'throttle'; delayMs: number }
  | { kind: 'error'; status: 500 | 503; delayMs: number };

/** mulberry32: tiny, seedable, good enough for picking faults. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private readonly next: () => number;
  constructor(readonly settings: FaultSettings) {
    this.next = rng(settings.seed);
  }

  /** One decision per request, in arrival order, so a seed replays the same sequence. */
  decide(service: ServiceId): FaultDecision {
    const s = this.settings;
    if (service === 'sts' || !hasFaults(s)) {
      return { kind: 'none', delayMs: 0 };
    }
    const delayMs =
      s.latencyMaxMs > 0 ? Math.round(s.latencyMinMs + this.next() * (s.latencyMaxMs - s.latencyMinMs)) : 0;
    const roll = this.next();
    if (roll < s.throttleRate) {
      return { kind: 'throttle', delayMs };
    }
    if (roll < s.throttleRate + s.errorRate) {
      return { kind: 'error', status: this.next() < 0.5 ? 500 : 503, delayMs };
    }
    return { kind: 'none', delayMs };
  }
}

type FaultKind = 'throttle' | 500 | 503;

/**
 * Each service's own error for throttling and server faults, with the HTTP status AWS sends it
 * with, from the service models (botocore): RAM models ThrottlingException with 429 and its own
 * 5xx exceptions; Organizations and Athena throttle with TooManyRequestsException (400); S3 slows
 * down with SlowDown (503); everything else answers the common ThrottlingException (400),
 * InternalFailure (500) and ServiceUnavailable (503) — CloudTrail's model has no 5xx exception.
 */
export function faultAnswer(service: ServiceId, kind: FaultKind): { code: string; status: number } {
  switch (service) {
    case 'ram':
      return kind === 'throttle'
        ? { code: 'ThrottlingException', status: 429 }
        : { code: kind === 500 ? 'ServerInternalException' : 'ServiceUnavailableException', status: kind };
    case 'organizations':
      return kind === 'throttle'
        ? { code: 'TooManyRequestsException', status: 400 }
        : { code: kind === 500 ? 'InternalFailure' : 'ServiceUnavailable', status: kind };
    case 'athena':
      return kind === 'throttle'
        ? { code: 'TooManyRequestsException', status: 400 }
        : { code: kind === 500 ? 'InternalServerException' : 'ServiceUnavailable', status: kind };
    case 's3':
      return kind === 'throttle'
        ? { code: 'SlowDown', status: 503 }
        : { code: kind === 500 ? 'InternalError' : 'ServiceUnavailable', status: kind };
    default:
      return kind === 'throttle'
        ? { code: 'ThrottlingException', status: 400 }
        : { code: kind === 500 ? 'InternalFailure' : 'ServiceUnavailable', status: kind };
  }
}

export function faultErrorCode(service: ServiceId, kind: FaultKind): string {
  return faultAnswer(service, kind).code;
}
