/**
 * The sandbox's fixed world: three accounts, five principals (one IAM role each) and one
 * organization. Access keys and secrets are generated at `sandbox init` and kept in the store, so a
 * request signed with a wrong secret really fails verification.
 */
import { randomBytes } from 'node:crypto';
import { cachedStatement } from '../store.js';
import type { Db, SandboxPrincipal } from '../types.js';

export const OWNER_ACCOUNT_ID = '111111111111';
export const CONSUMER_ACCOUNT_ID = '222222222222';
export const PARTNER_ACCOUNT_ID = '333333333333';
export const SANDBOX_REGION = 'us-east-1';
/** The session name in every caller's assumed-role ARN. */
export const SANDBOX_SESSION_NAME = 'fshare-sandbox';

export interface SandboxProfileDefinition {
  profile: string;
  accountId: string;
  roleName: string;
}

export const SANDBOX_PROFILES: readonly SandboxProfileDefinition[] = [
  { profile: 'owner', accountId: OWNER_ACCOUNT_ID, roleName: 'feature-engineer' },
  { profile: 'auditor', accountId: OWNER_ACCOUNT_ID, roleName: 'auditor' },
  { profile: 'consumer', accountId: CONSUMER_ACCOUNT_ID, roleName: 'data-scientist' },
  { profile: 'consumer-analyst', accountId: CONSUMER_ACCOUNT_ID, roleName: 'analyst' },
  { profile: 'partner', accountId: PARTNER_ACCOUNT_ID, roleName: 'partner-engineer' },
];

export const SANDBOX_ACCOUNTS: readonly { accountId: string; name: string; email: string }[] = [
  { accountId: OWNER_ACCOUNT_ID, name: 'owner', email: 'owner@fshare.example' },
  { accountId: CONSUMER_ACCOUNT_ID, name: 'consumer', email: 'consumer@fshare.example' },
  { accountId: PARTNER_ACCOUNT_ID, name: 'partner', email: 'partner@fshare.example' },
];

export interface OrganizationalUnit {
  id: string;
  arn: string;
  name: string;
  accountIds: readonly string[];
}

const ORG_ID = 'o-fshare1sandbox';
const MANAGEMENT_ACCOUNT_ID = OWNER_ACCOUNT_ID;

export const ORGANIZATION = {
  id: ORG_ID,
  arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT_ID}:organization/${ORG_ID}`,
  managementAccountId: MANAGEMENT_ACCOUNT_ID,
  managementAccountEmail: 'owner@fshare.example',
  rootId: 'r-fsh1',
  memberAccountIds: [OWNER_ACCOUNT_ID, CONSUMER_ACCOUNT_ID] as readonly string[],
  ous: [
    {
      id: 'ou-fsh1-consumer1',
      arn: `arn:aws:organizations::${MANAGEMENT_ACCOUNT_ID}:ou/${ORG_ID}/ou-fsh1-consumer1`,
      name: 'consumers',
      accountIds: [CONSUMER_ACCOUNT_ID],
    },
  ] as readonly OrganizationalUnit[],
} as const;

export function isInOrganization(accountId: string): boolean {
  return ORGANIZATION.memberAccountIds.includes(accountId);
}

export function ouOfAccount(accountId: string): OrganizationalUnit | undefined {
  return ORGANIZATION.ous.find((ou) => ou.accountIds.includes(accountId));
}

export function isSandboxAccount(accountId: string): boolean {
  return SANDBOX_ACCOUNTS.some((a) => a.accountId === accountId);
}

export function roleArnOf(accountId: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomAccessKeyId(): string {
  const bytes = randomBytes(16);
  let suffix = '';
  for (const byte of bytes) {
    suffix += KEY_ALPHABET[byte % KEY_ALPHABET.length] ?? 'A';
  }
  return `AKIA${suffix}`;
}

function randomSecret(): string {
  return randomBytes(30).toString('base64').slice(0, 40);
}

interface PrincipalRow {
  profile: string;
  account_id: string;
  role_name: string;
  access_key_id: string;
  secret_access_key: string;
}

function fromRow(row: PrincipalRow): SandboxPrincipal {
  return {
    profile: row.profile,
    accountId: row.account_id,
    roleName: row.role_name,
    roleArn: roleArnOf(row.account_id, row.role_name),
    accessKeyId: row.access_key_id,
    secretAccessKey: row.secret_access_key,
  };
}

/** Creates each principal's key pair once; later calls keep existing keys so exported env stays valid. */
export function ensurePrincipals(db: Db): void {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO principals (profile, account_id, role_name, access_key_id, secret_access_key)
     VALUES (?, ?, ?, ?, ?)`,
  );
  for (const p of SANDBOX_PROFILES) {
    insert.run(p.profile, p.accountId, p.roleName, randomAccessKeyId(), randomSecret());
  }
}

/**
 * Known keys, per connection: every request looks its key up two or three times (admission, SigV4,
 * the caller). A key never changes once made (`init --force` makes a new file and connection), so
 * hits are kept; misses are not, so a key created by another process is found.
 */
const knownKeys = new WeakMap<Db, Map<string, SandboxPrincipal>>();

export function principalByAccessKey(db: Db, accessKeyId: string): SandboxPrincipal | undefined {
  let known = knownKeys.get(db);
  const hit = known?.get(accessKeyId);
  if (hit) {
    return hit;
  }
  const row = cachedStatement(db, 'SELECT * FROM principals WHERE access_key_id = ?').get(accessKeyId) as
    PrincipalRow | undefined;
  if (!row) {
    return undefined;
  }
  const principal = fromRow(row);
  if (!known) {
    known = new Map();
    knownKeys.set(db, known);
  }
  known.set(accessKeyId, principal);
  return principal;
}

export function principalByProfile(db: Db, profile: string): SandboxPrincipal | undefined {
  const row = db.prepare('SELECT * FROM principals WHERE profile = ?').get(profile) as
    PrincipalRow | undefined;
  return row ? fromRow(row) : undefined;
}

export function allPrincipals(db: Db): SandboxPrincipal[] {
  const rows = db.prepare('SELECT * FROM principals ORDER BY account_id, profile').all() as PrincipalRow[];
  return rows.map(fromRow);
}

/** A stable AROA… role id, derived from the role ARN so it is the same on every machine. */
export function roleIdOf(roleArn: string): string {
  let hash = 2166136261;
  for (const ch of roleArn) {
    hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  }
  let id = '';
  let state = hash;
  for (let i = 0; i < 17; i += 1) {
    state = Math.imul(state ^ (state >>> 15), 2246822519) >>> 0;
    id += KEY_ALPHABET[state % 26] ?? 'A';
  }
  return `AROA${id}`;
}
