/** `--expires 30d` / `12h` / `90m` / `2w` or an ISO-8601 date → an absolute ISO-8601 time. */
import { parseTimeSpec } from '../dates.js';

export function parseExpiry(text: string, now: Date): string {
  return parseTimeSpec(text, now, {
    flag: '--expires',
    code: 'FSHARE_BAD_EXPIRY',
    direction: 'future',
    requireDirection: true,
  }).toISOString();
}
