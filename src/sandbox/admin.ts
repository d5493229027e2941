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
  deleteMeta,
  getMeta,
  isInitialised,
  openStore,
  orgSharingEnabled,
  sandboxNow,
  setMeta,
} from './store.js';
import type { Db, SandboxPrincipal } from './types.js';

export interface InitOptions {
  orgSharing: boolean;
  force: boolean;
  /** Existing CloudTrail Lake customers (Lake is closed to new ones). */
  lake?: boolean;
}

export interface InitResult {
  path: string;
  created: boolean;
  orgSharing: boolean;
  lake: boolean;
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
  const db = openStore(file);
  try {
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
    }).immediate();
    return {
      path: file,
      created,
      orgSharing: orgSharingEnabled(db),
      lake: lakeEnabled(db),
      accounts: SANDBOX_ACCOUNTS.map((a) => a.accountId),
      profiles: allPrincipals(db).map((p) => p.profile),
    };
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

export function withInitialisedStore<T>(home: string, use: (db: Db) => T): T | undefined {
  const file = storeFile(home);
  if (!fs.existsSync(file)) {
    return undefined;
  }
  const db = openStore(file);
  try {
    if (!isInitialised(db)) {
      return undefined;
    }
    return use(db);
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

/** The URL of a running `sandbox serve`, when the recorded process is still alive. */
export function runningServer(db: Db): ServerInfo | undefined {
  const url = getMeta(db, META.serverUrl);
  const pid = Number(getMeta(db, META.serverPid));
  if (url === undefined || !Number.isInteger(pid) || !processAlive(pid)) {
    return undefined;
  }
  return { url, pid };
}

export function recordServer(db: Db, info: ServerInfo | undefined): void {
  if (info) {
    setMeta(db, META.serverUrl, info.url);
    setMeta(db, META.serverPid, String(info.pid));
  } else {
    deleteMeta(db, META.serverUrl);
    deleteMeta(db, META.serverPid);
  }
}

export interface SandboxStatus {
  path: string;
  initialisedAt: string | undefined;
  sandboxTime: string;
  clockOffsetSeconds: number;
  orgSharing: boolean;
  organization: { id: string; managementAccountId: string };
  server: ServerInfo | null;
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

const DURATION_UNITS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** `90s`, `30m`, `13h`, `2d`, or combinations such as `1h30m`. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?[smhd])+$/.test(trimmed)) {
    return undefined;
  }
  let total = 0;
  for (const m of trimmed.matchAll(/(\d+(?:\.\d+)?)([smhd])/g)) {
    total += Number(m[1]) * (DURATION_UNITS[m[2] ?? 's'] ?? 0);
  }
  return total;
}

export function advanceSandboxClock(db: Db, ms: number): { sandboxTime: string; clockOffsetSeconds: number } {
  const now = db.transaction(() => advanceClock(db, ms)).immediate();
  // Trails owe the log files that fall due in the skipped time.
  deliverDueLogs(db, now);
  return {
    sandboxTime: now.toISOString(),
    clockOffsetSeconds: Math.round(Number(getMeta(db, META.clockOffsetMs) ?? '0') / 1000),
  };
}
