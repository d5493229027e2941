/**
 * RAM's clientToken: the same token with the same parameters returns the first call's result
 * (stored with its dates); with other parameters it fails with IdempotentParameterMismatchException.
 * Without a token RAM makes one up.
 */
import { createHash, randomUUID } from 'node:crypto';
import { SandboxServiceError, type OperationContext, type OperationInput } from '../types.js';
import { optionalString } from './params.js';

function hashParams(input: OperationInput): string {
  const { clientToken: _t, ...rest } = input;
  return createHash('sha256')
    .update(JSON.stringify(rest, Object.keys(rest).sort()))
    .digest('hex');
}

function encodeDates(value: unknown): unknown {
  if (value instanceof Date) {
    return { $date: value.getTime() };
  }
  if (Array.isArray(value)) {
    return value.map(encodeDates);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeDates(v)]));
  }
  return value;
}

function decodeDates(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(decodeDates);
  }
  if (value !== null && typeof value === 'object') {
    const rec = value as Record<string, unknown>;
    if (typeof rec.$date === 'number' && Object.keys(rec).length === 1) {
      return new Date(rec.$date);
    }
    return Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, decodeDates(v)]));
  }
  return value;
}

export function idempotent(
  ctx: OperationContext,
  operation: string,
  input: OperationInput,
  run: () => Record<string, unknown>,
): Record<string, unknown> {
  const token = optionalString(input, 'clientToken');
  if (token === undefined) {
    return { ...run(), clientToken: randomUUID() };
  }
  const scope = `ram:${ctx.caller.accountId}:${operation}`;
  const hash = hashParams(input);
  const existing = ctx.db
    .prepare('SELECT params_hash, response FROM idempotency WHERE scope = ? AND client_token = ?')
    .get(scope, token) as { params_hash: string; response: string } | undefined;
  if (existing) {
    if (existing.params_hash !== hash) {
      throw new SandboxServiceError(
        'IdempotentParameterMismatchException',
        `The client token ${token} was already used with different parameters.`,
      );
    }
    return decodeDates(JSON.parse(existing.response)) as Record<string, unknown>;
  }
  const out = { ...run(), clientToken: token };
  ctx.db
    .prepare('INSERT INTO idempotency (scope, client_token, params_hash, response) VALUES (?, ?, ?, ?)')
    .run(scope, token, hash, JSON.stringify(encodeDates(out)));
  return out;
}
