import type { Command } from 'commander';
import type { Context } from '../context.js';
import type { CommandResult } from '../output/render.js';

/**
 * A subcommand: its arguments and options (declared on a commander Command), help text with
 * examples, and `run`, which returns data for the renderer and prints nothing itself.
 */
export interface CommandSpec<
  Args extends unknown[] = unknown[],
  Opts = Record<string, unknown>,
  Row = Record<string, unknown>,
> {
  /** ['grant'] or, for a nested command, ['sandbox', 'serve']. */
  path: string[];
  /**
   * Only for a nested command (['sandbox', 'serve']): a top-level command's one-line summary is
   * its registry entry's (commands/index.ts), defined once there.
   */
  summary?: string;
  /** Longer help, shown above the options. */
  description?: string;
  /** Shown under "Examples:" in --help. */
  examples: string[];
  configure?: (cmd: Command) => void;
  run: (args: Args, opts: Opts, ctx: Context) => Promise<CommandResult<Row>>;
}

// The identity function gives inference and one place to hang future metadata.
export function defineCommand<Args extends unknown[], Opts, Row = Record<string, unknown>>(
  spec: CommandSpec<Args, Opts, Row>,
): CommandSpec<Args, Opts, Row> {
  return spec;
}

/** A spec with its types erased, as the program assembly sees it. */
export interface AnyCommandSpec {
  path: string[];
  summary?: string;
  description?: string;
  examples: string[];
  configure?: (cmd: Command) => void;
  run: (args: never, opts: never, ctx: Context) => Promise<CommandResult<unknown>>;
}
