/**
 * Query results as Athena keeps them: `<id>.csv` (every value quoted, NULL as an empty field, a
 * header row) and `<id>.csv.metadata` beside it in the output location, read back page by page by
 * GetQueryResults. Values are rendered the way Athena's engine prints them (ROW as `{a=1, b=x}`,
 * arrays as `[a, b]`, timestamps with milliseconds).
 */
import type { EngineColumn } from '../engine/duckdb.js';

export interface ColumnInfo {
  CatalogName: string;
  SchemaName: string;
  TableName: string;
  Name: string;
  Label: string;
  Type: string;
  Precision: number;
  Scale: number;
  Nullable: 'UNKNOWN';
  CaseSensitive: boolean;
}

function athenaType(duck: string): { type: string; precision: number; scale: number } {
  const t = duck.toUpperCase();
  if (t === 'VARCHAR') {
    return { type: 'varchar', precision: 2147483647, scale: 0 };
  }
  if (t === 'BIGINT' || t === 'HUGEINT' || t === 'UBIGINT') {
    return { type: 'bigint', precision: 19, scale: 0 };
  }
  if (t === 'INTEGER' || t === 'SMALLINT' || t === 'TINYINT' || t === 'UINTEGER') {
    return { type: 'integer', precision: 10, scale: 0 };
  }
  if (t === 'DOUBLE' || t === 'FLOAT') {
    return { type: 'double', precision: 17, scale: 0 };
  }
  if (t === 'BOOLEAN') {
    return { type: 'boolean', precision: 0, scale: 0 };
  }
  if (t === 'DATE') {
    return { type: 'date', precision: 0, scale: 0 };
  }
  if (t.startsWith('TIMESTAMP WITH TIME ZONE')) {
    return { type: 'timestamp with time zone', precision: 3, scale: 0 };
  }
  if (t.startsWith('TIMESTAMP')) {
    return { type: 'timestamp', precision: 3, scale: 0 };
  }
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(t);
  if (decimal) {
    return { type: 'decimal', precision: Number(decimal[1]), scale: Number(decimal[2]) };
  }
  if (t.startsWith('STRUCT')) {
    return { type: 'row', precision: 0, scale: 0 };
  }
  if (t.startsWith('MAP')) {
    return { type: 'map', precision: 0, scale: 0 };
  }
  if (t.endsWith('[]')) {
    return { type: 'array', precision: 0, scale: 0 };
  }
  if (t === 'JSON') {
    return { type: 'json', precision: 0, scale: 0 };
  }
  return { type: 'varchar', precision: 2147483647, scale: 0 };
}

/** Athena labels an expression without an alias `_colN`; names are lower case. */
export function outputName(name: string, index: number): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name.toLowerCase() : `_col${index}`;
}

export function columnInfo(columns: readonly EngineColumn[]): ColumnInfo[] {
  return columns.map((column, i) => {
    const { type, precision, scale } = athenaType(column.type);
    const name = outputName(column.name, i);
    return {
      CatalogName: 'hive',
      SchemaName: '',
      TableName: '',
      Name: name,
      Label: name,
      Type: type,
      Precision: precision,
      Scale: scale,
      Nullable: 'UNKNOWN',
      CaseSensitive: type === 'varchar',
    };
  });
}

function renderNested(value: unknown): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  if (Array.isArray(value)) {
    if (
      value.every(
        (v) =>
          v !== null &&
          typeof v === 'object' &&
          !Array.isArray(v) &&
          'key' in v &&
          'value' in v &&
          Object.keys(v).length === 2,
      )
    ) {
      // DuckDB hands maps over as [{key, value}]; Athena prints {k=v}.
      return `{${value.map((v) => `${renderNested((v as { key: unknown }).key)}=${renderNested((v as { value: unknown }).value)}`).join(', ')}}`;
    }
    return `[${value.map(renderNested).join(', ')}]`;
  }
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k.toLowerCase()}=${renderNested(v)}`)
      .join(', ')}}`;
  }
  return String(value as string | number | boolean);
}

/** One value as Athena prints it; undefined for NULL. */
export function renderValue(value: unknown, duckType: string): string | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  const t = duckType.toUpperCase();
  if (t.startsWith('TIMESTAMP') && typeof value === 'string') {
    const m = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(\.\d+)?([+-]\d{2}(?::?\d{2})?)?$/.exec(value);
    if (m) {
      const ms = `${(m[2] ?? '.000').slice(0, 4).padEnd(4, '0')}`;
      return `${m[1]}${ms}${t.includes('TIME ZONE') ? ' UTC' : ''}`;
    }
  }
  if (typeof value === 'object') {
    return renderNested(value);
  }
  return String(value as string | number | boolean);
}

const csvField = (value: string | undefined): string =>
  value === undefined ? '' : `"${value.replace(/"/g, '""')}"`;

export function toCsv(names: readonly string[], rows: readonly (string | undefined)[][]): string {
  const lines = [names.map(csvField).join(',')];
  for (const row of rows) {
    lines.push(row.map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Parses Athena's CSV back: a quoted empty field is '', an unquoted empty one is NULL. */
export function parseCsv(text: string): (string | undefined)[][] {
  const rows: (string | undefined)[][] = [];
  let row: (string | undefined)[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let value = '';
      i += 1;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          value += text.slice(i);
          i = text.length;
          break;
        }
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      row.push(value);
    } else {
      let end = i;
      while (end < text.length && text[end] !== ',' && text[end] !== '\n') {
        end += 1;
      }
      const raw = text.slice(i, end);
      row.push(raw === '' ? undefined : raw);
      i = end;
    }
    if (text[i] === ',') {
      i += 1;
      if (i >= text.length || text[i] === '\n') {
        row.push(undefined);
      }
    }
    if (i >= text.length || text[i] === '\n') {
      rows.push(row);
      row = [];
      i += 1;
    }
  }
  return rows;
}
