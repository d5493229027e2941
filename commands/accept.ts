import { defineCommand, type CommandSpec } from '../src/cli/define-command.js';
import { runDecisions, type Decision, type DecisionRow } from '../src/consumer/decisions.js';
import {
  decisionInput,
  inCi,
  pickerItems,
  presentDecisions,
  type DecisionFlags as DecisionOptions,
} from '../src/consumer/present.js';

/** accept and reject share everything but the verb. */
export function decisionSpec(decision: Decision): CommandSpec<[string[]], DecisionOptions, DecisionRow> {
  const verb = decision === 'accept' ? 'Accept' : 'Reject';
  return defineCommand<[string[]], DecisionOptions, DecisionRow>({
    path: [decision],
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
      const input = decisionInput(decision, arns, opts, { ...ctx.io, ci: inCi(ctx.env) });
      const run = await runDecisions(ctx, {
        decision,
        selection: input.selection,
        waitMs: input.waitMs,
        ...(input.interactive
          ? {
              pick: async (pending) => {
                const { pickInvitations } = await import('../src/ui/pick.js');
                return pickInvitations(ctx.io, pickerItems(pending), verb);
              },
            }
          : {}),
      });
      return presentDecisions(run, decision, ctx.globals);
    },
  });
}

export default decisionSpec('accept');
