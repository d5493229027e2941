/**
 * Opaque pagination tokens bound to the parameters of the call that produced them: CloudTrail
 * requires the NextToken to be reused with identical parameters and answers anything else with
 * InvalidNextTokenException. The HMAC only keeps clients from crafting positions by hand.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SandboxServiceError } from '../types.js';

const TOKEN_KEY = 'fshare-sandbox-cloudtrail-pagination';

export function paramsHash(params: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(params ?? null))
    .digest('base64url')
    .slice(0, 22);
}

function sign(body: string): string {
  return createHmac('sha256', TOKEN_KEY).update(body).digest('base64url').slice(0, 22);
}

export function encodeToken(params: unknown, position: Record<string, unknown>): string {
  const body = Buffer.from(JSON.stringify({ h: paramsHash(params), ...position })).toString('base64url');
  return `${body}.${sign(body)}`;
}

/** Returns the position stored in `token`, or throws InvalidNextTokenException. */
export function decodeToken(token: string, params: unknown): Record<string, unknown> {
  const invalid = new SandboxServiceError('InvalidNextTokenException', 'Invalid NextToken.');
  const [body, mac] = token.split('.');
  if (body === undefined || mac === undefined) {
    throw invalid;
  }
  const expected = Buffer.from(sign(body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw invalid;
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (
    decoded === null ||
    typeof decoded !== 'object' ||
    (decoded as { h?: unknown }).h !== paramsHash(params)
  ) {
    throw invalid;
  }
  return decoded as Record<string, unknown>;
}
