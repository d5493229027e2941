/** RAM operations on shares themselves: create, update, delete, tag, and organization sharing. */
import { randomUUID } from 'node:crypto';
import { ORGANIZATION } from '../../core/principals.js';
import { META, setMeta } from '../../store.js';
import {
  SandboxServiceError,
  type OperationContext,
  type OperationInput,
  type OperationOutput,
} from '../../types.js';
import { idempotent } from '../idempotency.js';
import { associate, setPermissions } from '../models/associate.js';
import { checkShareCount, checkTagCount, limitsOf } from '../models/quotas.js';
import {
  associationRows,
  isLive,
  ownShare,
  putTag,
  shareByArn,
  tagsOf,
  touch,
  type ShareRow,
} from '../models/rows.js';
import { statement } from '../models/statements.js';
import {
  invalid,
  missing,
  optionalBoolean,
  optionalString,
  requiredString,
  stringList,
  tagList,
} from '../params.js';
import { shareView } from '../views.js';

const NAME_PATTERN = /^[\w .:/=+@-]{1,255}$/;

function validName(name: string): string {
  if (!NAME_PATTERN.test(name)) {
    throw invalid(`The name ${name} is not valid.`);
  }
  return name;
}

export function createResourceShare(input: OperationInput, ctx: OperationContext): OperationOutput {
  return idempotent(ctx, 'CreateResourceShare', input, () => {
    const name = validName(requiredString(input, 'name'));
    const resourceArns = stringList(input, 'resourceArns');
    const principals = stringList(input, 'principals');
    const permissionArns = stringList(input, 'permissionArns');
    const tags = tagList(input, 'tags');
    const allowExternal = optionalBoolean(input, 'allowExternalPrincipals') ?? true;
    const limits = limitsOf(ctx);
    checkTagCount(limits, new Set(tags.map((t) => t.key)).size);
    checkShareCount(ctx, limits);
    const arn = `arn:aws:ram:${ctx.region}:${ctx.caller.accountId}:resource-share/${randomUUID()}`;
    const t = ctx.now.getTime();
    statement(
      ctx.db,
      `INSERT INTO ram_shares (arn, name, owner_account_id, region, allow_external, status, creation_time, last_updated_time)
       VALUES (?, ?, ?, ?, ?, 'ACTIVE', ?, ?)`,
    ).run(arn, name, ctx.caller.accountId, ctx.region, allowExternal ? 1 : 0, t, t);
    for (const tag of tags) {
      putTag(ctx.db, arn, tag);
    }
    setPermissions(ctx, arn, permissionArns);
    associate(ctx, shareByArn(ctx.db, arn) as ShareRow, resourceArns, principals);
    ctx.trail.resources = [{ accountId: ctx.caller.accountId, type: 'AWS::RAM::ResourceShare', ARN: arn }];
    const output = { resourceShare: shareView(ctx.db, shareByArn(ctx.db, arn) as ShareRow) };
    // AWS's CreateResourceShare events carry the new share in responseElements.
    ctx.trail.responseElements = output;
    return output;
  });
}

export function deleteResourceShare(input: OperationInput, ctx: OperationContext): OperationOutput {
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
    statement(ctx.db, `UPDATE ram_shares SET status = 'DELETED', last_updated_time = ? WHERE arn = ?`).run(
      t,
      arn,
    );
    statement(
      ctx.db,
      `UPDATE ram_associations SET status = 'DISASSOCIATED', last_updated_time = ? WHERE share_arn = ? AND status IN ('ASSOCIATING','ASSOCIATED','DISASSOCIATING')`,
    ).run(t, arn);
    return { returnValue: true };
  });
}

export function updateResourceShare(input: OperationInput, ctx: OperationContext): OperationOutput {
  const arn = requiredString(input, 'resourceShareArn');
  return idempotent(ctx, 'UpdateResourceShare', input, () => {
    ownShare(ctx, arn);
    const name = optionalString(input, 'name');
    if (name !== undefined) {
      statement(ctx.db, 'UPDATE ram_shares SET name = ? WHERE arn = ?').run(validName(name), arn);
    }
    const allowExternal = optionalBoolean(input, 'allowExternalPrincipals');
    if (allowExternal !== undefined) {
      const external = associationRows(ctx.db, arn, 'PRINCIPAL').some(
        (p) => p.external === 1 && isLive(p.status),
      );
      if (!allowExternal && external) {
        throw new SandboxServiceError(
          'OperationNotPermittedException',
          'The resource share has principals outside your organization; remove them before disallowing external principals.',
        );
      }
      statement(ctx.db, 'UPDATE ram_shares SET allow_external = ? WHERE arn = ?').run(
        allowExternal ? 1 : 0,
        arn,
      );
    }
    touch(ctx, arn);
    return { resourceShare: shareView(ctx.db, shareByArn(ctx.db, arn) as ShareRow) };
  });
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
    throw missing('tags');
  }
  const keys = new Set([...tagsOf(ctx.db, share.arn), ...tags].map((t) => t.key));
  checkTagCount(limitsOf(ctx), keys.size);
  for (const tag of tags) {
    putTag(ctx.db, share.arn, tag);
  }
  touch(ctx, share.arn);
  return {};
}

export function untagResource(input: OperationInput, ctx: OperationContext): OperationOutput {
  const share = taggedShare(input, ctx);
  for (const key of stringList(input, 'tagKeys')) {
    statement(ctx.db, 'DELETE FROM ram_share_tags WHERE share_arn = ? AND key = ?').run(share.arn, key);
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
