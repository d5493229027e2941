/**
 * Strict, pure parsing of durations (`90s 30m 12h 7d 2w`) and instants (ISO 8601), shared by every
 * flag that takes a time: `--expires`, `--since`/`--until`, `--wait-timeout`, `sandbox clock`.
 *
 * Why strict: `Date.parse('2027-02-30')` silently becomes 2 March and `Number('0x10')` is 16; a
 * typo in a time flag must be refused (exit 2, naming the value), never stored or sent to AWS.
 */
import { UsageError } from './errors.js';

const UNIT_MS = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
} as const;
type Unit = keyof typeof UNIT_MS;

/** The longest duration any flag accepts: beyond this a value is a typo, not an intent. */
export const MAX_DURATION_MS = 100 * 365 * UNIT_MS.d;

/** Instants are bounded to four-digit years so they survive every AWS API and ISO round trip. */
const MIN_YEAR = 1970;
const MAX_YEAR = 9999;

export interface TimeFlagOptions {
  /** The flag being parsed, named in the error: `--expires`, `--since`. */
  flag: string;
  /** Stable error code; defaults to FSHARE_BAD_DURATION / FSHARE_BAD_DATE. */
  code?: string;
}

const DURATION_HINT = 'Use a whole number and a unit: 90s, 30m, 12h, 7d or 2w (at most 100 years).';
const DATE_HINT = 'Use an ISO-8601 date or time: 2027-01-31, 2027-01-31T18:00:00Z or 2027-01-31T18:00+02:00.';

/**
 * A duration in milliseconds. Only `<digits><unit>` with unit s, m, h, d or w; zero is allowed only
 * when `allowZero` (a wait of 0 means "do not wait"), and nothing beyond MAX_DURATION_MS.
 */
export function parseDuration(text: string, options: TimeFlagOptions & { allowZero?: boolean }): number {
  const code = options.code ?? 'FSHARE_BAD_DURATION';
  const m = /^(\d{1,15})([smhdw])$/.exec(text.trim());
  if (!m?.[1] || !m[2]) {
    throw new UsageError(`${options.flag} "${text}" is not a duration.`, { code, hint: DURATION_HINT });
  }
  const amount = Number(m[1]);
  const ms = amount * UNIT_MS[m[2] as Unit];
  if (amount === 0 && !options.allowZero) {
    throw new UsageError(`${options.flag} ${text} is zero.`, { code, hint: DURATION_HINT });
  }
  if (!Number.isSafeInteger(ms) || ms > MAX_DURATION_MS) {
    throw new UsageError(`${options.flag} ${text} is longer than 100 years.`, { code, hint: DURATION_HINT });
  }
  return ms;
}

/** Is the text shaped like a duration (as opposed to a date)? Lets callers pick the parser. */
export function looksLikeDuration(text: string): boolean {
  return /^\d+[smhdw]$/.test(text.trim());
}

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one (UTC, so no DST effects).
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * An ISO-8601 date (`2027-01-31`, midnight UTC) or date-time (`2027-01-31T18:00[:00[.123]]` with
 * `Z` or `±HH[:MM]`; no zone means UTC). Every field is range-checked against the calendar, so
 * `2027-02-30` and `24:00` are refused rather than rolled over.
 */
export function parseInstant(text: string, options: TimeFlagOptions): Date {
  const code = options.code ?? 'FSHARE_BAD_DATE';
  const bad = (why: string): UsageError =>
    new UsageError(`${options.flag} "${text}" ${why}.`, { code, hint: DATE_HINT });
  const m = INSTANT.exec(text.trim());
  if (!m) {
    throw bad('is not an ISO-8601 date');
  }
  const [, y, mo, d, hh = '0', mm = '0', ss = '0', frac = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(hh);
  const minute = Number(mm);
  const second = Number(ss);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw bad(`has a year outside ${MIN_YEAR}–${MAX_YEAR}`);
  }
  if (month < 1 || month > 12) {
    throw bad('has no such month');
  }
  if (day < 1 || day > daysInMonth(year, month)) {
    throw bad(`is not a day of ${y}-${mo}`);
  }
  if (hour > 23 || minute > 59 || second > 59) {
    throw bad('is not a time of day');
  }
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
    const zh = Number(zm?.[2] ?? '0');
    const zmin = Number(zm?.[3] ?? '0');
    if (!zm || zh > 14 || zmin > 59) {
      throw bad('has an impossible time-zone offset');
    }
    offsetMinutes = (zm[1] === '-' ? -1 : 1) * (zh * 60 + zmin);
  }
  const millis = Number(frac.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  return new Date(utc);
}

/**
 * A time flag that takes either a duration relative to `now` or an instant: `--expires 30d` is
 * `now + 30d` (direction 'future'); `--since 7d` is `now − 7d` (direction 'past'). With
 * `requireDirection`, an instant on the wrong side of `now` is refused (an expiry in the past).
 */
export function parseTimeSpec(
  text: string,
  now: Date,
  options: TimeFlagOptions & { direction: 'future' | 'past'; requireDirection?: boolean },
): Date {
  if (looksLikeDuration(text)) {
    const ms = parseDuration(text, options);
    return new Date(now.getTime() + (options.direction === 'future' ? ms : -ms));
  }
  if (!/^\d{4}-/.test(text.trim())) {
    throw new UsageError(`${options.flag} "${text}" is neither a duration nor a date.`, {
      code: options.code ?? 'FSHARE_BAD_DATE',
      hint: `${DURATION_HINT} Or: ${DATE_HINT}`,
    });
  }
  const at = parseInstant(text, options);
  if (options.requireDirection) {
    const wrongSide = options.direction === 'future' ? at <= now : at >= now;
    if (wrongSide) {
      throw new UsageError(
        `${options.flag} ${text} is in the ${options.direction === 'future' ? 'past' : 'future'}.`,
        {
          code: options.code ?? 'FSHARE_BAD_DATE',
          hint:
            options.direction === 'future'
              ? 'Give a time in the future, or a duration such as 30d.'
              : 'Give a time in the past, or a duration such as 7d.',
        },
      );
    }
  }
  return at;
}

/** `90000` → `1m30s`: for messages that echo a duration back (wait timeouts, elapsed time). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const parts: string[] = [];
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3_600);
  const m = Math.floor((total % 3_600) / 60);
  const s = total % 60;
  if (d) {
    parts.push(`${d}d`);
  }
  if (h) {
    parts.push(`${h}h`);
  }
  if (m) {
    parts.push(`${m}m`);
  }
  if (s || parts.length === 0) {
    parts.push(`${s}s`);
  }
  return parts.join('');
}
