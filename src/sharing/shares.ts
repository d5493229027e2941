/** `fshare shares`: the shares you own, or (--with-me) those shared with you, one row each. */
import type { Context } from '../context.js';
import { levelOfPermission, resolvePermissions } from './permission-resolver.js';
import { collectPages } from './read-snapshot.js';
import { readOwnerState } from './owner.js';
import { expiryOf, managedKeyOf, type ShareState } from './snapshot.js';

export interface ShareRow {
  name: string;
  arn: string;
  owner: string;
  status: string;
  /** fshare levels of the share's permissions (discover, read-only, read-write, admin). */
  levels: string[];
  resources: string[];
  principals: { principal: string; status: string; external: boolean; expires: string | null }[];
  allowExternalPrincipals: boolean | null;
  managed: boolean;
  /** For shares with you: the invitation's status when one is pending. */
  invitation: string | null;
}

const nameOfResource = (arn: string): string => arn.slice(arn.indexOf('/') + 1);

export function ownedRow(share: ShareState, owner: string): ShareRow {
  return {
    name: share.name,
    arn: share.arn,
    owner,
    status: share.status,
    levels: share.permissions.map((p) => p.level ?? p.name ?? p.arn),
    resources: share.resources.filter((r) => r.status !== 'DISASSOCIATED').map((r) => r.arn),
    principals: share.principals
      .filter((p) => p.status !== 'DISASSOCIATED')
      .map((p) => ({
        principal: p.principal,
        status: p.status,
        external: p.external,
        expires: expiryOf(share, p.principal) ?? null,
      })),
    allowExternalPrincipals: share.allowExternalPrincipals,
    managed: managedKeyOf(share) !== undefined,
    invitation: null,
  };
}

export async function listShares(ctx: Context, withMe: boolean): Promise<ShareRow[]> {
  if (!withMe) {
    const state = await readOwnerState(ctx);
    return state.snapshot.shares
      .filter((s) => s.status !== 'DELETED' && s.status !== 'DELETING')
      .map((s) => ownedRow(s, state.snapshot.account))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  const ram = await ctx.aws.ram();
  const call = { abortSignal: ctx.signal };
  const permissions = await resolvePermissions(ram, { withActions: false, signal: ctx.signal });
  const [identity, shares, resources, invitations] = await Promise.all([
    ctx.aws.identity(),
    collectPages(
      (nextToken) =>
        ram.getResourceShares({ resourceOwner: 'OTHER-ACCOUNTS', ...(nextToken ? { nextToken } : {}) }, call),
      (page) => page.resourceShares,
    ),
    collectPages(
      (nextToken) =>
        ram.listResources({ resourceOwner: 'OTHER-ACCOUNTS', ...(nextToken ? { nextToken } : {}) }, call),
      (page) => page.resources,
    ),
    collectPages(
      (nextToken) => ram.getResourceShareInvitations({ ...(nextToken ? { nextToken } : {}) }, call),
      (page) => page.resourceShareInvitations,
    ),
  ]);
  const rows: ShareRow[] = [];
  for (const share of shares) {
    const arn = share.resourceShareArn ?? '';
    const listed = await collectPages(
      (nextToken) =>
        ram.listResourceSharePermissions(
          { resourceShareArn: arn, ...(nextToken ? { nextToken } : {}) },
          call,
        ),
      (page) => page.permissions,
    );
    rows.push({
      name: share.name ?? arn,
      arn,
      owner: share.owningAccountId ?? '',
      status: share.status ?? '',
      levels: listed.map((p) => levelOfPermission(permissions, p.arn ?? '') ?? p.name ?? p.arn ?? ''),
      resources: resources.filter((r) => r.resourceShareArn === arn && r.arn).map((r) => r.arn ?? ''),
      principals: [{ principal: identity.account, status: 'ASSOCIATED', external: false, expires: null }],
      allowExternalPrincipals: share.allowExternalPrincipals ?? null,
      managed: (share.tags ?? []).some((t) => t.key === 'fshare:managed' && t.value === 'true'),
      invitation: null,
    });
  }
  for (const invitation of invitations.filter((i) => i.status === 'PENDING')) {
    const arn = invitation.resourceShareArn ?? '';
    if (rows.some((r) => r.arn === arn)) {
      continue;
    }
    rows.push({
      name: invitation.resourceShareName ?? arn,
      arn,
      owner: invitation.senderAccountId ?? '',
      status: 'PENDING',
      levels: [],
      resources: [],
      principals: [
        {
          principal: invitation.receiverArn ?? identity.account,
          status: 'ASSOCIATING',
          external: false,
          expires: null,
        },
      ],
      allowExternalPrincipals: null,
      managed: false,
      invitation: invitation.status ?? null,
    });
  }
  return rows.sort((a, b) => a.owner.localeCompare(b.owner) || a.name.localeCompare(b.name));
}

/** The resources' names (a list: one JSON array in CSV, joined on a terminal). */
export function resourceNames(row: ShareRow): string[] {
  return row.resources.map(nameOfResource);
}
