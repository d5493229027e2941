/**
 * Collects what the planner decided, per share, and turns it into ordered, batched RAM actions:
 * creates first, then everything that adds access, then everything that removes it. Each call
 * carries at most RAM's 100 resources + principals, and a clientToken derived from what it does and
 * the state it was planned against (a retry collapses, a later run after the state moved does not).
 */
import type { AccessLevel, Level } from '../permissions/levels.js';
import type { DesiredState, MoveGuard, PlanAction, PlanContext, ShareRef } from './plan-types.js';
import {
  catalogShareName,
  catalogShareTags,
  deterministicToken,
  isActiveShare,
  principalShareName,
  principalShareTags,
  principalTagValue,
  TAG_PRINCIPAL,
  type ShareState,
  type SharingSnapshot,
} from './snapshot.js';

/** RAM: "up to 100 resources per call" counts resources and principals together (aws-facts §2). */
export const MAX_ITEMS_PER_CALL = 100;

export interface ShareWork {
  ref: ShareRef;
  existing?: ShareState | undefined;
  /** Set when the share is created by this plan. */
  create?: { level: Level; tags: Record<string, string>; allowExternal: boolean; clientToken: string };
  addPrincipals: Set<string>;
  addResources: Set<string>;
  removePrincipals: Set<string>;
  removeResources: Set<string>;
  tags: Record<string, string>;
  untags: Set<string>;
  moves: MoveGuard[];
  allowExternal: boolean;
}

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
};

export class PlanBuilder {
  private readonly work = new Map<string, ShareWork>();

  constructor(
    private readonly snapshot: SharingSnapshot,
    private readonly desired: DesiredState,
    private readonly context: PlanContext,
    /** Managed (principal, level) shares by `${principalTag}\0${level}`, oldest first. */
    private readonly principalShares: ReadonlyMap<string, ShareState[]>,
    private readonly catalogShares: readonly ShareState[],
  ) {}

  /** Every share the plan touches, in the order first touched. */
  shares(): ShareWork[] {
    return [...this.work.values()];
  }

  forExisting(share: ShareState): ShareWork {
    const principal = share.tags[TAG_PRINCIPAL] !== undefined ? share.principals[0]?.principal : undefined;
    return this.entry(
      share.arn,
      { key: share.arn, name: share.name, arn: share.arn, ...(principal ? { principal } : {}) },
      share,
    );
  }

  /** The (principal, level) share new grants go to: the oldest managed one, or a new one. */
  principalTarget(principal: string, level: AccessLevel): ShareWork {
    const existing = this.principalShares.get(`${principalTagValue(principal)}\u0000${level}`)?.[0];
    if (existing) {
      return this.forExisting(existing);
    }
    const key = `new:${principalTagValue(principal)}\u0000${level}`;
    const found = this.work.get(key);
    if (found) {
      return found;
    }
    const name = principalShareName(principal, level);
    const allowExternal =
      this.desired.allowExternal && (this.desired.externalPrincipals?.has(principal) ?? false);
    const w = this.entry(key, { key, name, principal });
    w.create = {
      level,
      tags: principalShareTags(principal, level),
      allowExternal,
      // Same (account, region, principal, level) → same token, whatever groups the call carries:
      // two racing grants collapse into one share, or the second gets IdempotentParameterMismatch
      // and adds its groups to the first's share (executor).
      clientToken: deterministicToken(
        'create-principal-share',
        this.snapshot.account,
        this.snapshot.region,
        principalTagValue(principal),
        level,
        String(allowExternal),
        ...this.deletedNamed(name),
      ),
    };
    w.addPrincipals.add(principal);
    return w;
  }

  /** The catalog share: the oldest managed one, or a new one. */
  catalogTarget(): ShareWork {
    const existing = this.catalogShares[0];
    if (existing) {
      return this.forExisting(existing);
    }
    const key = 'new:catalog';
    const found = this.work.get(key);
    if (found) {
      return found;
    }
    const name = catalogShareName();
    const w = this.entry(key, { key, name });
    w.create = {
      level: 'discover',
      tags: catalogShareTags(),
      allowExternal: this.desired.allowExternal,
      clientToken: deterministicToken(
        'create-share',
        this.snapshot.account,
        this.snapshot.region,
        'catalog',
        String(this.desired.allowExternal),
        ...this.deletedNamed(name),
      ),
    };
    return w;
  }

  /** Adds a principal to a share, opening an existing share to external principals when allowed. */
  addPrincipal(w: ShareWork, principal: string): void {
    w.addPrincipals.add(principal);
    const external = this.desired.externalPrincipals?.has(principal) ?? false;
    if (w.existing && !w.existing.allowExternalPrincipals && this.desired.allowExternal && external) {
      w.allowExternal = true;
    }
    if (w.create && this.desired.allowExternal && external) {
      w.create.allowExternal = true;
    }
  }

  actions(): PlanAction[] {
    const creates: PlanAction[] = [];
    const updates: PlanAction[] = [];
    const associates: PlanAction[] = [];
    const tags: PlanAction[] = [];
    const disassociates: PlanAction[] = [];
    const untags: PlanAction[] = [];
    const { account, region } = this.snapshot;
    for (const w of this.work.values()) {
      const principals = [...w.addPrincipals].sort();
      const resources = [...w.addResources].sort();
      let rest: { principals: string[]; resources: string[] } = { principals, resources };
      if (w.create) {
        const items = [...principals, ...resources].slice(0, MAX_ITEMS_PER_CALL);
        creates.push({
          type: 'create-share',
          share: w.ref,
          level: w.create.level,
          permissionArn: this.context.permissionArns[w.create.level],
          principals: items.filter((i) => principals.includes(i)),
          resourceArns: items.filter((i) => !principals.includes(i)),
          tags: { ...w.create.tags, ...w.tags },
          allowExternalPrincipals: w.create.allowExternal,
          clientToken: w.create.clientToken,
        });
        rest = {
          principals: principals.filter((p) => !items.includes(p)),
          resources: resources.filter((r) => !items.includes(r)),
        };
      }
      if (w.allowExternal && w.existing) {
        updates.push({
          type: 'allow-external',
          share: w.ref,
          clientToken: deterministicToken('allow-external', w.existing.arn),
        });
      }
      const shareId = w.ref.arn ?? w.ref.key;
      for (const batch of this.batches(w, rest.principals, rest.resources)) {
        associates.push({
          type: 'associate',
          share: w.ref,
          ...batch,
          clientToken: deterministicToken('associate', account, region, shareId, this.fingerprint(w, batch)),
        });
      }
      if (!w.create && Object.keys(w.tags).length > 0) {
        tags.push({ type: 'tag', share: w.ref, tags: { ...w.tags } });
      }
      const removePrincipals = [...w.removePrincipals].sort();
      const removeResources = [...w.removeResources].sort();
      for (const batch of this.batches(w, removePrincipals, removeResources)) {
        const moves = w.moves.filter((m) =>
          m.resourceArn === undefined
            ? batch.principals.includes(m.principal)
            : batch.resourceArns.includes(m.resourceArn),
        );
        disassociates.push({
          type: 'disassociate',
          share: w.ref,
          ...batch,
          clientToken: deterministicToken(
            'disassociate',
            account,
            region,
            shareId,
            this.fingerprint(w, batch),
          ),
          ...(moves.length > 0 ? { moves } : {}),
        });
      }
      if (w.untags.size > 0) {
        untags.push({ type: 'untag', share: w.ref, keys: [...w.untags].sort() });
      }
    }
    // Order is the safety argument: everything that adds access first, everything that removes it last.
    return [...creates, ...updates, ...associates, ...tags, ...disassociates, ...untags];
  }

  private entry(id: string, ref: ShareRef, existing?: ShareState): ShareWork {
    let w = this.work.get(id);
    if (!w) {
      w = {
        ref,
        existing,
        addPrincipals: new Set(),
        addResources: new Set(),
        removePrincipals: new Set(),
        removeResources: new Set(),
        tags: {},
        untags: new Set(),
        moves: [],
        allowExternal: false,
      };
      this.work.set(id, w);
    }
    return w;
  }

  private deletedNamed(name: string): string[] {
    return this.snapshot.shares
      .filter((s) => !isActiveShare(s) && s.name === name)
      .map((s) => s.arn)
      .sort();
  }

  private batches(
    _w: ShareWork,
    principals: readonly string[],
    resources: readonly string[],
  ): { principals: string[]; resourceArns: string[] }[] {
    const tagged = [
      ...principals.map((p) => ({ kind: 'p' as const, id: p })),
      ...resources.map((r) => ({ kind: 'r' as const, id: r })),
    ];
    return chunk(tagged, MAX_ITEMS_PER_CALL).map((items) => ({
      principals: items.filter((i) => i.kind === 'p').map((i) => i.id),
      resourceArns: items.filter((i) => i.kind === 'r').map((i) => i.id),
    }));
  }

  /** What each item's association looked like when planned: part of the call's clientToken. */
  private fingerprint(w: ShareWork, batch: { principals: string[]; resourceArns: string[] }): string {
    const share = w.existing;
    const p = batch.principals.map((id) => {
      const a = share?.principals.find((x) => x.principal === id);
      return a ? `${id}=${a.status}@${a.lastUpdated ?? ''}` : `${id}=none`;
    });
    const r = batch.resourceArns.map((id) => {
      const a = share?.resources.find((x) => x.arn === id);
      return a ? `${id}=${a.status}@${a.lastUpdated ?? ''}` : `${id}=none`;
    });
    return [...p, ...r].join(',');
  }
}
