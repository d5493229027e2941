/**
 * Builds the one Context a command receives from the process (or a test's fakes) and the
 * resolved global options. Loaded only when a command runs, not for --help.
 */
import { createClientFactory } from '../aws/client-factory.js';
import { createLogger, createPrompter, createTheme, systemClock, type Context } from '../context.js';
import type { GlobalOptions } from './globals.js';
import type { SystemIO } from './system.js';

export function createContext(
  sys: Omit<SystemIO, 'commands'> & Partial<Pick<SystemIO, 'commands'>>,
  globals: GlobalOptions,
): Context {
  const io = {
    stdin: sys.stdin,
    stdout: sys.stdout,
    stderr: sys.stderr,
    stdinIsTTY: sys.stdinIsTTY,
    stdoutIsTTY: sys.stdoutIsTTY,
    stderrIsTTY: sys.stderrIsTTY,
    columns: sys.columns,
  };
  const theme = createTheme(globals.color);
  const log = createLogger(io, theme, globals);
  const ciEnv = sys.env.CI;
  return {
    io,
    theme,
    clock: sys.clock ?? systemClock,
    env: sys.env,
    globals,
    aws: createClientFactory({ globals, env: sys.env, log }),
    prompter: createPrompter(io, globals),
    log,
    signal: sys.signal ?? new AbortController().signal,
    commands: sys.commands ?? [],
    showProgress: () =>
      io.stderrIsTTY && !globals.quiet && (ciEnv === undefined || ciEnv === '' || ciEnv === 'false'),
  };
}
