/**
 * gh's TestNewCmd… style: run commander's parsing for one registered command with argv and
 * capture what its `run` would receive (args, options, and the resolved global options), without
 * running it: no AWS, no sandbox, no output. Cheap enough to check every flag of every command.
 *
 *   const parsed = await parseCommand(['grant', 'customers', '--to', '222222222222', '--level', 'read-only']);
 *   expect(parsed.path).toEqual(['grant']);
 *   expect(parsed.opts).toMatchObject({ to: ['222222222222'], level: 'read-only' });
 */
import { PassThrough } from 'node:stream';
import { CommanderError } from 'commander';
import { COMMANDS } from '../../commands/index.js';
import { findCommandName } from '../../src/cli/command-name.js';
import type { AnyCommandSpec } from '../../src/cli/define-command.js';
import { resolveGlobals, type GlobalOptions, type RawGlobalOptions } from '../../src/cli/globals.js';
import { attachSpecs, buildProgram } from '../../src/cli/program.js';
import { usageFromCommanderError } from '../../src/cli/usage.js';

export interface ParsedCommand {
  /** The spec that would run: ['grant'], ['sandbox', 'serve'], … */
  path: string[];
  args: unknown[];
  opts: Record<string, unknown>;
  globals: GlobalOptions;
}

/** Parses `argv` (without `fshare`); rejects with the UsageError fshare would print. */
export async function parseCommand(
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<ParsedCommand> {
  const name = findCommandName(argv);
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    throw new Error(`no registered command in ${JSON.stringify(argv)}`);
  }
  const sink = new PassThrough();
  const program = buildProgram({ stdout: sink, stderr: sink, columns: 100 });
  const mod = await entry.load();
  const specs = (Array.isArray(mod.default) ? mod.default : [mod.default]) as AnyCommandSpec[];
  let parsed: ParsedCommand | undefined;
  attachSpecs(program, entry, specs, async (spec, command) => {
    const globals = resolveGlobals(command.optsWithGlobals() as RawGlobalOptions, env, false);
    parsed = { path: spec.path, args: [...command.processedArgs], opts: command.opts(), globals };
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      throw usageFromCommanderError(error, program, argv, entry.name);
    }
    throw error;
  }
  if (!parsed) {
    throw new Error(`${JSON.stringify(argv)} parsed but selected no command (help?)`);
  }
  return parsed;
}

/**
 * The argv of a help example such as `fshare --sandbox grant x --to 1 > out.json`: shell words
 * (quotes honoured), without `fshare` and without redirections, pipes or `$(…)` tails.
 */
export function exampleArgv(example: string): string[] {
  // The fshare command may sit in a pipeline, `$(…)` or `<(…)`: start at the word after `fshare`.
  const unquoted = example.replace(/"\$\(([^)]*)\)"/g, '$($1)');
  const words = (unquoted.match(/'[^']*'|"[^"]*"|\S+/g) ?? []).map((w) => w.replace(/^"?\$\(|^<\(/, ''));
  const start = words.indexOf('fshare');
  const out: string[] = [];
  for (const raw of words.slice(start + 1)) {
    if (raw.endsWith(')') && !raw.includes('(')) {
      out.push(raw.replace(/\)"?$/, ''));
      break;
    }
    if (/^(\||>|>>|<|2>|&&|;|#)/.test(raw) || raw.startsWith('$(')) {
      break;
    }
    out.push(raw.replace(/^'(.*)'$/s, '$1').replace(/^"(.*)"$/s, '$1'));
  }
  return out;
}
