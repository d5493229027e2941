import { defineCommand } from '../src/cli/define-command.js';
import { SHELLS, buildCompletionModel, type Shell } from '../src/cli/completion.js';
import { completionScript } from '../src/cli/completion-shells.js';
import { UsageError } from '../src/errors.js';

/** The shell argument, checked before anything is loaded. */
export function completionInput(shell: string): Shell {
  if (!(SHELLS as readonly string[]).includes(shell)) {
    throw new UsageError(`Unknown shell "${shell}".`, {
      code: 'FSHARE_UNKNOWN_SHELL',
      hint: `Use one of: ${SHELLS.join(', ')}.`,
    });
  }
  return shell as Shell;
}

export default defineCommand({
  path: ['completion'],
  description:
    'Prints a completion script for your shell, built from the commands and options of this fshare.\n' +
    'Install it once (see the examples), and again after upgrading fshare.',
  examples: [
    'fshare completion bash > ~/.local/share/bash-completion/completions/fshare',
    'fshare completion zsh > "${fpath[1]}/_fshare"',
    'fshare completion fish > ~/.config/fish/completions/fshare.fish',
    'source <(fshare completion bash)',
  ],
  configure: (cmd) => cmd.argument('<shell>', `the shell: ${SHELLS.join(', ')}`),
  run: async ([shell]: [string], _opts: Record<string, never>, ctx) => {
    const chosen = completionInput(shell);
    const model = await buildCompletionModel({ stdout: ctx.io.stdout, stderr: ctx.io.stderr }, ctx.commands);
    // Raw in every mode: JSON would make it unusable with `source <(fshare completion bash)`.
    return { raw: completionScript(chosen, model) };
  },
});
