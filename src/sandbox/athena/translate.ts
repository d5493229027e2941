/**
 * Athena (Trino) SQL on DuckDB. Most of the dialect is shared; where it is not, the engine gets
 * macros (json_extract_scalar, from_iso8601_timestamp, …: see engine setup) rather than rewritten
 * text. What is rewritten here: catalog tables become CTEs over the files they cover (only the
 * columns the query names, so the JSON reader materialises little), `db.table` loses its
 * qualifier, and the query's top-level WHERE conjuncts that touch only partition columns are
 * lifted out to prune the files read. Statements that could reach past the catalog (DuckDB's file
 * readers, ATTACH, COPY, PRAGMA, …) are refused.
 */
import { SqlSyntaxError, identifierOf, isWord, render, tokenize, type Token } from './tokens.js';

export interface TableReference {
  database: string | undefined;
  name: string;
  /** Index range in the full token list: the qualified name. */
  start: number;
  end: number;
}

const FORBIDDEN_FUNCTIONS =
  /^(read_\w+|glob|parquet_\w+|sniff_csv|query|query_table|iceberg_\w+|delta_scan|getenv|duckdb_\w+|pragma_\w+|which_secret|load_aws_credentials|sqlite_\w+|postgres_\w+|mysql_\w+)$/i;
const STATEMENT_STARTS = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE']);

const KEYWORDS = new Set(
  `AND OR NOT IN IS NULL LIKE BETWEEN TRUE FALSE CASE WHEN THEN ELSE END CAST AS TRY_CAST DATE TIMESTAMP INTERVAL
   DAY DAYS HOUR HOURS MINUTE MINUTES SECOND SECONDS MONTH MONTHS YEAR YEARS ESCAPE ARRAY MAP ROW VARCHAR BIGINT
   INTEGER DOUBLE BOOLEAN DISTINCT EXISTS ANY SOME ALL ILIKE SIMILAR TO ZONE AT TIME WITH`
    .split(/\s+/)
    .filter(Boolean),
);

function nextSolid(tokens: readonly Token[], from: number): number {
  let i = from;
  while (i < tokens.length && tokens[i]?.kind === 'space') {
    i += 1;
  }
  return i;
}

function prevSolid(tokens: readonly Token[], from: number): number {
  let i = from;
  while (i >= 0 && tokens[i]?.kind === 'space') {
    i -= 1;
  }
  return i;
}

/** Refuses anything but a query, and any DuckDB feature that reads outside the catalog. */
export function assertSafeQuery(tokens: readonly Token[]): void {
  const first = tokens[nextSolid(tokens, 0)];
  if (!first || first.kind !== 'word' || !STATEMENT_STARTS.has(first.text.toUpperCase())) {
    throw new SqlSyntaxError(
      `line 1:1: mismatched input '${first?.text ?? '<EOF>'}'. Expecting: 'ALTER', 'CREATE', 'DESCRIBE', 'DROP', 'SELECT', 'SHOW', 'WITH', <query>`,
    );
  }
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    if (token?.kind === 'symbol' && token.text === ';' && nextSolid(tokens, i + 1) < tokens.length) {
      throw new SqlSyntaxError('line 1:1: Only one sql statement is allowed.');
    }
    if (token?.kind !== 'word') {
      continue;
    }
    const after = tokens[nextSolid(tokens, i + 1)];
    if (FORBIDDEN_FUNCTIONS.test(token.text) && after?.text === '(') {
      throw new SqlSyntaxError(`line 1:1: Function '${token.text.toLowerCase()}' not registered`);
    }
    if ((isWord(token, 'FROM') || isWord(token, 'JOIN')) && after?.kind === 'string') {
      throw new SqlSyntaxError(`line 1:1: mismatched input ${after.text}. Expecting: a table name`);
    }
  }
}

/** Tables named after FROM or JOIN (not subqueries, not UNNEST or other table functions). */
export function tableReferences(tokens: readonly Token[]): TableReference[] {
  const refs: TableReference[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    if (!isWord(tokens[i], 'FROM') && !isWord(tokens[i], 'JOIN')) {
      continue;
    }
    const start = nextSolid(tokens, i + 1);
    const first = identifierOf(tokens[start]);
    if (first === undefined || isWord(tokens[start], 'UNNEST') || isWord(tokens[start], 'LATERAL')) {
      continue;
    }
    const dot = nextSolid(tokens, start + 1);
    if (tokens[dot]?.text === '.') {
      const second = nextSolid(tokens, dot + 1);
      const name = identifierOf(tokens[second]);
      if (name !== undefined && tokens[nextSolid(tokens, second + 1)]?.text !== '(') {
        refs.push({ database: first, name, start, end: second });
      }
      continue;
    }
    if (tokens[dot]?.text !== '(') {
      refs.push({ database: undefined, name: first, start, end: start });
    }
  }
  return refs;
}

/** Every identifier the query mentions (for column projection), lower case. */
export function mentionedIdentifiers(tokens: readonly Token[]): Set<string> {
  const names = new Set<string>();
  for (const token of tokens) {
    const name = identifierOf(token);
    if (name !== undefined) {
      names.add(name);
    }
  }
  return names;
}

/** Whether the query selects `*` (or `t.*`) somewhere: then every column is needed. */
export function selectsStar(tokens: readonly Token[]): boolean {
  return tokens.some((token, i) => {
    if (token.kind !== 'symbol' || token.text !== '*') {
      return false;
    }
    const before = tokens[prevSolid(tokens, i - 1)];
    return (
      before !== undefined &&
      (isWord(before, 'SELECT') || before.text === ',' || before.text === '.' || isWord(before, 'DISTINCT'))
    );
  });
}

const CLAUSE_ENDS = new Set([
  'GROUP',
  'ORDER',
  'LIMIT',
  'HAVING',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'WINDOW',
  'OFFSET',
  'FETCH',
]);

/** The top-level WHERE's conjuncts, as token lists (BETWEEN … AND … kept whole). */
export function topLevelConjuncts(tokens: readonly Token[]): Token[][] {
  let depth = 0;
  let where = -1;
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i];
    if (t?.text === '(') {
      depth += 1;
    } else if (t?.text === ')') {
      depth -= 1;
    } else if (depth === 0 && isWord(t, 'WHERE')) {
      where = i;
      break;
    }
  }
  if (where === -1) {
    return [];
  }
  const conjuncts: Token[][] = [];
  let current: Token[] = [];
  let pendingBetween = 0;
  depth = 0;
  for (let i = where + 1; i < tokens.length; i += 1) {
    const t = tokens[i];
    if (!t) {
      break;
    }
    if (t.text === '(') {
      depth += 1;
    } else if (t.text === ')') {
      depth -= 1;
      if (depth < 0) {
        break;
      }
    }
    if (depth === 0 && (t.text === ';' || (t.kind === 'word' && CLAUSE_ENDS.has(t.text.toUpperCase())))) {
      break;
    }
    if (depth === 0 && isWord(t, 'BETWEEN')) {
      pendingBetween += 1;
    }
    if (depth === 0 && isWord(t, 'AND')) {
      if (pendingBetween > 0) {
        pendingBetween -= 1;
      } else {
        conjuncts.push(current);
        current = [];
        continue;
      }
    }
    current.push(t);
  }
  conjuncts.push(current);
  return conjuncts.filter((c) => c.some((t) => t.kind !== 'space'));
}

/**
 * A conjunct that names only partition columns, rewritten to stand alone over the partition
 * table (qualifiers dropped), or undefined when it needs anything else.
 */
export function partitionPredicate(
  conjunct: readonly Token[],
  partitionColumns: ReadonlySet<string>,
): string | undefined {
  const out: Token[] = [];
  let names = 0;
  for (let i = 0; i < conjunct.length; i += 1) {
    const token = conjunct[i];
    if (!token) {
      continue;
    }
    const name = identifierOf(token);
    const next = conjunct[nextSolid(conjunct, i + 1)];
    const isFunction = token.kind === 'word' && next?.text === '(';
    if (
      name === undefined ||
      isFunction ||
      (token.kind === 'word' && KEYWORDS.has(token.text.toUpperCase()))
    ) {
      out.push(token);
      continue;
    }
    if (next?.text === '.') {
      // A qualifier (alias or table): keep only the column after it.
      i = nextSolid(conjunct, i + 1);
      continue;
    }
    if (!partitionColumns.has(name)) {
      return undefined;
    }
    names += 1;
    out.push({ kind: 'quoted', text: `"${name}"` });
  }
  return names === 0 ? undefined : render(out);
}

/** Replaces each reference's qualified name by its CTE name and puts the CTEs in front. */
export function withTableCtes(
  tokens: readonly Token[],
  refs: readonly TableReference[],
  ctes: ReadonlyMap<string, string>,
): string {
  const parts: string[] = [];
  let at = 0;
  for (const ref of refs) {
    if (!ctes.has(ref.name)) {
      continue;
    }
    parts.push(render(tokens.slice(at, ref.start)), `"${ref.name}"`);
    at = ref.end + 1;
  }
  parts.push(render(tokens.slice(at)));
  const body = parts.join('').replace(/;\s*$/, '');
  const defs = [...ctes.entries()].map(([name, sql]) => `"${name}" AS (${sql})`).join(',\n');
  if (defs === '') {
    return body;
  }
  const lead = body.match(/^\s*WITH\s+(RECURSIVE\s+)?/i);
  if (lead) {
    return `WITH ${lead[1] ?? ''}${defs},\n${body.slice(lead[0].length)}`;
  }
  return `WITH ${defs}\n${body}`;
}

export { tokenize };

function closingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    if (tokens[i]?.text === '(') {
      depth += 1;
    } else if (tokens[i]?.text === ')') {
      depth -= 1;
      if (depth === 0) {
        return i;
      }
    }
  }
  return -1;
}

/**
 * `T [alias] CROSS JOIN UNNEST(x) AS t(y)` as `(SELECT alias.*, unnest(x) AS y FROM T alias) AS
 * alias`: the same rows (an empty or NULL array gives none), but DuckDB plans a lateral join with
 * a filter above it very slowly, and the select-list unnest fast.
 */
export function rewriteUnnestJoins(sql: string): string {
  const tokens = tokenize(sql);
  for (let i = 0; i < tokens.length; i += 1) {
    if (!isWord(tokens[i], 'CROSS')) {
      continue;
    }
    const join = nextSolid(tokens, i + 1);
    const unnest = nextSolid(tokens, join + 1);
    const open = nextSolid(tokens, unnest + 1);
    if (!isWord(tokens[join], 'JOIN') || !isWord(tokens[unnest], 'UNNEST') || tokens[open]?.text !== '(') {
      continue;
    }
    const close = closingParen(tokens, open);
    let at = nextSolid(tokens, close + 1);
    if (isWord(tokens[at], 'AS')) {
      at = nextSolid(tokens, at + 1);
    }
    const columnsOpen = nextSolid(tokens, at + 1);
    const column = nextSolid(tokens, columnsOpen + 1);
    const columnsClose = nextSolid(tokens, column + 1);
    const columnName = identifierOf(tokens[column]);
    if (
      close === -1 ||
      identifierOf(tokens[at]) === undefined ||
      tokens[columnsOpen]?.text !== '(' ||
      columnName === undefined ||
      tokens[columnsClose]?.text !== ')'
    ) {
      continue;
    }
    // The relation before CROSS: `name`, `name alias` or `name AS alias`, right after FROM.
    const last = prevSolid(tokens, i - 1);
    let first = last;
    let alias = tokens[last];
    const before = prevSolid(tokens, last - 1);
    if (isWord(tokens[before], 'AS')) {
      first = prevSolid(tokens, before - 1);
    } else if (!isWord(tokens[before], 'FROM') && identifierOf(tokens[before]) !== undefined) {
      first = before;
    }
    if (
      !isWord(tokens[prevSolid(tokens, first - 1)], 'FROM') ||
      identifierOf(alias) === undefined ||
      alias === undefined
    ) {
      continue;
    }
    alias = alias.kind === 'word' ? { kind: 'quoted', text: `"${alias.text}"` } : alias;
    const base = render(tokens.slice(first, last + 1));
    const expression = render(tokens.slice(open + 1, close));
    const replacement = `(SELECT ${alias.text}.*, unnest(${expression}) AS "${columnName}" FROM ${base}) AS ${alias.text}`;
    const rewritten = render(tokens.slice(0, first)) + replacement + render(tokens.slice(columnsClose + 1));
    return rewriteUnnestJoins(rewritten);
  }
  return sql;
}
