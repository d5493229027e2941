/**
 * How RAM associations and invitations move over time, as pure functions over rows, so that the
 * RAM models (models/settle.ts persists the moves) and the access checks (which only read) agree.
 *
 * Chosen behaviour (documented in docs/sandbox.md as assumed): a new association is ASSOCIATING in
 * the response of the call that made it and ASSOCIATED from the next RAM call on; a principal
 * association that waits for an invitation stays ASSOCIATING until the invitation is accepted, and
 * becomes DISASSOCIATED when it is rejected or expires (12 hours of sandbox clock).
 */
export const INVITATION_TTL_MS = 12 * 60 * 60 * 1000;

export interface AssociationRow {
  share_arn: string;
  association_type: string;
  entity: string;
  status: string;
  status_message: string | null;
  external: number;
  invitation_arn: string | null;
  creation_time: number;
  last_updated_time: number;
  invitation_status?: string | null;
  invitation_time?: number | null;
}

export type InvitationStatus = 'PENDING' | 'ACCEPTED' | 'REJECTED' | 'EXPIRED';

export function effectiveInvitationStatus(status: string, invitationTime: number, now: Date): string {
  if (status === 'PENDING' && now.getTime() >= invitationTime + INVITATION_TTL_MS) {
    return 'EXPIRED';
  }
  return status;
}

/** The status an association has once pending moves are applied at `now`. */
export function effectiveStatus(row: AssociationRow, now: Date): string {
  if (row.status === 'DISASSOCIATING') {
    return 'DISASSOCIATED';
  }
  if (row.status !== 'ASSOCIATING') {
    return row.status;
  }
  if (row.invitation_arn === null) {
    return 'ASSOCIATED';
  }
  const invitation =
    row.invitation_status === undefined || row.invitation_status === null
      ? undefined
      : effectiveInvitationStatus(row.invitation_status, row.invitation_time ?? 0, now);
  switch (invitation) {
    case 'ACCEPTED':
      return 'ASSOCIATED';
    case 'PENDING':
      return 'ASSOCIATING';
    default:
      return 'DISASSOCIATED';
  }
}
