/**
 * RAM pagination: small default pages and opaque tokens bound to the caller, the operation and its
 * parameters, signed with a per-sandbox key, so a forged or re-used-elsewhere token is refused with
 * InvalidNextTokenException as RAM does.
 */
import { decodePageToken, encodePageToken } from '../core/page-tokens.js';
import { SandboxServiceError, type Db } from '../types.js';

export const DEFAULT_PAGE_SIZE = 5;
export const MAX_PAGE_SIZE = 500;

export interface PageScope {
  db: Db;
  operation: string;
  accountId: string;
  input: Record<string, unknown>;
}

const PAGING_MEMBERS = ['nextToken', 'maxResults'] as const;

export function encodeNextToken(scope: PageScope, offset: number): string {
  return encodePageToken({ ...scope, pagingMembers: PAGING_MEMBERS }, offset);
}

export function decodeNextToken(scope: PageScope, token: string): number {
  const offset = decodePageToken({ ...scope, pagingMembers: PAGING_MEMBERS }, token);
  if (offset === undefined) {
    throw new SandboxServiceError(
      'InvalidNextTokenException',
      'The specified value for NextToken is not valid.',
    );
  }
  return offset;
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
