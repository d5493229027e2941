/**
 * CloudTrail Lake closed to new customers on 2026-05-31 (reference/audit-trail-athena.md §1): a
 * new sandbox's accounts are new customers, and `fshare sandbox init --lake` makes every account an
 * existing one. An account that already owns an event data store is an existing customer too.
 */
import { getMeta, setMeta } from '../store.js';
import { SandboxServiceError, type Db } from '../types.js';

const LAKE_CUSTOMERS_META = 'lakeCustomers';

export const LAKE_CLOSED_MESSAGE =
  'CloudTrail Lake is no longer accepting new customers. Existing customers can continue to use their event data stores.';

export function enableLakeForAllAccounts(db: Db): void {
  setMeta(db, LAKE_CUSTOMERS_META, 'true');
}

export function lakeEnabled(db: Db): boolean {
  return getMeta(db, LAKE_CUSTOMERS_META) === 'true';
}

export function isLakeCustomer(db: Db, accountId: string): boolean {
  if (lakeEnabled(db)) {
    return true;
  }
  const owned = db.prepare('SELECT 1 FROM ct_event_data_stores WHERE account_id = ? LIMIT 1').get(accountId);
  return owned !== undefined;
}

/**
 * The code is assumed (docs/sandbox.md): AWS's observed answer is a 400 with the message above;
 * OperationNotPermittedException is the modelled CreateEventDataStore error that fits it.
 */
export function assertLakeCustomer(db: Db, accountId: string): void {
  if (!isLakeCustomer(db, accountId)) {
    throw new SandboxServiceError('OperationNotPermittedException', LAKE_CLOSED_MESSAGE, 400);
  }
}
