/** `--expires 30d` / `12h` / `90m` / `2w` or an ISO-8601 date → an absolute ISO-8601 time. */
import { UsageError } from '../errors.js';

const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

export function parseExpiry(text: string, now: Date): string {
  const m = /^(\d+)([mhdw])$/.exec(text.trim());
  if (m?.[1] && m[2]) {
    const amount = Number(m[1]);
    const unit = UNIT_MS[m[2]] ?? 0;
    if (amount <= 0) {
      throw new UsageError(`--expires ${text} is not in the future.`, {
        code: 'FSHARE_BAD_EXPIRY',
        hint: 'Use a positive duration such as 30d, 12h or 90m.',
      });
    }
    return new Date(now.getTime() + amount * unit).toISOString();
  }
  const looksLikeDate = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(
    text.trim(),
  );
  const time = looksLikeDate ? Date.parse(text.trim()) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new UsageError(`--expires "${text}" is neither a duration nor a date.`, {
      code: 'FSHARE_BAD_EXPIRY',
      hint: 'Use a duration (30d, 12h, 90m, 2w) or an ISO-8601 date (2027-01-31 or 2027-01-31T18:00:00Z).',
    });
  }
  if (time <= now.getTime()) {
    throw new UsageError(`--expires ${text} is in the past.`, {
      code: 'FSHARE_BAD_EXPIRY',
      hint: 'Give a date in the future, or a duration such as 30d.',
    });
  }
  return new Date(time).toISOString();
}
