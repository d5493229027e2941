/** How plan changes read: one line per change (Terraform-like) and the counts line. */
import type { PlanChange } from './plan-types.js';

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
    case 'adopt':
      return `~ ${where} ${change.principal} ${change.to ?? ''} (same level; moves to the principal's share)`;
    case 'revoke':
      return `- ${where} ${change.principal} ${change.from.join('+')}`;
  }
}

export interface ChangeCounts {
  grant: number;
  move: number;
  revoke: number;
  expiry: number;
  adopt: number;
}

export function countChanges(changes: readonly PlanChange[]): ChangeCounts {
  const counts: ChangeCounts = { grant: 0, move: 0, revoke: 0, expiry: 0, adopt: 0 };
  for (const c of changes) {
    counts[c.kind]++;
  }
  return counts;
}

/** `Plan: 2 to grant, 1 to move, 1 to revoke.` (zero counts of the rarer kinds are left out). */
export function summarizeChanges(changes: readonly PlanChange[], prefix = 'Plan'): string {
  const c = countChanges(changes);
  const parts = [`${c.grant} to grant`, `${c.move} to move`, `${c.revoke} to revoke`];
  if (c.expiry > 0) {
    parts.push(`${c.expiry} expiry change${c.expiry === 1 ? '' : 's'}`);
  }
  if (c.adopt > 0) {
    parts.push(`${c.adopt} to adopt into the per-principal layout`);
  }
  return `${prefix}: ${parts.join(', ')}.`;
}
