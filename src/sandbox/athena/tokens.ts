/** A small SQL tokenizer for the Athena dialect: enough to rewrite Trino SQL and read Hive DDL. */
export type TokenKind = 'word' | 'quoted' | 'backtick' | 'string' | 'number' | 'symbol' | 'space';

export interface Token {
  kind: TokenKind;
  text: string;
}

export class SqlSyntaxError extends Error {}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] ?? '';
    const rest = sql.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^(\s+|--[^\n]*|\/\*[\s\S]*?\*\/)/.exec(rest))) {
      tokens.push({ kind: 'space', text: m[0] });
    } else if (ch === "'") {
      let j = i + 1;
      for (;;) {
        const k = sql.indexOf("'", j);
        if (k === -1) {
          throw new SqlSyntaxError(`line 1:${i + 1}: unterminated string literal`);
        }
        if (sql[k + 1] === "'") {
          j = k + 2;
          continue;
        }
        tokens.push({ kind: 'string', text: sql.slice(i, k + 1) });
        i = k + 1;
        break;
      }
      continue;
    } else if (ch === '"' || ch === '`') {
      const k = sql.indexOf(ch, i + 1);
      if (k === -1) {
        throw new SqlSyntaxError(`line 1:${i + 1}: unterminated quoted identifier`);
      }
      tokens.push({ kind: ch === '"' ? 'quoted' : 'backtick', text: sql.slice(i, k + 1) });
      i = k + 1;
      continue;
    } else if ((m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(rest))) {
      tokens.push({ kind: 'word', text: m[0] });
    } else if ((m = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest))) {
      tokens.push({ kind: 'number', text: m[0] });
    } else if ((m = /^(<>|!=|<=|>=|\|\||->|::)/.exec(rest))) {
      tokens.push({ kind: 'symbol', text: m[0] });
    } else {
      tokens.push({ kind: 'symbol', text: ch });
    }
    i += tokens[tokens.length - 1]?.text.length ?? 1;
  }
  return tokens;
}

/** The identifier a word, "quoted" or `backtick` token names (lower case: Athena folds case). */
export function identifierOf(token: Token | undefined): string | undefined {
  if (!token) {
    return undefined;
  }
  if (token.kind === 'word') {
    return token.text.toLowerCase();
  }
  if (token.kind === 'quoted' || token.kind === 'backtick') {
    return token.text.slice(1, -1).toLowerCase();
  }
  return undefined;
}

export function stringValue(token: Token | undefined): string | undefined {
  return token?.kind === 'string' ? token.text.slice(1, -1).replace(/''/g, "'") : undefined;
}

export const isWord = (token: Token | undefined, word: string): boolean =>
  token?.kind === 'word' && token.text.toUpperCase() === word;

/** Tokens without whitespace and comments. */
export function solid(tokens: readonly Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'space');
}

export function render(tokens: readonly Token[]): string {
  return tokens.map((t) => t.text).join('');
}
