/**
 * Translates CloudTrail Lake SQL (Trino) into SQLite, token by token. Pure: no database access.
 *
 * The translation relies on the store view built by lake.ts, whose columns carry Lake's names
 * (SQLite, like Trino, compares identifiers case-insensitively). Nested columns (userIdentity,
 * requestParameters, responseElements, additionalEventData, resources, tlsDetails) are JSON text
 * in hidden `__name` columns; field access, subscripts and element_at become calls to the helper
 * functions lake.ts registers (fshare_field, fshare_element_at …). A bare nested column in the
 * outermost select list is rendered the way Trino prints maps and structs ({k=v, …}).
 * The lexer is lake-sql-tokens.ts; the columns, keywords and function names are lake-sql-vocabulary.ts;
 * the read-only questions about the token stream (CTE names, aliases, column references) are
 * lake-sql-structure.ts.
 */
import { SandboxServiceError } from '../types.js';
import { invalid, quoteIdent, quoteString, tokenize, type Token } from './lake-sql-tokens.js';
import {
  columnRef,
  cteNamesOf,
  isAtTopLevel,
  isInsideCast,
  isOp,
  isWord,
  splitSelectAlias,
  splitSelectItems,
} from './lake-sql-structure.js';
import {
  castType,
  FORBIDDEN,
  FUNCTION_RENAMES,
  hiddenColumn,
  identChain,
  isKeyword,
  likeToGlob,
  NESTED,
  NESTED_COLUMNS,
  NO_PAREN_NOW,
  SCALAR,
  SCALAR_COLUMNS,
  timestampLiteral,
} from './lake-sql-vocabulary.js';

export interface TranslateOptions {
  /** Store IDs the caller may query (FROM targets), matched case-insensitively. */
  storeIds: readonly string[];
  /** The sandbox clock as Lake prints timestamps: 'YYYY-MM-DD HH:MM:SS.000'. */
  now: string;
}

export interface Translation {
  /** SQLite SELECT over views named by `quoteIdent(storeId)`; the caller prepends their CTEs. */
  sql: string;
  /** The stores named in FROM, in their canonical spelling. */
  storeIds: string[];
  /** Whether the statement began with its own WITH clause (the caller must merge CTE lists). */
  hasWith: boolean;
}

class Translator {
  private readonly tokens: Token[];
  private pos = 0;
  private readonly out: string[] = [];
  private readonly stores = new Map<string, string>();
  private readonly usedStores: string[] = [];
  private readonly cteNames = new Set<string>();

  constructor(
    sql: string,
    private readonly options: TranslateOptions,
  ) {
    this.tokens = tokenize(sql).filter((t) => t.kind !== 'ws');
    for (const id of options.storeIds) {
      this.stores.set(id.toLowerCase(), id);
    }
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  translate(): Translation {
    while (isOp(this.tokens[this.tokens.length - 1], ';')) {
      this.tokens.pop();
    }
    const first = this.peek();
    if (first === undefined) {
      throw invalid('The query statement is empty.');
    }
    if (!isWord(first, 'select') && !isWord(first, 'with')) {
      throw invalid(`Only SELECT statements are supported; the statement begins with '${first.text}'.`);
    }
    for (const token of this.tokens) {
      if (token.kind === 'ident' && FORBIDDEN.has(token.text.toLowerCase())) {
        throw invalid(`Unsupported keyword '${token.text}': CloudTrail Lake runs SELECT statements only.`);
      }
      if (isOp(token, ';')) {
        throw invalid('Only one statement may be submitted.');
      }
    }
    const hasWith = isWord(first, 'with');
    if (hasWith) {
      for (const name of cteNamesOf(this.tokens)) {
        this.cteNames.add(name);
      }
    }
    let firstSelectDone = false;
    while (this.pos < this.tokens.length) {
      const token = this.peek();
      if (!firstSelectDone && isWord(token, 'select') && isAtTopLevel(this.tokens, this.pos)) {
        this.selectList();
        firstSelectDone = true;
        continue;
      }
      this.expressionToken();
    }
    if (this.usedStores.length === 0) {
      throw invalid('The query must name an event data store ID in its FROM clause.');
    }
    return { sql: this.out.join(' '), storeIds: [...new Set(this.usedStores)], hasWith };
  }

  /** Translates the outermost select list, naming each column as Lake would. */
  private selectList(): void {
    this.out.push('SELECT');
    this.pos++;
    if (isWord(this.peek(), 'distinct') || isWord(this.peek(), 'all')) {
      this.out.push(this.tokens[this.pos]?.text.toUpperCase() ?? '');
      this.pos++;
    }
    const { items, end } = splitSelectItems(this.tokens, this.pos);
    this.pos = end;
    const rendered = items.map((item, index) => this.selectItem(item, index));
    this.out.push(rendered.join(', '));
  }

  private selectItem(item: Token[], index: number): string {
    if (item.length === 0) {
      throw invalid('Empty item in the select list.');
    }
    if (item.length === 1 && isOp(item[0], '*')) {
      return [
        ...SCALAR_COLUMNS.map((c) => quoteIdent(c)),
        ...NESTED_COLUMNS.map((c) => this.renderNested(c, c)),
      ].join(', ');
    }
    const split = splitSelectAlias(item);
    const body = split.body;
    let alias = split.alias;
    const chain = identChain(body);
    if (alias === undefined) {
      alias = chain !== undefined ? (chain[chain.length - 1] ?? `_col${index}`) : `_col${index}`;
    }
    if (chain !== undefined && chain.length === 1) {
      const nested = NESTED.get((chain[0] ?? '').toLowerCase());
      if (nested !== undefined) {
        return this.renderNested(nested, alias);
      }
    }
    const sub = new Translator('', this.options);
    sub.shareState(this);
    const sql = sub.translateFragment(body);
    for (const id of sub.usedStores) {
      this.usedStores.push(id);
    }
    return `${sql} AS ${quoteIdent(alias)}`;
  }

  private renderNested(nested: string, alias: string): string {
    return `fshare_render(${hiddenColumn(nested)}) AS ${quoteIdent(alias)}`;
  }

  private shareState(parent: Translator): void {
    for (const [k, v] of parent.stores) {
      this.stores.set(k, v);
    }
    for (const name of parent.cteNames) {
      this.cteNames.add(name);
    }
  }

  private translateFragment(tokens: Token[]): string {
    this.tokens.splice(0, this.tokens.length, ...tokens);
    this.pos = 0;
    while (this.pos < this.tokens.length) {
      this.expressionToken();
    }
    return this.out.join(' ');
  }

  /** Emits the translation of the token at `pos` (and any tokens it consumes with it). */
  private expressionToken(): void {
    const t = this.peek();
    if (t === undefined) {
      return;
    }
    switch (t.kind) {
      case 'table':
        this.pos++;
        this.out.push(this.tableName(t.text));
        return;
      case 'string':
        this.pos++;
        this.out.push(this.postfix(quoteString(timestampLiteral(t.text))));
        return;
      case 'number':
      case 'op':
        this.pos++;
        this.out.push(t.text);
        return;
      case 'qident':
      case 'ident':
        this.identifier();
        return;
      default:
        this.pos++;
    }
  }

  private tableName(name: string): string {
    // EXTRACT(x FROM col) and SUBSTRING(s FROM n) put an operand, not a table, after FROM.
    if (/^[0-9]+$/.test(name)) {
      return name;
    }
    if (SCALAR.has(name.toLowerCase()) || NESTED.has(name.toLowerCase())) {
      return columnRef([name]);
    }
    if (name.toLowerCase() === 'unnest' || name.toLowerCase() === 'lateral') {
      throw invalid(
        `${name.toUpperCase()} is not supported by the sandbox; use element_at(resources, n).arn or json functions.`,
      );
    }
    const store = this.stores.get(name.toLowerCase());
    if (store !== undefined) {
      this.usedStores.push(store);
      return quoteIdent(store);
    }
    if (this.cteNames.has(name.toLowerCase())) {
      return quoteIdent(name);
    }
    throw new SandboxServiceError(
      'EventDataStoreNotFoundException',
      `The event data store ${name} named in FROM was not found.`,
    );
  }

  private identifier(): void {
    const t = this.peek();
    if (t === undefined) {
      return;
    }
    const lower = t.text.toLowerCase();
    if (t.kind === 'ident') {
      // `timestamp '…'`, `date '…'`: Lake's literals are the strings themselves in the view.
      if ((lower === 'timestamp' || lower === 'date') && this.peek(1)?.kind === 'string') {
        this.pos++;
        return;
      }
      if (lower === 'like' && this.peek(1)?.kind === 'string' && !isWord(this.peek(2), 'escape')) {
        // SQLite's LIKE ignores case; Trino's does not. GLOB with the pattern translated is exact.
        this.out.push('GLOB', quoteString(likeToGlob(this.peek(1)?.text ?? '')));
        this.pos += 2;
        return;
      }
      if (lower === 'try_cast') {
        // SQLite's CAST never fails, which is what TRY_CAST promises.
        this.pos++;
        this.out.push('CAST');
        return;
      }
      if (lower === 'true' || lower === 'false') {
        this.pos++;
        this.out.push(quoteString(lower));
        return;
      }
      if (lower === 'interval') {
        throw invalid(
          'INTERVAL arithmetic is not supported by the sandbox; use date_add(unit, n, timestamp).',
        );
      }
      if (NO_PAREN_NOW.has(lower)) {
        this.pos++;
        this.out.push(this.postfix(quoteString(this.options.now)));
        return;
      }
      if (lower === 'current_date') {
        this.pos++;
        this.out.push(quoteString(this.options.now.slice(0, 10)));
        return;
      }
      if (isOp(this.peek(1), '(') && !isKeyword(lower)) {
        this.functionCall(t.text);
        return;
      }
      if (lower === 'as') {
        // CAST(x AS type): Trino type names SQLite would read with the wrong affinity.
        const type = this.peek(1);
        if (type !== undefined && type.kind === 'ident' && isInsideCast(this.tokens, this.pos)) {
          this.pos += 2;
          this.out.push('AS', castType(type.text));
          return;
        }
      }
    }
    const parts: string[] = [t.text];
    this.pos++;
    while (isOp(this.peek(), '.') && (this.peek(1)?.kind === 'ident' || this.peek(1)?.kind === 'qident')) {
      parts.push(this.peek(1)?.text ?? '');
      this.pos += 2;
    }
    if (isOp(this.peek(), '.') && isOp(this.peek(1), '*')) {
      this.pos += 2;
      this.out.push(`${parts.map(quoteIdent).join('.')}.*`);
      return;
    }
    if (parts.length === 1 && t.kind === 'ident' && !NESTED.has(lower)) {
      // Keywords, aliases and plain columns pass through as written.
      this.out.push(this.postfix(t.text));
      return;
    }
    this.out.push(this.postfix(columnRef(parts)));
  }

  /** Applies `[key]` subscripts and `.field` accesses that follow an expression. */
  private postfix(expr: string): string {
    let result = expr;
    for (;;) {
      if (isOp(this.peek(), '[')) {
        this.pos++;
        const inner = this.collectUntilClose('[', ']');
        result = `fshare_element_at(${result}, ${inner})`;
        continue;
      }
      if (isOp(this.peek(), '.') && (this.peek(1)?.kind === 'ident' || this.peek(1)?.kind === 'qident')) {
        result = `fshare_field(${result}, ${quoteString(this.peek(1)?.text ?? '')})`;
        this.pos += 2;
        continue;
      }
      return result;
    }
  }

  /** Translates tokens up to the matching close bracket (consumed) and returns the text. */
  private collectUntilClose(open: string, close: string): string {
    const start = this.out.length;
    let depth = 0;
    while (this.pos < this.tokens.length) {
      const t = this.peek();
      if (isOp(t, open)) {
        depth++;
      } else if (isOp(t, close)) {
        if (depth === 0) {
          this.pos++;
          break;
        }
        depth--;
      }
      this.expressionToken();
    }
    const inner = this.out.splice(start).join(' ');
    return inner;
  }

  private functionCall(name: string): void {
    const lower = name.toLowerCase();
    this.pos += 2; // name (
    if (lower === 'now') {
      this.collectUntilClose('(', ')');
      this.out.push(this.postfix(quoteString(this.options.now)));
      return;
    }
    if (lower === 'approx_distinct') {
      const inner = this.collectUntilClose('(', ')');
      this.out.push(this.postfix(`count(DISTINCT ${inner})`));
      return;
    }
    if (lower === 'unnest') {
      throw invalid(
        'UNNEST is not supported by the sandbox; use element_at(resources, n).arn or json functions.',
      );
    }
    const inner = this.collectUntilClose('(', ')');
    const renamed = FUNCTION_RENAMES[lower];
    const callee = renamed ?? name;
    this.out.push(this.postfix(callee === '' ? `(${inner})` : `${callee}(${inner})`));
  }
}

/** Translates a Lake statement; throws InvalidQueryStatementException / EventDataStoreNotFoundException. */
export function translateLakeSql(statement: string, options: TranslateOptions): Translation {
  return new Translator(statement, options).translate();
}
