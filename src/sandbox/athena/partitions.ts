/**
 * Which files a table covers, and each file's partition values: from partition projection
 * (TBLPROPERTIES projection.* and storage.location.template, values generated at query time in
 * UTC; out-of-range values give no rows, not an error), from partitions added with ALTER TABLE,
 * or, unpartitioned, every object under LOCATION.
 */
import { objectsAfter, type ObjectRow } from '../s3/store.js';
import type { Db } from '../types.js';
import { CatalogError, listPartitions, type Scope, type TableDefinition } from './catalog.js';

export interface TableFile {
  bucket: string;
  key: string;
  /** The object's bytes on disk. */
  file: string;
  size: number;
  /** The object's ETag and size: a new version of the key has a new one. */
  version: string;
  partition: Record<string, string>;
}

export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const m = /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!m?.[1]) {
    throw new CatalogError(`Invalid S3 location: ${url}`);
  }
  return { bucket: m[1], prefix: m[2] ?? '' };
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Java DateTimeFormatter patterns as used by projection.X.format (the common letters). */
function datePatternRegex(format: string): string {
  return format
    .split(/(yyyy|yy|MM|dd|HH|mm|ss)/)
    .map((part) => {
      switch (part) {
        case 'yyyy':
          return '\\d{4}';
        case 'yy':
        case 'MM':
        case 'dd':
        case 'HH':
        case 'mm':
        case 'ss':
          return '\\d{2}';
        default:
          return escapeRegex(part);
      }
    })
    .join('');
}

function parseProjectedDate(value: string, format: string): number | undefined {
  const fields: Record<string, number> = { yyyy: 1970, MM: 1, dd: 1, HH: 0, mm: 0, ss: 0 };
  const tokens = format.split(/(yyyy|MM|dd|HH|mm|ss)/);
  let at = 0;
  for (const token of tokens) {
    if (token in fields) {
      const width = token === 'yyyy' ? 4 : 2;
      const n = Number(value.slice(at, at + width));
      if (!Number.isInteger(n)) {
        return undefined;
      }
      fields[token] = n;
      at += width;
    } else {
      if (value.slice(at, at + token.length) !== token) {
        return undefined;
      }
      at += token.length;
    }
  }
  if (at !== value.length) {
    return undefined;
  }
  const ms = Date.UTC(
    fields.yyyy ?? 1970,
    (fields.MM ?? 1) - 1,
    fields.dd ?? 1,
    fields.HH ?? 0,
    fields.mm ?? 0,
    fields.ss ?? 0,
  );
  return Number.isNaN(ms) ? undefined : ms;
}

const UNIT_MS: Record<string, number> = {
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
  WEEKS: 7 * 86_400_000,
  MONTHS: 31 * 86_400_000,
  YEARS: 366 * 86_400_000,
};

/** `NOW`, `NOW-3DAYS`, `NOW+1HOURS` or a formatted date. */
function rangeBound(text: string, format: string, nowMs: number): number | undefined {
  const trimmed = text.trim();
  const m = /^NOW\s*(?:([+-])\s*(\d+)\s*([A-Z]+?)S?)?$/i.exec(trimmed);
  if (m) {
    if (m[1] === undefined) {
      return nowMs;
    }
    const unit = UNIT_MS[`${(m[3] ?? '').toUpperCase()}S`] ?? 0;
    return nowMs + (m[1] === '-' ? -1 : 1) * Number(m[2]) * unit;
  }
  return parseProjectedDate(trimmed, format);
}

interface Projection {
  regex: RegExp;
  columns: string[];
  accepts: (values: Record<string, string>) => boolean;
}

function projectionOf(table: TableDefinition, nowMs: number): Projection {
  const props = table.properties;
  const keys = table.partitionKeys.map((k) => k.name);
  const template =
    props['storage.location.template'] ??
    `${(table.location ?? '').replace(/\/?$/, '/')}${keys.map((k) => `${k}=\${${k}}`).join('/')}`;
  const { prefix } = parseS3Url(template);
  const checks: ((values: Record<string, string>) => boolean)[] = [];
  const columns: string[] = [];
  const pattern = prefix.replace(
    /\$\{([^}]+)\}|([^$]+|\$)/g,
    (_all, name: string | undefined, literal: string | undefined) => {
      if (name === undefined) {
        return escapeRegex(literal ?? '');
      }
      const column = name.toLowerCase();
      if (!keys.includes(column)) {
        throw new CatalogError(
          `HIVE_METASTORE_ERROR: storage.location.template names ${name}, which is not a partition column`,
        );
      }
      const type = props[`projection.${column}.type`];
      if (type === undefined) {
        throw new CatalogError(
          `HIVE_METASTORE_ERROR: Table ${table.name} is missing projection configuration for column ${column}`,
        );
      }
      columns.push(column);
      if (type === 'date') {
        const format = props[`projection.${column}.format`] ?? 'yyyy-MM-dd';
        const [low, high] = (props[`projection.${column}.range`] ?? '').split(',');
        const from = low === undefined ? undefined : rangeBound(low, format, nowMs);
        const to = high === undefined ? undefined : rangeBound(high, format, nowMs);
        checks.push((values) => {
          const ms = parseProjectedDate(values[column] ?? '', format);
          return ms !== undefined && (from === undefined || ms >= from) && (to === undefined || ms <= to);
        });
        return `(${datePatternRegex(format)})`;
      }
      if (type === 'enum') {
        const allowed = new Set((props[`projection.${column}.values`] ?? '').split(',').map((v) => v.trim()));
        checks.push((values) => allowed.has(values[column] ?? ''));
        return '([^/]+)';
      }
      if (type === 'integer') {
        const [low, high] = (props[`projection.${column}.range`] ?? '').split(',').map(Number);
        checks.push((values) => {
          const n = Number(values[column]);
          return Number.isInteger(n) && (low === undefined || n >= low) && (high === undefined || n <= high);
        });
        return '(\\d+)';
      }
      return '([^/]+)';
    },
  );
  return {
    regex: new RegExp(`^${pattern}(?:/|$)`),
    columns,
    accepts: (values) => checks.every((check) => check(values)),
  };
}

function objectsUnder(db: Db, bucket: string, prefix: string): ObjectRow[] {
  const rows: ObjectRow[] = [];
  let after = '';
  for (;;) {
    const page = objectsAfter(db, bucket, prefix, after, 5000);
    rows.push(...page);
    if (page.length < 5000) {
      return rows;
    }
    after = page[page.length - 1]?.key ?? after;
  }
}

/** Folders Athena's CloudTrail tables should not read (digests and insights are other formats). */
const SKIPPED = /\/CloudTrail-(Digest|Insight|NetworkActivity)\/|\/$|_\$folder\$$/;

export function tableFiles(db: Db, scope: Scope, table: TableDefinition, nowMs: number): TableFile[] {
  const location = parseS3Url(table.location ?? '');
  const toFile = (row: ObjectRow, partition: Record<string, string>): TableFile => ({
    bucket: row.bucket,
    key: row.key,
    file: row.file,
    size: row.size,
    version: `${row.etag}:${row.size}`,
    partition,
  });
  if (table.partitionKeys.length === 0) {
    return objectsUnder(db, location.bucket, location.prefix)
      .filter((row) => !SKIPPED.test(row.key))
      .map((row) => toFile(row, {}));
  }
  if (table.properties['projection.enabled']?.toLowerCase() === 'true') {
    const projection = projectionOf(table, nowMs);
    const template = parseS3Url(table.properties['storage.location.template'] ?? table.location ?? '');
    const fixedPrefix = template.prefix.split('${')[0] ?? '';
    const files: TableFile[] = [];
    for (const row of objectsUnder(db, template.bucket, fixedPrefix)) {
      const m = projection.regex.exec(row.key);
      if (!m || SKIPPED.test(row.key)) {
        continue;
      }
      const values = Object.fromEntries(projection.columns.map((c, i) => [c, m[i + 1] ?? '']));
      if (projection.accepts(values)) {
        files.push(toFile(row, values));
      }
    }
    return files;
  }
  const files: TableFile[] = [];
  for (const partition of listPartitions(db, scope, table)) {
    const where = parseS3Url(partition.location);
    const prefix = where.prefix === '' || where.prefix.endsWith('/') ? where.prefix : `${where.prefix}/`;
    for (const row of objectsUnder(db, where.bucket, prefix)) {
      if (!SKIPPED.test(row.key)) {
        files.push(toFile(row, partition.values));
      }
    }
  }
  return files;
}
