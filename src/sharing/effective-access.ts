/**
 * The effective access matrix: what each principal can really do on each feature group, computed
 * from every share (managed by fshare or not), because RAM gives a principal reached by several
 * shares the union of their permissions.
 */
import { highestLevel, type AccessLevel } from '../permissions/levels.js';
import {
  activePrincipals,
  expiryOf,
  featureGroupResources,
  grantsDiscover,
  isActiveShare,
  managedKeyOf,
  shareAccessLevel,
  type SharingSnapshot,
} from './snapshot.js';

export type AccessWarningCode =
  'union' | 'not-discoverable' | 'discoverable-no-access' | 'external' | 'pending' | 'expired';

export interface AccessWarning {
  code: AccessWarningCode;
  principal: string;
  featureGroup: string | null;
  message: string;
}

export interface AccessEntry {
  principal: string;
  /** Feature group name; null for a principal that can only discover. */
  featureGroup: string | null;
  featureGroupArn: string | null;
  /** The effective level (highest of the ASSOCIATED ones); null when nothing is associated yet. */
  level: AccessLevel | null;
  /** Every level that reaches the principal, ASSOCIATED or ASSOCIATING (more than one = a union). */
  levels: AccessLevel[];
  /** True while an association is ASSOCIATING (an invitation not yet accepted, or RAM still working). */
  pending: boolean;
  discoverable: boolean;
  /** ISO-8601 expiry of the grant (from fshare's tags), or null. */
  expires: string | null;
  expired: boolean;
  external: boolean;
  /** Every share that contributes, by name. */
  shares: string[];
  /** True when every contributing share is managed by fshare. */
  managed: boolean;
}

export interface AccessMatrix {
  entries: AccessEntry[];
  warnings: AccessWarning[];
}

export interface AccessOptions {
  now: Date;
  /** Only this feature group (by ARN). */
  featureGroupArn?: string | undefined;
}

const nameOfArn = (arn: string): string => arn.slice(arn.indexOf('/') + 1);

/** The account a principal names (accounts, IAM roles and users), if any. */
function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) {
    return principal;
  }
  const m = /^arn:[^:]+:iam::(\d{12}):/.exec(principal);
  return m?.[1];
}

interface Cell {
  principal: string;
  arn: string;
  associated: Set<AccessLevel>;
  associating: Set<AccessLevel>;
  shares: Set<string>;
  managed: boolean;
  external: boolean;
  expires: string | undefined;
}

export function computeEffectiveAccess(snapshot: SharingSnapshot, options: AccessOptions): AccessMatrix {
  const cells = new Map<string, Cell>();
  const discoverers = new Map<string, { external: boolean }>();

  for (const share of snapshot.shares.filter(isActiveShare)) {
    const principals = activePrincipals(share);
    if (grantsDiscover(share)) {
      for (const p of principals) {
        if (p.status === 'ASSOCIATED') {
          discoverers.set(p.principal, { external: p.external });
        }
      }
    }
    const level = shareAccessLevel(share);
    if (!level) {
      continue;
    }
    const managed = managedKeyOf(share) !== undefined;
    for (const arn of featureGroupResources(share)) {
      if (options.featureGroupArn !== undefined && arn !== options.featureGroupArn) {
        continue;
      }
      for (const p of principals) {
        const key = `${p.principal}\u0000${arn}`;
        let cell = cells.get(key);
        if (!cell) {
          cell = {
            principal: p.principal,
            arn,
            associated: new Set(),
            associating: new Set(),
            shares: new Set(),
            managed: true,
            external: false,
            expires: undefined,
          };
          cells.set(key, cell);
        }
        (p.status === 'ASSOCIATED' ? cell.associated : cell.associating).add(level);
        cell.shares.add(share.name);
        cell.managed &&= managed;
        cell.external ||= p.external;
        const expires = expiryOf(share, p.principal, arn);
        if (expires !== undefined && (cell.expires === undefined || expires < cell.expires)) {
          cell.expires = expires;
        }
      }
    }
  }

  const isDiscoverable = (principal: string): boolean => {
    const account = accountOf(principal);
    return discoverers.has(principal) || (account !== undefined && discoverers.has(account));
  };

  const entries: AccessEntry[] = [];
  const warnings: AccessWarning[] = [];
  const principalsWithAccess = new Set<string>();
  for (const cell of cells.values()) {
    const fg = nameOfArn(cell.arn);
    const all = new Set([...cell.associated, ...cell.associating]);
    const levels = [...all].sort();
    const level = highestLevel(cell.associated) ?? null;
    const discoverable = isDiscoverable(cell.principal);
    const expired = cell.expires !== undefined && Date.parse(cell.expires) <= options.now.getTime();
    principalsWithAccess.add(cell.principal);
    const account = accountOf(cell.principal);
    if (account !== undefined) {
      principalsWithAccess.add(account);
    }
    entries.push({
      principal: cell.principal,
      featureGroup: fg,
      featureGroupArn: cell.arn,
      level,
      levels,
      pending: cell.associating.size > 0,
      discoverable,
      expires: cell.expires ?? null,
      expired,
      external: cell.external,
      shares: [...cell.shares].sort(),
      managed: cell.managed,
    });
    const warn = (code: AccessWarningCode, message: string) =>
      warnings.push({ code, principal: cell.principal, featureGroup: fg, message });
    // Only live associations add up; a pending one (an invitation) grants nothing yet.
    if (cell.associated.size > 1) {
      const live = [...cell.associated].sort();
      warn(
        'union',
        `${cell.principal} reaches ${fg} through ${cell.shares.size} shares with levels ${live.join(' + ')}: RAM gives the union (${highestLevel(live) ?? ''}).`,
      );
    }
    if (!discoverable && level !== null) {
      warn('not-discoverable', `${cell.principal} can use ${fg} but cannot discover it (no catalog share).`);
    }
    if (cell.external) {
      warn('external', `${cell.principal} is outside your organization and has access to ${fg}.`);
    }
    if (cell.associating.size > 0) {
      warn(
        'pending',
        `${cell.principal} on ${fg} is pending: an invitation not yet accepted, or RAM still associating.`,
      );
    }
    if (expired) {
      warn(
        'expired',
        `${cell.principal}'s grant on ${fg} expired at ${cell.expires ?? ''}; run \`fshare reap\`.`,
      );
    }
  }

  if (options.featureGroupArn === undefined) {
    for (const [principal, { external }] of discoverers) {
      if (principalsWithAccess.has(principal)) {
        continue;
      }
      entries.push({
        principal,
        featureGroup: null,
        featureGroupArn: null,
        level: null,
        levels: [],
        pending: false,
        discoverable: true,
        expires: null,
        expired: false,
        external,
        shares: [],
        managed: true,
      });
      warnings.push({
        code: 'discoverable-no-access',
        principal,
        featureGroup: null,
        message: `${principal} can discover your feature groups but has access to none of them.`,
      });
    }
  }

  entries.sort(
    (a, b) =>
      (a.featureGroup ?? '\uffff').localeCompare(b.featureGroup ?? '\uffff') ||
      a.principal.localeCompare(b.principal),
  );
  return { entries, warnings };
}
