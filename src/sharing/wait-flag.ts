/** `--wait-timeout <dur>`: how long grant/apply/revoke wait for RAM (0 = do not wait). */
import { parseDuration } from '../dates.js';

export function parseWaitTimeout(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseDuration(text, { flag: '--wait-timeout', allowZero: true });
}
