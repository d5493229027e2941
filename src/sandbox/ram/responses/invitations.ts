/** RAM invitations, seen from the receiving account: list, accept, reject, and what one holds. */
import {
  SandboxServiceError,
  type OperationContext,
  type OperationInput,
  type OperationOutput,
} from '../../types.js';
import { idempotent } from '../idempotency.js';
import { associationRows, shareName, type AssociationRow, type InvitationRow } from '../models/rows.js';
import { statement } from '../models/statements.js';
import { paginate } from '../paging.js';
import { requiredString, stringList } from '../params.js';
import { shareableResource } from '../permissions.js';
import { effectiveStatus } from '../state.js';
import { associationView, invitationView, pageOf, resourceView } from '../views.js';

const INVITATION_ARN = /^arn:aws:ram:([a-z0-9-]+):(\d{12}):resource-share-invitation\/[0-9a-f-]{36}$/;

function invitationByArn(ctx: OperationContext, arn: string): InvitationRow | undefined {
  return statement(ctx.db, 'SELECT * FROM ram_invitations WHERE arn = ?').get(arn) as
    InvitationRow | undefined;
}

function receivedInvitation(ctx: OperationContext, arn: string): InvitationRow {
  if (!INVITATION_ARN.test(arn)) {
    throw new SandboxServiceError('MalformedArnException', `The format of the ARN ${arn} is not valid.`);
  }
  const row = invitationByArn(ctx, arn);
  if (!row || row.receiver_account_id !== ctx.caller.accountId) {
    throw new SandboxServiceError(
      'ResourceShareInvitationArnNotFoundException',
      `ResourceShareInvitation ${arn} could not be found.`,
    );
  }
  ctx.trail.resources = [
    { accountId: row.sender_account_id, type: 'AWS::RAM::ResourceShare', ARN: row.share_arn },
  ];
  return row;
}

/** Every invitation the caller received, answered ones included (a new one never replaces an old). */
export function getResourceShareInvitations(input: OperationInput, ctx: OperationContext): OperationOutput {
  const invitationArns = stringList(input, 'resourceShareInvitationArns');
  const shareArns = stringList(input, 'resourceShareArns');
  let rows: InvitationRow[] =
    invitationArns.length > 0
      ? invitationArns.map((arn) => receivedInvitation(ctx, arn))
      : (statement(
          ctx.db,
          'SELECT * FROM ram_invitations WHERE receiver_account_id = ? ORDER BY invitation_time, arn',
        ).all(ctx.caller.accountId) as InvitationRow[]);
  if (shareArns.length > 0) {
    rows = rows.filter((r) => shareArns.includes(r.share_arn));
  }
  const { page, nextToken } = paginate(
    { db: ctx.db, operation: 'GetResourceShareInvitations', accountId: ctx.caller.accountId, input },
    rows,
  );
  return pageOf(
    'resourceShareInvitations',
    page.map((r) => invitationView(ctx.db, r)),
    nextToken,
  );
}

function assertPending(row: InvitationRow): void {
  switch (row.status) {
    case 'ACCEPTED':
      throw new SandboxServiceError(
        'ResourceShareInvitationAlreadyAcceptedException',
        `The invitation ${row.arn} is already accepted.`,
      );
    case 'REJECTED':
      throw new SandboxServiceError(
        'ResourceShareInvitationAlreadyRejectedException',
        `The invitation ${row.arn} is already rejected.`,
      );
    case 'EXPIRED':
      throw new SandboxServiceError(
        'ResourceShareInvitationExpiredException',
        `The invitation ${row.arn} has expired.`,
      );
    default:
  }
}

function answerInvitation(input: OperationInput, ctx: OperationContext, accept: boolean): OperationOutput {
  const arn = requiredString(input, 'resourceShareInvitationArn');
  return idempotent(
    ctx,
    accept ? 'AcceptResourceShareInvitation' : 'RejectResourceShareInvitation',
    input,
    () => {
      assertPending(receivedInvitation(ctx, arn));
      const t = ctx.now.getTime();
      statement(ctx.db, 'UPDATE ram_invitations SET status = ? WHERE arn = ?').run(
        accept ? 'ACCEPTED' : 'REJECTED',
        arn,
      );
      if (!accept) {
        statement(
          ctx.db,
          `UPDATE ram_associations SET status = 'DISASSOCIATED', status_message = 'The invitation was rejected.', last_updated_time = ?
         WHERE invitation_arn = ? AND status = 'ASSOCIATING'`,
        ).run(t, arn);
      }
      const updated = invitationByArn(ctx, arn) as InvitationRow;
      const name = shareName(ctx.db, updated.share_arn);
      const associations = (
        statement(ctx.db, 'SELECT * FROM ram_associations WHERE invitation_arn = ?').all(
          arn,
        ) as AssociationRow[]
      ).map((a) => associationView({ ...a, invitation_status: null }, name, ctx.now));
      // The association moves on the next read; the answer shows it still in flight.
      const shown = associations.map((a) => (accept ? { ...a, status: 'ASSOCIATING' } : a));
      return {
        resourceShareInvitation: { ...invitationView(ctx.db, updated), resourceShareAssociations: shown },
      };
    },
  );
}

export function acceptResourceShareInvitation(input: OperationInput, ctx: OperationContext): OperationOutput {
  return answerInvitation(input, ctx, true);
}

export function rejectResourceShareInvitation(input: OperationInput, ctx: OperationContext): OperationOutput {
  return answerInvitation(input, ctx, false);
}

export function listPendingInvitationResources(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  const row = receivedInvitation(ctx, requiredString(input, 'resourceShareInvitationArn'));
  if (row.status === 'REJECTED' || row.status === 'EXPIRED') {
    assertPending(row);
  }
  const resources = associationRows(ctx.db, row.share_arn, 'RESOURCE')
    .filter((r) => effectiveStatus(r, ctx.now) === 'ASSOCIATED')
    .map((r) => resourceView(r, shareableResource(r.entity)?.type ?? 'unknown'));
  const { page, nextToken } = paginate(
    { db: ctx.db, operation: 'ListPendingInvitationResources', accountId: ctx.caller.accountId, input },
    resources,
  );
  return pageOf('resources', page, nextToken);
}
