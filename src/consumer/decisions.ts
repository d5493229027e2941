/**
 * Accepting and rejecting invitations: one decision per invitation, the wait for invitations that
 * are not visible yet, organization-shared shares that need none, and a check that access works.
 */
import { awsErrorCode, isAccessDenied, toFshareError } from '../aws/errors.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { parseFeatureGroupArn } from '../permissions/arns.js';
import type { AccessLevel } from '../permissions/levels.js';
import { listInvitations, resourcesOf, sharesWithoutInvitation, type Invitation } from './invitations.js';
import { operationsAt, ShareLevelCache } from './my-access.js';
import { selectInvitations, type Selection } from './selection.js';

export type Decision = 'accept' | 'reject';
export type DecisionOutcome =
  'accepted' | 'already-accepted' | 'rejected' | 'already-rejected' | 'expired' | 'failed';

/** Accepts or rejects one invitation; RAM's "already done" answers count as success. */
export async function decide(
  ctx: Context,
  invitation: Invitation,
  decision: Decision,
): Promise<{ outcome: DecisionOutcome; message: string | undefined }> {
  if (invitation.status === 'EXPIRED') {
    return { outcome: 'expired', message: undefined };
  }
  if (invitation.status === 'ACCEPTED') {
    return decision === 'accept'
      ? { outcome: 'already-accepted', message: undefined }
      : {
          outcome: 'failed',
          message: 'it was already accepted; to give access up, ask the owner to revoke it',
        };
  }
  if (invitation.status === 'REJECTED') {
    return decision === 'reject'
      ? { outcome: 'already-rejected', message: undefined }
      : { outcome: 'failed', message: 'it was rejected; the owner must grant again' };
  }
  const ram = await ctx.aws.ram();
  const input = { resourceShareInvitationArn: invitation.invitationArn };
  try {
    if (decision === 'accept') {
      await ram.acceptResourceShareInvitation(input, { abortSignal: ctx.signal });
      return { outcome: 'accepted', message: undefined };
    }
    await ram.rejectResourceShareInvitation(input, { abortSignal: ctx.signal });
    return { outcome: 'rejected', message: undefined };
  } catch (error) {
    switch (awsErrorCode(error)) {
      case 'ResourceShareInvitationAlreadyAcceptedException':
        return decision === 'accept'
          ? { outcome: 'already-accepted', message: undefined }
          : { outcome: 'failed', message: 'it was already accepted' };
      case 'ResourceShareInvitationAlreadyRejectedException':
        return decision === 'reject'
          ? { outcome: 'already-rejected', message: undefined }
          : { outcome: 'failed', message: 'it was already rejected; the owner must grant again' };
      case 'ResourceShareInvitationExpiredException':
        return { outcome: 'expired', message: undefined };
      default:
        throw error;
    }
  }
}

export interface DecisionRow {
  invitationArn: string;
  shareName: string;
  ownerAccount: string;
  featureGroups: string[];
  level: AccessLevel | null;
  outcome: DecisionOutcome | 'live (organization sharing)';
  message: string | null;
  /** After accepting: whether each feature group could be described with the owner's ARN and region. */
  verified: boolean | null;
  /** After accepting: the operations your level allows. */
  canNow: string[];
}

export interface DecisionRun {
  rows: DecisionRow[];
  notes: string[];
  failed: number;
  /** Ctrl-C stopped the run before every chosen invitation was decided. */
  interrupted: boolean;
}

export interface DecisionOptions {
  decision: Decision;
  selection: Selection;
  /** How long to keep looking for invitations that are not visible yet (pain point: "invitation not found"). */
  waitMs: number;
  /** Asks the person which invitations to take; only given on a terminal. */
  pick?: (pending: Invitation[]) => Promise<string[]>;
}

/** Describes each group by the owner's ARN in the owner's region, retrying briefly while access propagates. */
async function verifyAccess(ctx: Context, featureGroups: string[]): Promise<boolean> {
  for (const arn of featureGroups) {
    const parsed = parseFeatureGroupArn(arn);
    if (!parsed) {
      continue;
    }
    const sagemaker = await ctx.aws.sagemaker({ region: parsed.region });
    let ok = false;
    for (let attempt = 0; attempt < 3 && !ok; attempt++) {
      try {
        await sagemaker.describeFeatureGroup({ FeatureGroupName: arn }, { abortSignal: ctx.signal });
        ok = true;
      } catch (error) {
        const code = awsErrorCode(error) ?? '';
        if (!isAccessDenied(error) && !['ResourceNotFound', 'ResourceNotFoundException'].includes(code)) {
          throw error;
        }
        if (attempt < 2) {
          await ctx.clock.sleep(500 * 2 ** attempt, ctx.signal);
        }
      }
    }
    if (!ok) {
      return false;
    }
  }
  return true;
}

function expiredMessage(invitation: Invitation, you: string): string {
  const groups = invitation.featureGroups.map((a) => a.split('/').pop() ?? a);
  const grant = `fshare grant ${groups.length > 0 ? groups.join(' ') : '<feature-group>'} --to ${you} --level ${invitation.level ?? 'read-only'}`;
  return `the invitation expired${invitation.expiresAt ? ` at ${invitation.expiresAt}` : ''}; the owner (account ${invitation.ownerAccount}) must grant again: \`${grant}\``;
}

export async function runDecisions(ctx: Context, options: DecisionOptions): Promise<DecisionRun> {
  const { decision } = options;
  let selection = options.selection;
  let invitations = await listInvitations(ctx, { all: true });
  const notes: string[] = [];
  const interactive = selection.arns.length === 0 && !selection.all && selection.from === undefined;
  if (interactive && options.pick) {
    const pending = invitations.filter((i) => i.status === 'PENDING');
    if (pending.length > 0) {
      selection = { ...selection, arns: await options.pick(pending) };
    } else {
      selection = { ...selection, all: true };
    }
  }
  let { chosen, missing } = selectInvitations(invitations, selection, decision);
  const you = (await ctx.aws.identity()).account;
  const rows: DecisionRow[] = [];
  const ram = await ctx.aws.ram();
  const levels = new ShareLevelCache(ram, ctx.signal);
  const liveShares = async () =>
    (await sharesWithoutInvitation(ctx, invitations)).filter(
      (s) => selection.from === undefined || s.ownerAccount === selection.from,
    );
  let live = chosen.length === 0 && missing.length === 0 && decision === 'accept' ? await liveShares() : [];
  // Invitations can take a moment to appear after the owner grants: look again with backoff. With
  // --all, only when nothing at all is visible yet (an inbox of old invitations is an answer).
  const worthWaiting = () =>
    live.length === 0 &&
    (missing.length > 0 ||
      (chosen.length === 0 && (selection.from !== undefined || invitations.length === 0)));
  const deadline = ctx.clock.now().getTime() + options.waitMs;
  for (
    let delay = 500;
    worthWaiting() && ctx.clock.now().getTime() + delay <= deadline;
    delay = Math.min(delay * 2, 4000)
  ) {
    ctx.log.info(`No matching invitation yet; looking again in ${delay / 1000}s…`);
    await ctx.clock.sleep(delay, ctx.signal);
    invitations = await listInvitations(ctx, { all: true });
    ({ chosen, missing } = selectInvitations(invitations, selection, decision));
    live = chosen.length === 0 && missing.length === 0 && decision === 'accept' ? await liveShares() : [];
  }

  if (chosen.length === 0 && live.length > 0) {
    notes.push(
      'No invitation is needed: these shares come through AWS Organizations sharing, and access is already live.',
    );
    for (const share of live) {
      const featureGroups = await resourcesOf(
        ram,
        { resourceShareArn: share.shareArn },
        'ACCEPTED',
        ctx.signal,
      );
      const level = (await levels.level(share.shareArn)) ?? null;
      rows.push({
        invitationArn: '',
        shareName: share.name,
        ownerAccount: share.ownerAccount,
        featureGroups,
        level,
        outcome: 'live (organization sharing)',
        message: null,
        verified: await verifyAccess(ctx, featureGroups),
        canNow: operationsAt(level ?? undefined),
      });
    }
    return { rows, notes, failed: 0, interrupted: false };
  }
  if (missing.length > 0) {
    throw new NotFoundError(`No invitation ${missing.join(', ')} was found for account ${you}.`, {
      code: 'FSHARE_INVITATION_NOT_FOUND',
      hint: 'Run `fshare invitations --all` to see every invitation; the owner may need to grant again, or shares may be in another --region.',
    });
  }
  if (chosen.length === 0) {
    if (selection.from !== undefined) {
      throw new NotFoundError(`No pending invitation from account ${selection.from}.`, {
        code: 'FSHARE_INVITATION_NOT_FOUND',
        hint: `Ask the owner to run \`fshare grant <feature-group> --to ${you} --level read-only\`, then try again; \`fshare invitations --all\` lists past ones.`,
      });
    }
    notes.push(
      'No pending invitations. `fshare invitations --all` lists past ones; `fshare discover` what is already shared with you.',
    );
    return { rows, notes, failed: 0, interrupted: false };
  }

  let failed = 0;
  for (const [index, invitation] of chosen.entries()) {
    if (ctx.signal.aborted) {
      // No new call after Ctrl-C: say what was done and what was not.
      notes.push(
        `Interrupted: ${chosen.length - index} invitation(s) not ${decision}ed: ${chosen
          .slice(index)
          .map((i) => i.invitationArn)
          .join(', ')}.`,
      );
      return { rows, notes, failed, interrupted: true };
    }
    let row: DecisionRow;
    try {
      row = await decideOne(ctx, invitation, decision, { you, levels });
    } catch (error) {
      if (!ctx.signal.aborted) {
        throw error;
      }
      // Ctrl-C during this invitation's call: RAM may or may not have taken it.
      notes.push(
        `Interrupted while ${decision === 'accept' ? 'accepting' : 'rejecting'} ${invitation.invitationArn}: it may or may not have gone through; \`fshare invitations --all\` shows its status.`,
      );
      if (index + 1 < chosen.length) {
        notes.push(
          `Not ${decision}ed: ${chosen
            .slice(index + 1)
            .map((i) => i.invitationArn)
            .join(', ')}.`,
        );
      }
      return { rows, notes, failed, interrupted: true };
    }
    if (row.outcome === 'expired' || row.outcome === 'failed') {
      failed++;
    }
    rows.push(row);
  }
  return { rows, notes, failed, interrupted: false };
}

/**
 * One invitation, start to end. A failure is this invitation's (reported on its row), never the
 * whole run's, unless the user interrupted.
 */
async function decideOne(
  ctx: Context,
  invitation: Invitation,
  decision: Decision,
  shared: { you: string; levels: ShareLevelCache },
): Promise<DecisionRow> {
  const row: DecisionRow = {
    invitationArn: invitation.invitationArn,
    shareName: invitation.shareName,
    ownerAccount: invitation.ownerAccount,
    featureGroups: invitation.featureGroups,
    level: invitation.level ?? null,
    outcome: 'failed',
    message: null,
    verified: null,
    canNow: [],
  };
  try {
    const { outcome, message } = await decide(ctx, invitation, decision);
    row.outcome = outcome;
    row.message = outcome === 'expired' ? expiredMessage(invitation, shared.you) : (message ?? null);
    if (decision === 'accept' && (outcome === 'accepted' || outcome === 'already-accepted')) {
      const ram = await ctx.aws.ram();
      if (row.featureGroups.length === 0) {
        const share = { resourceShareArn: invitation.shareArn };
        row.featureGroups = await resourcesOf(ram, share, 'ACCEPTED', ctx.signal);
      }
      row.level = row.level ?? (await shared.levels.level(invitation.shareArn)) ?? null;
      row.verified = await verifyAccess(ctx, row.featureGroups);
      row.canNow = operationsAt(row.level ?? undefined);
      if (!row.verified) {
        row.message =
          'accepted, but describing the feature group was still refused; access can take a minute to propagate: try `fshare describe` shortly';
      }
    }
  } catch (error) {
    if (ctx.signal.aborted) {
      throw error;
    }
    const fshare = toFshareError(error);
    row.message = row.outcome === 'failed' ? fshare.message : `${row.outcome}, then: ${fshare.message}`;
    if (row.outcome !== 'failed') {
      // The decision itself went through; only the follow-up check failed.
      row.verified = false;
    }
  }
  return row;
}
