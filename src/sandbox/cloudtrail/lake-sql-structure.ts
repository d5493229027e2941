/**
 * Read-only questions the CloudTrail Lake translator (lake-sql.ts) asks about a token stream:
 * what a token is, where the outermost SELECT and the WITH names are, whether AS sits inside a
 * CAST, where the select items split and how each names itself, and how a dotted name maps onto
 * the store view. They live apart from the translator because none of them emits SQL or moves
 * its cursor.
 */
import { quoteIdent, quoteString, type Token } from './lake-sql-tokens.js';
import { hiddenColumn, isKeyword, NESTED, SCALAR } from './lake-sql-vocabulary.js';

export function isWord(token: Token | undefined, word: string): boolean {
  return token !== undefined && token.kind === 'ident' && token.text.toLowerCase() === word;
}

export function isOp(token: Token | undefined, op: string): boolean {
  return token !== undefined && token.kind === 'op' && token.text === op;
}

/** Whether the tokens before `pos` leave parentheses balanced (the outermost SELECT sits there). */
export function isAtTopLevel(tokens: readonly Token[], pos: number): boolean {
  let depth = 0;
  for (let i = 0; i < pos; i++) {
    const t = tokens[i];
    if (isOp(t, '(')) {
      depth++;
    } else if (isOp(t, ')')) {
      depth--;
    }
  }
  return depth === 0;
}

/** The lower-cased names a leading WITH list defines, so FROM may name them beside stores. */
export function cteNamesOf(tokens: readonly Token[]): string[] {
  // WITH name AS ( … ), name AS ( … ) SELECT …
  const names: string[] = [];
  let depth = 0;
  let expectName = true;
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined) {
      break;
    }
    if (isOp(t, '(')) {
      depth++;
    } else if (isOp(t, ')')) {
      depth--;
    } else if (depth === 0 && isOp(t, ',')) {
      expectName = true;
    } else if (depth === 0 && expectName && (t.kind === 'ident' || t.kind === 'qident')) {
      names.push(t.text.toLowerCase());
      expectName = false;
    } else if (depth === 0 && isWord(t, 'select')) {
      break;
    }
  }
  return names;
}

/** Whether the token at `pos` is directly inside CAST( … ) or TRY_CAST( … ). */
export function isInsideCast(tokens: readonly Token[], pos: number): boolean {
  let depth = 0;
  for (let i = pos - 1; i >= 0; i--) {
    const t = tokens[i];
    if (isOp(t, ')')) {
      depth++;
    } else if (isOp(t, '(')) {
      if (depth === 0) {
        return isWord(tokens[i - 1], 'cast') || isWord(tokens[i - 1], 'try_cast');
      }
      depth--;
    }
  }
  return false;
}

/**
 * Splits the select list starting at `pos` into its comma-separated items, stopping at the FROM
 * or closing parenthesis that ends it; `end` is the index of that stopping token.
 */
export function splitSelectItems(tokens: readonly Token[], pos: number): { items: Token[][]; end: number } {
  const items: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  let i = pos;
  while (i < tokens.length) {
    const t = tokens[i];
    if (t === undefined) {
      break;
    }
    if (depth === 0 && (isWord(t, 'from') || isOp(t, ')'))) {
      break;
    }
    if (isOp(t, '(')) {
      depth++;
    } else if (isOp(t, ')')) {
      depth--;
    }
    if (depth === 0 && isOp(t, ',')) {
      items.push(current);
      current = [];
    } else {
      current.push(t);
    }
    i++;
  }
  items.push(current);
  return { items, end: i };
}

/** Splits a select item into its expression and the alias written after it, if any. */
export function splitSelectAlias(item: Token[]): { body: Token[]; alias: string | undefined } {
  const last = item[item.length - 1];
  const beforeLast = item[item.length - 2];
  if (last !== undefined && beforeLast !== undefined && (last.kind === 'ident' || last.kind === 'qident')) {
    if (isWord(beforeLast, 'as')) {
      return { body: item.slice(0, -2), alias: last.text };
    }
    if (last.kind === 'qident' || !isKeyword(last.text)) {
      // `expr alias` without AS: the alias follows a complete operand, never an operator or '.'.
      const operandEnd =
        isOp(beforeLast, ')') ||
        beforeLast.kind === 'string' ||
        beforeLast.kind === 'number' ||
        beforeLast.kind === 'qident' ||
        (beforeLast.kind === 'ident' && (!isKeyword(beforeLast.text) || isWord(beforeLast, 'end')));
      if (operandEnd) {
        return { body: item.slice(0, -1), alias: last.text };
      }
    }
  }
  return { body: item, alias: undefined };
}

/** A column reference, with struct field access turned into helper calls. */
export function columnRef(parts: string[]): string {
  const lowered = parts.map((p) => p.toLowerCase());
  // Skip a leading table qualifier (store ID, CTE or alias) when what follows is a Lake column.
  let start = 0;
  if (parts.length > 1 && !NESTED.has(lowered[0] ?? '') && !SCALAR.has(lowered[0] ?? '')) {
    const second = lowered[1] ?? '';
    if (NESTED.has(second) || SCALAR.has(second)) {
      start = 1;
    }
  }
  const head = lowered[start] ?? '';
  const qualifier = start === 1 ? `${quoteIdent(parts[0] ?? '')}.` : '';
  const nested = NESTED.get(head);
  if (nested !== undefined) {
    let expr = `${qualifier}${hiddenColumn(nested)}`;
    for (const field of parts.slice(start + 1)) {
      expr = `fshare_field(${expr}, ${quoteString(field)})`;
    }
    return expr;
  }
  return parts.map(quoteIdent).join('.');
}
