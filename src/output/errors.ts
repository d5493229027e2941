import type { ChalkInstance } from 'chalk';
import { toFshareError, type MapContext } from '../aws/errors.js';
import type { OutputFormat } from '../cli/globals.js';
import type { ExitCode } from '../errors.js';

export interface ErrorRenderOptions {
  output: OutputFormat;
  debug: boolean;
  theme: ChalkInstance;
  stderr: NodeJS.WritableStream;
  mapContext?: MapContext;
}

/** Prints an error (one line of what went wrong, one of what to do next) and returns its exit code. */
export function renderError(error: unknown, options: ErrorRenderOptions): ExitCode {
  const err = toFshareError(error, options.mapContext);
  if (options.output === 'json' || options.output === 'ndjson') {
    const payload: Record<string, unknown> = { code: err.code, message: err.message };
    if (err.hint) {
      payload.hint = err.hint;
    }
    if (err.details) {
      payload.details = err.details;
    }
    options.stderr.write(`${JSON.stringify({ error: payload })}\n`);
  } else {
    options.stderr.write(`${options.theme.red('Error:')} ${err.message}\n`);
    if (err.hint) {
      options.stderr.write(`${options.theme.dim('Hint:')} ${err.hint}\n`);
    }
  }
  if (options.debug) {
    const stack = (err.cause instanceof Error ? err.cause.stack : undefined) ?? err.stack;
    if (stack) {
      options.stderr.write(`${options.theme.dim(stack)}\n`);
    }
  }
  return err.exitCode;
}
