/**
 * Resolves each level's AWS managed permission at run time. AWS spells the names inconsistently
 * (SageMaker vs Sagemaker, and one regional copy drops the word entirely), so the live
 * `ListPermissions` answer is matched case-insensitively against LEVEL_TABLE and its ARN is used;
 * the documented names are only the fallback.
 */
import { isAccessDenied } from '../aws/errors.js';
import { paginate } from '../aws/paginate.js';
import type { RamPort } from '../aws/ports.js';
import {
  LEVEL_TABLE,
  LEVELS,
  fallbackPermissionArn,
  levelForPermissionArn,
  levelForPermissionName,
  type Level,
} from '../permissions/levels.js';

export interface ResolvedPermission {
  level: Level;
  arn: string;
  name: string;
  /** The permission's default version, when RAM said. */
  version: string | undefined;
  /** RAM's resource type code (e.g. sagemaker:FeatureGroup), when RAM said. */
  resourceType: string | undefined;
  /** The actions the permission allows: live from GetPermission, else the documented list. */
  actions: readonly string[];
  actionsSource: 'live' | 'documented';
  /** True when RAM did not list this permission and fshare uses the documented name. */
  fallback: boolean;
}

export interface ResolvedPermissions {
  byLevel: Readonly<Record<Level, ResolvedPermission>>;
  /** Levels whose permission ARN is the documented fallback, not a live answer. */
  fallbacks: Level[];
  /** Why something fell back, one sentence each; empty when everything resolved live. */
  problems: string[];
}

export interface ResolveOptions {
  /** Partition for fallback ARNs when RAM gives none to copy (default: aws). */
  partition?: string;
  /** Narrows ListPermissions to one RAM resource type code. */
  resourceType?: string;
  /** Read each permission's actions with GetPermission (default: true). */
  withActions?: boolean;
  signal?: AbortSignal;
}

/**
 * Reads the Action list from a RAM permission document. RAM returns either a bare statement
 * (`{"Effect":"Allow","Action":[...]}`) or a policy with `Statement`; both are accepted.
 */
export function actionsFromPermissionDocument(document: string): string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    return undefined;
  }
  const statements: unknown[] = [];
  if (parsed && typeof parsed === 'object') {
    const statement = (parsed as { Statement?: unknown }).Statement;
    if (Array.isArray(statement)) {
      statements.push(...(statement as unknown[]));
    } else if (statement && typeof statement === 'object') {
      statements.push(statement);
    } else {
      statements.push(parsed);
    }
  }
  const actions = new Set<string>();
  for (const s of statements) {
    if (!s || typeof s !== 'object') {
      continue;
    }
    const { Effect: effect, Action: action } = s as { Effect?: unknown; Action?: unknown };
    if (effect !== undefined && effect !== 'Allow') {
      continue;
    }
    const list = typeof action === 'string' ? [action] : Array.isArray(action) ? (action as unknown[]) : [];
    for (const a of list) {
      if (typeof a === 'string') {
        actions.add(a);
      }
    }
  }
  return actions.size > 0 ? [...actions] : undefined;
}

interface Listed {
  arn: string;
  name: string;
  version: string | undefined;
  resourceType: string | undefined;
}

async function listManaged(ram: RamPort, options: ResolveOptions): Promise<Map<Level, Listed>> {
  const found = new Map<Level, Listed>();
  const permissions = paginate(
    ram.listPermissions.bind(ram),
    {
      permissionType: 'AWS_MANAGED',
      ...(options.resourceType ? { resourceType: options.resourceType } : {}),
    },
    {
      items: (page) => page.permissions,
      ...(options.signal ? { call: { abortSignal: options.signal } } : {}),
    },
  );
  for await (const p of permissions) {
    const level = (p.name ? levelForPermissionName(p.name) : undefined) ?? levelForPermissionArn(p.arn ?? '');
    // The first listing wins: RAM lists each managed permission once per partition.
    if (level && p.arn && !found.has(level)) {
      found.set(level, {
        arn: p.arn,
        name: p.name ?? p.arn.split('/').pop() ?? LEVEL_TABLE[level].permissionName,
        version: p.defaultVersion === false ? undefined : p.version,
        resourceType: p.resourceType,
      });
    }
  }
  return found;
}

function partitionOf(arn: string): string | undefined {
  return /^arn:(aws(?:-[a-z]+)*):/.exec(arn)?.[1];
}

async function resolveUncached(ram: RamPort, options: ResolveOptions): Promise<ResolvedPermissions> {
  const problems: string[] = [];
  let listed = new Map<Level, Listed>();
  try {
    listed = await listManaged(ram, options);
  } catch (error) {
    if (!isAccessDenied(error)) {
      throw error;
    }
    problems.push(
      'ram:ListPermissions was denied; fshare uses the documented managed permission names, which AWS may spell differently.',
    );
  }
  const livePartition = [...listed.values()].map((l) => partitionOf(l.arn)).find((p) => p !== undefined);
  const partition = options.partition ?? livePartition ?? 'aws';
  const missing = LEVELS.filter((l) => !listed.has(l));
  if (missing.length > 0 && problems.length === 0) {
    problems.push(
      `RAM does not list a managed permission for ${missing.join(', ')}; fshare uses the documented name${missing.length > 1 ? 's' : ''}.`,
    );
  }
  let actionsDenied = false;
  const entries = await Promise.all(
    LEVELS.map(async (level): Promise<[Level, ResolvedPermission]> => {
      const live = listed.get(level);
      const arn = live?.arn ?? fallbackPermissionArn(level, partition);
      let actions: readonly string[] = LEVEL_TABLE[level].actions;
      let actionsSource: ResolvedPermission['actionsSource'] = 'documented';
      if (live && options.withActions !== false) {
        try {
          const out = await ram.getPermission(
            { permissionArn: arn, ...(live.version ? { permissionVersion: Number(live.version) } : {}) },
            options.signal ? { abortSignal: options.signal } : {},
          );
          const fromDoc = out.permission?.permission
            ? actionsFromPermissionDocument(out.permission.permission)
            : undefined;
          if (fromDoc) {
            actions = fromDoc;
            actionsSource = 'live';
          }
        } catch (error) {
          if (!isAccessDenied(error)) {
            throw error;
          }
          actionsDenied = true;
        }
      }
      return [
        level,
        {
          level,
          arn,
          name: live?.name ?? LEVEL_TABLE[level].permissionName,
          version: live?.version,
          resourceType: live?.resourceType,
          actions,
          actionsSource,
          fallback: live === undefined,
        },
      ];
    }),
  );
  if (actionsDenied) {
    problems.push('ram:GetPermission was denied; fshare shows the documented actions of each level.');
  }
  return {
    byLevel: Object.fromEntries(entries) as Record<Level, ResolvedPermission>,
    fallbacks: missing,
    problems,
  };
}

// One answer per RAM client: the client factory makes one client per run, so this is a per-run
// cache that never leaks between runs or tests.
const cache = new WeakMap<RamPort, Map<string, Promise<ResolvedPermissions>>>();

/** Resolves every level's managed permission ARN (and actions); cached per RAM client. */
export function resolvePermissions(ram: RamPort, options: ResolveOptions = {}): Promise<ResolvedPermissions> {
  const key = `${options.partition ?? ''}|${options.resourceType ?? ''}|${options.withActions !== false}`;
  let byKey = cache.get(ram);
  if (!byKey) {
    byKey = new Map();
    cache.set(ram, byKey);
  }
  let pending = byKey.get(key);
  if (!pending) {
    pending = resolveUncached(ram, options);
    const forget = byKey;
    // A failed resolution is not cached, so a retry after a transient error asks again.
    pending.catch(() => forget.delete(key));
    byKey.set(key, pending);
  }
  return pending;
}

/**
 * The level a share's permission ARN stands for: the live ARNs first, then the name in the ARN
 * (case-insensitive). Undefined for permissions fshare does not model (customer-managed ones).
 */
export function levelOfPermission(resolved: ResolvedPermissions, permissionArn: string): Level | undefined {
  const lower = permissionArn.toLowerCase();
  for (const level of LEVELS) {
    if (resolved.byLevel[level].arn.toLowerCase() === lower) {
      return level;
    }
  }
  return levelForPermissionArn(permissionArn);
}
