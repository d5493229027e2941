/**
 * What the server decides from the headers alone, before it reads a byte of the body: is the
 * request signed with a key the sandbox knows, and how large a body may it carry. An unsigned or
 * unknown-key request, or one whose declared length is over its service's cap, is answered without
 * reading the body, so a large unauthenticated upload never grows the server's memory.
 */
import { randomUUID } from 'node:crypto';
import { principalByAccessKey } from '../core/principals.js';
import type { Db, Protocol } from '../types.js';
import { serializeError, type WireResponse } from './serialize.js';
import { isFailure, parseAuthorization } from './sigv4.js';

const MIB = 1024 * 1024;

/**
 * Per-service request-body caps (assumed; docs/sandbox.md). AWS publishes no byte limit for these
 * JSON APIs; the Feature Store runtime's cap fits a full BatchWriteRecord (25 records of up to
 * 350 KB each) and the control planes' fits their largest modelled input (2,500 feature definitions).
 * S3 is capped by its own handler (PutObject's limit is S3's).
 */
const BODY_LIMITS: Readonly<Record<string, number>> = {
  'sagemaker-runtime': 10 * MIB,
  s3: 5 * 1024 * MIB,
};
export const DEFAULT_BODY_LIMIT = 1 * MIB;

export type Admission = { admitted: true; bodyLimit: number } | { admitted: false };

export function lowerCaseHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      out[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    }
  }
  return out;
}

/** The body cap for a request signed for `service`; the runtime signs as `sagemaker` without a target. */
export function bodyLimitFor(service: string, headers: Record<string, string>): number {
  const key =
    service === 'sagemaker' && headers['x-amz-target'] === undefined ? 'sagemaker-runtime' : service;
  return BODY_LIMITS[key] ?? DEFAULT_BODY_LIMIT;
}

/**
 * Admitted when the Authorization header names a known access key and no session token is claimed
 * for it (the sandbox's keys are long-term, so any token is made up). Refused requests are answered
 * by the full wire layer with an empty body: it gives the service's own error for the same fault.
 */
export function admit(db: Db, headers: Record<string, string>): Admission {
  const auth = parseAuthorization(headers.authorization);
  if (isFailure(auth) || headers['x-amz-security-token'] !== undefined) {
    return { admitted: false };
  }
  if (principalByAccessKey(db, auth.accessKeyId) === undefined) {
    return { admitted: false };
  }
  return { admitted: true, bodyLimit: bodyLimitFor(auth.service, headers) };
}

function protocolOf(headers: Record<string, string>): Protocol {
  if (headers['x-amz-target'] !== undefined) {
    return 'awsJson1_1';
  }
  return (headers['content-type'] ?? '').includes('x-www-form-urlencoded') ? 'awsQuery' : 'restJson1';
}

/** 413 in the request's protocol, with the code AWS's common errors list for it. */
export function bodyTooLarge(headers: Record<string, string>, limit: number, now: Date): WireResponse {
  return serializeError(
    protocolOf(headers),
    'RequestEntityTooLargeException',
    `The request entity is too large: this service accepts request bodies of up to ${limit} bytes.`,
    413,
    randomUUID(),
    now,
  );
}
