/**
 * Opaque NextTokens bound to the request's parameters, so a token replayed with other filters is
 * refused as AWS refuses it, instead of silently paging through a different result set.
 */
import { createHash } from 'node:crypto';
import type { SandboxServiceError } from '../types.js';

function parameterHash(parameters: Record<string, unknown>): string {
  const copy: Record<string, unknown> = { ...parameters };
  delete copy.NextToken;
  delete copy.MaxResults;
  return createHash('sha256')
    .update(JSON.stringify(copy, Object.keys(copy).sort()))
    .digest('base64url')
    .slice(0, 16);
}

export function encodeToken(parameters: Record<string, unknown>, position: string | number): string {
  return Buffer.from(JSON.stringify({ p: position, h: parameterHash(parameters) })).toString('base64url');
}

export function decodeToken(
  parameters: Record<string, unknown>,
  invalid: (message: string) => SandboxServiceError,
): string | number | undefined {
  const token = parameters.NextToken;
  if (token === undefined || token === null || token === '') {
    return undefined;
  }
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as unknown;
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'p' in parsed &&
      'h' in parsed &&
      (typeof parsed.p === 'string' || typeof parsed.p === 'number') &&
      parsed.h === parameterHash(parameters)
    ) {
      return parsed.p;
    }
  } catch {
    // Fall through: any undecodable token is simply invalid.
  }
  throw invalid('Invalid pagination token: the token is malformed or the request parameters changed.');
}

/** One page of an in-memory list starting at a decoded numeric offset. */
export function pageOf<T>(
  items: readonly T[],
  parameters: Record<string, unknown>,
  maxResults: number,
  invalid: (message: string) => SandboxServiceError,
): { page: T[]; nextToken: string | undefined } {
  const position = decodeToken(parameters, invalid);
  const offset = typeof position === 'number' && Number.isInteger(position) && position >= 0 ? position : 0;
  if (position !== undefined && typeof position !== 'number') {
    throw invalid('Invalid pagination token.');
  }
  const page = items.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return { page, nextToken: next < items.length ? encodeToken(parameters, next) : undefined };
}
