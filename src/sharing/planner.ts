/**
 * The pure planner: desired access (from grant/revoke flags or a policy file) + the current RAM
 * snapshot → the user-level changes (+ grant, ~ move, - revoke) and the ordered RAM actions that
 * make them so.
 *
 * Invariants (checked by the property test):
 * - a level move associates the new level's share BEFORE disassociating the old one, so access
 *   never drops; and it always disassociates the old one, so a principal never ends with a union;
 * - only the principals the intent names are touched, unless the intent is exclusive (--prune);
 * - every mutating RAM call carries a clientToken derived from what it does and the state it was
 *   planned against, so a retry is collapsed by RAM, and a later run (after the state moved) is not.
 */
import type { AccessLevel, Level } from '../permissions/levels.js';
import {
  deterministicToken,
  expiryTagKey,
  isActiveAssociation,
  isActiveShare,
  managedKeyOf,
  managedShareName,
  managedTags,
  type ShareState,
  type SharingSnapshot,
} from './snapshot.js';

export interface PrincipalIntent {
  /** The level wanted; null to take access away. For the catalog, any non-null value means discoverable. */
  level: AccessLevel | null;
  /** ISO-8601 expiry; null = no expiry; undefined = leave whatever is there. */
  expires?: string | null | undefined;
}

export interface FeatureGroupIntent {
  arn: string;
  name: string;
  principals: ReadonlyMap<string, PrincipalIntent>;
  /** Also take access away from every principal the intent does not name (policy --prune). */
  exclusive: boolean;
}

export interface CatalogIntent {
  arn: string;
  /** principal → discoverable */
  principals: ReadonlyMap<string, boolean>;
  exclusive: boolean;
}

export interface DesiredState {
  featureGroups: readonly FeatureGroupIntent[];
  catalog?: CatalogIntent | undefined;
  allowExternal: boolean;
  /** Principals known (or, with allowExternal, suspected) to be outside the organization. */
  externalPrincipals?: ReadonlySet<string> | undefined;
}

export interface PlanContext {
  /** The managed permission ARN of each level (resolved at run time). */
  permissionArns: Readonly<Record<Level, string>>;
}

/** Which share an action acts on: an existing one (arn) or one created earlier in the plan (key). */
export interface ShareRef {
  key: string;
  name: string;
  arn?: string | undefined;
}

export type PlanAction =
  | {
      type: 'create-share';
      share: ShareRef;
      resourceArn: string;
      level: Level;
      permissionArn: string;
      tags: Record<string, string>;
      allowExternalPrincipals: boolean;
      clientToken: string;
    }
  | { type: 'allow-external'; share: ShareRef; clientToken: string }
  | { type: 'associate'; share: ShareRef; principals: string[]; clientToken: string }
  | {
      type: 'disassociate';
      share: ShareRef;
      principals: string[];
      clientToken: string;
      /**
       * Principals removed here as part of a level move while their old association is live: the
       * executor keeps them until the new level's association is ASSOCIATED (an account outside org
       * sharing must first accept the new share's invitation), so a move never leaves a gap.
       */
      moves?: { principal: string; to: ShareRef }[];
    }
  | { type: 'tag'; share: ShareRef; tags: Record<string, string> }
  | { type: 'untag'; share: ShareRef; keys: string[] };

export type ChangeKind = 'grant' | 'move' | 'revoke' | 'expiry';

export interface PlanChange {
  kind: ChangeKind;
  /** '+' grant, '~' move or expiry change, '-' revoke. */
  symbol: '+' | '~' | '-';
  /** Feature group name, or null for the catalog. */
  featureGroup: string | null;
  principal: string;
  /** The levels held before (more than one when fixing a union). */
  from: Level[];
  to: Level | null;
  expires: string | null;
}

export interface Plan {
  changes: PlanChange[];
  actions: PlanAction[];
  warnings: string[];
}

const CATALOG_KEY = 'catalog';
const keyOf = (featureGroup: string | undefined, level: Level): string =>
  featureGroup === undefined ? CATALOG_KEY : `${featureGroup}\u0000${level}`;

interface Holding {
  share: ShareState;
  level: Level;
}

/** Managed shares by key, oldest first (a duplicate from a lost race is still honoured). */
function indexManagedShares(snapshot: SharingSnapshot): Map<string, ShareState[]> {
  const index = new Map<string, ShareState[]>();
  for (const share of snapshot.shares.filter(isActiveShare)) {
    const key = managedKeyOf(share);
    if (!key) {
      continue;
    }
    const k = key.kind === 'catalog' ? CATALOG_KEY : keyOf(key.featureGroup, key.level);
    const list = index.get(k) ?? [];
    list.push(share);
    index.set(k, list);
  }
  for (const list of index.values()) {
    list.sort(
      (a, b) => (a.creationTime ?? '').localeCompare(b.creationTime ?? '') || a.arn.localeCompare(b.arn),
    );
  }
  return index;
}

function fingerprint(share: ShareState, principals: readonly string[]): string {
  return principals
    .map((p) => {
      const a = share.principals.find((x) => x.principal === p);
      return a ? `${p}=${a.status}@${a.lastUpdated ?? ''}` : `${p}=none`;
    })
    .join(',');
}

class PlanBuilder {
  readonly creates: PlanAction[] = [];
  readonly updates: PlanAction[] = [];
  readonly associates = new Map<string, { share: ShareRef; existing?: ShareState; principals: string[] }>();
  readonly tags = new Map<string, { share: ShareRef; tags: Record<string, string> }>();
  readonly disassociates = new Map<
    string,
    {
      share: ShareRef;
      existing: ShareState;
      principals: string[];
      moves: { principal: string; to: ShareRef }[];
    }
  >();
  readonly untags = new Map<string, { share: ShareRef; keys: string[] }>();
  readonly changes: PlanChange[] = [];
  readonly warnings: string[] = [];
  private readonly created = new Map<string, ShareRef>();
  private readonly allowedExternal = new Set<string>();

  constructor(
    private readonly snapshot: SharingSnapshot,
    private readonly desired: DesiredState,
    private readonly context: PlanContext,
    private readonly index: Map<string, ShareState[]>,
  ) {}

  /** The share new associations for (group, level) go to: the oldest managed one, or a new one. */
  target(
    featureGroup: string | undefined,
    resourceArn: string,
    level: Level,
  ): ShareRef & { existing?: ShareState } {
    const key = keyOf(featureGroup, level);
    const existing = this.index.get(key)?.[0];
    if (existing) {
      return { key, name: existing.name, arn: existing.arn, existing };
    }
    let ref = this.created.get(key);
    if (!ref) {
      ref = { key, name: managedShareName(featureGroup, level) };
      this.created.set(key, ref);
      // Same (account, region, group, level) → same token: two racing creates collapse into one share.
      const deleted = this.snapshot.shares
        .filter((s) => !isActiveShare(s) && managedKeyOf(s) !== undefined && s.name === ref?.name)
        .map((s) => s.arn)
        .sort();
      this.creates.push({
        type: 'create-share',
        share: ref,
        resourceArn,
        level,
        permissionArn: this.context.permissionArns[level],
        tags: managedTags(featureGroup, level),
        allowExternalPrincipals: this.desired.allowExternal,
        clientToken: deterministicToken(
          'create-share',
          this.snapshot.account,
          this.snapshot.region,
          resourceArn,
          level,
          String(this.desired.allowExternal),
          ...deleted,
        ),
      });
    }
    return ref;
  }

  associate(ref: ShareRef & { existing?: ShareState }, principal: string): void {
    const entry = this.associates.get(ref.key) ?? {
      share: { key: ref.key, name: ref.name, arn: ref.arn },
      ...(ref.existing ? { existing: ref.existing } : {}),
      principals: [],
    };
    entry.principals.push(principal);
    this.associates.set(ref.key, entry);
    const existing = ref.existing;
    if (
      existing &&
      !existing.allowExternalPrincipals &&
      this.desired.allowExternal &&
      this.desired.externalPrincipals?.has(principal) &&
      !this.allowedExternal.has(existing.arn)
    ) {
      this.allowedExternal.add(existing.arn);
      this.updates.push({
        type: 'allow-external',
        share: { key: ref.key, name: ref.name, arn: existing.arn },
        clientToken: deterministicToken('allow-external', existing.arn),
      });
    }
  }

  disassociate(share: ShareState, principal: string, key: string, movingTo?: ShareRef): void {
    const entry = this.disassociates.get(share.arn) ?? {
      share: { key, name: share.name, arn: share.arn },
      existing: share,
      principals: [],
      moves: [],
    };
    entry.principals.push(principal);
    const live = share.principals.some((p) => p.principal === principal && p.status === 'ASSOCIATED');
    if (movingTo !== undefined && live) {
      entry.moves.push({ principal, to: { key: movingTo.key, name: movingTo.name, arn: movingTo.arn } });
    }
    this.disassociates.set(share.arn, entry);
    const tagKey = expiryTagKey(principal);
    if (share.tags[tagKey] !== undefined) {
      this.untag({ key, name: share.name, arn: share.arn }, tagKey);
    }
  }

  tag(ref: ShareRef, key: string, value: string): void {
    const id = ref.arn ?? ref.key;
    const entry = this.tags.get(id) ?? { share: { key: ref.key, name: ref.name, arn: ref.arn }, tags: {} };
    entry.tags[key] = value;
    this.tags.set(id, entry);
  }

  untag(ref: ShareRef, key: string): void {
    const id = ref.arn ?? ref.key;
    const entry = this.untags.get(id) ?? { share: { key: ref.key, name: ref.name, arn: ref.arn }, keys: [] };
    if (!entry.keys.includes(key)) {
      entry.keys.push(key);
    }
    this.untags.set(id, entry);
  }

  actions(): PlanAction[] {
    const { account, region } = this.snapshot;
    const associates: PlanAction[] = [...this.associates.values()].map((a) => ({
      type: 'associate',
      share: a.share,
      principals: [...a.principals].sort(),
      clientToken: deterministicToken(
        'associate',
        account,
        region,
        a.share.arn ?? a.share.key,
        a.existing ? fingerprint(a.existing, [...a.principals].sort()) : [...a.principals].sort().join(','),
      ),
    }));
    const disassociates: PlanAction[] = [...this.disassociates.values()].map((d) => ({
      type: 'disassociate',
      share: d.share,
      principals: [...d.principals].sort(),
      clientToken: deterministicToken(
        'disassociate',
        account,
        region,
        d.existing.arn,
        fingerprint(d.existing, [...d.principals].sort()),
      ),
      ...(d.moves.length > 0 ? { moves: d.moves } : {}),
    }));
    // Order is the safety argument: everything that adds access first, everything that removes it last.
    return [
      ...this.creates,
      ...this.updates,
      ...associates,
      ...[...this.tags.values()].map((t): PlanAction => ({ type: 'tag', share: t.share, tags: t.tags })),
      ...disassociates,
      ...[...this.untags.values()].map((u): PlanAction => ({ type: 'untag', share: u.share, keys: u.keys })),
    ];
  }
}

/** Managed shares of one group (or the catalog) that hold each principal, by principal. */
function holdings(shares: ReadonlyMap<Level, ShareState[]>): Map<string, Holding[]> {
  const out = new Map<string, Holding[]>();
  for (const [level, list] of shares) {
    for (const share of list) {
      for (const p of share.principals) {
        if (!isActiveAssociation(p.status)) {
          continue;
        }
        const held = out.get(p.principal) ?? [];
        held.push({ share, level });
        out.set(p.principal, held);
      }
    }
  }
  return out;
}

const uniqueLevels = (held: readonly Holding[]): Level[] => [...new Set(held.map((h) => h.level))].sort();

function planFeatureGroup(
  builder: PlanBuilder,
  intent: FeatureGroupIntent,
  index: Map<string, ShareState[]>,
): void {
  const byLevel = new Map<Level, ShareState[]>();
  for (const level of ['read-only', 'read-write', 'admin'] as const) {
    byLevel.set(level, index.get(keyOf(intent.name, level)) ?? []);
  }
  const held = holdings(byLevel);
  const principals = new Map(intent.principals);
  if (intent.exclusive) {
    for (const principal of held.keys()) {
      if (!principals.has(principal)) {
        principals.set(principal, { level: null });
      }
    }
  }
  for (const [principal, want] of [...principals].sort(([a], [b]) => a.localeCompare(b))) {
    const current = held.get(principal) ?? [];
    const currentLevels = uniqueLevels(current);
    if (want.level === null) {
      if (current.length === 0) {
        continue;
      }
      for (const h of current) {
        builder.disassociate(h.share, principal, keyOf(intent.name, h.level));
      }
      builder.changes.push({
        kind: 'revoke',
        symbol: '-',
        featureGroup: intent.name,
        principal,
        from: currentLevels,
        to: null,
        expires: null,
      });
      continue;
    }
    const wanted = want.level;
    const keep = current.filter((h) => h.level === wanted);
    const drop = current.filter((h) => h.level !== wanted);
    let tagShare: ShareRef & { existing?: ShareState };
    if (keep.length === 0) {
      tagShare = builder.target(intent.name, intent.arn, wanted);
      builder.associate(tagShare, principal);
    } else {
      const first = keep[0] as Holding;
      tagShare = {
        key: keyOf(intent.name, wanted),
        name: first.share.name,
        arn: first.share.arn,
        existing: first.share,
      };
    }
    for (const h of drop) {
      builder.disassociate(h.share, principal, keyOf(intent.name, h.level), tagShare);
    }
    const tagKey = expiryTagKey(principal);
    const currentExpiry = tagShare.existing?.tags[tagKey];
    let expiryChanged = false;
    if (want.expires !== undefined) {
      if (want.expires === null && currentExpiry !== undefined) {
        builder.untag(tagShare, tagKey);
        expiryChanged = true;
      } else if (want.expires !== null && want.expires !== currentExpiry) {
        builder.tag(tagShare, tagKey, want.expires);
        expiryChanged = true;
      }
    }
    const expires = want.expires === undefined ? (currentExpiry ?? null) : want.expires;
    if (keep.length === 0 || drop.length > 0) {
      builder.changes.push({
        kind: current.length === 0 ? 'grant' : 'move',
        symbol: current.length === 0 ? '+' : '~',
        featureGroup: intent.name,
        principal,
        from: currentLevels,
        to: wanted,
        expires,
      });
    } else if (expiryChanged) {
      builder.changes.push({
        kind: 'expiry',
        symbol: '~',
        featureGroup: intent.name,
        principal,
        from: currentLevels,
        to: wanted,
        expires,
      });
    }
  }
}

function planCatalog(builder: PlanBuilder, intent: CatalogIntent, index: Map<string, ShareState[]>): void {
  const held = holdings(new Map([['discover', index.get(CATALOG_KEY) ?? []]]));
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
    if (discoverable && current.length === 0) {
      builder.associate(builder.target(undefined, intent.arn, 'discover'), principal);
      builder.changes.push({
        kind: 'grant',
        symbol: '+',
        featureGroup: null,
        principal,
        from: [],
        to: 'discover',
        expires: null,
      });
    } else if (!discoverable && current.length > 0) {
      for (const h of current) {
        builder.disassociate(h.share, principal, CATALOG_KEY);
      }
      builder.changes.push({
        kind: 'revoke',
        symbol: '-',
        featureGroup: null,
        principal,
        from: ['discover'],
        to: null,
        expires: null,
      });
    }
  }
}

export function planSharing(snapshot: SharingSnapshot, desired: DesiredState, context: PlanContext): Plan {
  const index = indexManagedShares(snapshot);
  const builder = new PlanBuilder(snapshot, desired, context, index);
  for (const [key, list] of index) {
    if (list.length > 1) {
      builder.warnings.push(
        `${list.length} managed shares exist for ${key === CATALOG_KEY ? 'the catalog' : key.replace('\u0000', ' ')} (${list.map((s) => s.name).join(', ')}); fshare adds to the oldest and honours them all.`,
      );
    }
  }
  for (const intent of desired.featureGroups) {
    planFeatureGroup(builder, intent, index);
  }
  if (desired.catalog) {
    planCatalog(builder, desired.catalog, index);
  }
  warnUnmanaged(builder, snapshot, desired);
  return { changes: builder.changes, actions: builder.actions(), warnings: builder.warnings };
}

/** fshare never edits shares it did not create; say so when one of them keeps access alive. */
function warnUnmanaged(builder: PlanBuilder, snapshot: SharingSnapshot, desired: DesiredState): void {
  const revoked = new Set(
    builder.changes
      .filter((c) => c.kind === 'revoke')
      .map((c) => `${c.featureGroup ?? ''}\u0000${c.principal}`),
  );
  for (const intent of desired.featureGroups) {
    for (const share of snapshot.shares.filter((s) => isActiveShare(s) && managedKeyOf(s) === undefined)) {
      if (!share.resources.some((r) => r.arn === intent.arn && isActiveAssociation(r.status))) {
        continue;
      }
      for (const p of share.principals.filter((x) => isActiveAssociation(x.status))) {
        const wanted = intent.principals.get(p.principal);
        if (revoked.has(`${intent.name}\u0000${p.principal}`) || wanted?.level === null) {
          builder.warnings.push(
            `${p.principal} still reaches ${intent.name} through the share "${share.name}", which fshare does not manage; remove it there.`,
          );
        } else if (wanted) {
          builder.warnings.push(
            `${p.principal} also reaches ${intent.name} through the unmanaged share "${share.name}"; RAM gives the union of both.`,
          );
        }
      }
    }
  }
}

/** `+ customers 222222222222 read-only`, `~ customers 2222… read-only → read-write`, `- …`. */
export function formatChange(change: PlanChange): string {
  const where = change.featureGroup ?? 'catalog';
  const expiry = change.expires ? ` (expires ${change.expires})` : '';
  switch (change.kind) {
    case 'grant':
      return `+ ${where} ${change.principal} ${change.to ?? ''}${expiry}`;
    case 'move':
      return `~ ${where} ${change.principal} ${change.from.join('+')} → ${change.to ?? ''}${expiry}`;
    case 'expiry':
      return `~ ${where} ${change.principal} ${change.to ?? ''} expiry → ${change.expires ?? 'never'}`;
    case 'revoke':
      return `- ${where} ${change.principal} ${change.from.join('+')}`;
  }
}
