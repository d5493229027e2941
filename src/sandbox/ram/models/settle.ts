/**
 * Applies the moves that time and the previous calls have made due (see state.ts): invitations
 * past their 12 hours expire and take their waiting associations with them, ASSOCIATING becomes
 * ASSOCIATED (when no invitation is needed, or it was accepted), DISASSOCIATING becomes
 * DISASSOCIATED. Every query here is answered from an index on status, so it costs little when
 * nothing is due, however many associations there are.
 */
import type { Db } from '../../types.js';
import { INVITATION_TTL_MS } from '../state.js';
import { statement } from './statements.js';

export function settle(db: Db, now: Date): void {
  const t = now.getTime();
  const expired = statement(
    db,
    `SELECT arn FROM ram_invitations WHERE status = 'PENDING' AND invitation_time <= ?`,
  ).all(t - INVITATION_TTL_MS) as { arn: string }[];
  for (const { arn } of expired) {
    statement(db, `UPDATE ram_invitations SET status = 'EXPIRED' WHERE arn = ?`).run(arn);
    statement(
      db,
      `UPDATE ram_associations SET status = 'DISASSOCIATED', status_message = 'The invitation expired.', last_updated_time = ?
       WHERE invitation_arn = ? AND status = 'ASSOCIATING'`,
    ).run(t, arn);
  }
  statement(
    db,
    `UPDATE ram_associations SET status = 'ASSOCIATED', last_updated_time = ?
     WHERE status = 'ASSOCIATING' AND (invitation_arn IS NULL OR invitation_arn IN
       (SELECT arn FROM ram_invitations WHERE status = 'ACCEPTED'))`,
  ).run(t);
  statement(
    db,
    `UPDATE ram_associations SET status = 'DISASSOCIATED', last_updated_time = ? WHERE status = 'DISASSOCIATING'`,
  ).run(t);
}
