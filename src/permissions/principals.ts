/**
 * Principals a RAM share can name: accounts, organizations, OUs, IAM roles and users.
 * Catalog (discoverability) shares accept only accounts, organizations and OUs.
 */
import { UsageError } from '../errors.js';
import { ACCOUNT_ID } from './arns.js';
import type { ResourceKind } from './levels.js';

export type Principal =
  | { kind: 'account'; id: string; account: string }
  | { kind: 'organization'; id: string; orgId: string; managementAccount: string }
  | { kind: 'ou'; id: string; orgId: string; ouId: string; managementAccount: string }
  /** A bare `ou-xxxx-yyyyyyyy`: must be resolved to its ARN (needs the organization) before use. */
  | { kind: 'ou-id'; id: string; ouId: string }
  | { kind: 'iam-role' | 'iam-user'; id: string; account: string; name: string; partition: string };

export type PrincipalKind = Principal['kind'];

const PARTITION = 'aws(?:-[a-z]+)*';
const ORG_ID = 'o-[a-z0-9]{10,32}';
const OU_ID = 'ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}';
const ORG_ARN = new RegExp(`^arn:${PARTITION}:organizations::(\\d{12}):organization/(${ORG_ID})$`);
const OU_ARN = new RegExp(`^arn:${PARTITION}:organizations::(\\d{12}):ou/(${ORG_ID})/(${OU_ID})$`);
const BARE_OU = new RegExp(`^${OU_ID}$`);
const IAM_ARN = new RegExp(
  `^arn:(${PARTITION}):iam::(\\d{12}):(role|user)/((?:[\\w+=,.@-]+/)*)([\\w+=,.@-]{1,64})$`,
);

const HINT =
  'Use a 12-digit account ID, an organization or OU ARN (or an OU ID like ou-abcd-12345678), or an IAM role/user ARN.';

export function parsePrincipal(text: string): Principal {
  if (text === '') {
    throw new UsageError('A principal is empty.', { hint: HINT, code: 'FSHARE_BAD_PRINCIPAL' });
  }
  if (text !== text.trim() || /\s/.test(text)) {
    throw new UsageError(`Principal "${text}" contains whitespace.`, {
      hint: 'Remove the spaces; separate several principals with spaces between arguments or commas.',
      code: 'FSHARE_BAD_PRINCIPAL',
    });
  }
  if (/^\p{Nd}+$/u.test(text)) {
    if (!ACCOUNT_ID.test(text)) {
      throw new UsageError(
        `"${text}" is not a 12-digit AWS account ID (it has ${[...text].length} digits${/^[0-9]+$/.test(text) ? '' : ', some of them not ASCII 0-9'}).`,
        {
          hint: 'AWS account IDs are exactly 12 digits 0-9, for example 222222222222.',
          code: 'FSHARE_BAD_PRINCIPAL',
        },
      );
    }
    return { kind: 'account', id: text, account: text };
  }
  let m = ORG_ARN.exec(text);
  if (m?.[1] && m[2]) {
    return { kind: 'organization', id: text, managementAccount: m[1], orgId: m[2] };
  }
  m = OU_ARN.exec(text);
  if (m?.[1] && m[2] && m[3]) {
    return { kind: 'ou', id: text, managementAccount: m[1], orgId: m[2], ouId: m[3] };
  }
  if (BARE_OU.test(text)) {
    return { kind: 'ou-id', id: text, ouId: text };
  }
  m = IAM_ARN.exec(text);
  if (m?.[1] && m[2] && m[3] && m[5]) {
    return {
      kind: m[3] === 'role' ? 'iam-role' : 'iam-user',
      id: text,
      partition: m[1],
      account: m[2],
      name: m[5],
    };
  }
  const assumedRole = /^arn:(aws(?:-[a-z]+)*):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(text);
  if (assumedRole) {
    // A session ARN (what `fshare whoami` shows for a role) cannot be shared with; its role can.
    throw new UsageError(`"${text}" is an STS session (an ARN of sts), not a principal RAM accepts.`, {
      hint: `Use the role's ARN instead: arn:${assumedRole[1] ?? 'aws'}:iam::${assumedRole[2] ?? ''}:role/${assumedRole[3] ?? ''}.`,
      code: 'FSHARE_BAD_PRINCIPAL',
    });
  }
  if (text.startsWith('arn:')) {
    const service = text.split(':')[2] ?? '';
    throw new UsageError(
      `"${text}" is not a principal RAM accepts${service && service !== 'iam' && service !== 'organizations' ? ` (an ARN of ${service}, not IAM or Organizations)` : ''}.`,
      { hint: HINT, code: 'FSHARE_BAD_PRINCIPAL' },
    );
  }
  if (text.startsWith('ou-')) {
    throw new UsageError(`"${text}" is not a valid OU ID.`, {
      hint: 'OU IDs look like ou-abcd-12345678 (ou-, 4-32 characters, -, 8-32 characters).',
      code: 'FSHARE_BAD_PRINCIPAL',
    });
  }
  throw new UsageError(`"${text}" is not a principal.`, { hint: HINT, code: 'FSHARE_BAD_PRINCIPAL' });
}

/** Parses a list (also splitting comma-separated items), refusing duplicates. */
export function parsePrincipals(texts: readonly string[]): Principal[] {
  const items = texts.flatMap((t) => (t.includes(',') ? t.split(',') : [t]));
  const seen = new Set<string>();
  const out: Principal[] = [];
  for (const item of items) {
    const p = parsePrincipal(item);
    if (seen.has(p.id)) {
      throw new UsageError(`Principal "${p.id}" is listed twice.`, {
        hint: 'Name each principal once.',
        code: 'FSHARE_DUPLICATE_PRINCIPAL',
      });
    }
    seen.add(p.id);
    out.push(p);
  }
  return out;
}

/** Whether RAM lets this kind of principal receive this kind of resource. */
export function principalAllowedFor(principal: Principal, resource: ResourceKind): boolean {
  if (resource === 'catalog') {
    return principal.kind !== 'iam-role' && principal.kind !== 'iam-user';
  }
  return true;
}

export function assertPrincipalsAllowed(principals: readonly Principal[], resource: ResourceKind): void {
  for (const p of principals) {
    if (!principalAllowedFor(p, resource)) {
      throw new UsageError(
        `${p.id} is an IAM ${p.kind === 'iam-role' ? 'role' : 'user'}; catalog (discoverability) shares accept only accounts, organizations and OUs.`,
        {
          hint: `Grant discoverability to its account instead: --to ${'account' in p ? p.account : '<account>'}.`,
          code: 'FSHARE_PRINCIPAL_NOT_ALLOWED',
        },
      );
    }
  }
}

/** The account a principal lives in, when it names one (accounts, IAM roles and users). */
export function principalAccount(principal: Principal): string | undefined {
  return 'account' in principal ? principal.account : undefined;
}
