/**
 * Usage errors from the command line: `fshare help <command>`, commander's own errors turned
 * into one-line UsageErrors with the suggestion in the hint, and did-you-mean for subcommands
 * (`fshare audit setp`) that commander does not suggest when the parent command runs itself.
 */
import type { Command, CommanderError } from 'commander';
import { UsageError } from '../errors.js';
import { findCommandName } from './command-name.js';
import type { RegisteredCommand } from './command-registry.js';
import { didYouMean } from './did-you-mean.js';

/**
 * `fshare help <command>` becomes `fshare <command> --help`, so it shows the command's real
 * options and examples rather than the stub the root program knows. `fshare help nosuch` is a
 * usage error (exit 2), with the nearest command suggested.
 */
export function helpAsOption(args: string[], commands: readonly RegisteredCommand[]): string[] {
  const at = args.indexOf('help');
  const target = args[at + 1];
  if (at < 0 || findCommandName(args) !== 'help') {
    return args;
  }
  if (!target || target.startsWith('-')) {
    return [...args.slice(0, at), '--help', ...args.slice(at + 1)];
  }
  if (commands.some((c) => c.name === target)) {
    return [...args.slice(0, at), ...args.slice(at + 1), '--help'];
  }
  const suggestion = didYouMean(
    target,
    commands.map((c) => c.name),
  );
  throw new UsageError(`unknown command '${target}'`, {
    code: 'FSHARE_USAGE',
    hint: `${suggestion ? `${suggestion} ` : ''}Run \`fshare --help\` for the commands.`,
  });
}

/**
 * Commander's message may carry a second line ("(Did you mean whoami?)"); errors are one line,
 * so the suggestion moves into the hint.
 */
export function usageFromCommander(message: string, command: string | undefined): UsageError {
  const [first = '', ...rest] = message.replace(/^error:\s*/, '').split('\n');
  const suggestion = /Did you mean (.+?)\?/.exec(rest.join(' '))?.[1];
  const help = `Run \`fshare ${command ? `${command} ` : ''}--help\` for usage.`;
  return new UsageError(first.trim(), {
    code: 'FSHARE_USAGE',
    hint: suggestion ? `Did you mean ${suggestion}? ${help}` : help,
  });
}

/** The deepest command named in `args` (after the global options), and the words after it. */
function commandAt(program: Command, args: string[]): { command: Command; path: string[]; rest: string[] } {
  let command = program;
  const path: string[] = [];
  const words = args.filter((a) => !a.startsWith('-'));
  let i = words.indexOf(findCommandName(args) ?? '');
  for (; i >= 0 && i < words.length; i++) {
    const next = command.commands.find((c) => c.name() === words[i] || c.aliases().includes(words[i] ?? ''));
    if (!next) {
      break;
    }
    command = next;
    path.push(next.name());
  }
  return { command, path, rest: i >= 0 ? words.slice(i) : [] };
}

/**
 * A CommanderError as a UsageError. "Too many arguments" for a command that has subcommands is
 * almost always a mistyped subcommand: it says so and suggests the nearest.
 */
export function usageFromCommanderError(
  error: CommanderError,
  program: Command,
  args: string[],
  entryName: string | undefined,
): UsageError {
  if (error.code === 'commander.excessArguments') {
    const { command, path, rest } = commandAt(program, args);
    const subcommands = command.commands.map((c) => c.name());
    const word = rest[0];
    if (word && subcommands.length > 0) {
      const suggestion = didYouMean(word, subcommands);
      const where = `fshare ${path.join(' ')}`;
      return new UsageError(`unknown command '${word}' for '${where}'`, {
        code: 'FSHARE_USAGE',
        hint: `${suggestion ? `${suggestion} ` : ''}Its commands: ${subcommands.join(', ')}. Run \`${where} --help\` for usage.`,
      });
    }
  }
  return usageFromCommander(error.message, entryName);
}
