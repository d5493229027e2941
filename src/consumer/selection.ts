/**
 * Which invitations an accept/reject names: argument validation before any call, and the pure
 * choice among the invitations RAM lists.
 */
import { UsageError } from '../errors.js';
import { ACCOUNT_ID } from '../permissions/arns.js';
import type { Invitation } from './invitations.js';

export interface Selection {
  arns: string[];
  all: boolean;
  from: string | undefined;
}

/** Validates the accept/reject arguments before any call. */
export function parseSelection(arns: string[], options: { all?: boolean; from?: string }): Selection {
  for (const arn of arns) {
    if (!/^arn:aws[a-z-]*:ram:[a-z0-9-]+:\d{12}:resource-share(-invitation)?\/.+/.test(arn)) {
      throw new UsageError(`"${arn}" is not a resource share invitation ARN.`, {
        code: 'FSHARE_BAD_INVITATION',
        hint: 'Pass an ARN from `fshare invitations` (arn:aws:ram:REGION:ACCOUNT:resource-share-invitation/…), or use --all / --from <account>.',
      });
    }
  }
  if (options.from !== undefined && !ACCOUNT_ID.test(options.from)) {
    throw new UsageError(`--from "${options.from}" is not a 12-digit account ID.`, {
      code: 'FSHARE_BAD_ACCOUNT',
      hint: 'Pass the owner account, e.g. --from 111111111111.',
    });
  }
  if (arns.length > 0 && (options.all || options.from !== undefined)) {
    throw new UsageError('Pass invitation ARNs, or --all / --from, not both.', {
      hint: 'Drop the ARNs or the flag.',
    });
  }
  return { arns, all: options.all === true, from: options.from };
}

/**
 * The invitations a selection names; ARNs may name the invitation or its share. A share can have
 * an old rejected or expired invitation and a fresh one (the owner granted again): a share ARN
 * takes the live one, and so does accepting by the old invitation's ARN, since a past rejection
 * never blocks a new invitation. Rejecting by an old ARN stays exact (it is already done).
 */
export function selectInvitations(
  invitations: Invitation[],
  selection: Selection,
  decision: 'accept' | 'reject' = 'accept',
): { chosen: Invitation[]; missing: string[] } {
  if (selection.arns.length > 0) {
    const chosen: Invitation[] = [];
    const missing: string[] = [];
    for (const arn of selection.arns) {
      const exact = invitations.find((i) => i.invitationArn === arn);
      const shareArn = exact?.shareArn ?? arn;
      const live = invitations.find((i) => i.shareArn === shareArn && i.status === 'PENDING');
      const ofShare = invitations.find((i) => i.shareArn === shareArn);
      const best =
        exact && (exact.status === 'PENDING' || decision === 'reject') ? exact : (live ?? exact ?? ofShare);
      if (!best) {
        missing.push(arn);
      } else if (!chosen.includes(best)) {
        chosen.push(best);
      }
    }
    return { chosen, missing };
  }
  const pending = invitations.filter((i) => i.status === 'PENDING');
  if (selection.from !== undefined) {
    return { chosen: pending.filter((i) => i.ownerAccount === selection.from), missing: [] };
  }
  return { chosen: pending, missing: [] };
}
