/**
 * Your level on feature groups other accounts share with you, seen from the consumer side:
 * RAM ListResources(OTHER-ACCOUNTS) gives the shares that reach you, ListResourceSharePermissions
 * the managed permission of each share, and the level table turns that into a level. Two shares
 * reaching the same group give the union (the highest level).
 */
import type { RamPort } from '../aws/ports.js';
import { isAccessDenied } from '../aws/errors.js';
import { suggest } from '../cli/did-you-mean.js';
import { collectAll } from '../aws/paginate.js';
import type { Context } from '../context.js';
import { parseFeatureGroupArn } from '../permissions/arns.js';
import {
  highestLevel,
  isAccessLevel,
  levelAtLeast,
  levelForPermissionArn,
  levelForPermissionName,
  type AccessLevel,
} from '../permissions/levels.js';
import { UsageError } from '../errors.js';
import {
  minimumLevel,
  OPERATIONS,
  parseOperation,
  type FeatureStoreOperation,
} from '../permissions/operations.js';
import { TAG_LEVEL } from '../sharing/snapshot.js';
import { pendingInvitationsFor, type PendingInvitationRef } from './pending.js';

export interface SharedWithMe {
  arn: string;
  /** Undefined when the share's permission is not one of the levels (a custom permission). */
  level: AccessLevel | undefined;
  shareArns: string[];
}

/** Resolves the level each share grants, asking RAM once per share. */
export class ShareLevelCache {
  private readonly cache = new Map<string, Promise<AccessLevel | undefined>>();
  constructor(
    private readonly ram: RamPort,
    private readonly signal?: AbortSignal,
  ) {}

  level(shareArn: string): Promise<AccessLevel | undefined> {
    let found = this.cache.get(shareArn);
    if (!found) {
      found = this.lookup(shareArn);
      this.cache.set(shareArn, found);
    }
    return found;
  }

  private async lookup(shareArn: string): Promise<AccessLevel | undefined> {
    const opts = this.signal ? { abortSignal: this.signal } : {};
    try {
      const permissions = await collectAll(
        this.ram.listResourceSharePermissions.bind(this.ram),
        { resourceShareArn: shareArn },
        { items: (page) => page.permissions, call: opts },
      );
      const levels: AccessLevel[] = [];
      for (const p of permissions) {
        const level =
          (p.arn ? levelForPermissionArn(p.arn) : undefined) ??
          (p.name ? levelForPermissionName(p.name) : undefined);
        if (level && isAccessLevel(level)) {
          levels.push(level);
        }
      }
      if (levels.length > 0) {
        return highestLevel(levels);
      }
    } catch (error) {
      if (!isAccessDenied(error)) {
        throw error;
      }
    }
    // Shares made by fshare carry their level as a tag, visible to the consumer too.
    try {
      const out = await this.ram.getResourceShares(
        { resourceOwner: 'OTHER-ACCOUNTS', resourceShareArns: [shareArn] },
        opts,
      );
      const tag = out.resourceShares?.[0]?.tags?.find((t) => t.key === TAG_LEVEL)?.value;
      return tag && isAccessLevel(tag) ? tag : undefined;
    } catch (error) {
      if (isAccessDenied(error)) {
        return undefined;
      }
      throw error;
    }
  }
}

/** Every feature group shared with the caller (accessible, not merely discoverable), with its level. */
export async function listSharedWithMe(
  ctx: Context,
  resourceArns?: string[],
  /** RAM is regional: the region of the shares (a group's own region); default the one in use. */
  region?: string,
): Promise<SharedWithMe[]> {
  const ram = await ctx.aws.ram(region ? { region } : {});
  const opts = { abortSignal: ctx.signal };
  const resources = await collectAll(
    ram.listResources.bind(ram),
    { resourceOwner: 'OTHER-ACCOUNTS' as const, ...(resourceArns ? { resourceArns } : {}) },
    { items: (page) => page.resources, call: opts },
  );
  const byArn = new Map<string, Set<string>>();
  for (const r of resources) {
    if (!r.arn || !parseFeatureGroupArn(r.arn) || r.status === 'UNAVAILABLE') {
      continue;
    }
    const shares = byArn.get(r.arn) ?? new Set<string>();
    if (r.resourceShareArn) {
      shares.add(r.resourceShareArn);
    }
    byArn.set(r.arn, shares);
  }
  const levels = new ShareLevelCache(ram, ctx.signal);
  const out: SharedWithMe[] = [];
  for (const [arn, shares] of byArn) {
    const shareArns = [...shares].sort();
    const held = await Promise.all(shareArns.map((s) => levels.level(s)));
    out.push({ arn, level: highestLevel(held.filter((l): l is AccessLevel => l !== undefined)), shareArns });
  }
  return out.sort((a, b) => a.arn.localeCompare(b.arn));
}

export type { PendingInvitationRef };

export interface MyAccess {
  featureGroupArn: string;
  own: boolean;
  /** The level RAM grants you; undefined when no active share reaches you. */
  level: AccessLevel | undefined;
  shareArns: string[];
  /** Pending invitations from the owner that include this feature group. */
  pendingInvitations: PendingInvitationRef[];
}

/** Your access to one feature group: own, shared at a level, or an invitation waiting. */
export async function myAccess(
  ctx: Context,
  group: { arn: string; account: string; own: boolean; pendingInvitation?: PendingInvitationRef | undefined },
): Promise<MyAccess> {
  if (group.own) {
    return { featureGroupArn: group.arn, own: true, level: undefined, shareArns: [], pendingInvitations: [] };
  }
  // The group's own region: an ARN from another region is asked where its shares are.
  const region = parseFeatureGroupArn(group.arn)?.region;
  const [shared] = await listSharedWithMe(ctx, [group.arn], region);
  // Only asked when no level reaches you: then the step may be yours (accept), not the owner's.
  const pendingInvitations = shared?.level
    ? []
    : group.pendingInvitation
      ? [group.pendingInvitation]
      : await pendingInvitationsFor(ctx, group, region);
  return {
    featureGroupArn: group.arn,
    own: false,
    level: shared?.level,
    shareArns: shared?.shareArns ?? [],
    pendingInvitations,
  };
}

/** The operation `can` was asked about; an unknown one is a usage error with the likeliest meant. */
export async function operationFrom(text: string): Promise<FeatureStoreOperation> {
  const operation = parseOperation(text);
  if (operation) {
    return operation;
  }
  const kebab = (Object.keys(OPERATIONS) as FeatureStoreOperation[]).map((op) =>
    op.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase(),
  );
  const [suggestion] = suggest(text.replace(/^sagemaker:/i, '').toLowerCase(), kebab);
  throw new UsageError(`"${text}" is not a Feature Store operation fshare knows.`, {
    code: 'FSHARE_UNKNOWN_OPERATION',
    hint: `${suggestion ? `Did you mean "${suggestion}"? ` : ''}Use one of: ${kebab.join(', ')}.`,
  });
}

/** The operations a level allows, in the table's order. */
export function operationsAt(level: AccessLevel | undefined): FeatureStoreOperation[] {
  return (Object.keys(OPERATIONS) as FeatureStoreOperation[]).filter((op) =>
    levelAtLeast(level, minimumLevel(op)),
  );
}

export interface CanVerdict {
  operation: FeatureStoreOperation;
  featureGroupArn: string;
  allowed: boolean;
  needed: AccessLevel;
  /** 'own' when you own the group; otherwise the level RAM gives you (or none). */
  held: AccessLevel | 'own' | undefined;
  /** Which side must act: the owner account (grant) or you (accept an invitation, IAM). */
  missingOn: 'owner' | 'consumer' | undefined;
  reason: string;
  nextStep: string | undefined;
  notes: string[];
}

/** Pure pre-flight decision: may the caller run `operation`, and if not, what is missing where. */
export function decideCan(input: {
  operation: FeatureStoreOperation;
  access: MyAccess;
  featureGroupRef: string;
  you: string;
}): CanVerdict {
  const { operation, access } = input;
  const needed = minimumLevel(operation);
  const notes: string[] = [];
  if (!OPERATIONS[operation].documented) {
    notes.push(
      `${operation} is not named in any RAM managed permission; fshare assumes it needs ${needed} like its documented relatives.`,
    );
  }
  const base = { operation, featureGroupArn: access.featureGroupArn, needed, notes };
  if (access.own) {
    notes.push('You own this feature group: only IAM policies in your own account can deny this.');
    return {
      ...base,
      allowed: true,
      held: 'own',
      missingOn: undefined,
      reason: 'you own the feature group',
      nextStep: undefined,
    };
  }
  notes.push(`Your IAM identity policy must also allow sagemaker:${operation} on ${access.featureGroupArn}.`);
  if (levelAtLeast(access.level, needed)) {
    return {
      ...base,
      allowed: true,
      held: access.level,
      missingOn: undefined,
      reason: `the owner shares it with you at ${access.level ?? ''}, which includes ${operation}`,
      nextStep: undefined,
    };
  }
  const grant = `fshare grant ${input.featureGroupRef} --to ${input.you} --level ${needed}`;
  const pending = access.pendingInvitations[0];
  if (pending && access.level === undefined) {
    return {
      ...base,
      allowed: false,
      held: undefined,
      missingOn: 'consumer',
      reason: `an invitation from the owner is pending (${pending.shareName ?? pending.invitationArn})`,
      nextStep: `fshare accept ${pending.invitationArn}`,
    };
  }
  if (access.level === undefined) {
    return {
      ...base,
      allowed: false,
      held: undefined,
      missingOn: 'owner',
      reason: 'no resource share from the owner reaches you',
      nextStep: `ask the owner to run \`${grant}\``,
    };
  }
  return {
    ...base,
    allowed: false,
    held: access.level,
    missingOn: 'owner',
    reason: `your level is ${access.level}; ${operation} needs ${needed}`,
    nextStep: `ask the owner to run \`${grant}\``,
  };
}
