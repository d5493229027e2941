import { defineCommand } from '../src/cli/define-command.js';
import { runDemo } from '../src/demo/run.js';
import { ExitCode } from '../src/errors.js';

export default defineCommand({
  path: ['demo'],
  summary: 'The whole story on a fresh sandbox, narrated',
  description:
    'Runs the whole fshare story on a fresh, temporary sandbox: the owner grants, the consumer accepts,\ndiscovers, reads, is refused a write, the owner upgrades the level, the consumer writes, the auditor audits.\nEvery step is the command a person would type. No AWS account is needed.',
  examples: ['fshare demo', 'fshare demo --keep', 'fshare demo -o json'],
  configure: (cmd) => cmd.option('--keep', 'keep the sandbox afterwards and print how to explore it'),
  run: async (_args: [], opts: { keep?: boolean }, ctx) => {
    const res = await runDemo(ctx, { keep: opts.keep === true });
    const failed = res.steps.find((s) => !s.ok);
    const lines = res.ok
      ? [`Demo finished: ${res.steps.length} steps in ${res.seconds} s.`]
      : [
          `Demo stopped at: ${failed?.command ?? 'sandbox set-up'} (exit ${failed?.exitCode ?? '?'}, expected ${failed?.expectedExit ?? 0}).`,
        ];
    const notes = res.kept
      ? [
          `The sandbox is kept in ${res.home}. Explore it with:`,
          `  export FSHARE_HOME=${res.home} FSHARE_SANDBOX=1`,
          '  fshare --profile consumer discover',
          '  fshare sandbox serve   # then point the AWS CLI at it: fshare sandbox env --as consumer',
        ]
      : ['Run `fshare demo --keep` to keep the sandbox and explore it.'];
    return {
      data: res,
      lines,
      notes,
      exitCode: res.ok ? ExitCode.ok : ExitCode.failure,
    };
  },
});
