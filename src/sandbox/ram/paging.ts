/**
 * RAM pagination: small default pages and opaque tokens bound to the caller, the operation and its
 * parameters, signed with a per-sandbox key, so a forged or re-used-elsewhere token is refused with
 * InvalidNextTokenException as RAM does.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { META, getMeta, setMeta } from '../store.js';
import { SandboxServiceError, type Db } from '../types.js';

export const DEFAULT_PAGE_SIZE = 5;
export const MAX_PAGE_SIZE = 500;

function tokenKey(db: Db): string {
  let key = getMeta(db, META.tokenKey);
  if (key === undefined) {
    key = randomBytes(32).toString('hex');
    setMeta(db, META.tokenKey, key);
  }
  return key;
}

function parametersHash(parameters: Record<string, unknown>): string {
  const { nextToken: _n, maxResults: _m, ...rest } = parameters;
  const canonical = JSON.stringify(rest, Object.keys(rest).sort());
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

export interface PageScope {
  db: Db;
  operation: string;
  accountId: string;
  input: Record<string, unknown>;
}

function mac(db: Db, body: string): string {
  return createHmac('sha256', tokenKey(db)).update(body).digest('base64url');
}

export function encodeNextToken(scope: PageScope, offset: number): string {
  const body = Buffer.from(
    JSON.stringify({ o: scope.operation, a: scope.accountId, h: parametersHash(scope.input), p: offset }),
  ).toString('base64url');
  return `${body}.${mac(scope.db, body)}`;
}

const invalidToken = () =>
  new SandboxServiceError('InvalidNextTokenException', 'The specified value for NextToken is not valid.');

export function decodeNextToken(scope: PageScope, token: string): number {
  const [body, signature, extra] = token.split('.');
  if (body === undefined || signature === undefined || extra !== undefined) {
    throw invalidToken();
  }
  const expected = Buffer.from(mac(scope.db, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw invalidToken();
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  const p = payload as { o?: unknown; a?: unknown; h?: unknown; p?: unknown };
  if (
    p.o !== scope.operation ||
    p.a !== scope.accountId ||
    p.h !== parametersHash(scope.input) ||
    typeof p.p !== 'number' ||
    !Number.isInteger(p.p) ||
    p.p < 0
  ) {
    throw invalidToken();
  }
  return p.p;
}

export function pageSize(input: Record<string, unknown>): number {
  const max = input.maxResults;
  if (max === undefined || max === null) {
    return DEFAULT_PAGE_SIZE;
  }
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_PAGE_SIZE) {
    throw new SandboxServiceError(
      'InvalidParameterException',
      `The value ${String(max)} for maxResults is not valid. It must be between 1 and ${MAX_PAGE_SIZE}.`,
    );
  }
  return max;
}

function startOf(scope: PageScope): number {
  const token = scope.input.nextToken;
  return typeof token === 'string' && token !== '' ? decodeNextToken(scope, token) : 0;
}

/** One page of `items` plus the token for the next, if any. */
export function paginate<T>(scope: PageScope, items: readonly T[]): { page: T[]; nextToken?: string } {
  const size = pageSize(scope.input);
  const start = startOf(scope);
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return end < items.length ? { page, nextToken: encodeNextToken(scope, end) } : { page };
}

/**
 * The same pages as `paginate`, read straight from the store: `fetch(offset, limit)` returns at
 * most `limit` rows from `offset` in a stable order (SQL LIMIT/OFFSET), so a page costs one
 * indexed query instead of reading every row.
 */
export function paginateQuery<T>(
  scope: PageScope,
  fetch: (offset: number, limit: number) => T[],
): { page: T[]; nextToken?: string } {
  const size = pageSize(scope.input);
  const start = startOf(scope);
  const rows = fetch(start, size + 1);
  const page = rows.slice(0, size);
  return rows.length > size ? { page, nextToken: encodeNextToken(scope, start + size) } : { page };
}
