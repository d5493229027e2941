/**
 * SQLite functions that stand in for the Trino functions and accessors Lake queries use. Lake
 * timestamps are text 'YYYY-MM-DD HH:MM:SS.fff' (as GetQueryResults prints them), so they compare
 * correctly as strings; nested columns are JSON text.
 */
import type { Db } from '../types.js';

export function lakeTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}

/** Reads the timestamp forms Lake queries write: 'YYYY-MM-DD[ HH:MM:SS[.fff]]' or ISO-8601. */
export function parseLakeTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const text = value.trim().replace(' ', 'T');
  const withZone = /([zZ]|[+-]\d\d:?\d\d)$/.test(text)
    ? text
    : `${text}${text.length <= 10 ? 'T00:00:00' : ''}Z`;
  const ms = Date.parse(withZone);
  return Number.isFinite(ms) ? ms : undefined;
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') {
    return undefined;
  }
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** Map and struct values come back as Lake returns them: scalars as text, nested values as JSON. */
function sqlValue(value: unknown): string | number | null {
  if (value === undefined || value === null) {
    return null;
  }
  if (typeof value === 'string' || typeof value === 'number') {
    return value;
  }
  if (typeof value === 'boolean') {
    return String(value);
  }
  return JSON.stringify(value);
}

/** Trino's printed form of maps, structs and arrays: {k=v, …} and [a, b]. */
export function renderTrino(value: unknown): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map(renderTrino).join(', ')}]`;
  }
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${renderTrino(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

const SEGMENT = /\.([A-Za-z0-9_$-]+)|\[(-?\d+)\]|\["([^"]*)"\]|\['([^']*)'\]/y;

/** The JSONPath subset Lake queries use: $.a.b, $[0], $["key"]. */
export function jsonPath(value: unknown, path: string): unknown {
  if (!path.startsWith('$')) {
    return undefined;
  }
  let current = value;
  SEGMENT.lastIndex = 1;
  while (SEGMENT.lastIndex < path.length) {
    const match = SEGMENT.exec(path);
    if (match === null) {
      return undefined;
    }
    const key = match[1] ?? match[3] ?? match[4];
    if (key !== undefined) {
      current =
        current !== null && typeof current === 'object' && !Array.isArray(current)
          ? (current as Record<string, unknown>)[key]
          : undefined;
    } else {
      const index = Number(match[2]);
      current = Array.isArray(current) ? current[index] : undefined;
    }
    if (current === undefined) {
      return undefined;
    }
  }
  return current;
}

function field(container: unknown, name: unknown): unknown {
  const parsed = parseJson(container);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || typeof name !== 'string') {
    return undefined;
  }
  const record = parsed as Record<string, unknown>;
  if (name in record) {
    return record[name];
  }
  // Struct fields resolve case-insensitively in Trino.
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}

function elementAt(container: unknown, key: unknown): unknown {
  const parsed = parseJson(container);
  if (Array.isArray(parsed)) {
    const index = typeof key === 'number' ? key : Number(key);
    if (!Number.isInteger(index) || index === 0) {
      return undefined;
    }
    return index > 0 ? parsed[index - 1] : parsed[parsed.length + index];
  }
  if (parsed !== null && typeof parsed === 'object') {
    return (parsed as Record<string, unknown>)[String(key)];
  }
  return undefined;
}

const UNIT_MS: Record<string, number> = {
  millisecond: 1,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

function addUnits(ms: number, unit: string, amount: number): number {
  const perUnit = UNIT_MS[unit];
  if (perUnit !== undefined) {
    return ms + amount * perUnit;
  }
  const date = new Date(ms);
  const months =
    unit === 'month' ? amount : unit === 'quarter' ? amount * 3 : unit === 'year' ? amount * 12 : NaN;
  if (Number.isNaN(months)) {
    throw new Error(`Unknown date unit '${unit}'.`);
  }
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.getTime();
}

function truncate(ms: number, unit: string): number {
  const d = new Date(ms);
  switch (unit) {
    case 'year':
      return Date.UTC(d.getUTCFullYear(), 0, 1);
    case 'quarter':
      return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'week': {
      const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      return day - ((d.getUTCDay() + 6) % 7) * 86_400_000;
    }
    default: {
      const perUnit = UNIT_MS[unit];
      if (perUnit === undefined) {
        throw new Error(`Unknown date unit '${unit}'.`);
      }
      return Math.floor(ms / perUnit) * perUnit;
    }
  }
}

const registered = new WeakSet<Db>();

export function registerLakeFunctions(db: Db): void {
  if (registered.has(db)) {
    return;
  }
  registered.add(db);
  const options = { deterministic: true };
  db.function('fshare_field', options, (container: unknown, name: unknown) =>
    sqlValue(field(container, name)),
  );
  db.function('fshare_element_at', options, (container: unknown, key: unknown) =>
    sqlValue(elementAt(container, key)),
  );
  db.function('fshare_json_extract', options, (json: unknown, path: unknown) =>
    typeof path === 'string' ? sqlValue(jsonPath(parseJson(json), path)) : null,
  );
  db.function('fshare_cardinality', options, (json: unknown) => {
    const parsed = parseJson(json);
    if (Array.isArray(parsed)) {
      return parsed.length;
    }
    return parsed !== null && typeof parsed === 'object' ? Object.keys(parsed).length : null;
  });
  db.function('fshare_contains', options, (json: unknown, value: unknown) => {
    const parsed = parseJson(json);
    return Array.isArray(parsed) ? (parsed.some((item) => sqlValue(item) === value) ? 1 : 0) : null;
  });
  db.function('fshare_render', options, (json: unknown) =>
    json === null ? null : renderTrino(parseJson(json)),
  );
  db.function('fshare_timestamp', options, (text: unknown) => {
    const ms = parseLakeTimestamp(text);
    return ms === undefined ? null : lakeTimestamp(ms);
  });
  db.function('fshare_to_iso8601', options, (text: unknown) => {
    const ms = parseLakeTimestamp(text);
    return ms === undefined ? null : new Date(ms).toISOString();
  });
  db.function('fshare_date_add', options, (unit: unknown, amount: unknown, text: unknown) => {
    const ms = parseLakeTimestamp(text);
    if (ms === undefined || typeof unit !== 'string' || typeof amount !== 'number') {
      return null;
    }
    return lakeTimestamp(addUnits(ms, unit.toLowerCase(), amount));
  });
  db.function('fshare_date_diff', options, (unit: unknown, from: unknown, to: unknown) => {
    const a = parseLakeTimestamp(from);
    const b = parseLakeTimestamp(to);
    if (a === undefined || b === undefined || typeof unit !== 'string') {
      return null;
    }
    const perUnit = UNIT_MS[unit.toLowerCase()];
    if (perUnit !== undefined) {
      return Math.trunc((b - a) / perUnit);
    }
    const da = new Date(a);
    const db2 = new Date(b);
    const months = (db2.getUTCFullYear() - da.getUTCFullYear()) * 12 + db2.getUTCMonth() - da.getUTCMonth();
    const lower = unit.toLowerCase();
    return lower === 'year' ? Math.trunc(months / 12) : lower === 'quarter' ? Math.trunc(months / 3) : months;
  });
  db.function('fshare_date_trunc', options, (unit: unknown, text: unknown) => {
    const ms = parseLakeTimestamp(text);
    return ms === undefined || typeof unit !== 'string'
      ? null
      : lakeTimestamp(truncate(ms, unit.toLowerCase()));
  });
  db.function('fshare_regexp_like', options, (text: unknown, pattern: unknown) =>
    typeof text === 'string' && typeof pattern === 'string' ? (new RegExp(pattern).test(text) ? 1 : 0) : null,
  );
  db.function('fshare_starts_with', options, (text: unknown, prefix: unknown) =>
    typeof text === 'string' && typeof prefix === 'string' ? (text.startsWith(prefix) ? 1 : 0) : null,
  );
  db.function('fshare_split_part', options, (text: unknown, delimiter: unknown, index: unknown) => {
    if (typeof text !== 'string' || typeof delimiter !== 'string' || typeof index !== 'number') {
      return null;
    }
    return text.split(delimiter)[index - 1] ?? null;
  });
}
