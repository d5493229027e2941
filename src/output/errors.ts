import type { ChalkInstance } from 'chalk';
import { toFshareError, type MapContext } from '../aws/errors.js';
import type { OutputFormat } from '../cli/globals.js';
import { withNextCommands, type InvocationGlobals } from '../cli/next-command.js';
import type { ExitCode } from '../errors.js';

export interface ErrorRenderOptions {
  /** 'json'/'ndjson' print the error as one JSON line; anything else prints it for a person. */
  output: OutputFormat;
  debug: boolean;
  theme: ChalkInstance;
  stderr: NodeJS.WritableStream;
  mapContext?: MapContext;
  /** This invocation's global flags: fshare commands in the hint get them, so they paste and run. */
  globals?: InvocationGlobals | undefined;
}

/**
 * The format errors are printed in: JSON only when the user asked for JSON output (`-o json` or
 * `-o ndjson`) or when stderr is not a terminal (a program reads it). A piped stdout alone does
 * not make errors JSON: the person still reads stderr on their terminal.
 */
export function errorOutputFor(explicitOutput: OutputFormat | undefined, stderrIsTTY: boolean): OutputFormat {
  if (explicitOutput === 'json' || explicitOutput === 'ndjson') {
    return explicitOutput;
  }
  return stderrIsTTY ? 'table' : 'json';
}

/** Prints an error (one line of what went wrong, one of what to do next) and returns its exit code. */
export function renderError(error: unknown, options: ErrorRenderOptions): ExitCode {
  const err = toFshareError(error, { ...options.mapContext, globals: options.globals });
  const hint =
    err.hint && options.globals ? withNextCommands(options.globals, err.hint, { actor: 'other' }) : err.hint;
  const cancelled = err.exitCode === 130;
  if (options.output === 'json' || options.output === 'ndjson') {
    const payload: Record<string, unknown> = { code: err.code, message: err.message };
    if (hint) {
      payload.hint = hint;
    }
    if (err.details) {
      payload.details = err.details;
    }
    options.stderr.write(`${JSON.stringify({ error: payload })}\n`);
  } else if (cancelled) {
    // Declining or Ctrl-C is not a failure: said softly, with what was (not) done.
    options.stderr.write(`${options.theme.yellow(err.message)}\n`);
    if (hint) {
      options.stderr.write(`${options.theme.dim(hint)}\n`);
    }
  } else {
    options.stderr.write(`${options.theme.red('Error:')} ${err.message}\n`);
    if (hint) {
      options.stderr.write(`${options.theme.dim('Hint:')} ${hint}\n`);
    }
  }
  if (options.debug && !cancelled) {
    const stack = (err.cause instanceof Error ? err.cause.stack : undefined) ?? err.stack;
    if (stack) {
      options.stderr.write(`${options.theme.dim(stack)}\n`);
    }
  }
  return err.exitCode;
}
