/**
 * The global selection options on machine output: --max-items (a limit on any list, with a note
 * that more exist), gh-style --json <fields>, and the AWS CLI's --query <JMESPath>.
 */
import { UsageError } from '../errors.js';

/** The first `max` rows; calls `more(max)` when at least one more row exists (read, not shown). */
export async function* limitRows<T>(
  rows: Iterable<T> | AsyncIterable<T>,
  max: number | undefined,
  more: (max: number) => void,
): AsyncGenerator<T> {
  let n = 0;
  for await (const row of rows as AsyncIterable<T>) {
    if (max !== undefined && n >= max) {
      more(max);
      // Leaving the loop returns the source generator: a paged list makes no further call.
      return;
    }
    n++;
    yield row;
  }
}

/** What JSON.stringify would print, as a value (dates become ISO strings, undefined drops out). */
export function toPlainJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Keeps only `fields` of an object, or of each object of a list (gh's --json). An unknown field
 * is bad input: exit 2 naming the fields there are.
 */
export function selectFields(value: unknown, fields: string[], declaredKeys: string[] = []): unknown {
  const items = Array.isArray(value) ? value : [value];
  const known = new Set(declaredKeys);
  for (const item of items) {
    if (isObject(item)) {
      for (const key of Object.keys(item)) {
        known.add(key);
      }
    }
  }
  const unknown = fields.filter((f) => !known.has(f));
  if (unknown.length > 0) {
    const list = [...known].sort();
    throw new UsageError(
      `--json: unknown field${unknown.length === 1 ? '' : 's'} ${unknown.map((f) => `"${f}"`).join(', ')}.`,
      {
        code: 'FSHARE_UNKNOWN_FIELD',
        hint: list.length > 0 ? `Valid fields: ${list.join(', ')}.` : 'This output has no fields to select.',
      },
    );
  }
  const pick = (item: unknown) =>
    isObject(item) ? Object.fromEntries(fields.filter((f) => f in item).map((f) => [f, item[f]])) : item;
  return Array.isArray(value) ? value.map(pick) : pick(value);
}

/** Compiles a JMESPath expression, or says what is wrong with it (exit 2). */
export async function compileQuery(query: string): Promise<(value: unknown) => unknown> {
  const jmespath = await import('@jmespath-community/jmespath');
  let ast: ReturnType<typeof jmespath.compile>;
  try {
    ast = jmespath.compile(query);
  } catch (error) {
    throw new UsageError(`--query "${query}" is not a JMESPath expression: ${(error as Error).message}.`, {
      code: 'FSHARE_BAD_QUERY',
      hint: 'See https://jmespath.org; for example --query "[].name" or --query "entries[?level==\'admin\']".',
    });
  }
  return (value) => jmespath.TreeInterpreter.search(ast, value as Parameters<typeof jmespath.search>[0]);
}

export interface SelectOptions {
  query: string | undefined;
  jsonFields: string[] | undefined;
  /** The keys the command declares for its rows (valid --json fields even when the list is empty). */
  validKeys?: string[];
}

/** --json fields first (on the command's own shape), then --query on the result. */
export async function selectOutput(value: unknown, options: SelectOptions): Promise<unknown> {
  let out = value;
  if (options.jsonFields) {
    out = selectFields(out, options.jsonFields, options.validKeys);
  }
  if (options.query !== undefined) {
    out = (await compileQuery(options.query))(out);
  }
  return out ?? null;
}
