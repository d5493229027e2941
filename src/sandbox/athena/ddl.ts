/**
 * Athena's Hive DDL, read into statements for the Glue catalog: CREATE [EXTERNAL] TABLE (columns,
 * PARTITIONED BY, ROW FORMAT SERDE, STORED AS INPUTFORMAT/OUTPUTFORMAT, LOCATION, TBLPROPERTIES),
 * CREATE/DROP DATABASE, DROP TABLE, ALTER TABLE … ADD PARTITION. Anything else is not DDL.
 */
import { parseHiveType, hiveTypeText } from './hive-types.js';
import { SqlSyntaxError, identifierOf, isWord, solid, stringValue, tokenize, type Token } from './tokens.js';

export interface ColumnDefinition {
  name: string;
  /** Hive type text, normalised (lower case, no spaces). */
  type: string;
  comment?: string;
}

export type DdlStatement =
  | { kind: 'createDatabase'; name: string; ifNotExists: boolean; comment?: string }
  | { kind: 'dropDatabase'; name: string; ifExists: boolean; cascade: boolean }
  | {
      kind: 'createTable';
      database?: string;
      name: string;
      ifNotExists: boolean;
      external: boolean;
      columns: ColumnDefinition[];
      partitionKeys: ColumnDefinition[];
      serde?: string;
      inputFormat?: string;
      outputFormat?: string;
      location?: string;
      properties: Record<string, string>;
    }
  | { kind: 'dropTable'; database?: string; name: string; ifExists: boolean }
  | {
      kind: 'addPartitions';
      database?: string;
      table: string;
      partitions: { values: Record<string, string>; location?: string }[];
    };

class Cursor {
  at = 0;
  constructor(readonly tokens: Token[]) {}
  peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }
  next(): Token | undefined {
    const token = this.tokens[this.at];
    this.at += 1;
    return token;
  }
  accept(...words: string[]): boolean {
    if (words.every((w, i) => isWord(this.peek(i), w))) {
      this.at += words.length;
      return true;
    }
    return false;
  }
  expect(word: string): void {
    if (!this.accept(word)) {
      throw new SqlSyntaxError(
        `line 1:1: mismatched input '${this.peek()?.text ?? '<EOF>'}'. Expecting: '${word}'`,
      );
    }
  }
  symbol(text: string): boolean {
    if (this.peek()?.kind === 'symbol' && this.peek()?.text === text) {
      this.at += 1;
      return true;
    }
    return false;
  }
  identifier(): string {
    const name = identifierOf(this.peek());
    if (name === undefined) {
      throw new SqlSyntaxError(
        `line 1:1: mismatched input '${this.peek()?.text ?? '<EOF>'}'. Expecting: an identifier`,
      );
    }
    this.at += 1;
    return name;
  }
  string(): string {
    const value = stringValue(this.peek());
    if (value === undefined) {
      throw new SqlSyntaxError(
        `line 1:1: mismatched input '${this.peek()?.text ?? '<EOF>'}'. Expecting: a string`,
      );
    }
    this.at += 1;
    return value;
  }
  done(): boolean {
    return this.at >= this.tokens.length || (this.at === this.tokens.length - 1 && this.peek()?.text === ';');
  }
}

function qualifiedName(c: Cursor): { database?: string; name: string } {
  const first = c.identifier();
  if (c.symbol('.')) {
    return { database: first, name: c.identifier() };
  }
  return { name: first };
}

function columnList(c: Cursor): ColumnDefinition[] {
  if (!c.symbol('(')) {
    throw new SqlSyntaxError("line 1:1: mismatched input. Expecting: '('");
  }
  const columns: ColumnDefinition[] = [];
  for (;;) {
    const name = c.identifier();
    let depth = 0;
    let typeText = '';
    for (;;) {
      const token = c.peek();
      if (!token) {
        throw new SqlSyntaxError('line 1:1: unexpected end of column list');
      }
      if (depth === 0 && token.kind === 'symbol' && (token.text === ',' || token.text === ')')) {
        break;
      }
      if (depth === 0 && isWord(token, 'COMMENT')) {
        break;
      }
      if (token.text === '<' || token.text === '(') {
        depth += 1;
      } else if (token.text === '>' || token.text === ')') {
        depth -= 1;
      }
      typeText += token.text;
      c.next();
    }
    const column: ColumnDefinition = { name, type: hiveTypeText(parseHiveType(typeText)) };
    if (c.accept('COMMENT')) {
      column.comment = c.string();
    }
    columns.push(column);
    if (c.symbol(',')) {
      continue;
    }
    if (c.symbol(')')) {
      return columns;
    }
    throw new SqlSyntaxError(`line 1:1: mismatched input '${c.peek()?.text ?? '<EOF>'}' in column list`);
  }
}

function keyValues(c: Cursor): Record<string, string> {
  const out: Record<string, string> = {};
  if (!c.symbol('(')) {
    throw new SqlSyntaxError("line 1:1: Expecting: '('");
  }
  for (;;) {
    const key = stringValue(c.peek()) ?? identifierOf(c.peek());
    c.next();
    if (key === undefined || !c.symbol('=')) {
      throw new SqlSyntaxError("line 1:1: Expecting: 'key'='value'");
    }
    out[key] = c.string();
    if (c.symbol(',')) {
      continue;
    }
    if (c.symbol(')')) {
      return out;
    }
    throw new SqlSyntaxError("line 1:1: Expecting: ',' or ')'");
  }
}

function createTable(c: Cursor, external: boolean): DdlStatement {
  const ifNotExists = c.accept('IF', 'NOT', 'EXISTS');
  const { database, name } = qualifiedName(c);
  const columns = columnList(c);
  const statement: Extract<DdlStatement, { kind: 'createTable' }> = {
    kind: 'createTable',
    ...(database === undefined ? {} : { database }),
    name,
    ifNotExists,
    external,
    columns,
    partitionKeys: [],
    properties: {},
  };
  while (!c.done()) {
    if (c.accept('COMMENT')) {
      c.string();
    } else if (c.accept('PARTITIONED', 'BY')) {
      statement.partitionKeys = columnList(c);
    } else if (c.accept('ROW', 'FORMAT', 'SERDE')) {
      statement.serde = c.string();
    } else if (c.accept('WITH', 'SERDEPROPERTIES')) {
      keyValues(c);
    } else if (c.accept('STORED', 'AS', 'INPUTFORMAT')) {
      statement.inputFormat = c.string();
      c.expect('OUTPUTFORMAT');
      statement.outputFormat = c.string();
    } else if (c.accept('LOCATION')) {
      statement.location = c.string();
    } else if (c.accept('TBLPROPERTIES')) {
      statement.properties = keyValues(c);
    } else {
      throw new SqlSyntaxError(`line 1:1: mismatched input '${c.peek()?.text ?? '<EOF>'}'`);
    }
  }
  return statement;
}

/** The statement as DDL, or undefined when it is a query (SELECT, WITH, …). */
export function parseDdl(sql: string): DdlStatement | undefined {
  const c = new Cursor(solid(tokenize(sql)));
  if (c.accept('CREATE', 'EXTERNAL', 'TABLE')) {
    return createTable(c, true);
  }
  if (c.accept('CREATE', 'TABLE')) {
    return createTable(c, false);
  }
  if (c.accept('CREATE', 'DATABASE') || c.accept('CREATE', 'SCHEMA')) {
    const ifNotExists = c.accept('IF', 'NOT', 'EXISTS');
    const name = c.identifier();
    const comment = c.accept('COMMENT') ? c.string() : undefined;
    return { kind: 'createDatabase', name, ifNotExists, ...(comment === undefined ? {} : { comment }) };
  }
  if (c.accept('DROP', 'DATABASE') || c.accept('DROP', 'SCHEMA')) {
    const ifExists = c.accept('IF', 'EXISTS');
    const name = c.identifier();
    return { kind: 'dropDatabase', name, ifExists, cascade: c.accept('CASCADE') };
  }
  if (c.accept('DROP', 'TABLE')) {
    const ifExists = c.accept('IF', 'EXISTS');
    const { database, name } = qualifiedName(c);
    return { kind: 'dropTable', ...(database === undefined ? {} : { database }), name, ifExists };
  }
  if (c.accept('ALTER', 'TABLE')) {
    const { database, name } = qualifiedName(c);
    c.expect('ADD');
    c.accept('IF', 'NOT', 'EXISTS');
    const partitions: { values: Record<string, string>; location?: string }[] = [];
    while (c.accept('PARTITION')) {
      const values = keyValues(c);
      const location = c.accept('LOCATION') ? c.string() : undefined;
      partitions.push({ values, ...(location === undefined ? {} : { location }) });
    }
    return {
      kind: 'addPartitions',
      ...(database === undefined ? {} : { database }),
      table: name,
      partitions,
    };
  }
  return undefined;
}
