/**
 * The sandbox's administration, behind `fshare sandbox init|reset|status|clock|env`: no wire, no
 * SigV4, no faults; straight to the store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { enableLakeForAllAccounts, lakeEnabled } from './cloudtrail/availability.js';
import { deliverDueLogs } from './cloudtrail/trails/delivery.js';
import { closeSharedStore } from './client-config.js';
import { seedFeatureStore } from './sagemaker/seed.js';
import { countRecords, listFeatureGroupsIn } from './sagemaker/store.js';
import {
  ORGANIZATION,
  SANDBOX_ACCOUNTS,
  SANDBOX_REGION,
  allPrincipals,
  ensurePrincipals,
  isInOrganization,
  ouOfAccount,
} from './core/principals.js';
import {
  META,
  STORE_FILE_NAME,
  advanceClock,
  clockOffsetMs,
  guardStore,
  deleteMeta,
  getMeta,
  isInitialised,
  openStore,
  orgSharingEnabled,
  sandboxNow,
  setMeta,
  type OpenStoreOptions,
} from './store.js';
import { MAX_DURATION_MS, parseDuration } from '../dates.js';
import { UsageError } from '../errors.js';
import { parseRamLimits, ramLimits, setRamLimits, type RamLimits } from './ram/models/limits.js';
import type { Db, SandboxPrincipal } from './types.js';

export interface InitOptions extends OpenStoreOptions {
  orgSharing: boolean;
  force: boolean;
  /** Existing CloudTrail Lake customers (Lake is closed to new ones). */
  lake?: boolean;
  /** Smaller (or larger) RAM quotas and request rates than AWS's, for tests and experiments. */
  ramLimits?: Partial<RamLimits>;
}

export interface InitResult {
  path: string;
  created: boolean;
  orgSharing: boolean;
  lake: boolean;
  ramLimits: RamLimits;
  accounts: string[];
  profiles: string[];
}

function removeStoreFiles(file: string): void {
  closeSharedStore(file);
  for (const suffix of ['', '-wal', '-shm']) {
    fs.rmSync(`${file}${suffix}`, { force: true });
  }
}

export function storeFile(home: string): string {
  return path.join(home, STORE_FILE_NAME);
}

/**
 * Idempotent: an initialised sandbox is left as it is (keys, shares and records survive) unless
 * --force, which starts a fresh world. --org-sharing on an existing world just turns it on.
 */
export function initSandbox(home: string, options: InitOptions): InitResult {
  const file = storeFile(home);
  if (options.force) {
    removeStoreFiles(file);
  }
  const db = openStore(file, options);
  try {
    return guardStore(file, () => {
      let created = false;
      db.transaction(() => {
        if (!isInitialised(db)) {
          created = true;
          ensurePrincipals(db);
          setMeta(db, META.orgSharing, options.orgSharing ? 'true' : 'false');
          seedFeatureStore(db, { now: sandboxNow(db) });
          setMeta(db, META.initialisedAt, new Date().toISOString());
        } else if (options.orgSharing) {
          setMeta(db, META.orgSharing, 'true');
        }
        if (options.lake === true) {
          enableLakeForAllAccounts(db);
        }
        if (options.ramLimits !== undefined) {
          setRamLimits(db, options.ramLimits);
        }
      }).immediate();
      return {
        path: file,
        created,
        orgSharing: orgSharingEnabled(db),
        lake: lakeEnabled(db),
        ramLimits: ramLimits(db),
        accounts: SANDBOX_ACCOUNTS.map((a) => a.accountId),
        profiles: allPrincipals(db).map((p) => p.profile),
      };
    });
  } finally {
    db.close();
  }
}

export function resetSandbox(home: string): { path: string; removed: boolean } {
  const file = storeFile(home);
  const existed = fs.existsSync(file);
  removeStoreFiles(file);
  return { path: file, removed: existed };
}

export function withInitialisedStore<T>(
  home: string,
  use: (db: Db) => T,
  options: OpenStoreOptions = {},
): T | undefined {
  const file = storeFile(home);
  if (!fs.existsSync(file)) {
    return undefined;
  }
  const db = openStore(file, options);
  try {
    return guardStore(file, () => (isInitialised(db) ? use(db) : undefined));
  } finally {
    db.close();
  }
}

export interface ServerInfo {
  url: string;
  pid: number;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every running `sandbox serve` on this store, newest first; records of dead processes are skipped. */
export function runningServers(db: Db): ServerInfo[] {
  const rows = db
    .prepare('SELECT key, value FROM meta WHERE key LIKE ? ORDER BY rowid DESC')
    .all(`${META.serverPrefix}%`) as { key: string; value: string }[];
  return rows
    .map((row) => ({ url: row.value, pid: Number(row.key.slice(META.serverPrefix.length)) }))
    .filter((info) => Number.isInteger(info.pid) && info.pid > 0 && processAlive(info.pid));
}

/** The most recently started running `sandbox serve`, if any. */
export function runningServer(db: Db): ServerInfo | undefined {
  return runningServers(db)[0];
}

/** One record per server, keyed by pid, so stopping one never forgets another's URL. */
export function recordServer(db: Db, info: ServerInfo): void {
  setMeta(db, `${META.serverPrefix}${info.pid}`, info.url);
}

export function forgetServer(db: Db, pid: number): void {
  deleteMeta(db, `${META.serverPrefix}${pid}`);
}

export interface SandboxStatus {
  path: string;
  initialisedAt: string | undefined;
  sandboxTime: string;
  clockOffsetSeconds: number;
  orgSharing: boolean;
  organization: { id: string; managementAccountId: string };
  /** The most recently started running server (kept for older readers of `server`). */
  server: ServerInfo | null;
  servers: ServerInfo[];
  accounts: { accountId: string; name: string; inOrganization: boolean; ou: string | null }[];
  principals: { profile: string; accountId: string; roleArn: string; accessKeyId: string }[];
  shares: {
    arn: string;
    name: string;
    owner: string;
    status: string;
    resources: number;
    principals: number;
  }[];
  featureGroups: { arn: string; name: string; records: number }[];
}

function featureGroupCounts(db: Db): { arn: string; name: string; records: number }[] {
  const accountIds = SANDBOX_ACCOUNTS.map((a) => a.accountId);
  return listFeatureGroupsIn(db, accountIds, SANDBOX_REGION).map((g) => ({
    arn: g.arn,
    name: g.name,
    records: countRecords(db, g),
  }));
}

export function sandboxStatus(db: Db, file: string): SandboxStatus {
  const shares = db
    .prepare(
      `SELECT s.arn, s.name, s.owner_account_id AS owner, s.status,
         (SELECT COUNT(*) FROM ram_associations a WHERE a.share_arn = s.arn AND a.association_type = 'RESOURCE' AND a.status IN ('ASSOCIATING','ASSOCIATED')) AS resources,
         (SELECT COUNT(*) FROM ram_associations a WHERE a.share_arn = s.arn AND a.association_type = 'PRINCIPAL' AND a.status IN ('ASSOCIATING','ASSOCIATED')) AS principals
       FROM ram_shares s WHERE s.status <> 'DELETED' ORDER BY s.creation_time`,
    )
    .all() as SandboxStatus['shares'];
  return {
    path: file,
    initialisedAt: getMeta(db, META.initialisedAt),
    sandboxTime: sandboxNow(db).toISOString(),
    clockOffsetSeconds: Math.round(Number(getMeta(db, META.clockOffsetMs) ?? '0') / 1000),
    orgSharing: orgSharingEnabled(db),
    organization: { id: ORGANIZATION.id, managementAccountId: ORGANIZATION.managementAccountId },
    server: runningServer(db) ?? null,
    servers: runningServers(db),
    accounts: SANDBOX_ACCOUNTS.map((a) => ({
      accountId: a.accountId,
      name: a.name,
      inOrganization: isInOrganization(a.accountId),
      ou: ouOfAccount(a.accountId)?.id ?? null,
    })),
    principals: allPrincipals(db).map((p: SandboxPrincipal) => ({
      profile: p.profile,
      accountId: p.accountId,
      roleArn: p.roleArn,
      accessKeyId: p.accessKeyId,
    })),
    shares,
    featureGroups: featureGroupCounts(db),
  };
}

/**
 * `90s`, `30m`, `13h`, `2d`, `2w`, or combinations such as `1h30m`: each part is read by the strict
 * parser of src/dates.ts and the total is bounded like any duration flag (exit 2, nothing stored).
 */
export function parseClockAdvance(text: string): number {
  const trimmed = text.trim();
  const parts = /^(\d+[smhdw])+$/.test(trimmed) ? (trimmed.match(/\d+[smhdw]/g) ?? []) : [trimmed];
  const total = parts.reduce(
    (sum, part) => sum + parseDuration(part, { flag: '--advance', code: 'FSHARE_BAD_DURATION' }),
    0,
  );
  if (total > MAX_DURATION_MS) {
    // Parts within range can still add up past it.
    parseDuration(`${Math.ceil(total / 86_400_000)}d`, { flag: '--advance', code: 'FSHARE_BAD_DURATION' });
  }
  return total;
}

export function advanceSandboxClock(db: Db, ms: number): { sandboxTime: string; clockOffsetSeconds: number } {
  const now = db
    .transaction(() => {
      // The clock as a whole stays within the bound too: repeated advances cannot push it past.
      if (clockOffsetMs(db) + ms > MAX_DURATION_MS) {
        throw new UsageError('The sandbox clock cannot be moved more than 100 years ahead in total.', {
          code: 'FSHARE_BAD_DURATION',
          hint: 'Run `fshare sandbox reset --yes` and `fshare sandbox init` for a fresh clock.',
        });
      }
      return advanceClock(db, ms);
    })
    .immediate();
  // Trails owe the log files that fall due in the skipped time.
  deliverDueLogs(db, now);
  return {
    sandboxTime: now.toISOString(),
    clockOffsetSeconds: Math.round(Number(getMeta(db, META.clockOffsetMs) ?? '0') / 1000),
  };
}

/** `--ram-limits name=value,…`: a bad name or value is exit 2 before the store is opened. */
export function readRamLimits(text: string): Partial<RamLimits> {
  try {
    return parseRamLimits(text);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), {
      code: 'FSHARE_SANDBOX_BAD_LIMITS',
      hint: 'Example: `fshare sandbox init --ram-limits pendingInvitationsPerAccount=5`; docs/sandbox.md lists the names.',
    });
  }
}
