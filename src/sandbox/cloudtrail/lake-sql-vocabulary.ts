/**
 * What the CloudTrail Lake translator knows about Lake's language: the store view's columns, the
 * statements it refuses, Trino's keywords and functions with their SQLite spelling, and the small
 * pure rewrites of casts, LIKE patterns and timestamp literals.
 */
import type { Token } from './lake-sql-tokens.js';

/** Columns of a store view, as Lake names them (lower-cased for lookups). */
export const SCALAR_COLUMNS = [
  'eventVersion',
  'eventSource',
  'eventName',
  'eventTime',
  'eventCategory',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'errorMessage',
  'requestID',
  'eventID',
  'readOnly',
  'recipientAccountId',
  'sharedEventID',
  'managementEvent',
  'eventType',
  'apiVersion',
  'vpcEndpointId',
] as const;

export const NESTED_COLUMNS = [
  'userIdentity',
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'resources',
  'tlsDetails',
] as const;

export const NESTED = new Map<string, string>(NESTED_COLUMNS.map((name) => [name.toLowerCase(), name]));
export const SCALAR = new Set<string>(SCALAR_COLUMNS.map((name) => name.toLowerCase()));

export function hiddenColumn(nested: string): string {
  return `"__${nested.toLowerCase()}"`;
}

// A SELECT cannot change SQLite anyway (StartQuery refuses non-readers); these fail early with
// Lake's error instead of a SQLite one.
export const FORBIDDEN = new Set([
  'insert',
  'update',
  'delete',
  'drop',
  'create',
  'alter',
  'attach',
  'detach',
  'pragma',
  'vacuum',
  'reindex',
  'recursive',
]);

/** Trino functions with a different SQLite spelling or a sandbox helper. */
export const FUNCTION_RENAMES: Record<string, string> = {
  element_at: 'fshare_element_at',
  json_extract_scalar: 'fshare_json_extract',
  json_extract: 'fshare_json_extract',
  json_format: '',
  json_parse: '',
  cardinality: 'fshare_cardinality',
  contains: 'fshare_contains',
  date_add: 'fshare_date_add',
  date_diff: 'fshare_date_diff',
  date_trunc: 'fshare_date_trunc',
  from_iso8601_timestamp: 'fshare_timestamp',
  to_iso8601: 'fshare_to_iso8601',
  regexp_like: 'fshare_regexp_like',
  strpos: 'instr',
  split_part: 'fshare_split_part',
  starts_with: 'fshare_starts_with',
};

export const NO_PAREN_NOW = new Set(['current_timestamp', 'localtimestamp']);

const KEYWORDS = new Set([
  'select',
  'from',
  'where',
  'and',
  'or',
  'not',
  'null',
  'is',
  'in',
  'as',
  'on',
  'by',
  'group',
  'order',
  'limit',
  'asc',
  'desc',
  'distinct',
  'case',
  'when',
  'then',
  'else',
  'end',
  'like',
  'between',
  'having',
  'union',
  'join',
  'true',
  'false',
  'exists',
  'with',
  'intersect',
  'except',
  'all',
  'any',
  'over',
  'partition',
  'filter',
  'left',
  'right',
  'inner',
  'outer',
  'cross',
  'full',
  'offset',
  'cast',
  'try_cast',
  'values',
]);

export function isKeyword(word: string): boolean {
  return KEYWORDS.has(word.toLowerCase());
}

export function castType(type: string): string {
  const lower = type.toLowerCase();
  if (
    lower === 'varchar' ||
    lower === 'timestamp' ||
    lower === 'date' ||
    lower === 'char' ||
    lower === 'json'
  ) {
    return 'TEXT';
  }
  if (
    lower === 'bigint' ||
    lower === 'integer' ||
    lower === 'int' ||
    lower === 'smallint' ||
    lower === 'tinyint'
  ) {
    return 'INTEGER';
  }
  if (lower === 'double' || lower === 'real' || lower === 'decimal') {
    return 'REAL';
  }
  if (lower === 'boolean') {
    return 'TEXT';
  }
  return type;
}

/** A LIKE pattern as the equivalent GLOB pattern: % → *, _ → ?, GLOB's own wildcards made literal. */
export function likeToGlob(pattern: string): string {
  let glob = '';
  for (const c of pattern) {
    if (c === '%') {
      glob += '*';
    } else if (c === '_') {
      glob += '?';
    } else if (c === '*' || c === '?' || c === '[') {
      glob += `[${c}]`;
    } else {
      glob += c;
    }
  }
  return glob;
}

/**
 * Lake compares eventTime with strings such as '2023-01-22 00:00:00' by casting them to timestamps;
 * the view holds 'YYYY-MM-DD HH:MM:SS.fff' text, so a literal without fraction gets '.000' and the
 * text comparison agrees with Trino's at the boundary (equal stays equal).
 */
export function timestampLiteral(text: string): string {
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text) ? `${text}.000` : text;
}

/** The parts of `a.b.c` if the tokens are exactly one identifier chain. */
export function identChain(tokens: Token[]): string[] | undefined {
  if (tokens.length === 0 || tokens.length % 2 === 0) {
    return undefined;
  }
  const parts: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined) {
      return undefined;
    }
    if (i % 2 === 0) {
      if (t.kind !== 'ident' && t.kind !== 'qident') {
        return undefined;
      }
      parts.push(t.text);
    } else if (!(t.kind === 'op' && t.text === '.')) {
      return undefined;
    }
  }
  return parts;
}
