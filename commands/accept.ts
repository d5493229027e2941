import { defineCommand, type CommandSpec } from '../src/cli/define-command.js';
import { withNextCommands } from '../src/cli/next-command.js';
import { UsageError } from '../src/errors.js';
import { runDecisions, type Decision, type DecisionRow } from '../src/consumer/decisions.js';
import { parseSelection } from '../src/consumer/selection.js';

interface DecisionOptions {
  all?: boolean;
  from?: string;
  wait?: string;
}

const shortName = (arn: string): string => arn.split('/').pop() ?? arn;

/** accept and reject share everything but the verb. */
export function decisionSpec(decision: Decision): CommandSpec<[string[]], DecisionOptions, DecisionRow> {
  const verb = decision === 'accept' ? 'Accept' : 'Reject';
  return defineCommand<[string[]], DecisionOptions, DecisionRow>({
    path: [decision],
    summary: `${verb} resource share invitations`,
    description:
      decision === 'accept'
        ? 'Accepts invitations: by ARN, every pending one (--all), or those from one owner account (--from).\nWith no argument on a terminal, pick them interactively. Already accepted counts as success; an\nexpired invitation says the owner must grant again. After accepting, each shared feature group is\ndescribed (owner ARN, owner region) to verify access, and what you can now do at your level is shown.\nUnder AWS Organizations sharing there is no invitation: access is already live.'
        : 'Rejects invitations: by ARN, every pending one (--all), or those from one owner account (--from).\nWith no argument on a terminal, pick them interactively. Already rejected counts as success.',
    examples: [
      `fshare ${decision}`,
      `fshare ${decision} --all`,
      `fshare ${decision} --from 111111111111`,
      `fshare ${decision} arn:aws:ram:us-east-1:111111111111:resource-share-invitation/EXAMPLE`,
    ],
    configure: (cmd) =>
      cmd
        .argument('[invitation-arn...]', 'invitation (or resource share) ARNs')
        .option('--all', `${decision} every pending invitation`)
        .option('--from <account>', `${decision} the pending invitations from this owner account`)
        .option(
          '--wait <seconds>',
          'keep looking this long for invitations that are not visible yet (default 10)',
        ),
    run: async ([arns], opts, ctx) => {
      const selection = parseSelection(arns, opts);
      const waitSeconds = opts.wait === undefined ? 10 : Number(opts.wait);
      if (!Number.isFinite(waitSeconds) || waitSeconds < 0 || waitSeconds > 600) {
        throw new UsageError(`--wait "${opts.wait ?? ''}" must be a number of seconds from 0 to 600.`, {
          hint: 'For example --wait 30.',
        });
      }
      const interactive = arns.length === 0 && !selection.all && selection.from === undefined;
      const canPick = ctx.io.stdinIsTTY && ctx.io.stderrIsTTY;
      if (interactive && !canPick) {
        throw new UsageError(`Say which invitations to ${decision}: there is no terminal to pick them on.`, {
          code: 'FSHARE_NON_INTERACTIVE',
          hint: `Pass invitation ARNs (see \`fshare invitations\`), --all, or --from <owner-account>.`,
        });
      }
      const run = await runDecisions(ctx, {
        decision,
        selection,
        waitMs: waitSeconds * 1000,
        ...(interactive
          ? {
              pick: async (pending) => {
                const { pickInvitations } = await import('../src/ui/pick.js');
                return pickInvitations(
                  ctx.io,
                  pending.map((i) => ({
                    id: i.invitationArn,
                    ownerAccount: i.ownerAccount,
                    shareName: i.shareName,
                    featureGroups: i.featureGroups,
                    level: i.level ?? 'level not known',
                    expiresAt: i.expiresAt ?? 'unknown',
                  })),
                  verb,
                );
              },
            }
          : {}),
      });
      const notes = [...run.notes];
      for (const row of run.rows) {
        if (row.canNow.length > 0) {
          notes.push(
            `${row.featureGroups.map(shortName).join(', ') || row.shareName} (${row.level ?? 'unknown level'}): you can now ${row.canNow.join(', ')}. Try \`fshare describe ${row.featureGroups[0] ?? ''}\`.`,
          );
        }
      }
      const warnings = run.rows
        .filter((r) => r.message)
        .map((r) => `${r.shareName || r.invitationArn}: ${r.message ?? ''}`);
      return {
        data: run.rows,
        table: {
          columns: [
            { key: 'ownerAccount', header: 'Owner' },
            { key: 'shareName', header: 'Share' },
            {
              key: 'featureGroups',
              header: 'Feature groups',
              get: (row) => row.featureGroups.map(shortName),
            },
            { key: 'level', header: 'Level' },
            { key: 'outcome', header: 'Result' },
            { key: 'verified', header: 'Verified' },
          ],
          rows: run.rows,
        },
        emptyMessage: `Nothing to ${decision}.`,
        // Your own next steps: with this invocation's profile too.
        notes: notes.map((note) => withNextCommands(ctx.globals, note)),
        warnings,
        exitCode: run.interrupted ? 130 : run.failed > 0 ? 5 : 0,
      };
    },
  });
}

export default decisionSpec('accept');
