import { describe, expect, it } from 'vitest';
import {
  FaultInjector,
  FaultSettingsError,
  faultAnswer,
  faultErrorCode,
  faultSettings,
  faultSettingsFromEnv,
  parseLatency,
} from '../../../src/sandbox/faults.js';

describe('fault settings', () => {
  it.each([
    ['250', { min: 250, max: 250 }],
    ['50-200', { min: 50, max: 200 }],
    [' 5 - 6 ', { min: 5, max: 6 }],
  ])('parses latency %s', (text, expected) => {
    expect(parseLatency(text)).toEqual(expected);
  });

  it.each([
    [{ latency: 'fast' }],
    [{ latency: '200-100' }],
    [{ throttleRate: '1.5' }],
    [{ errorRate: '-0.1' }],
    [{ errorRate: '' }],
    [{ seed: 'x' }],
  ])('refuses %o', (input) => {
    expect(() => faultSettings(input)).toThrow(FaultSettingsError);
  });

  it('reads the FSHARE_SANDBOX_* variables', () => {
    expect(
      faultSettingsFromEnv({
        FSHARE_SANDBOX_LATENCY: '10-20',
        FSHARE_SANDBOX_THROTTLE_RATE: '0.25',
        FSHARE_SANDBOX_ERROR_RATE: '0.5',
        FSHARE_SANDBOX_SEED: '42',
      }),
    ).toEqual({ latencyMinMs: 10, latencyMaxMs: 20, throttleRate: 0.25, errorRate: 0.5, seed: 42 });
  });
});

describe('FaultInjector', () => {
  const settings = faultSettings({ latency: '0-100', throttleRate: '0.3', errorRate: '0.2', seed: '7' });
  const sequence = (seed: number) => {
    const injector = new FaultInjector({ ...settings, seed });
    return Array.from({ length: 200 }, () => injector.decide('featurestore'));
  };

  it('replays the same decisions for the same seed', () => {
    expect(sequence(7)).toEqual(sequence(7));
    expect(sequence(7)).not.toEqual(sequence(8));
  });

  it('injects faults at roughly the configured rates, with latency in range', () => {
    const decisions = sequence(7);
    const throttles = decisions.filter((d) => d.kind === 'throttle').length;
    const errors = decisions.filter((d) => d.kind === 'error').length;
    expect(throttles).toBeGreaterThan(30);
    expect(throttles).toBeLessThan(90);
    expect(errors).toBeGreaterThan(15);
    expect(errors).toBeLessThan(70);
    expect(decisions.every((d) => d.delayMs >= 0 && d.delayMs <= 100)).toBe(true);
  });

  it('never faults STS', () => {
    const injector = new FaultInjector({ ...settings, throttleRate: 1 });
    expect(injector.decide('sts')).toEqual({ kind: 'none', delayMs: 0 });
    expect(injector.decide('ram').kind).toBe('throttle');
  });

  it.each([
    ['featurestore', 500, 'InternalFailure'],
    ['featurestore', 503, 'ServiceUnavailable'],
    ['ram', 500, 'ServerInternalException'],
    ['ram', 503, 'ServiceUnavailableException'],
    ['ram', 'throttle', 'ThrottlingException'],
    ['sagemaker', 'throttle', 'ThrottlingException'],
  ] as const)('uses %s code for %s: %s', (service, kind, code) => {
    expect(faultErrorCode(service, kind)).toBe(code);
  });

  it.each([
    // RAM models ThrottlingException with 429; the others throttle with 400, as AWS's JSON services do.
    ['ram', 'throttle', 'ThrottlingException', 429],
    ['sagemaker', 'throttle', 'ThrottlingException', 400],
    ['featurestore', 'throttle', 'ThrottlingException', 400],
    ['cloudtrail', 'throttle', 'ThrottlingException', 400],
    ['organizations', 'throttle', 'TooManyRequestsException', 400],
    // CloudTrail's model has no 5xx exception: the common InternalFailure / ServiceUnavailable.
    ['cloudtrail', 500, 'InternalFailure', 500],
    ['cloudtrail', 503, 'ServiceUnavailable', 503],
    ['organizations', 500, 'InternalFailure', 500],
    ['sagemaker', 503, 'ServiceUnavailable', 503],
  ] as const)('answers %s %s with %s (HTTP %d)', (service, kind, code, status) => {
    expect(faultAnswer(service, kind)).toEqual({ code, status });
  });
});
