/**
 * Opaque page tokens for the sandbox's list operations: an offset bound to the caller's account,
 * the operation and its parameters (all but the paging members), HMAC-signed with a per-sandbox key.
 * A forged token, or one used with other parameters or by another account, decodes to undefined and
 * the service answers with its own error (RAM InvalidNextTokenException, Organizations
 * InvalidInputException).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { META, getMeta, setMeta } from '../store.js';
import type { Db } from '../types.js';

export interface TokenScope {
  db: Db;
  operation: string;
  accountId: string;
  input: Record<string, unknown>;
  /** Input members left out of the binding: the token itself and the page size. */
  pagingMembers: readonly string[];
}

function tokenKey(db: Db): string {
  let key = getMeta(db, META.tokenKey);
  if (key === undefined) {
    key = randomBytes(32).toString('hex');
    setMeta(db, META.tokenKey, key);
  }
  return key;
}

function parametersHash(scope: TokenScope): string {
  const rest = Object.fromEntries(
    Object.entries(scope.input).filter(([member]) => !scope.pagingMembers.includes(member)),
  );
  const canonical = JSON.stringify(rest, Object.keys(rest).sort());
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

function mac(db: Db, body: string): string {
  return createHmac('sha256', tokenKey(db)).update(body).digest('base64url');
}

export function encodePageToken(scope: TokenScope, offset: number): string {
  const body = Buffer.from(
    JSON.stringify({ o: scope.operation, a: scope.accountId, h: parametersHash(scope), p: offset }),
  ).toString('base64url');
  return `${body}.${mac(scope.db, body)}`;
}

/** The offset a token stands for, or undefined when it is not a token this scope issued. */
export function decodePageToken(scope: TokenScope, token: string): number | undefined {
  const [body, signature, extra] = token.split('.');
  if (body === undefined || signature === undefined || extra !== undefined) {
    return undefined;
  }
  const expected = Buffer.from(mac(scope.db, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return undefined;
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const p = payload as { o?: unknown; a?: unknown; h?: unknown; p?: unknown };
  const valid =
    p.o === scope.operation &&
    p.a === scope.accountId &&
    p.h === parametersHash(scope) &&
    typeof p.p === 'number' &&
    Number.isInteger(p.p) &&
    p.p >= 0;
  return valid ? (p.p as number) : undefined;
}
