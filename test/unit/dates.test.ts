import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  MAX_DURATION_MS,
  parseDuration,
  parseInstant,
  parseTimeSpec,
} from '../../src/dates.js';
import { FshareError } from '../../src/errors.js';

const flag = { flag: '--expires' };

function usageError(fn: () => unknown): FshareError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FshareError);
    return error as FshareError;
  }
  throw new Error('expected a usage error');
}

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['12h', 43_200_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    [' 5m ', 300_000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text, flag)).toBe(ms);
  });

  it.each(['', '7', 'd', '7 d', '7D', '-7d', '+7d', '1.5h', '0x10m', '7y', '1e3s', '7dd', '١٢h'])(
    'refuses %j with exit 2 naming the value',
    (text) => {
      const error = usageError(() => parseDuration(text, flag));
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain('--expires');
      expect(error.message).toContain(text);
      expect(error.code).toBe('FSHARE_BAD_DURATION');
    },
  );

  it('refuses anything beyond 100 years, including absurd digit strings', () => {
    expect(parseDuration('5200w', flag)).toBeLessThanOrEqual(MAX_DURATION_MS);
    for (const text of ['36501d', '5215w', '99999999999999d', '9999999999999999999999d']) {
      const error = usageError(() => parseDuration(text, flag));
      expect(error.exitCode).toBe(2);
    }
  });

  it('refuses zero unless allowed', () => {
    expect(usageError(() => parseDuration('0s', flag)).exitCode).toBe(2);
    expect(parseDuration('0s', { ...flag, allowZero: true })).toBe(0);
  });

  it('uses the caller’s code', () => {
    expect(usageError(() => parseDuration('x', { ...flag, code: 'FSHARE_BAD_EXPIRY' })).code).toBe(
      'FSHARE_BAD_EXPIRY',
    );
  });
});

describe('parseInstant', () => {
  it.each([
    ['2027-01-31', '2027-01-31T00:00:00.000Z'],
    ['2028-02-29', '2028-02-29T00:00:00.000Z'],
    ['2027-01-31T18:00', '2027-01-31T18:00:00.000Z'],
    ['2027-01-31T18:00:05Z', '2027-01-31T18:00:05.000Z'],
    ['2027-01-31 18:00:05.25Z', '2027-01-31T18:00:05.250Z'],
    ['2027-01-31T18:00:00+02:00', '2027-01-31T16:00:00.000Z'],
    ['2027-01-31T18:00:00-0530', '2027-01-31T23:30:00.000Z'],
    ['2027-01-31T18:00:00+01', '2027-01-31T17:00:00.000Z'],
    ['2027-12-31T23:59:59.999999999z', '2027-12-31T23:59:59.999Z'],
  ])('%s → %s', (text, iso) => {
    expect(parseInstant(text, flag).toISOString()).toBe(iso);
  });

  it.each([
    ['2027-02-30', 'day'],
    ['2027-02-29', 'day'],
    ['2100-02-29', 'day'],
    ['2027-04-31', 'day'],
    ['2027-13-01', 'month'],
    ['2027-00-10', 'month'],
    ['2027-01-00', 'day'],
    ['2027-01-31T24:00', 'time'],
    ['2027-01-31T12:60', 'time'],
    ['2027-01-31T12:00:60Z', 'time'],
    ['2027-01-31T12:00+15:00', 'offset'],
    ['1969-12-31', 'year'],
    ['27-01-31', 'ISO'],
    ['2027/01/31', 'ISO'],
    ['2027-1-31', 'ISO'],
    ['tomorrow', 'ISO'],
    ['2027-01-31T12', 'ISO'],
  ])('refuses %s (%s) with exit 2', (text, why) => {
    const error = usageError(() => parseInstant(text, flag));
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe('FSHARE_BAD_DATE');
    expect(error.message).toContain(text);
    expect(error.message.toLowerCase()).toContain(why.toLowerCase());
  });
});

describe('parseTimeSpec', () => {
  const now = new Date('2027-01-01T00:00:00.000Z');

  it('adds a duration for the future and subtracts it for the past', () => {
    expect(parseTimeSpec('2d', now, { ...flag, direction: 'future' }).toISOString()).toBe(
      '2027-01-03T00:00:00.000Z',
    );
    expect(parseTimeSpec('1w', now, { flag: '--since', direction: 'past' }).toISOString()).toBe(
      '2026-12-25T00:00:00.000Z',
    );
  });

  it('takes an instant as given', () => {
    expect(parseTimeSpec('2027-03-01', now, { ...flag, direction: 'future' }).toISOString()).toBe(
      '2027-03-01T00:00:00.000Z',
    );
  });

  it('refuses an instant on the wrong side of now when asked', () => {
    const spec = { ...flag, direction: 'future' as const, requireDirection: true };
    expect(usageError(() => parseTimeSpec('2026-12-31', now, spec)).message).toContain('past');
    expect(usageError(() => parseTimeSpec('2027-01-01T00:00Z', now, spec)).exitCode).toBe(2);
    const past = { flag: '--since', direction: 'past' as const, requireDirection: true };
    expect(usageError(() => parseTimeSpec('2027-06-01', now, past)).message).toContain('future');
  });

  it('refuses text that is neither', () => {
    const error = usageError(() => parseTimeSpec('soon', now, { ...flag, direction: 'future' }));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('soon');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [90_000, '1m30s'],
    [3_600_000, '1h'],
    [90_061_000, '1d1h1m1s'],
  ])('%d → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
