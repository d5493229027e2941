/**
 * The pure planner: desired access (from grant/revoke flags or a policy file) + the current RAM
 * snapshot → the user-level changes (+ grant, ~ move, - revoke) and the ordered RAM actions that
 * make them so.
 *
 * The layout (docs/permissions.md): one managed share per (principal, level), holding every feature
 * group that principal has at that level, plus one catalog share. So a principal outside
 * organization sharing gets at most one invitation per level it holds (+1 for the catalog);
 * adding a group to a share it already accepted needs no new invitation. Shares of the old layout
 * (one per group and level) are still read, honoured, and converged: a pair held through one is
 * moved to the principal's share (new first, old removed after), without a gap.
 *
 * Invariants (checked by the property tests):
 * - a level move adds the group to the new level's share BEFORE removing it from the old one, so
 *   access never drops; and it always removes the old one, so a principal never ends with a union;
 * - only the principals the intent names are touched, unless the intent is exclusive (--prune);
 * - every mutating call carries a deterministic clientToken (see plan-builder.ts).
 */
import type { Level } from '../permissions/levels.js';
import { findBlockers } from './plan-checks.js';
import { PlanBuilder, type ShareWork } from './plan-builder.js';
import type {
  CatalogIntent,
  DesiredState,
  FeatureGroupIntent,
  Plan,
  PlanChange,
  PlanContext,
} from './plan-types.js';
import {
  expiryOf,
  expiryTagKey,
  groupExpiryTagKey,
  isActiveAssociation,
  isActiveShare,
  managedKeyOf,
  type ShareState,
  type SharingSnapshot,
} from './snapshot.js';

export { formatChange, summarizeChanges } from './plan-format.js';
export type { InvitationModel, PlanBlocker } from './plan-types.js';

export type {
  CatalogIntent,
  ChangeKind,
  DesiredState,
  FeatureGroupIntent,
  MoveGuard,
  Plan,
  PlanAction,
  PlanChange,
  PlanContext,
  PrincipalIntent,
  ShareRef,
} from './plan-types.js';

interface Holding {
  share: ShareState;
  level: Level;
  layout: 'principal' | 'legacy';
}

const byAge = (a: ShareState, b: ShareState): number =>
  (a.creationTime ?? '').localeCompare(b.creationTime ?? '') || a.arn.localeCompare(b.arn);

interface ShareIndex {
  /** `${principalTag}\0${level}` → (principal, level) shares, oldest first. */
  principalShares: Map<string, ShareState[]>;
  catalog: ShareState[];
  /** feature group ARN → principal → what it holds through managed shares. */
  holdings: Map<string, Map<string, Holding[]>>;
  /** Old-layout shares by `${group}\0${level}` with more than one share (a lost race). */
  duplicates: Map<string, ShareState[]>;
}

function indexShares(snapshot: SharingSnapshot): ShareIndex {
  const principalShares = new Map<string, ShareState[]>();
  const legacy = new Map<string, ShareState[]>();
  const catalog: ShareState[] = [];
  const holdings = new Map<string, Map<string, Holding[]>>();
  for (const share of snapshot.shares.filter(isActiveShare)) {
    const key = managedKeyOf(share);
    if (!key) {
      continue;
    }
    if (key.kind === 'catalog') {
      catalog.push(share);
      continue;
    }
    const id =
      key.kind === 'principal'
        ? `${key.principalTag}\u0000${key.level}`
        : `${key.featureGroup}\u0000${key.level}`;
    const list = (key.kind === 'principal' ? principalShares : legacy).get(id) ?? [];
    list.push(share);
    (key.kind === 'principal' ? principalShares : legacy).set(id, list);
    for (const r of share.resources) {
      if (!isActiveAssociation(r.status) || !r.arn.includes(':feature-group/')) {
        continue;
      }
      const byPrincipal = holdings.get(r.arn) ?? new Map<string, Holding[]>();
      holdings.set(r.arn, byPrincipal);
      for (const p of share.principals.filter((x) => isActiveAssociation(x.status))) {
        const held = byPrincipal.get(p.principal) ?? [];
        held.push({ share, level: key.level, layout: key.kind === 'principal' ? 'principal' : 'legacy' });
        byPrincipal.set(p.principal, held);
      }
    }
  }
  for (const list of [...principalShares.values(), ...legacy.values(), catalog]) {
    list.sort(byAge);
  }
  const duplicates = new Map([...principalShares, ...legacy].filter(([, list]) => list.length > 1));
  return { principalShares, catalog, holdings, duplicates };
}

const uniqueLevels = (held: readonly Holding[]): Level[] => [...new Set(held.map((h) => h.level))].sort();

const isLive = (share: ShareState, principal: string): boolean =>
  share.principals.some((p) => p.principal === principal && p.status === 'ASSOCIATED');

/** Takes one principal's access to one group through one holding away (optionally as half a move). */
function removeHolding(
  builder: PlanBuilder,
  h: Holding,
  principal: string,
  intent: FeatureGroupIntent,
  movingTo?: ShareWork,
): void {
  const w = builder.forExisting(h.share);
  const tagKey = h.layout === 'principal' ? groupExpiryTagKey(intent.name) : expiryTagKey(principal);
  if (h.layout === 'principal') {
    w.removeResources.add(intent.arn);
  } else {
    w.removePrincipals.add(principal);
  }
  const hasTag = h.share.tags[tagKey] !== undefined;
  if (hasTag) {
    w.untags.add(tagKey);
  }
  if (movingTo && isLive(h.share, principal)) {
    w.moves.push({
      principal,
      ...(h.layout === 'principal' ? { resourceArn: intent.arn } : {}),
      to: movingTo.ref,
      ...(hasTag ? { tagKey } : {}),
    });
  }
}

function planFeatureGroup(
  builder: PlanBuilder,
  intent: FeatureGroupIntent,
  index: ShareIndex,
): Plan['changes'] {
  const changes: Plan['changes'] = [];
  const held = index.holdings.get(intent.arn) ?? new Map<string, Holding[]>();
  const principals = new Map(intent.principals);
  if (intent.exclusive) {
    for (const principal of held.keys()) {
      if (!principals.has(principal)) {
        principals.set(principal, { level: null });
      }
    }
  }
  const change = (
    kind: PlanChange['kind'],
    principal: string,
    from: Level[],
    to: Level | null,
    expires: string | null,
  ) =>
    changes.push({
      kind,
      symbol: kind === 'grant' ? '+' : kind === 'revoke' ? '-' : '~',
      featureGroup: intent.name,
      principal,
      from,
      to,
      expires,
    });
  for (const [principal, want] of [...principals].sort(([a], [b]) => a.localeCompare(b))) {
    const current = held.get(principal) ?? [];
    const currentLevels = uniqueLevels(current);
    if (want.level === null) {
      if (current.length > 0) {
        current.forEach((h) => removeHolding(builder, h, principal, intent));
        change('revoke', principal, currentLevels, null, null);
      }
      continue;
    }
    const wanted = want.level;
    const inPlace = current.filter((h) => h.level === wanted && h.layout === 'principal');
    // Old-layout holdings at the wanted level move to the principal's share (adoption).
    const adopt = current.filter((h) => h.level === wanted && h.layout === 'legacy');
    const drop = current.filter((h) => h.level !== wanted);
    const target = inPlace[0]
      ? builder.forExisting(inPlace[0].share)
      : builder.principalTarget(principal, wanted);
    if (inPlace.length === 0) {
      if (!target.existing?.resources.some((r) => r.arn === intent.arn && isActiveAssociation(r.status))) {
        target.addResources.add(intent.arn);
      }
      const onTarget = target.existing?.principals.find((p) => p.principal === principal);
      if (!target.create && !(onTarget && isActiveAssociation(onTarget.status))) {
        builder.addPrincipal(target, principal);
      }
    }
    // The expiry that holds now: the group's tag on the principal's share, else the old layout's.
    const tagKey = groupExpiryTagKey(intent.name);
    const currentExpiry = inPlace[0]
      ? inPlace[0].share.tags[tagKey]
      : adopt.map((h) => expiryOf(h.share, principal, intent.arn)).find((e) => e !== undefined);
    const wantedExpiry = want.expires === undefined ? (currentExpiry ?? null) : want.expires;
    const tagged = inPlace[0] ? inPlace[0].share.tags[tagKey] : undefined;
    if (wantedExpiry !== null && wantedExpiry !== tagged) {
      target.tags[tagKey] = wantedExpiry;
    } else if (wantedExpiry === null && tagged !== undefined) {
      target.untags.add(tagKey);
    }
    for (const h of [...drop, ...adopt]) {
      removeHolding(builder, h, principal, intent, target);
    }
    if (current.length === 0) {
      change('grant', principal, [], wanted, wantedExpiry);
    } else if (drop.length > 0) {
      change('move', principal, currentLevels, wanted, wantedExpiry);
    } else if ((currentExpiry ?? null) !== wantedExpiry) {
      change('expiry', principal, currentLevels, wanted, wantedExpiry);
    } else if (adopt.length > 0) {
      change('adopt', principal, currentLevels, wanted, wantedExpiry);
    }
  }
  return changes;
}

function planCatalog(builder: PlanBuilder, intent: CatalogIntent, index: ShareIndex): Plan['changes'] {
  const changes: Plan['changes'] = [];
  const held = new Map<string, ShareState[]>();
  for (const share of index.catalog) {
    for (const p of share.principals.filter((x) => isActiveAssociation(x.status))) {
      held.set(p.principal, [...(held.get(p.principal) ?? []), share]);
    }
  }
  const principals = new Map(intent.principals);
  if (intent.exclusive) {
    for (const principal of held.keys()) {
      if (!principals.has(principal)) {
        principals.set(principal, false);
      }
    }
  }
  for (const [principal, discoverable] of [...principals].sort(([a], [b]) => a.localeCompare(b))) {
    const current = held.get(principal) ?? [];
    const base = { featureGroup: null, principal, expires: null };
    if (discoverable && current.length === 0) {
      const target = builder.catalogTarget();
      target.addResources.add(intent.arn);
      if (target.existing?.resources.some((r) => r.arn === intent.arn && isActiveAssociation(r.status))) {
        target.addResources.delete(intent.arn);
      }
      builder.addPrincipal(target, principal);
      changes.push({ ...base, kind: 'grant', symbol: '+', from: [], to: 'discover' });
    } else if (!discoverable && current.length > 0) {
      current.forEach((share) => builder.forExisting(share).removePrincipals.add(principal));
      changes.push({ ...base, kind: 'revoke', symbol: '-', from: ['discover'], to: null });
    }
  }
  return changes;
}

export function planSharing(snapshot: SharingSnapshot, desired: DesiredState, context: PlanContext): Plan {
  const index = indexShares(snapshot);
  const builder = new PlanBuilder(snapshot, desired, context, index.principalShares, index.catalog);
  const warnings: string[] = [];
  for (const list of [...index.duplicates.values(), ...(index.catalog.length > 1 ? [index.catalog] : [])]) {
    warnings.push(
      `${list.length} managed shares do the same job (${list.map((s) => s.name).join(', ')}); fshare adds to the oldest and honours them all.`,
    );
  }
  const changes: PlanChange[] = [];
  for (const intent of desired.featureGroups) {
    changes.push(...planFeatureGroup(builder, intent, index));
  }
  if (desired.catalog) {
    changes.push(...planCatalog(builder, desired.catalog, index));
  }
  warnings.push(...warnUnmanaged(snapshot, desired, changes));
  const shares = builder.shares();
  const orgPrincipals = shares
    .flatMap((w) => [...w.addPrincipals])
    .filter((p) => p.includes(':organizations::'));
  if (orgPrincipals.length > 0 && desired.invitations?.orgSharing === 'unknown') {
    warnings.push(
      `fshare could not read whether RAM organization sharing is on (organizations:ListAWSServiceAccessForOrganization); sharing with ${orgPrincipals[0] ?? 'an OU'} needs it.`,
    );
  }
  return {
    changes,
    actions: builder.actions(),
    warnings,
    blockers: findBlockers(snapshot, desired, shares),
  };
}

/** fshare never edits shares it did not create; say so when one of them keeps access alive. */
function warnUnmanaged(
  snapshot: SharingSnapshot,
  desired: DesiredState,
  changes: readonly PlanChange[],
): string[] {
  const warnings: string[] = [];
  const revoked = new Set(
    changes.filter((c) => c.kind === 'revoke').map((c) => `${c.featureGroup ?? ''}\u0000${c.principal}`),
  );
  const unmanaged = snapshot.shares.filter((s) => isActiveShare(s) && managedKeyOf(s) === undefined);
  for (const intent of desired.featureGroups) {
    for (const share of unmanaged) {
      if (!share.resources.some((r) => r.arn === intent.arn && isActiveAssociation(r.status))) {
        continue;
      }
      for (const p of share.principals.filter((x) => isActiveAssociation(x.status))) {
        const wanted = intent.principals.get(p.principal);
        if (revoked.has(`${intent.name}\u0000${p.principal}`) || wanted?.level === null) {
          warnings.push(
            `${p.principal} still reaches ${intent.name} through the share "${share.name}", which fshare does not manage; remove it there.`,
          );
        } else if (wanted) {
          warnings.push(
            `${p.principal} also reaches ${intent.name} through the unmanaged share "${share.name}"; RAM gives the union of both.`,
          );
        }
      }
    }
  }
  return warnings;
}
