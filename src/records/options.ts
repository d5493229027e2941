/**
 * Parsing of record-command flags, before any AWS call: --ttl, --target-stores, --features,
 * --concurrency, --ids.
 */
import { UsageError } from '../errors.js';
import type { RecordSchema } from './schema.js';

export type TtlUnit = 'Seconds' | 'Minutes' | 'Hours' | 'Days' | 'Weeks';
export interface TtlDuration {
  Unit: TtlUnit;
  Value: number;
}

const TTL_UNITS: Record<string, TtlUnit> = { s: 'Seconds', m: 'Minutes', h: 'Hours', d: 'Days', w: 'Weeks' };

/** `90s`, `30m`, `12h`, `7d`, `2w` → Feature Store's TtlDuration. */
export function parseTtl(text: string): TtlDuration {
  const m = /^\s*(\d+)\s*([smhdw])\s*$/i.exec(text);
  const unit = m?.[2] ? TTL_UNITS[m[2].toLowerCase()] : undefined;
  const value = Number(m?.[1]);
  if (!unit || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`--ttl "${text}" is not a duration.`, {
      code: 'FSHARE_BAD_TTL',
      hint: 'Use a whole number and a unit: 90s, 30m, 12h, 7d or 2w.',
    });
  }
  return { Unit: unit, Value: value };
}

export type TargetStore = 'OnlineStore' | 'OfflineStore';

export function parseTargetStores(text: string): TargetStore[] {
  const out: TargetStore[] = [];
  for (const part of text.split(',').map((s) => s.trim().toLowerCase())) {
    const store: TargetStore | undefined =
      part === 'online' || part === 'onlinestore'
        ? 'OnlineStore'
        : part === 'offline' || part === 'offlinestore'
          ? 'OfflineStore'
          : undefined;
    if (!store) {
      throw new UsageError(`--target-stores: "${part}" is not a store.`, {
        code: 'FSHARE_BAD_TARGET_STORES',
        hint: 'Use online, offline, or online,offline.',
      });
    }
    if (!out.includes(store)) {
      out.push(store);
    }
  }
  return out;
}

export function parseList(text: string, flag: string): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) {
    throw new UsageError(`${flag} is empty.`, { hint: `Pass a comma-separated list, e.g. ${flag} a,b.` });
  }
  return items;
}

/** Refuses feature names the schema does not have, naming them. */
export function checkFeatureNames(names: string[], schema: RecordSchema): void {
  const known = new Set(schema.features.map((f) => f.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new UsageError(
      `--features names ${unknown.map((n) => `"${n}"`).join(', ')}, not in ${schema.featureGroupName}.`,
      {
        code: 'FSHARE_UNKNOWN_FEATURE',
        hint: `The features are: ${[...known].join(', ')}.`,
      },
    );
  }
}

/** A plain decimal whole number: `0x10`, `1e1`, ` 8`, `+8` and `8.0` are not. */
export function parseDecimal(text: string): number | undefined {
  return /^[0-9]{1,15}$/.test(text) ? Number(text) : undefined;
}

export function parseConcurrency(text: string | undefined, fallback: number, max = 64): number {
  if (text === undefined) {
    return fallback;
  }
  const n = parseDecimal(text);
  if (n === undefined || n < 1 || n > max) {
    throw new UsageError(`--concurrency "${text}" must be a whole number from 1 to ${max}.`, {
      code: 'FSHARE_BAD_CONCURRENCY',
      hint: `Try --concurrency 8 (the default is ${fallback}; AIMD lowers it when AWS throttles).`,
    });
  }
  return n;
}
