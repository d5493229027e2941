import type { Db } from '../../types.js';

export function deliverDueLogs(_db: Db, _now: Date): number {
  return 0;
}
