import { defineCommand } from '../src/cli/define-command.js';
import { nextCommand, withNextCommands } from '../src/cli/next-command.js';
import { OPERATIONS } from '../src/permissions/operations.js';
import { decideCan, myAccess, operationFrom } from '../src/consumer/my-access.js';
import { resolveFeatureGroup } from '../src/consumer/resolve-feature-group.js';

export default defineCommand({
  path: ['can'],
  description:
    'Checks, before you try, whether your principal may run a Feature Store operation on a feature\ngroup, and if not, what is missing on which side: no share from the owner, an invitation you have\nnot accepted, or a level too low. Exit 0 when allowed, 3 when not.',
  examples: ['fshare can get-record customers', 'fshare can put-record 111111111111/customers -o json'],
  configure: (cmd) =>
    cmd
      .argument('<operation>', `one of: ${Object.keys(OPERATIONS).join(', ')} (or get-record, put-record, …)`)
      .argument('<feature-group>', 'ARN, ACCOUNT/NAME or NAME'),
  run: async ([operationText, text]: [string, string], _opts: Record<string, never>, ctx) => {
    const operation = await operationFrom(operationText);
    const group = await resolveFeatureGroup(ctx, text);
    const [access, identity] = await Promise.all([myAccess(ctx, group), ctx.aws.identity()]);
    const decided = decideCan({ operation, access, featureGroupRef: group.name, you: identity.account });
    // The step pastes and runs as printed: yours with this invocation's flags, the owner's with
    // --sandbox/--region (the owner's profile is theirs).
    const step = decided.nextStep;
    const verdict = {
      ...decided,
      nextStep:
        step === undefined
          ? undefined
          : decided.missingOn === 'consumer'
            ? nextCommand(ctx.globals, step)
            : withNextCommands(ctx.globals, step, { actor: 'other' }),
    };
    const lines = [
      verdict.allowed
        ? `yes: you may run ${operation} on ${group.arn} (${verdict.reason}).`
        : `no: you may not run ${operation} on ${group.arn}: ${verdict.reason}.`,
    ];
    if (verdict.nextStep) {
      lines.push(`missing on the ${verdict.missingOn ?? 'owner'} side; next: ${verdict.nextStep}`);
    }
    return {
      data: {
        ...verdict,
        held: verdict.held ?? null,
        missingOn: verdict.missingOn ?? null,
        nextStep: verdict.nextStep ?? null,
      },
      lines,
      notes: verdict.notes,
      exitCode: verdict.allowed ? 0 : 3,
    };
  },
});
