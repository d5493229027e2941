/**
 * Bucket-policy evaluation: enough of IAM's policy language for what CloudTrail's delivery policy
 * and cross-account reads need. An explicit Deny wins; otherwise a matching Allow allows.
 * Principals: "*", {"AWS": account | arn:aws:iam::ACCT:root | role ARN | "*"}, {"Service": name}.
 * Conditions: String*, Arn* (with IfExists), Bool; keys compared case-insensitively.
 */
export type PolicyPrincipal =
  { kind: 'aws'; accountId: string; roleArn: string; arn: string } | { kind: 'service'; service: string };

export interface PolicyRequest {
  action: string;
  resource: string;
  principal: PolicyPrincipal;
  /** Condition keys in lower case, e.g. 'aws:sourcearn', 's3:x-amz-acl'. */
  context: Record<string, string>;
}

export type PolicyDecision = 'allow' | 'deny' | 'none';

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
  Sid?: unknown;
}

export class MalformedPolicyError extends Error {}

const list = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

/** IAM wildcards: `*` any run, `?` one character. */
export function wildcardMatch(pattern: string, text: string, ignoreCase = false): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, ignoreCase ? 'is' : 's').test(text);
}

function principalMatches(spec: unknown, principal: PolicyPrincipal): boolean {
  if (spec === '*') {
    return true;
  }
  if (spec === null || typeof spec !== 'object') {
    return false;
  }
  const record = spec as Record<string, unknown>;
  if (principal.kind === 'service') {
    return list(record.Service).some((s) => s === principal.service);
  }
  return list(record.AWS).some(
    (value) =>
      value === '*' ||
      value === principal.accountId ||
      value === `arn:aws:iam::${principal.accountId}:root` ||
      value === principal.roleArn ||
      value === principal.arn,
  );
}

function conditionHolds(
  operator: string,
  values: Record<string, unknown>,
  context: Record<string, string>,
): boolean {
  const ifExists = operator.endsWith('IfExists');
  const base = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  return Object.entries(values).every(([key, wanted]) => {
    const actual = context[key.toLowerCase()];
    const options = list(wanted).map(String);
    if (actual === undefined) {
      return ifExists || base.includes('Not');
    }
    switch (base) {
      case 'StringEquals':
      case 'ArnEquals':
        return options.includes(actual);
      case 'StringNotEquals':
      case 'ArnNotEquals':
        return !options.includes(actual);
      case 'StringEqualsIgnoreCase':
        return options.some((o) => o.toLowerCase() === actual.toLowerCase());
      case 'StringNotEqualsIgnoreCase':
        return !options.some((o) => o.toLowerCase() === actual.toLowerCase());
      case 'StringLike':
      case 'ArnLike':
        return options.some((o) => wildcardMatch(o, actual));
      case 'StringNotLike':
      case 'ArnNotLike':
        return !options.some((o) => wildcardMatch(o, actual));
      case 'Bool':
        return options.includes(actual.toLowerCase());
      default:
        // An operator the sandbox does not know never matches: it cannot grant by accident.
        return false;
    }
  });
}

function statementMatches(statement: Statement, request: PolicyRequest): boolean {
  if (statement.Principal !== undefined && !principalMatches(statement.Principal, request.principal)) {
    return false;
  }
  if (statement.NotPrincipal !== undefined && principalMatches(statement.NotPrincipal, request.principal)) {
    return false;
  }
  const actionHit = (patterns: unknown): boolean =>
    list(patterns).some((p) => typeof p === 'string' && wildcardMatch(p, request.action, true));
  if (statement.Action !== undefined && !actionHit(statement.Action)) {
    return false;
  }
  if (statement.NotAction !== undefined && actionHit(statement.NotAction)) {
    return false;
  }
  const resourceHit = (patterns: unknown): boolean =>
    list(patterns).some((p) => typeof p === 'string' && wildcardMatch(p, request.resource));
  if (statement.Resource !== undefined && !resourceHit(statement.Resource)) {
    return false;
  }
  if (statement.NotResource !== undefined && resourceHit(statement.NotResource)) {
    return false;
  }
  const conditions = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(conditions).every(([operator, values]) =>
    conditionHolds(operator, values, request.context),
  );
}

export function parsePolicy(text: string): Statement[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new MalformedPolicyError("Policies must be valid JSON and the first byte must be '{'");
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new MalformedPolicyError("Policies must be valid JSON and the first byte must be '{'");
  }
  const statements = list((parsed as Record<string, unknown>).Statement) as Statement[];
  if (statements.length === 0) {
    throw new MalformedPolicyError('Missing required field Statement');
  }
  for (const statement of statements) {
    if (statement === null || typeof statement !== 'object') {
      throw new MalformedPolicyError('Statement is not an object');
    }
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
      throw new MalformedPolicyError('Invalid effect: ' + String(statement.Effect));
    }
    if (statement.Principal === undefined && statement.NotPrincipal === undefined) {
      throw new MalformedPolicyError('Missing required field Principal');
    }
    if (statement.Action === undefined && statement.NotAction === undefined) {
      throw new MalformedPolicyError('Missing required field Action');
    }
    if (statement.Resource === undefined && statement.NotResource === undefined) {
      throw new MalformedPolicyError('Missing required field Resource');
    }
    if (
      statement.Condition !== undefined &&
      (typeof statement.Condition !== 'object' || statement.Condition === null)
    ) {
      throw new MalformedPolicyError('Condition must be an object');
    }
  }
  return statements;
}

export function evaluatePolicy(policy: string | null | undefined, request: PolicyRequest): PolicyDecision {
  if (policy === null || policy === undefined) {
    return 'none';
  }
  let decision: PolicyDecision = 'none';
  for (const statement of parsePolicy(policy)) {
    if (!statementMatches(statement, request)) {
      continue;
    }
    if (statement.Effect === 'Deny') {
      return 'deny';
    }
    decision = 'allow';
  }
  return decision;
}
