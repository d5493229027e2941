/**
 * RAM's quotas (RAM user guide, "Service quotas for AWS RAM") and the sandbox's assumed request
 * rates, with the stored overrides that tests use for small values. The defaults are AWS's; only
 * an explicit `setRamLimits` (kept in the store's meta table, so every process serving one sandbox
 * sees it) changes them.
 */
import { getMeta, setMeta } from '../../store.js';
import type { Db } from '../../types.js';

export interface RamLimits {
  /** Resource shares per account per region (AWS: 25,000). */
  resourceSharesPerRegion: number;
  /** Resource associations per share (AWS: 5,000). */
  resourcesPerShare: number;
  /** Principal associations per share (AWS: 5,000). */
  principalsPerShare: number;
  /** Resource associations per account per region across its shares (AWS: 25,000). */
  resourcesPerRegion: number;
  /** Principal associations per account per region across its shares (AWS: 25,000). */
  principalsPerRegion: number;
  /** Pending invitations a sharing account may have out at once (AWS: 20). */
  pendingInvitationsPerAccount: number;
  /** Tags per share (AWS: 50). */
  tagsPerShare: number;
  /** Resources per association call, and principals per association call (AWS: 100). */
  entitiesPerCall: number;
  /** Mutating calls per second per account and region, and the burst (assumed: 50 / 100). */
  writeRatePerSecond: number;
  writeBurst: number;
  /** Read calls (Get*, List*) per second per account and region, and the burst (assumed: 100 / 200). */
  readRatePerSecond: number;
  readBurst: number;
}

export const AWS_RAM_LIMITS: Readonly<RamLimits> = Object.freeze({
  resourceSharesPerRegion: 25_000,
  resourcesPerShare: 5_000,
  principalsPerShare: 5_000,
  resourcesPerRegion: 25_000,
  principalsPerRegion: 25_000,
  pendingInvitationsPerAccount: 20,
  tagsPerShare: 50,
  entitiesPerCall: 100,
  writeRatePerSecond: 50,
  writeBurst: 100,
  readRatePerSecond: 100,
  readBurst: 200,
});

const META_KEY = 'ramLimits';

function isLimitName(name: string): name is keyof RamLimits {
  return Object.hasOwn(AWS_RAM_LIMITS, name);
}

export function ramLimits(db: Db): RamLimits {
  const raw = getMeta(db, META_KEY);
  if (raw === undefined) {
    return { ...AWS_RAM_LIMITS };
  }
  const stored = JSON.parse(raw) as Record<string, unknown>;
  const limits: RamLimits = { ...AWS_RAM_LIMITS };
  for (const [name, value] of Object.entries(stored)) {
    if (isLimitName(name) && typeof value === 'number' && value > 0) {
      limits[name] = value;
    }
  }
  return limits;
}

/** Overrides some limits (for tests and benches); `reset` first goes back to AWS's defaults. */
export function setRamLimits(
  db: Db,
  overrides: Partial<RamLimits>,
  options: { reset?: boolean } = {},
): RamLimits {
  const current = options.reset === true ? {} : (JSON.parse(getMeta(db, META_KEY) ?? '{}') as object);
  for (const [name, value] of Object.entries(overrides)) {
    if (!isLimitName(name) || typeof value !== 'number' || !(value > 0)) {
      throw new RangeError(`Unknown RAM limit or not a positive number: ${name}=${String(value)}`);
    }
  }
  setMeta(db, META_KEY, JSON.stringify({ ...current, ...overrides }));
  return ramLimits(db);
}

/**
 * Parses `name=value,name=value` (e.g. FSHARE_SANDBOX_RAM_LIMITS="writeRatePerSecond=20,writeBurst=40")
 * into overrides, naming the bad part and the known names when a part is wrong.
 */
export function parseRamLimits(text: string): Partial<RamLimits> {
  const overrides: Partial<RamLimits> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [name = '', value = '', extra] = part.split('=').map((p) => p.trim());
    const number = Number(value);
    if (
      extra !== undefined ||
      !isLimitName(name) ||
      value === '' ||
      !Number.isFinite(number) ||
      number <= 0
    ) {
      throw new RangeError(
        `Bad RAM limit "${part}": use name=positive number, with a name from ${Object.keys(AWS_RAM_LIMITS).join(', ')}.`,
      );
    }
    overrides[name] = number;
  }
  return overrides;
}
