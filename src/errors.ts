/**
 * Typed errors with stable codes. Callers match on `code` or `name`, never on message text.
 * Every error carries a one-line hint that says what to do next. The exit code comes from the
 * code, through the one table in error-codes.ts.
 */
import { defaultHintOf, exitCodeOf, type ErrorCode } from './error-codes.js';

export { ERROR_CODES, type ErrorCode } from './error-codes.js';

export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  accessDenied: 3,
  notFound: 4,
  partialFailure: 5,
  changesPending: 6,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface FshareErrorOptions {
  hint?: string | undefined;
  cause?: unknown;
  /** Extra machine-readable detail, included in `-o json` error output. */
  details?: Record<string, unknown> | undefined;
}

export class FshareError extends Error {
  override name = 'FshareError';
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  /** The table's exit code for `code`; `exitCode` is used only for a code not in the table. */
  readonly exitCode: ExitCode;
  constructor(
    readonly code: string,
    message: string,
    exitCode: ExitCode = ExitCode.failure,
    options: FshareErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = exitCodeOf(code) ?? exitCode;
    this.hint = options.hint ?? defaultHintOf(code);
    this.details = options.details;
  }
}

/** Bad input: exit 2, and nothing was sent to AWS. */
export class UsageError extends FshareError {
  override name = 'UsageError';
  constructor(message: string, options: FshareErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'FSHARE_USAGE', message, ExitCode.usage, options);
  }
}

export class AccessDeniedError extends FshareError {
  override name = 'AccessDeniedError';
  constructor(message: string, options: FshareErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'FSHARE_ACCESS_DENIED', message, ExitCode.accessDenied, options);
  }
}

export class NotFoundError extends FshareError {
  override name = 'NotFoundError';
  constructor(message: string, options: FshareErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'FSHARE_NOT_FOUND', message, ExitCode.notFound, options);
  }
}

/** Some items of a bulk operation failed; the rest succeeded. */
export class PartialFailureError extends FshareError {
  override name = 'PartialFailureError';
  constructor(message: string, options: FshareErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'FSHARE_PARTIAL_FAILURE', message, ExitCode.partialFailure, options);
  }
}

/**
 * The user declined (FSHARE_CANCELLED), or pressed Ctrl-C (FSHARE_INTERRUPTED). The renderer
 * prints it softly, with what was not done, and exits 130.
 */
export class CancelledError extends FshareError {
  override name = 'CancelledError';
  constructor(
    message = 'Cancelled.',
    options: FshareErrorOptions & { code?: 'FSHARE_CANCELLED' | 'FSHARE_INTERRUPTED' } = {},
  ) {
    super(options.code ?? 'FSHARE_CANCELLED', message, ExitCode.interrupted, options);
  }
}

/** Ctrl-C or SIGTERM: no new call after the signal; exit 130. */
export function interrupted(options: FshareErrorOptions = {}): CancelledError {
  return new CancelledError('Interrupted.', { ...options, code: 'FSHARE_INTERRUPTED' });
}

/** A prompt was needed but there is no TTY; the hint names the flag to pass instead. */
export class NonInteractiveError extends FshareError {
  override name = 'NonInteractiveError';
  constructor(message: string, hint: string) {
    super('FSHARE_NON_INTERACTIVE', message, ExitCode.usage, { hint });
  }
}

/** An AWS service error that is not access-denied or not-found: throttling, 5xx, validation. */
export class ServiceError extends FshareError {
  override name = 'ServiceError';
  constructor(code: string, message: string, options: FshareErrorOptions & { exitCode?: ExitCode } = {}) {
    super(code, message, options.exitCode ?? ExitCode.failure, options);
  }
}

export function isFshareError(error: unknown): error is FshareError {
  return error instanceof FshareError;
}

/**
 * Builds the error for a code in the table, as the class its exit code calls for, e.g.
 * `fshareError('FSHARE_RECORD_NOT_FOUND', 'No record …', { hint })` is a NotFoundError, exit 4.
 */
export function fshareError(code: ErrorCode, message: string, options: FshareErrorOptions = {}): FshareError {
  const withCode = { ...options, code };
  switch (exitCodeOf(code)) {
    case ExitCode.usage:
      return new UsageError(message, withCode);
    case ExitCode.accessDenied:
      return new AccessDeniedError(message, withCode);
    case ExitCode.notFound:
      return new NotFoundError(message, withCode);
    case ExitCode.partialFailure:
      return new PartialFailureError(message, withCode);
    case ExitCode.interrupted:
      return new CancelledError(message, { ...options, code: code as 'FSHARE_CANCELLED' });
    default:
      return new FshareError(code, message, ExitCode.failure, options);
  }
}
