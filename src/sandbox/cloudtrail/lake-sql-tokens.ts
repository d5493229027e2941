/**
 * The lexer of the CloudTrail Lake (Trino) → SQLite translator: splits a statement into tokens and
 * quotes literals and names for SQLite. Pure: no database access.
 */
import { SandboxServiceError } from '../types.js';

export type TokenKind = 'ws' | 'string' | 'number' | 'ident' | 'qident' | 'op' | 'table';

export interface Token {
  kind: TokenKind;
  text: string;
}

export function invalid(message: string): SandboxServiceError {
  return new SandboxServiceError('InvalidQueryStatementException', message);
}

/** Words that end a FROM list (`FROM a, b WHERE …`). */
const FROM_LIST_END = new Set([
  'where',
  'group',
  'order',
  'limit',
  'offset',
  'having',
  'union',
  'except',
  'intersect',
  'on',
  'using',
  'window',
  'join',
  'select',
]);

const IDENT_START = /[A-Za-z_$]/;
const IDENT_PART = /[A-Za-z0-9_$]/;
const TABLE_PART = /[A-Za-z0-9_$-]/;
const TWO_CHAR_OPS = new Set(['<=', '>=', '<>', '!=', '||']);

/**
 * Splits a statement into tokens. A name after FROM or JOIN is lexed as one `table` token because
 * Lake's store IDs are UUIDs (hyphens included) written unquoted.
 */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let lastWord = '';
  // Inside `FROM a [alias], b …` every name after a comma is a table too, so none escapes the check.
  let inFromList = false;
  while (i < sql.length) {
    const c = sql.charAt(i);
    if (/\s/.test(c)) {
      let j = i;
      while (j < sql.length && /\s/.test(sql.charAt(j))) {
        j++;
      }
      tokens.push({ kind: 'ws', text: ' ' });
      i = j;
      continue;
    }
    if (c === '-' && sql.charAt(i + 1) === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
      continue;
    }
    if (c === '/' && sql.charAt(i + 1) === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) {
        throw invalid('Unterminated comment.');
      }
      i = end + 2;
      tokens.push({ kind: 'ws', text: ' ' });
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= sql.length) {
          throw invalid(c === "'" ? 'Unterminated string literal.' : 'Unterminated quoted identifier.');
        }
        const d = sql.charAt(j);
        if (d === c) {
          if (sql.charAt(j + 1) === c) {
            text += c;
            j += 2;
            continue;
          }
          break;
        }
        text += d;
        j++;
      }
      const kind: TokenKind =
        c === "'" ? 'string' : lastWord === 'from' || lastWord === 'join' ? 'table' : 'qident';
      tokens.push({ kind, text });
      lastWord = '';
      i = j + 1;
      continue;
    }
    if (lastWord === 'from' || lastWord === 'join') {
      if (TABLE_PART.test(c)) {
        let j = i;
        while (j < sql.length && TABLE_PART.test(sql.charAt(j))) {
          j++;
        }
        tokens.push({ kind: 'table', text: sql.slice(i, j) });
        lastWord = '';
        inFromList = true;
        i = j;
        continue;
      }
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql.charAt(i + 1)))) {
      let j = i;
      while (j < sql.length && /[0-9.eE]/.test(sql.charAt(j))) {
        j++;
      }
      tokens.push({ kind: 'number', text: sql.slice(i, j) });
      lastWord = '';
      i = j;
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i;
      while (j < sql.length && IDENT_PART.test(sql.charAt(j))) {
        j++;
      }
      const text = sql.slice(i, j);
      tokens.push({ kind: 'ident', text });
      lastWord = text.toLowerCase();
      if (FROM_LIST_END.has(lastWord)) {
        inFromList = false;
      }
      i = j;
      continue;
    }
    const two = sql.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) {
      tokens.push({ kind: 'op', text: two });
      i += 2;
    } else {
      tokens.push({ kind: 'op', text: c });
      i += 1;
    }
    lastWord = c === ',' && inFromList ? 'from' : '';
    if (c === '(' || c === ')') {
      inFromList = false;
    }
  }
  return tokens;
}

export function quoteString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function quoteIdent(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}
