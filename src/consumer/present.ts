/**
 * The consumer commands' inputs and results: flags → input (validated before any call, pure, so
 * each command has a parse test), and run → what the renderer prints. Commands stay thin.
 */
import { withNextCommands, type InvocationGlobals } from '../cli/next-command.js';
import { UsageError } from '../errors.js';
import type { Column, CommandResult } from '../output/render.js';
import type { PickerItem } from '../ui/picker-row.js';
import type { Decision, DecisionRow, DecisionRun } from './decisions.js';
import { acceptHint, type Invitation } from './invitations.js';
import { parseSelection, type Selection } from './selection.js';

const shortName = (arn: string): string => arn.split('/').pop() ?? arn;

/** The columns an invitation and a decision share: who, which share, which groups, what level. */
function shareColumns<Row extends { featureGroups: string[] }>(): Column<Row>[] {
  return [
    { key: 'ownerAccount', header: 'Owner' },
    { key: 'shareName', header: 'Share' },
    { key: 'featureGroups', header: 'Feature groups', get: (row) => row.featureGroups.map(shortName) },
    { key: 'level', header: 'Level' },
  ];
}

export interface DecisionFlags {
  all?: boolean;
  from?: string;
  wait?: string;
}

export interface DecisionInput {
  decision: Decision;
  selection: Selection;
  waitMs: number;
  /** No ARN and no --all/--from: pick on the terminal. */
  interactive: boolean;
}

/**
 * Ink draws nothing until it exits when CI or CONTINUOUS_INTEGRATION is set (and not 0/false),
 * as its is-in-ci check says: a picker there would wait for keys on a blank screen.
 */
export function inCi(env: Readonly<Record<string, string | undefined>>): boolean {
  return ['CI', 'CONTINUOUS_INTEGRATION'].some(
    (key) => env[key] !== undefined && env[key] !== '0' && env[key] !== 'false',
  );
}

/**
 * accept/reject flags → input; a picker is only possible on a terminal (stdin and stderr) and
 * outside CI.
 */
export function decisionInput(
  decision: Decision,
  arns: string[],
  flags: DecisionFlags,
  terminal: { stdinIsTTY: boolean; stderrIsTTY: boolean; ci?: boolean },
): DecisionInput {
  const selection = parseSelection(arns, flags);
  // Plain decimal seconds only: Number() would take 0x10 or 1e2.
  const wait = flags.wait ?? '10';
  const waitSeconds = /^\d+(\.\d+)?$/.test(wait) ? Number(wait) : Number.NaN;
  if (!(waitSeconds >= 0 && waitSeconds <= 600)) {
    throw new UsageError(`--wait "${wait}" must be a number of seconds from 0 to 600.`, {
      hint: 'For example --wait 30.',
    });
  }
  const interactive = arns.length === 0 && !selection.all && selection.from === undefined;
  if (interactive && !(terminal.stdinIsTTY && terminal.stderrIsTTY && terminal.ci !== true)) {
    const where =
      terminal.ci === true ? 'CI is set, so the picker cannot draw' : 'there is no terminal to pick them on';
    throw new UsageError(`Say which invitations to ${decision}: ${where}.`, {
      code: 'FSHARE_NON_INTERACTIVE',
      hint: `Pass invitation ARNs (see \`fshare invitations\`), --all, or --from <owner-account>.`,
    });
  }
  return { decision, selection, waitMs: waitSeconds * 1000, interactive };
}

export function pickerItems(pending: readonly Invitation[]): PickerItem[] {
  return pending.map((i) => ({
    id: i.invitationArn,
    ownerAccount: i.ownerAccount,
    shareName: i.shareName,
    featureGroups: i.featureGroups,
    level: i.level ?? 'level not known',
    expiresAt: i.expiresAt ?? 'unknown',
  }));
}

export function presentDecisions(
  run: DecisionRun,
  decision: Decision,
  globals: InvocationGlobals,
): CommandResult<DecisionRow> {
  const notes = [...run.notes];
  for (const row of run.rows) {
    if (row.canNow.length > 0) {
      notes.push(
        `${row.featureGroups.map(shortName).join(', ') || row.shareName} (${row.level ?? 'level not known'}): you can now ${row.canNow.join(', ')}. Try \`fshare describe ${row.featureGroups[0] ?? ''}\`.`,
      );
    }
  }
  return {
    data: run.rows,
    table: {
      columns: [
        ...shareColumns<DecisionRow>(),
        { key: 'outcome', header: 'Result' },
        { key: 'verified', header: 'Verified' },
      ],
      rows: run.rows,
    },
    emptyMessage: `Nothing to ${decision}.`,
    // Your own next steps: with this invocation's profile too.
    notes: notes.map((note) => withNextCommands(globals, note)),
    warnings: run.rows
      .filter((r) => r.message)
      .map((r) => `${r.shareName || r.invitationArn}: ${r.message ?? ''}`),
    exitCode: run.interrupted ? 130 : run.failed > 0 ? 5 : 0,
  };
}

export function presentInvitations(
  invitations: Invitation[],
  all: boolean,
  globals: InvocationGlobals,
): CommandResult<Invitation> {
  return {
    // Every field in every row (null when unknown), so JSON and CSV keep one shape.
    data: invitations.map((i) => ({ ...i, invitedAt: i.invitedAt ?? null, expiresAt: i.expiresAt ?? null })),
    table: {
      columns: [
        ...shareColumns<Invitation>(),
        { key: 'status', header: 'Status' },
        { key: 'expiresAt', header: 'Expires' },
        { key: 'invitationArn', header: 'Invitation' },
      ],
      rows: invitations,
    },
    emptyMessage: all
      ? 'No invitations. Under AWS Organizations sharing none are sent: run `fshare discover`.'
      : 'No pending invitations. `fshare invitations --all` lists past ones; `fshare discover` shows what is shared with you.',
    notes: acceptHint(invitations).map((note) => withNextCommands(globals, note)),
  };
}
