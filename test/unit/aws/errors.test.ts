import { describe, expect, it } from 'vitest';
import {
  awsErrorCode,
  isAccessDenied,
  isNotFound,
  isRetryable,
  isThrottle,
  toFshareError,
} from '../../../src/aws/errors.js';
import { FshareError, UsageError } from '../../../src/errors.js';
import { awsError } from '../../helpers/fake-context.js';

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
}

function credentialsProviderError(): Error {
  return Object.assign(new Error('Could not load credentials from any providers'), {
    name: 'CredentialsProviderError',
    tryNextLink: false,
  });
}

describe('toFshareError: by name', () => {
  it.each([
    ['AccessDenied', 403],
    ['AccessDeniedException', 400],
    ['AccessForbidden', 403],
    ['UnauthorizedOperation', 403],
  ])('%s → access denied, exit 3', (name, status) => {
    const err = toFshareError(awsError(name, 'User is not authorized', status));
    expect(err.exitCode).toBe(3);
    expect(err.code).toBe('FSHARE_AWS_ACCESS_DENIED');
    expect(err.message).toContain('User is not authorized');
    expect(err.hint).toContain('fshare can');
    expect(err.details).toMatchObject({ awsCode: name, requestId: 'req-test' });
    expect(isAccessDenied(awsError(name))).toBe(true);
  });

  it.each([
    'ResourceNotFound',
    'ResourceNotFoundException',
    'UnknownResourceException',
    'EventDataStoreNotFoundException',
  ])('%s → not found, exit 4', (name) => {
    const err = toFshareError(awsError(name, 'Resource Not Found', 404));
    expect(err.exitCode).toBe(4);
    expect(err.code).toBe('FSHARE_AWS_NOT_FOUND');
    expect(err.hint).toContain('fshare discover');
    expect(isNotFound(awsError(name))).toBe(true);
  });

  it.each([
    'ThrottlingException',
    'Throttling',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    'SlowDown',
  ])('%s → exit 1 with a retry hint', (name) => {
    const e = awsError(name, 'Rate exceeded', 400);
    const err = toFshareError(e);
    expect(err.exitCode).toBe(1);
    expect(err.code).toBe('FSHARE_AWS_THROTTLED');
    expect(err.hint).toMatch(/again/);
    expect(isThrottle(e)).toBe(true);
    expect(isRetryable(e)).toBe(true);
  });

  it('an HTTP 429 without a known name is a throttle', () => {
    expect(isThrottle(awsError('SomethingElse', 'x', 429))).toBe(true);
    expect(toFshareError(awsError('SomethingElse', 'x', 429)).code).toBe('FSHARE_AWS_THROTTLED');
  });

  it.each([
    ['InternalFailure', 500],
    ['ServiceUnavailable', 503],
    ['InternalServerException', 500],
    ['WhateverServerSide', 502],
  ])('%s (%i) → exit 1, server error with a retry hint', (name, status) => {
    const e = awsError(name, 'boom', status);
    const err = toFshareError(e);
    expect(err.exitCode).toBe(1);
    expect(err.code).toBe('FSHARE_AWS_SERVER_ERROR');
    expect(err.hint).toMatch(/again/);
    expect(isRetryable(e)).toBe(true);
  });

  it.each([
    'ExpiredToken',
    'ExpiredTokenException',
    'InvalidClientTokenId',
    'UnrecognizedClientException',
    'SignatureDoesNotMatch',
  ])('%s → credentials hint naming the profile', (name) => {
    const err = toFshareError(awsError(name, 'The security token included in the request is expired', 403), {
      profile: 'analytics',
    });
    expect(err.exitCode).toBe(1);
    expect(err.code).toBe('FSHARE_AWS_CREDENTIALS');
    expect(err.hint).toContain('"analytics"');
    expect(err.hint).toContain('aws sso login --profile analytics');
  });

  it('CredentialsProviderError without a profile says how to set credentials', () => {
    const err = toFshareError(credentialsProviderError());
    expect(err.code).toBe('FSHARE_AWS_CREDENTIALS');
    expect(err.hint).toMatch(/--profile|AWS_PROFILE/);
    expect(err.hint).toContain('aws sso login');
  });

  it('credential errors in sandbox mode point at the sandbox profiles', () => {
    const err = toFshareError(awsError('InvalidClientTokenId'), { sandbox: true, profile: 'owner' });
    expect(err.hint).toContain('fshare sandbox init');
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH'])(
    '%s → "could not reach" with an endpoint hint',
    (code) => {
      const err = toFshareError(networkError(code), { endpoint: 'http://127.0.0.1:9' });
      expect(err.exitCode).toBe(1);
      expect(err.code).toBe('FSHARE_NETWORK');
      expect(err.message).toBe(`Could not reach http://127.0.0.1:9 (${code}).`);
      expect(err.hint).toContain('--endpoint-url');
      expect(isRetryable(networkError(code))).toBe(true);
    },
  );

  it('a connection timeout (TimeoutError, no code) is a network error too', () => {
    const timeout = Object.assign(new Error('the request socket did not establish a connection'), {
      name: 'TimeoutError',
    });
    const err = toFshareError(timeout, { endpoint: 'https://10.0.0.1' });
    expect(err.code).toBe('FSHARE_NETWORK');
    expect(err.message).toBe('Could not reach https://10.0.0.1 (timed out).');
    expect(isRetryable(timeout)).toBe(true);
  });

  it('a network error without an endpoint override blames the network', () => {
    const err = toFshareError(networkError('ENOTFOUND'));
    expect(err.message).toContain('the AWS endpoint');
    expect(err.hint).toMatch(/network/);
  });

  it('another client error keeps AWS’s name and message, exit 1', () => {
    const err = toFshareError(awsError('ValidationException', '1 validation error detected', 400));
    expect(err.exitCode).toBe(1);
    expect(err.code).toBe('FSHARE_AWS_ERROR');
    expect(err.message).toBe('ValidationException: 1 validation error detected');
    expect(isRetryable(awsError('ValidationException'))).toBe(false);
  });

  it('keeps only the first line of a multi-line AWS message', () => {
    expect(toFshareError(awsError('AccessDenied', 'line one\nline two', 403)).message).toBe(
      'Access denied: line one',
    );
  });

  it('passes fshare errors through unchanged', () => {
    const usage = new UsageError('bad', { hint: 'fix it' });
    expect(toFshareError(usage)).toBe(usage);
  });

  it('anything else is an internal error that asks for --debug', () => {
    const err = toFshareError(new TypeError('x is undefined'));
    expect(err).toBeInstanceOf(FshareError);
    expect(err.code).toBe('FSHARE_INTERNAL');
    expect(err.hint).toContain('--debug');
    expect(toFshareError(undefined).code).toBe('FSHARE_INTERNAL');
    expect(toFshareError('a string').message).toBe('a string');
  });

  it('awsErrorCode reads the name only', () => {
    expect(awsErrorCode(awsError('ResourceNotFound', 'AccessDenied in message'))).toBe('ResourceNotFound');
    expect(awsErrorCode({})).toBeUndefined();
  });

  it('matches by name, never by message', () => {
    expect(toFshareError(awsError('ValidationException', 'AccessDenied: not really', 400)).exitCode).toBe(1);
    expect(isAccessDenied(awsError('ValidationException', 'AccessDenied'))).toBe(false);
  });
});
