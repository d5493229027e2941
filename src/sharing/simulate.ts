/**
 * A pure model of what RAM does with a plan's actions, used to check the planner's invariants
 * without AWS (property test) and to show the access a dry run would end with.
 * Associations become ASSOCIATED at once; an external principal on a share that does not allow
 * external principals is refused, as RAM refuses it.
 */
import { isActiveAssociation, type ShareState, type SharingSnapshot } from './snapshot.js';
import type { PlanAction } from './planner.js';

export interface SimulationOptions {
  /** Principals RAM would consider outside the organization. */
  externalPrincipals?: ReadonlySet<string>;
  /** Called after every action with the state so far (to check invariants mid-flight). */
  onStep?: (snapshot: SharingSnapshot, action: PlanAction) => void;
}

export class SimulatedRamError extends Error {
  override name = 'OperationNotPermittedException';
}

function addPrincipals(share: ShareState, principals: readonly string[], options: SimulationOptions): void {
  for (const principal of principals) {
    const external = options.externalPrincipals?.has(principal) ?? false;
    if (external && !share.allowExternalPrincipals) {
      throw new SimulatedRamError(`Principal ${principal} is not in your AWS organization.`);
    }
    const existing = share.principals.find((p) => p.principal === principal);
    if (existing && isActiveAssociation(existing.status)) {
      continue;
    }
    share.principals = share.principals.filter((p) => p.principal !== principal);
    share.principals.push({ principal, status: 'ASSOCIATED', external });
  }
}

function clone(snapshot: SharingSnapshot): SharingSnapshot {
  return structuredClone(snapshot);
}

export function simulatePlan(
  snapshot: SharingSnapshot,
  actions: readonly PlanAction[],
  options: SimulationOptions = {},
): SharingSnapshot {
  const state = clone(snapshot);
  const created = new Map<string, string>();
  let counter = state.shares.length;
  const find = (ref: { key: string; arn?: string | undefined }): ShareState => {
    const arn = ref.arn ?? created.get(ref.key);
    const share = state.shares.find((s) => s.arn === arn);
    if (!share) {
      throw new Error(`simulated RAM: unknown share ${arn ?? ref.key}`);
    }
    return share;
  };
  for (const action of actions) {
    switch (action.type) {
      case 'create-share': {
        counter++;
        const arn = `arn:aws:ram:${state.region}:${state.account}:resource-share/sim-${counter}`;
        created.set(action.share.key, arn);
        const share: ShareState = {
          arn,
          name: action.share.name,
          status: 'ACTIVE',
          allowExternalPrincipals: action.allowExternalPrincipals,
          creationTime: new Date(counter * 1000).toISOString(),
          tags: { ...action.tags },
          permissions: [{ arn: action.permissionArn, level: action.level }],
          resources: action.resourceArns.map((r) => ({ arn: r, status: 'ASSOCIATED' })),
          principals: [],
        };
        addPrincipals(share, action.principals, options);
        state.shares.push(share);
        break;
      }
      case 'allow-external':
        find(action.share).allowExternalPrincipals = true;
        break;
      case 'associate': {
        const share = find(action.share);
        addPrincipals(share, action.principals, options);
        for (const arn of action.resourceArns) {
          share.resources = share.resources.filter((r) => r.arn !== arn || isActiveAssociation(r.status));
          if (!share.resources.some((r) => r.arn === arn)) {
            share.resources.push({ arn, status: 'ASSOCIATED' });
          }
        }
        break;
      }
      case 'disassociate': {
        const share = find(action.share);
        for (const p of share.principals) {
          if (action.principals.includes(p.principal)) {
            p.status = 'DISASSOCIATED';
          }
        }
        for (const r of share.resources) {
          if (action.resourceArns.includes(r.arn)) {
            r.status = 'DISASSOCIATED';
          }
        }
        break;
      }
      case 'tag':
        Object.assign(find(action.share).tags, action.tags);
        break;
      case 'untag': {
        const share = find(action.share);
        share.tags = Object.fromEntries(
          Object.entries(share.tags).filter(([key]) => !action.keys.includes(key)),
        );
        break;
      }
    }
    options.onStep?.(state, action);
  }
  return state;
}
