/**
 * Maps AWS SDK errors to fshare's typed errors by `name` (the AWS error code) and `$metadata`,
 * never by message text.
 */
import { nextCommand, type InvocationGlobals } from '../cli/next-command.js';
import {
  AccessDeniedError,
  ExitCode,
  FshareError,
  interrupted,
  NotFoundError,
  ServiceError,
} from '../errors.js';

interface SdkErrorLike {
  name?: string;
  message?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AccessForbidden',
  'UnauthorizedOperation',
  'UnauthorizedException',
]);
const NOT_FOUND = new Set([
  'ResourceNotFound',
  'ResourceNotFoundException',
  'UnknownResourceException',
  'ResourceShareInvitationArnNotFoundException',
  'EventDataStoreNotFoundException',
  'QueryIdNotFoundException',
  'NoSuchEntity',
]);
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
]);
const CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'CredentialsProviderError',
  'TokenProviderError',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

export function isThrottle(error: unknown): boolean {
  const e = (error ?? {}) as SdkErrorLike;
  return THROTTLED.has(e.name ?? '') || e.$metadata?.httpStatusCode === 429;
}

/** Throttling, 5xx and network errors: safe to retry with backoff. */
export function isRetryable(error: unknown): boolean {
  const e = (error ?? {}) as SdkErrorLike;
  const status = e.$metadata?.httpStatusCode ?? 0;
  return (
    isThrottle(error) ||
    status >= 500 ||
    e.$fault === 'server' ||
    [
      'InternalFailure',
      'ServiceUnavailable',
      'ServerInternalException',
      'ServiceUnavailableException',
      'TimeoutError',
    ].includes(e.name ?? '') ||
    NETWORK_CODES.has(e.code ?? '')
  );
}

/** AWS said access denied (by error name). */
export function isAccessDenied(error: unknown): boolean {
  return ACCESS_DENIED.has((error as SdkErrorLike | undefined)?.name ?? '');
}

/** AWS said the resource does not exist (by error name). */
export function isNotFound(error: unknown): boolean {
  return NOT_FOUND.has((error as SdkErrorLike | undefined)?.name ?? '');
}

export function awsErrorCode(error: unknown): string | undefined {
  const e = (error ?? {}) as SdkErrorLike;
  return typeof e.name === 'string' ? e.name : undefined;
}

export interface MapContext {
  /** The profile in use, named in credential hints. */
  profile?: string | undefined;
  endpoint?: string | undefined;
  sandbox?: boolean;
  /** This invocation's global flags, so the commands in hints paste and run as printed. */
  globals?: InvocationGlobals | undefined;
}

/**
 * Names the SDK and Node give an aborted request (Ctrl-C while a call is in flight): the smithy
 * handlers throw `AbortError` ("Request aborted"), fetch and timers `AbortError` too.
 */
const ABORTED = new Set(['AbortError', 'RequestAbortedError']);

/** The request was aborted by our own signal (Ctrl-C), not failed by AWS. */
export function isAborted(error: unknown): boolean {
  return ABORTED.has((error as SdkErrorLike | undefined)?.name ?? '');
}

/** Turns anything thrown by an SDK call into an FshareError with a next step. */
export function toFshareError(error: unknown, context: MapContext = {}): FshareError {
  if (error instanceof FshareError) {
    return error;
  }
  const e = (error ?? {}) as SdkErrorLike;
  const name = e.name ?? 'Error';
  const command = (text: string) => (context.globals ? nextCommand(context.globals, text) : text);
  const message = (e.message ?? String(error)).split('\n')[0] ?? '';
  if (ABORTED.has(name)) {
    return interrupted({ cause: error });
  }
  const requestId = e.$metadata?.requestId;
  const details = requestId ? { awsCode: name, requestId } : { awsCode: name };
  if (ACCESS_DENIED.has(name)) {
    return new AccessDeniedError(`Access denied: ${message}`, {
      code: 'FSHARE_AWS_ACCESS_DENIED',
      hint: `Run \`${command('fshare can <operation> <feature-group>')}\` to see which share or level is missing.`,
      details,
      cause: error,
    });
  }
  if (NOT_FOUND.has(name)) {
    return new NotFoundError(`Not found: ${message}`, {
      code: 'FSHARE_AWS_NOT_FOUND',
      hint: `Check the name, account and region; run \`${command('fshare discover')}\` to list what is shared with you.`,
      details,
      cause: error,
    });
  }
  if (CREDENTIALS.has(name)) {
    const profile = context.profile;
    const hint = context.sandbox
      ? 'Use a sandbox profile: --profile owner|auditor|consumer|consumer-analyst|partner; run `fshare sandbox init` first.'
      : profile
        ? `Check the profile "${profile}" in ~/.aws/config; for SSO run \`aws sso login --profile ${profile}\`.`
        : `Set credentials (AWS_PROFILE, --profile, or \`aws sso login\`), then run \`${command('fshare whoami')}\`.`;
    return new ServiceError(
      'FSHARE_AWS_CREDENTIALS',
      `AWS credentials were not accepted or not found: ${message}`,
      {
        hint,
        details,
        cause: error,
      },
    );
  }
  if (isThrottle(error)) {
    return new ServiceError('FSHARE_AWS_THROTTLED', `AWS throttled the request (${name}).`, {
      hint: 'Wait a moment and run the command again; bulk commands accept --concurrency to go slower.',
      details,
      cause: error,
    });
  }
  if (NETWORK_CODES.has(e.code ?? '') || name === 'TimeoutError') {
    const where = context.endpoint ?? 'the AWS endpoint';
    const why = e.code ?? 'timed out';
    return new ServiceError('FSHARE_NETWORK', `Could not reach ${where} (${why}).`, {
      hint: context.endpoint
        ? 'Check --endpoint-url; for the sandbox over HTTP start `fshare sandbox serve` first.'
        : 'Check your network connection and region.',
      details: { code: why },
      cause: error,
    });
  }
  const status = e.$metadata?.httpStatusCode ?? 0;
  if (status >= 500 || e.$fault === 'server') {
    return new ServiceError('FSHARE_AWS_SERVER_ERROR', `AWS returned a server error (${name}): ${message}`, {
      hint: 'This is usually temporary: run the command again in a moment.',
      details,
      cause: error,
    });
  }
  if (e.$metadata !== undefined || e.$fault !== undefined) {
    return new ServiceError('FSHARE_AWS_ERROR', `${name}: ${message}`, {
      hint: 'Run again with --debug to see the request; the message above is AWS’s own.',
      details,
      cause: error,
      exitCode: ExitCode.failure,
    });
  }
  return new FshareError('FSHARE_INTERNAL', message || name, ExitCode.failure, {
    hint: 'This looks like a bug in fshare; run again with --debug and report the stack trace.',
    cause: error,
  });
}
