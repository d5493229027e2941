/**
 * RAM's operations over the store. Each handler first applies the pending state moves (see
 * state.ts), so a read shows what the previous calls settled into.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ORGANIZATION, isInOrganization, ouOfAccount } from '../core/principals.js';
import { featureGroupExists } from '../sagemaker/lookup.js';
import { META, orgSharingEnabled, setMeta } from '../store.js';
import {
  SandboxServiceError,
  type Caller,
  type Db,
  type OperationContext,
  type OperationInput,
  type OperationOutput,
} from '../types.js';
import { principalEntitiesFor } from './access.js';
import { paginate } from './paging.js';
import {
  CATALOG_RESOURCE_TYPE,
  MANAGED_PERMISSIONS,
  MANAGED_PERMISSION_TIME,
  defaultPermissionFor,
  permissionByArn,
  permissionDocument,
  shareableResource,
  type ManagedPermission,
} from './permissions.js';
import { INVITATION_TTL_MS, effectiveStatus, type AssociationRow } from './state.js';

// ---------------------------------------------------------------- input helpers

function invalid(message: string): SandboxServiceError {
  return new SandboxServiceError('InvalidParameterException', message);
}

function requiredString(input: OperationInput, member: string): string {
  const value = input[member];
  if (typeof value !== 'string' || value === '') {
    throw new SandboxServiceError(
      'MissingRequiredParameterException',
      `The request is missing the required parameter ${member}.`,
    );
  }
  return value;
}

function optionalString(input: OperationInput, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw invalid(`The parameter ${member} must be a string.`);
  }
  return value;
}

function stringList(input: OperationInput, member: string): string[] {
  const value = input[member];
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw invalid(`The parameter ${member} must be a list of strings.`);
  }
  return [...new Set(value as string[])];
}

function optionalBoolean(input: OperationInput, member: string): boolean | undefined {
  const value = input[member];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'boolean') {
    throw invalid(`The parameter ${member} must be a boolean.`);
  }
  return value;
}

function resourceOwner(input: OperationInput): 'SELF' | 'OTHER-ACCOUNTS' {
  const owner = requiredString(input, 'resourceOwner');
  if (owner !== 'SELF' && owner !== 'OTHER-ACCOUNTS') {
    throw invalid(`The value ${owner} for resourceOwner is not valid. It must be SELF or OTHER-ACCOUNTS.`);
  }
  return owner;
}

interface Tag {
  key: string;
  value: string;
}

function tagList(input: OperationInput, member: string): Tag[] {
  const value = input[member];
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw invalid(`The parameter ${member} must be a list of tags.`);
  }
  return value.map((t: unknown) => {
    const tag = t as { key?: unknown; value?: unknown };
    if (typeof tag.key !== 'string' || tag.key === '') {
      throw invalid('Each tag needs a key.');
    }
    return { key: tag.key, value: typeof tag.value === 'string' ? tag.value : '' };
  });
}

// ---------------------------------------------------------------- rows and views

interface ShareRow {
  arn: string;
  name: string;
  owner_account_id: string;
  region: string;
  allow_external: number;
  status: string;
  creation_time: number;
  last_updated_time: number;
}

interface InvitationRow {
  arn: string;
  share_arn: string;
  sender_account_id: string;
  receiver_account_id: string;
  receiver_arn: string | null;
  status: string;
  invitation_time: number;
}

const SHARE_ARN = /^arn:aws:ram:([a-z0-9-]+):(\d{12}):resource-share\/[0-9a-f-]{36}$/;
const INVITATION_ARN = /^arn:aws:ram:([a-z0-9-]+):(\d{12}):resource-share-invitation\/[0-9a-f-]{36}$/;

function tagsOf(db: Db, shareArn: string): Tag[] {
  return db
    .prepare('SELECT key, value FROM ram_share_tags WHERE share_arn = ? ORDER BY key')
    .all(shareArn) as Tag[];
}

function shareView(db: Db, row: ShareRow): Record<string, unknown> {
  return {
    resourceShareArn: row.arn,
    name: row.name,
    owningAccountId: row.owner_account_id,
    allowExternalPrincipals: row.allow_external === 1,
    status: row.status,
    tags: tagsOf(db, row.arn),
    creationTime: new Date(row.creation_time),
    lastUpdatedTime: new Date(row.last_updated_time),
    featureSet: 'STANDARD',
  };
}

function associationView(row: AssociationRow, shareName: string, now: Date): Record<string, unknown> {
  const status = effectiveStatus(row, now);
  return {
    resourceShareArn: row.share_arn,
    resourceShareName: shareName,
    associatedEntity: row.entity,
    associationType: row.association_type,
    status,
    ...(row.status_message ? { statusMessage: row.status_message } : {}),
    creationTime: new Date(row.creation_time),
    lastUpdatedTime: new Date(row.last_updated_time),
    external: row.external === 1,
  };
}

function invitationView(db: Db, row: InvitationRow): Record<string, unknown> {
  const share = db.prepare('SELECT name FROM ram_shares WHERE arn = ?').get(row.share_arn) as
    { name: string } | undefined;
  return {
    resourceShareInvitationArn: row.arn,
    resourceShareName: share?.name ?? '',
    resourceShareArn: row.share_arn,
    senderAccountId: row.sender_account_id,
    receiverAccountId: row.receiver_account_id,
    ...(row.receiver_arn ? { receiverArn: row.receiver_arn } : {}),
    invitationTimestamp: new Date(row.invitation_time),
    status: row.status,
  };
}

function permissionSummary(p: ManagedPermission): Record<string, unknown> {
  return {
    arn: p.arn,
    version: p.version,
    defaultVersion: true,
    name: p.name,
    resourceType: p.resourceType,
    status: 'ATTACHABLE',
    creationTime: MANAGED_PERMISSION_TIME,
    lastUpdatedTime: MANAGED_PERMISSION_TIME,
    isResourceTypeDefault: p.isResourceTypeDefault,
    permissionType: 'AWS_MANAGED',
    featureSet: 'STANDARD',
  };
}

// ---------------------------------------------------------------- state moves

/** Applies the moves that time and the previous calls have made due (see state.ts). */
export function settle(db: Db, now: Date): void {
  const t = now.getTime();
  const expired = db
    .prepare(`SELECT arn FROM ram_invitations WHERE status = 'PENDING' AND invitation_time + ? <= ?`)
    .all(INVITATION_TTL_MS, t) as { arn: string }[];
  for (const { arn } of expired) {
    db.prepare(`UPDATE ram_invitations SET status = 'EXPIRED' WHERE arn = ?`).run(arn);
    db.prepare(
      `UPDATE ram_associations SET status = 'DISASSOCIATED', status_message = 'The invitation expired.', last_updated_time = ?
       WHERE invitation_arn = ? AND status = 'ASSOCIATING'`,
    ).run(t, arn);
  }
  db.prepare(
    `UPDATE ram_associations SET status = 'ASSOCIATED', last_updated_time = ?
     WHERE status = 'ASSOCIATING' AND (invitation_arn IS NULL OR invitation_arn IN
       (SELECT arn FROM ram_invitations WHERE status = 'ACCEPTED'))`,
  ).run(t);
  db.prepare(
    `UPDATE ram_associations SET status = 'DISASSOCIATED', last_updated_time = ? WHERE status = 'DISASSOCIATING'`,
  ).run(t);
}

// ---------------------------------------------------------------- idempotency

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

/**
 * clientToken: the same token with the same parameters returns the first call's result; with other
 * parameters it fails with IdempotentParameterMismatchException. Without a token RAM makes one up.
 */
function idempotent(
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

// ---------------------------------------------------------------- lookups

function parseShareArn(arn: string): void {
  if (!SHARE_ARN.test(arn)) {
    throw new SandboxServiceError('MalformedArnException', `The format of the ARN ${arn} is not valid.`);
  }
}

function unknownShare(arn: string): SandboxServiceError {
  return new SandboxServiceError('UnknownResourceException', `ResourceShare ${arn} could not be found.`);
}

function ownShare(ctx: OperationContext, arn: string, options: { allowDeleted?: boolean } = {}): ShareRow {
  parseShareArn(arn);
  const row = ctx.db.prepare('SELECT * FROM ram_shares WHERE arn = ?').get(arn) as ShareRow | undefined;
  if (!row || row.owner_account_id !== ctx.caller.accountId || row.region !== ctx.region) {
    throw unknownShare(arn);
  }
  if (row.status === 'DELETED' && options.allowDeleted !== true) {
    throw new SandboxServiceError(
      'OperationNotPermittedException',
      `The resource share ${arn} has been deleted.`,
    );
  }
  ctx.trail.resources = [{ accountId: row.owner_account_id, type: 'AWS::RAM::ResourceShare', ARN: row.arn }];
  return row;
}

function associationRows(db: Db, shareArn: string, type: 'RESOURCE' | 'PRINCIPAL'): AssociationRow[] {
  return db
    .prepare(
      `SELECT a.*, i.status AS invitation_status, i.invitation_time AS invitation_time
       FROM ram_associations a LEFT JOIN ram_invitations i ON i.arn = a.invitation_arn
       WHERE a.share_arn = ? AND a.association_type = ? ORDER BY a.creation_time, a.entity`,
    )
    .all(shareArn, type) as AssociationRow[];
}

/** Shares of other accounts that reach the caller through an ASSOCIATED principal association. */
function sharesWithCaller(ctx: OperationContext): ShareRow[] {
  const entities = principalEntitiesFor(ctx.caller);
  const rows = ctx.db
    .prepare(
      `SELECT DISTINCT s.* FROM ram_shares s JOIN ram_associations a ON a.share_arn = s.arn
       WHERE a.association_type = 'PRINCIPAL' AND a.status = 'ASSOCIATED' AND s.status = 'ACTIVE'
         AND s.region = ? AND s.owner_account_id <> ?
         AND a.entity IN (${entities.map(() => '?').join(',')})
       ORDER BY s.creation_time, s.arn`,
    )
    .all(ctx.region, ctx.caller.accountId, ...entities) as ShareRow[];
  return rows;
}

function ownShares(ctx: OperationContext): ShareRow[] {
  return ctx.db
    .prepare('SELECT * FROM ram_shares WHERE owner_account_id = ? AND region = ? ORDER BY creation_time, arn')
    .all(ctx.caller.accountId, ctx.region) as ShareRow[];
}

// ---------------------------------------------------------------- principals and resources

type PrincipalKind = 'account' | 'organization' | 'ou' | 'iam';

interface PrincipalSpec {
  entity: string;
  kind: PrincipalKind;
  accountId?: string;
}

const ORG_ARN = /^arn:aws:organizations::(\d{12}):organization\/(o-[a-z0-9]{10,32})$/;
const OU_ARN =
  /^arn:aws:organizations::(\d{12}):ou\/(o-[a-z0-9]{10,32})\/(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
const IAM_ARN = /^arn:aws:iam::(\d{12}):(role|user)\/[\w+=,.@/-]+$/;

function parsePrincipalEntity(entity: string): PrincipalSpec {
  if (/^\d{12}$/.test(entity)) {
    return { entity, kind: 'account', accountId: entity };
  }
  if (ORG_ARN.test(entity)) {
    return { entity, kind: 'organization' };
  }
  if (OU_ARN.test(entity)) {
    return { entity, kind: 'ou' };
  }
  const iam = IAM_ARN.exec(entity);
  if (iam?.[1]) {
    return { entity, kind: 'iam', accountId: iam[1] };
  }
  throw new SandboxServiceError(
    'MalformedArnException',
    `The principal ${entity} is not a valid account ID or ARN.`,
  );
}

function validatePrincipal(
  ctx: OperationContext,
  spec: PrincipalSpec,
  share: { allowExternal: boolean },
  resourceTypes: ReadonlySet<string>,
): { external: boolean; needsInvitation: boolean } {
  const callerAccount = ctx.caller.accountId;
  const orgSharing = orgSharingEnabled(ctx.db);
  const callerInOrg = isInOrganization(callerAccount);
  if (spec.kind === 'organization' || spec.kind === 'ou') {
    const known =
      spec.kind === 'organization'
        ? spec.entity === ORGANIZATION.arn
        : ORGANIZATION.ous.some((ou) => ou.arn === spec.entity);
    if (!callerInOrg || !known) {
      throw new SandboxServiceError(
        'UnknownResourceException',
        `The principal ${spec.entity} could not be found in your organization.`,
      );
    }
    if (!orgSharing) {
      throw new SandboxServiceError(
        'OperationNotPermittedException',
        'Sharing with your organization is not enabled. Call EnableSharingWithAwsOrganization from the management account first.',
      );
    }
    return { external: false, needsInvitation: false };
  }
  if (spec.kind === 'iam' && resourceTypes.has(CATALOG_RESOURCE_TYPE)) {
    throw new SandboxServiceError(
      'OperationNotPermittedException',
      `The resource type ${CATALOG_RESOURCE_TYPE} can't be shared with IAM roles or users (${spec.entity}); share with an account, organization or organizational unit.`,
    );
  }
  const account = spec.accountId ?? '';
  if (account === callerAccount) {
    if (spec.kind === 'account') {
      throw invalid(`You can't share a resource share with your own account (${account}).`);
    }
    return { external: false, needsInvitation: false };
  }
  const sameOrg = callerInOrg && isInOrganization(account);
  if (!sameOrg && !share.allowExternal) {
    throw invalid(
      `Principal ${spec.entity} is not in your AWS organization. You cannot share with principals outside of your AWS organization.`,
    );
  }
  return { external: !sameOrg, needsInvitation: !(sameOrg && orgSharing) };
}

function validateResource(ctx: OperationContext, arn: string): { arn: string; type: string } {
  const res = shareableResource(arn);
  if (!res) {
    if (!arn.startsWith('arn:')) {
      throw new SandboxServiceError(
        'MalformedArnException',
        `The format of the resource ARN ${arn} is not valid.`,
      );
    }
    throw invalid(`The resource ${arn} is not of a type that can be shared.`);
  }
  if (res.accountId !== ctx.caller.accountId || res.region !== ctx.region) {
    throw new SandboxServiceError('UnknownResourceException', `The resource ${arn} could not be found.`);
  }
  if (res.type !== CATALOG_RESOURCE_TYPE && !featureGroupExists(ctx.db, arn)) {
    throw new SandboxServiceError('UnknownResourceException', `The resource ${arn} could not be found.`);
  }
  return { arn: res.arn, type: res.type };
}

function shareResourceTypes(db: Db, shareArn: string): Set<string> {
  const types = new Set<string>();
  for (const row of associationRows(db, shareArn, 'RESOURCE')) {
    if (row.status === 'ASSOCIATING' || row.status === 'ASSOCIATED') {
      const res = shareableResource(row.entity);
      if (res) {
        types.add(res.type);
      }
    }
  }
  return types;
}

function sharePermissions(db: Db, shareArn: string): { resource_type: string; permission_arn: string }[] {
  return db
    .prepare(
      'SELECT resource_type, permission_arn FROM ram_share_permissions WHERE share_arn = ? ORDER BY resource_type',
    )
    .all(shareArn) as { resource_type: string; permission_arn: string }[];
}

function upsertAssociation(
  ctx: OperationContext,
  shareArn: string,
  type: 'RESOURCE' | 'PRINCIPAL',
  entity: string,
  options: { external: boolean; invitationArn: string | null },
): AssociationRow {
  const t = ctx.now.getTime();
  const existing = ctx.db
    .prepare('SELECT * FROM ram_associations WHERE share_arn = ? AND association_type = ? AND entity = ?')
    .get(shareArn, type, entity) as AssociationRow | undefined;
  if (existing && (existing.status === 'ASSOCIATING' || existing.status === 'ASSOCIATED')) {
    return existing;
  }
  ctx.db
    .prepare(
      `INSERT INTO ram_associations (share_arn, association_type, entity, status, status_message, external, invitation_arn, creation_time, last_updated_time)
       VALUES (?, ?, ?, 'ASSOCIATING', NULL, ?, ?, ?, ?)
       ON CONFLICT (share_arn, association_type, entity) DO UPDATE SET status = 'ASSOCIATING', status_message = NULL,
         external = excluded.external, invitation_arn = excluded.invitation_arn, last_updated_time = excluded.last_updated_time`,
    )
    .run(shareArn, type, entity, options.external ? 1 : 0, options.invitationArn, t, t);
  return ctx.db
    .prepare('SELECT * FROM ram_associations WHERE share_arn = ? AND association_type = ? AND entity = ?')
    .get(shareArn, type, entity) as AssociationRow;
}

function invitationFor(
  ctx: OperationContext,
  share: ShareRow,
  receiverAccountId: string,
  receiverArn: string | null,
): string {
  const pending = ctx.db
    .prepare(
      `SELECT arn FROM ram_invitations WHERE share_arn = ? AND receiver_account_id = ? AND status = 'PENDING'
         AND ((receiver_arn IS NULL AND ? IS NULL) OR receiver_arn = ?)`,
    )
    .get(share.arn, receiverAccountId, receiverArn, receiverArn) as { arn: string } | undefined;
  if (pending) {
    return pending.arn;
  }
  const arn = `arn:aws:ram:${share.region}:${share.owner_account_id}:resource-share-invitation/${randomUUID()}`;
  ctx.db
    .prepare(
      `INSERT INTO ram_invitations (arn, share_arn, sender_account_id, receiver_account_id, receiver_arn, status, invitation_time)
       VALUES (?, ?, ?, ?, ?, 'PENDING', ?)`,
    )
    .run(arn, share.arn, share.owner_account_id, receiverAccountId, receiverArn, ctx.now.getTime());
  return arn;
}

/** Associates resources and principals with a share; the shared core of Create and Associate. */
function associate(
  ctx: OperationContext,
  share: ShareRow,
  resourceArns: readonly string[],
  principals: readonly string[],
): AssociationRow[] {
  if (resourceArns.length + principals.length > 100) {
    throw new SandboxServiceError(
      'ResourceShareLimitExceededException',
      'You can associate up to 100 resources and principals per call.',
    );
  }
  // Validate everything before writing anything: a refused call changes nothing.
  const resources = resourceArns.map((arn) => validateResource(ctx, arn));
  const types = shareResourceTypes(ctx.db, share.arn);
  for (const r of resources) {
    types.add(r.type);
  }
  const principalSpecs = principals.map(parsePrincipalEntity);
  const existingPrincipals = associationRows(ctx.db, share.arn, 'PRINCIPAL')
    .filter((p) => p.status === 'ASSOCIATING' || p.status === 'ASSOCIATED')
    .map((p) => parsePrincipalEntity(p.entity));
  if (types.has(CATALOG_RESOURCE_TYPE)) {
    const iam = [...principalSpecs, ...existingPrincipals].find((p) => p.kind === 'iam');
    if (iam) {
      throw new SandboxServiceError(
        'OperationNotPermittedException',
        `The resource type ${CATALOG_RESOURCE_TYPE} can't be shared with IAM roles or users (${iam.entity}); share with an account, organization or organizational unit.`,
      );
    }
  }
  const checked = principalSpecs.map((spec) => ({
    spec,
    ...validatePrincipal(ctx, spec, { allowExternal: share.allow_external === 1 }, types),
  }));

  const out: AssociationRow[] = [];
  const permissions = new Set(sharePermissions(ctx.db, share.arn).map((p) => p.resource_type));
  for (const r of resources) {
    if (!permissions.has(r.type)) {
      const def = defaultPermissionFor(r.type);
      if (def) {
        ctx.db
          .prepare(
            'INSERT INTO ram_share_permissions (share_arn, resource_type, permission_arn, permission_version) VALUES (?, ?, ?, ?)',
          )
          .run(share.arn, r.type, def.arn, def.version);
        permissions.add(r.type);
      }
    }
    out.push(upsertAssociation(ctx, share.arn, 'RESOURCE', r.arn, { external: false, invitationArn: null }));
  }
  for (const p of checked) {
    const invitationArn =
      p.needsInvitation && p.spec.accountId !== undefined
        ? invitationFor(ctx, share, p.spec.accountId, p.spec.kind === 'iam' ? p.spec.entity : null)
        : null;
    out.push(
      upsertAssociation(ctx, share.arn, 'PRINCIPAL', p.spec.entity, { external: p.external, invitationArn }),
    );
  }
  touch(ctx, share.arn);
  return out;
}

function touch(ctx: OperationContext, shareArn: string): void {
  ctx.db
    .prepare('UPDATE ram_shares SET last_updated_time = ? WHERE arn = ?')
    .run(ctx.now.getTime(), shareArn);
}

function setPermissions(ctx: OperationContext, shareArn: string, permissionArns: readonly string[]): void {
  const byType = new Map<string, ManagedPermission>();
  for (const arn of permissionArns) {
    const p = lookupPermission(arn);
    if (byType.has(p.resourceType)) {
      throw invalid(
        `You can associate only one permission with each resource type (${p.resourceType}) in a resource share.`,
      );
    }
    byType.set(p.resourceType, p);
  }
  for (const p of byType.values()) {
    ctx.db
      .prepare(
        `INSERT INTO ram_share_permissions (share_arn, resource_type, permission_arn, permission_version) VALUES (?, ?, ?, ?)
         ON CONFLICT (share_arn, resource_type) DO UPDATE SET permission_arn = excluded.permission_arn, permission_version = excluded.permission_version`,
      )
      .run(shareArn, p.resourceType, p.arn, p.version);
  }
}

function lookupPermission(arn: string): ManagedPermission {
  if (!/^arn:aws:ram::(aws|\d{12}):permission\/[\w-]+$/.test(arn)) {
    throw new SandboxServiceError(
      'MalformedArnException',
      `The format of the permission ARN ${arn} is not valid.`,
    );
  }
  const p = permissionByArn(arn);
  if (!p) {
    throw new SandboxServiceError('UnknownResourceException', `The permission ${arn} could not be found.`);
  }
  return p;
}

function shareName(db: Db, arn: string): string {
  return (
    (db.prepare('SELECT name FROM ram_shares WHERE arn = ?').get(arn) as { name: string } | undefined)
      ?.name ?? ''
  );
}

// ---------------------------------------------------------------- operations

const NAME_PATTERN = /^[\w .:/=+@-]{1,255}$/;

export function createResourceShare(input: OperationInput, ctx: OperationContext): OperationOutput {
  settle(ctx.db, ctx.now);
  return idempotent(ctx, 'CreateResourceShare', input, () => {
    const name = requiredString(input, 'name');
    if (!NAME_PATTERN.test(name)) {
      throw invalid(`The name ${name} is not valid.`);
    }
    const resourceArns = stringList(input, 'resourceArns');
    const principals = stringList(input, 'principals');
    const permissionArns = stringList(input, 'permissionArns');
    const tags = tagList(input, 'tags');
    const allowExternal = optionalBoolean(input, 'allowExternalPrincipals') ?? true;
    const arn = `arn:aws:ram:${ctx.region}:${ctx.caller.accountId}:resource-share/${randomUUID()}`;
    const t = ctx.now.getTime();
    ctx.db
      .prepare(
        `INSERT INTO ram_shares (arn, name, owner_account_id, region, allow_external, status, creation_time, last_updated_time)
         VALUES (?, ?, ?, ?, ?, 'ACTIVE', ?, ?)`,
      )
      .run(arn, name, ctx.caller.accountId, ctx.region, allowExternal ? 1 : 0, t, t);
    for (const tag of tags) {
      ctx.db
        .prepare('INSERT OR REPLACE INTO ram_share_tags (share_arn, key, value) VALUES (?, ?, ?)')
        .run(arn, tag.key, tag.value);
    }
    setPermissions(ctx, arn, permissionArns);
    const share = ctx.db.prepare('SELECT * FROM ram_shares WHERE arn = ?').get(arn) as ShareRow;
    associate(ctx, share, resourceArns, principals);
    ctx.trail.resources = [{ accountId: ctx.caller.accountId, type: 'AWS::RAM::ResourceShare', ARN: arn }];
    const output = {
      resourceShare: shareView(
        ctx.db,
        ctx.db.prepare('SELECT * FROM ram_shares WHERE arn = ?').get(arn) as ShareRow,
      ),
    };
    // AWS's CreateResourceShare events carry the new share in responseElements.
    ctx.trail.responseElements = output;
    return output;
  });
}

export function deleteResourceShare(input: OperationInput, ctx: OperationContext): OperationOutput {
  settle(ctx.db, ctx.now);
  const arn = requiredString(input, 'resourceShareArn');
  return idempotent(ctx, 'DeleteResourceShare', input, () => {
    const share = ownShare(ctx, arn, { allowDeleted: true });
    if (share.status === 'DELETED') {
      throw new SandboxServiceError(
        'OperationNotPermittedException',
        `The resource share ${arn} is already deleted.`,
      );
    }
    const t = ctx.now.getTime();
    ctx.db
      .prepare(`UPDATE ram_shares SET status = 'DELETED', last_updated_time = ? WHERE arn = ?`)
      .run(t, arn);
    ctx.db
      .prepare(
        `UPDATE ram_associations SET status = 'DISASSOCIATED', last_updated_time = ? WHERE share_arn = ? AND status IN ('ASSOCIATING','ASSOCIATED','DISASSOCIATING')`,
      )
      .run(t, arn);
    return { returnValue: true };
  });
}

export function updateResourceShare(input: OperationInput, ctx: OperationContext): OperationOutput {
  settle(ctx.db, ctx.now);
  const arn = requiredString(input, 'resourceShareArn');
  return idempotent(ctx, 'UpdateResourceShare', input, () => {
    ownShare(ctx, arn);
    const name = optionalString(input, 'name');
    if (name !== undefined) {
      if (!NAME_PATTERN.test(name)) {
        throw invalid(`The name ${name} is not valid.`);
      }
      ctx.db.prepare('UPDATE ram_shares SET name = ? WHERE arn = ?').run(name, arn);
    }
    const allowExternal = optionalBoolean(input, 'allowExternalPrincipals');
    if (allowExternal !== undefined) {
      if (!allowExternal) {
        const external = associationRows(ctx.db, arn, 'PRINCIPAL').some(
          (p) => p.external === 1 && (p.status === 'ASSOCIATING' || p.status === 'ASSOCIATED'),
        );
        if (external) {
          throw new SandboxServiceError(
            'OperationNotPermittedException',
            'The resource share has principals outside your organization; remove them before disallowing external principals.',
          );
        }
      }
      ctx.db
        .prepare('UPDATE ram_shares SET allow_external = ? WHERE arn = ?')
        .run(allowExternal ? 1 : 0, arn);
    }
    touch(ctx, arn);
    return {
      resourceShare: shareView(
        ctx.db,
        ctx.db.prepare('SELECT * FROM ram_shares WHERE arn = ?').get(arn) as ShareRow,
      ),
    };
  });
}

export function associateResourceShare(input: OperationInput, ctx: OperationContext): OperationOutput {
  settle(ctx.db, ctx.now);
  const arn = requiredString(input, 'resourceShareArn');
  return idempotent(ctx, 'AssociateResourceShare', input, () => {
    const share = ownShare(ctx, arn);
    const resourceArns = stringList(input, 'resourceArns');
    const principals = stringList(input, 'principals');
    const rows = associate(ctx, share, resourceArns, principals);
    return { resourceShareAssociations: rows.map((r) => associationView(r, share.name, ctx.now)) };
  });
}

export function disassociateResourceShare(input: OperationInput, ctx: OperationContext): OperationOutput {
  settle(ctx.db, ctx.now);
  const arn = requiredString(input, 'resourceShareArn');
  return idempotent(ctx, 'DisassociateResourceShare', input, () => {
    const share = ownShare(ctx, arn);
    const t = ctx.now.getTime();
    const out: Record<string, unknown>[] = [];
    const targets: ['RESOURCE' | 'PRINCIPAL', string][] = [
      ...stringList(input, 'resourceArns').map((e): ['RESOURCE', string] => ['RESOURCE', e]),
      ...stringList(input, 'principals').map((e): ['PRINCIPAL', string] => ['PRINCIPAL', e]),
    ];
    for (const [type, entity] of targets) {
      const row = ctx.db
        .prepare('SELECT * FROM ram_associations WHERE share_arn = ? AND association_type = ? AND entity = ?')
        .get(arn, type, entity) as AssociationRow | undefined;
      if (!row || row.status === 'DISASSOCIATED' || row.status === 'DISASSOCIATING') {
        throw new SandboxServiceError(
          'UnknownResourceException',
          `${entity} is not associated with the resource share ${arn}.`,
        );
      }
    }
    for (const [type, entity] of targets) {
      ctx.db
        .prepare(
          `UPDATE ram_associations SET status = 'DISASSOCIATING', last_updated_time = ? WHERE share_arn = ? AND association_type = ? AND entity = ?`,
        )
        .run(t, arn, type, entity);
      const row = ctx.db
        .prepare('SELECT * FROM ram_associations WHERE share_arn = ? AND association_type = ? AND entity = ?')
        .get(arn, type, entity) as AssociationRow;
      // The response shows the move in progress; access is already gone (state.ts).
      out.push({ ...associationView(row, share.name, ctx.now), status: 'DISASSOCIATING' });
    }
    touch(ctx, arn);
    return { resourceShareAssociations: out };
  });
}

export function associateResourceSharePermission(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  settle(ctx.db, ctx.now);
  const arn = requiredString(input, 'resourceShareArn');
  const permissionArn = requiredString(input, 'permissionArn');
  return idempotent(ctx, 'AssociateResourceSharePermission', input, () => {
    ownShare(ctx, arn);
    const p = lookupPermission(permissionArn);
    const replace = optionalBoolean(input, 'replace') ?? false;
    const current = sharePermissions(ctx.db, arn).find((x) => x.resource_type === p.resourceType);
    if (current && current.permission_arn !== p.arn && !replace) {
      throw invalid(
        `The resource share already has a permission for ${p.resourceType} (${current.permission_arn}). Set replace to true to replace it.`,
      );
    }
    setPermissions(ctx, arn, [p.arn]);
    touch(ctx, arn);
    return { returnValue: true };
  });
}

function filterByTags(db: Db, shares: ShareRow[], input: OperationInput): ShareRow[] {
  const filters = input.tagFilters;
  if (!Array.isArray(filters) || filters.length === 0) {
    return shares;
  }
  return shares.filter((s) => {
    const tags = tagsOf(db, s.arn);
    return filters.every((f: unknown) => {
      const filter = f as { tagKey?: unknown; tagValues?: unknown };
      const values = Array.isArray(filter.tagValues) ? (filter.tagValues as unknown[]) : [];
      return tags.some(
        (t) =>
          (filter.tagKey === undefined || t.key === filter.tagKey) &&
          (values.length === 0 || values.includes(t.value)),
      );
    });
  });
}

export function getResourceShares(input: OperationInput, ctx: OperationContext): OperationOutput {
  settle(ctx.db, ctx.now);
  const owner = resourceOwner(input);
  let shares = owner === 'SELF' ? ownShares(ctx) : sharesWithCaller(ctx);
  const arns = stringList(input, 'resourceShareArns');
  arns.forEach(parseShareArn);
  if (arns.length > 0) {
    shares = shares.filter((s) => arns.includes(s.arn));
  }
  const status = optionalString(input, 'resourceShareStatus');
  shares = shares.filter((s) => (status === undefined ? s.status !== 'DELETED' : s.status === status));
  const name = optionalString(input, 'name');
  if (name !== undefined) {
    shares = shares.filter((s) => s.name === name);
  }
  const permissionArn = optionalString(input, 'permissionArn');
  if (permissionArn !== undefined) {
    shares = shares.filter((s) =>
      sharePermissions(ctx.db, s.arn).some((p) => p.permission_arn === permissionArn),
    );
  }
  shares = filterByTags(ctx.db, shares, input);
  const { page, nextToken } = paginate(
    { db: ctx.db, operation: 'GetResourceShares', accountId: ctx.caller.accountId, input },
    shares,
  );
  return { resourceShares: page.map((s) => shareView(ctx.db, s)), ...(nextToken ? { nextToken } : {}) };
}

export function getResourceShareAssociations(input: OperationInput, ctx: OperationContext): OperationOutput {
  settle(ctx.db, ctx.now);
  const type = requiredString(input, 'associationType');
  if (type !== 'PRINCIPAL' && type !== 'RESOURCE') {
    throw invalid(`The value ${type} for associationType is not valid. It must be PRINCIPAL or RESOURCE.`);
  }
  const resourceArn = optionalString(input, 'resourceArn');
  const principal = optionalString(input, 'principal');
  if (resourceArn !== undefined && type !== 'RESOURCE') {
    throw invalid('resourceArn can be used only with associationType RESOURCE.');
  }
  if (principal !== undefined && type !== 'PRINCIPAL') {
    throw invalid('principal can be used only with associationType PRINCIPAL.');
  }
  const arns = stringList(input, 'resourceShareArns');
  arns.forEach(parseShareArn);
  const status = optionalString(input, 'associationStatus');
  const shares = ownShares(ctx).filter((s) => arns.length === 0 || arns.includes(s.arn));
  const rows: Record<string, unknown>[] = [];
  for (const s of shares) {
    for (const r of associationRows(ctx.db, s.arn, type)) {
      const view = associationView(r, s.name, ctx.now);
      if (resourceArn !== undefined && r.entity !== resourceArn) {
        continue;
      }
      if (principal !== undefined && r.entity !== principal) {
        continue;
      }
      if (status !== undefined && view.status !== status) {
        continue;
      }
      rows.push(view);
    }
  }
  const { page, nextToken } = paginate(
    { db: ctx.db, operation: 'GetResourceShareAssociations', accountId: ctx.caller.accountId, input },
    rows,
  );
  return { resourceShareAssociations: page, ...(nextToken ? { nextToken } : {}) };
}

function sharesForOwner(
  ctx: OperationContext,
  owner: 'SELF' | 'OTHER-ACCOUNTS',
  input: OperationInput,
): ShareRow[] {
  const arns = stringList(input, 'resourceShareArns');
  arns.forEach(parseShareArn);
  const shares =
    owner === 'SELF' ? ownShares(ctx).filter((s) => s.status === 'ACTIVE') : sharesWithCaller(ctx);
  return shares.filter((s) => arns.length === 0 || arns.includes(s.arn));
}

function resourceTypeFilter(input: OperationInput): string | undefined {
  const type = optionalString(input, 'resourceType');
  if (
    type !== undefined &&
    !MANAGED_PERMISSIONS.some((p) => p.resourceType.toLowerCase() === type.toLowerCase())
  ) {
    throw new SandboxServiceError(
      'InvalidResourceTypeException',
      `The resource type ${type} is not supported.`,
    );
  }
  return type?.toLowerCase();
}

function resourceView(row: AssociationRow, type: string): Record<string, unknown> {
  return {
    arn: row.entity,
    type,
    resourceShareArn: row.share_arn,
    status: 'AVAILABLE',
    creationTime: new Date(row.creation_time),
    lastUpdatedTime: new Date(row.last_updated_time),
    resourceRegionScope: 'REGIONAL',
  };
}

export function listResources(input: OperationInput, ctx: OperationContext): OperationOutput {
  settle(ctx.db, ctx.now);
  const owner = resourceOwner(input);
  const type = resourceTypeFilter(input);
  const principal = optionalString(input, 'principal');
  const wantedArns = stringList(input, 'resourceArns');
  const out: Record<string, unknown>[] = [];
  for (const s of sharesForOwner(ctx, owner, input)) {
    if (principal !== undefined) {
      const reaches = associationRows(ctx.db, s.arn, 'PRINCIPAL').some(
        (p) => p.entity === principal && effectiveStatus(p, ctx.now) === 'ASSOCIATED',
      );
      if (!reaches) {
        continue;
      }
    }
    for (const r of associationRows(ctx.db, s.arn, 'RESOURCE')) {
      const res = shareableResource(r.entity);
      if (!res || effectiveStatus(r, ctx.now) !== 'ASSOCIATED') {
        continue;
      }
      if (type !== undefined && res.type.toLowerCase() !== type) {
        continue;
      }
      if (wantedArns.length > 0 && !wantedArns.includes(r.entity)) {
        continue;
      }
      out.push(resourceView(r, res.type));
    }
  }
  const { page, nextToken } = paginate(
    { db: ctx.db, operation: 'ListResources', accountId: ctx.caller.accountId, input },
    out,
  );
  return { resources: page, ...(nextToken ? { nextToken } : {}) };
}

export function listPrincipals(input: OperationInput, ctx: OperationContext): OperationOutput {
  settle(ctx.db, ctx.now);
  const owner = resourceOwner(input);
  const type = resourceTypeFilter(input);
  const resourceArn = optionalString(input, 'resourceArn');
  const wanted = stringList(input, 'principals');
  const out: Record<string, unknown>[] = [];
  for (const s of sharesForOwner(ctx, owner, input)) {
    const resources = associationRows(ctx.db, s.arn, 'RESOURCE').filter(
      (r) => effectiveStatus(r, ctx.now) === 'ASSOCIATED',
    );
    if (resourceArn !== undefined && !resources.some((r) => r.entity === resourceArn)) {
      continue;
    }
    if (
      type !== undefined &&
      !resources.some((r) => shareableResource(r.entity)?.type.toLowerCase() === type)
    ) {
      continue;
    }
    if (owner === 'OTHER-ACCOUNTS') {
      // Seen from the receiving side, the principal that shared is the owning account.
      out.push({
        id: s.owner_account_id,
        resourceShareArn: s.arn,
        creationTime: new Date(s.creation_time),
        lastUpdatedTime: new Date(s.last_updated_time),
        external: !isInOrganization(s.owner_account_id) || !isInOrganization(ctx.caller.accountId),
      });
      continue;
    }
    for (const p of associationRows(ctx.db, s.arn, 'PRINCIPAL')) {
      if (effectiveStatus(p, ctx.now) !== 'ASSOCIATED') {
        continue;
      }
      if (wanted.length > 0 && !wanted.includes(p.entity)) {
        continue;
      }
      out.push({
        id: p.entity,
        resourceShareArn: s.arn,
        creationTime: new Date(p.creation_time),
        lastUpdatedTime: new Date(p.last_updated_time),
        external: p.external === 1,
      });
    }
  }
  const { page, nextToken } = paginate(
    { db: ctx.db, operation: 'ListPrincipals', accountId: ctx.caller.accountId, input },
    out,
  );
  return { principals: page, ...(nextToken ? { nextToken } : {}) };
}

export function listResourceSharePermissions(input: OperationInput, ctx: OperationContext): OperationOutput {
  settle(ctx.db, ctx.now);
  const arn = requiredString(input, 'resourceShareArn');
  parseShareArn(arn);
  const share = ctx.db.prepare('SELECT * FROM ram_shares WHERE arn = ?').get(arn) as ShareRow | undefined;
  const visible =
    share !== undefined &&
    (share.owner_account_id === ctx.caller.accountId || sharesWithCaller(ctx).some((s) => s.arn === arn));
  if (!share || !visible) {
    throw unknownShare(arn);
  }
  ctx.trail.resources = [{ accountId: share.owner_account_id, type: 'AWS::RAM::ResourceShare', ARN: arn }];
  const perms = sharePermissions(ctx.db, arn)
    .map((p) => permissionByArn(p.permission_arn))
    .filter((p): p is ManagedPermission => p !== undefined)
    .map(permissionSummary);
  const { page, nextToken } = paginate(
    { db: ctx.db, operation: 'ListResourceSharePermissions', accountId: ctx.caller.accountId, input },
    perms,
  );
  return { permissions: page, ...(nextToken ? { nextToken } : {}) };
}

export function listPermissions(input: OperationInput, ctx: OperationContext): OperationOutput {
  const type = optionalString(input, 'resourceType')?.toLowerCase();
  const permissionType = optionalString(input, 'permissionType') ?? 'ALL';
  if (!['ALL', 'AWS_MANAGED', 'CUSTOMER_MANAGED'].includes(permissionType)) {
    throw invalid(`The value ${permissionType} for permissionType is not valid.`);
  }
  const perms =
    permissionType === 'CUSTOMER_MANAGED'
      ? []
      : MANAGED_PERMISSIONS.filter((p) => type === undefined || p.resourceType.toLowerCase() === type);
  const { page, nextToken } = paginate(
    { db: ctx.db, operation: 'ListPermissions', accountId: ctx.caller.accountId, input },
    perms.map(permissionSummary),
  );
  return { permissions: page, ...(nextToken ? { nextToken } : {}) };
}

export function getPermission(input: OperationInput, _ctx: OperationContext): OperationOutput {
  const p = lookupPermission(requiredString(input, 'permissionArn'));
  const version = input.permissionVersion;
  if (version !== undefined && version !== null && String(version) !== p.version) {
    throw new SandboxServiceError(
      'UnknownResourceException',
      `Version ${String(version)} of the permission ${p.arn} could not be found.`,
    );
  }
  return { permission: { ...permissionSummary(p), permission: permissionDocument(p) } };
}

export function listResourceTypes(input: OperationInput, ctx: OperationContext): OperationOutput {
  const types = [...new Set(MANAGED_PERMISSIONS.map((p) => p.resourceType))].map((resourceType) => ({
    resourceType,
    serviceName: 'sagemaker',
    resourceRegionScope: 'REGIONAL',
  }));
  const { page, nextToken } = paginate(
    { db: ctx.db, operation: 'ListResourceTypes', accountId: ctx.caller.accountId, input },
    types,
  );
  return { resourceTypes: page, ...(nextToken ? { nextToken } : {}) };
}

function receivedInvitation(ctx: OperationContext, arn: string): InvitationRow {
  if (!INVITATION_ARN.test(arn)) {
    throw new SandboxServiceError('MalformedArnException', `The format of the ARN ${arn} is not valid.`);
  }
  const row = ctx.db.prepare('SELECT * FROM ram_invitations WHERE arn = ?').get(arn) as
    InvitationRow | undefined;
  if (!row || row.receiver_account_id !== ctx.caller.accountId) {
    throw new SandboxServiceError(
      'ResourceShareInvitationArnNotFoundException',
      `ResourceShareInvitation ${arn} could not be found.`,
    );
  }
  ctx.trail.resources = [
    { accountId: row.sender_account_id, type: 'AWS::RAM::ResourceShare', ARN: row.share_arn },
  ];
  return row;
}

export function getResourceShareInvitations(input: OperationInput, ctx: OperationContext): OperationOutput {
  settle(ctx.db, ctx.now);
  const invitationArns = stringList(input, 'resourceShareInvitationArns');
  const shareArns = stringList(input, 'resourceShareArns');
  let rows: InvitationRow[];
  if (invitationArns.length > 0) {
    rows = invitationArns.map((arn) => receivedInvitation(ctx, arn));
  } else {
    rows = ctx.db
      .prepare('SELECT * FROM ram_invitations WHERE receiver_account_id = ? ORDER BY invitation_time, arn')
      .all(ctx.caller.accountId) as InvitationRow[];
  }
  if (shareArns.length > 0) {
    rows = rows.filter((r) => shareArns.includes(r.share_arn));
  }
  const { page, nextToken } = paginate(
    { db: ctx.db, operation: 'GetResourceShareInvitations', accountId: ctx.caller.accountId, input },
    rows,
  );
  return {
    resourceShareInvitations: page.map((r) => invitationView(ctx.db, r)),
    ...(nextToken ? { nextToken } : {}),
  };
}

function assertPending(row: InvitationRow): void {
  switch (row.status) {
    case 'ACCEPTED':
      throw new SandboxServiceError(
        'ResourceShareInvitationAlreadyAcceptedException',
        `The invitation ${row.arn} is already accepted.`,
      );
    case 'REJECTED':
      throw new SandboxServiceError(
        'ResourceShareInvitationAlreadyRejectedException',
        `The invitation ${row.arn} is already rejected.`,
      );
    case 'EXPIRED':
      throw new SandboxServiceError(
        'ResourceShareInvitationExpiredException',
        `The invitation ${row.arn} has expired.`,
      );
    default:
  }
}

function answerInvitation(input: OperationInput, ctx: OperationContext, accept: boolean): OperationOutput {
  settle(ctx.db, ctx.now);
  const arn = requiredString(input, 'resourceShareInvitationArn');
  return idempotent(
    ctx,
    accept ? 'AcceptResourceShareInvitation' : 'RejectResourceShareInvitation',
    input,
    () => {
      const row = receivedInvitation(ctx, arn);
      assertPending(row);
      const t = ctx.now.getTime();
      ctx.db
        .prepare('UPDATE ram_invitations SET status = ? WHERE arn = ?')
        .run(accept ? 'ACCEPTED' : 'REJECTED', arn);
      if (!accept) {
        ctx.db
          .prepare(
            `UPDATE ram_associations SET status = 'DISASSOCIATED', status_message = 'The invitation was rejected.', last_updated_time = ?
           WHERE invitation_arn = ? AND status = 'ASSOCIATING'`,
          )
          .run(t, arn);
      }
      const updated = ctx.db.prepare('SELECT * FROM ram_invitations WHERE arn = ?').get(arn) as InvitationRow;
      const name = shareName(ctx.db, updated.share_arn);
      const associations = (
        ctx.db.prepare('SELECT * FROM ram_associations WHERE invitation_arn = ?').all(arn) as AssociationRow[]
      ).map((a) => associationView({ ...a, invitation_status: null }, name, ctx.now));
      // The association moves on the next read; the answer shows it still in flight.
      const shown = associations.map((a) => (accept ? { ...a, status: 'ASSOCIATING' } : a));
      return {
        resourceShareInvitation: { ...invitationView(ctx.db, updated), resourceShareAssociations: shown },
      };
    },
  );
}

export function acceptResourceShareInvitation(input: OperationInput, ctx: OperationContext): OperationOutput {
  return answerInvitation(input, ctx, true);
}

export function rejectResourceShareInvitation(input: OperationInput, ctx: OperationContext): OperationOutput {
  return answerInvitation(input, ctx, false);
}

export function listPendingInvitationResources(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  settle(ctx.db, ctx.now);
  const row = receivedInvitation(ctx, requiredString(input, 'resourceShareInvitationArn'));
  if (row.status === 'REJECTED' || row.status === 'EXPIRED') {
    assertPending(row);
  }
  const resources = associationRows(ctx.db, row.share_arn, 'RESOURCE')
    .filter((r) => effectiveStatus(r, ctx.now) === 'ASSOCIATED')
    .map((r) => resourceView(r, shareableResource(r.entity)?.type ?? 'unknown'));
  const { page, nextToken } = paginate(
    { db: ctx.db, operation: 'ListPendingInvitationResources', accountId: ctx.caller.accountId, input },
    resources,
  );
  return { resources: page, ...(nextToken ? { nextToken } : {}) };
}

function taggedShare(input: OperationInput, ctx: OperationContext): ShareRow {
  const arn = optionalString(input, 'resourceShareArn') ?? optionalString(input, 'resourceArn');
  if (arn === undefined) {
    throw new SandboxServiceError(
      'MissingRequiredParameterException',
      'The request must name a resourceShareArn.',
    );
  }
  return ownShare(ctx, arn);
}

export function tagResource(input: OperationInput, ctx: OperationContext): OperationOutput {
  const share = taggedShare(input, ctx);
  const tags = tagList(input, 'tags');
  if (tags.length === 0) {
    throw new SandboxServiceError(
      'MissingRequiredParameterException',
      'The request is missing the required parameter tags.',
    );
  }
  if (tagsOf(ctx.db, share.arn).length + tags.length > 50) {
    throw new SandboxServiceError('TagLimitExceededException', 'A resource share can have at most 50 tags.');
  }
  for (const tag of tags) {
    ctx.db
      .prepare('INSERT OR REPLACE INTO ram_share_tags (share_arn, key, value) VALUES (?, ?, ?)')
      .run(share.arn, tag.key, tag.value);
  }
  touch(ctx, share.arn);
  return {};
}

export function untagResource(input: OperationInput, ctx: OperationContext): OperationOutput {
  const share = taggedShare(input, ctx);
  for (const key of stringList(input, 'tagKeys')) {
    ctx.db.prepare('DELETE FROM ram_share_tags WHERE share_arn = ? AND key = ?').run(share.arn, key);
  }
  touch(ctx, share.arn);
  return {};
}

export function enableSharingWithAwsOrganization(
  _input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  if (ctx.caller.accountId !== ORGANIZATION.managementAccountId) {
    throw new SandboxServiceError(
      'OperationNotPermittedException',
      'Only the management account of the organization can enable sharing with AWS Organizations.',
    );
  }
  setMeta(ctx.db, META.orgSharing, 'true');
  return { returnValue: true };
}

/** For tests and status output: which OU an account's principal entities include. */
export function ouArnOf(accountId: string): string | undefined {
  return ouOfAccount(accountId)?.arn;
}

export type { Caller };
