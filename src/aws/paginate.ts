/**
 * The one paginator every list call goes through. AWS services spell the token differently
 * (RAM `nextToken`, SageMaker/CloudTrail/Feature Store `NextToken`), may return empty pages with
 * a token (RAM does), and a page loop must stop as soon as the user presses Ctrl-C: no new call
 * after the signal.
 */
import { interrupted } from '../errors.js';
import type { CallOptions } from './ports.js';

type PageOp<I, O> = (input: I, options?: CallOptions) => Promise<O>;

export interface PageOptions {
  /**
   * The token's field name, the same in input and output (`NextToken`, `nextToken`). By default it
   * is read from whichever of the two the page carries, and sent back under the same name.
   */
  token?: string;
  /** When the output names the token differently from the input (e.g. `NextMarker` → `Marker`). */
  outputToken?: string;
  /** Passed to every call; checked before each page so no call starts after an abort. */
  call?: CallOptions;
  /** Stop after this many pages (a `--max-items` caller may stop earlier by breaking out). */
  maxPages?: number;
}

export interface PaginateOptions<O, T> extends PageOptions {
  /** The list in one page, e.g. `(page) => page.resourceShares`. */
  items: (page: O) => readonly T[] | undefined;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw interrupted();
  }
}

function tokenOf(page: unknown, field: string | undefined): { field: string; value: string | undefined } {
  const record = (page ?? {}) as Record<string, unknown>;
  const name = field ?? ('NextToken' in record ? 'NextToken' : 'nextToken');
  const value = record[name];
  // An empty-string token means "no more" for some services; never loop on it.
  return { field: name, value: typeof value === 'string' && value !== '' ? value : undefined };
}

/** Yields every page of `op(input)`, following the token until the service stops returning one. */
export async function* paginatePages<I extends object, O>(
  op: PageOp<I, O>,
  input: I,
  options: PageOptions = {},
): AsyncGenerator<O> {
  const signal = options.call?.abortSignal;
  let token: string | undefined;
  let inputField = options.token;
  let pages = 0;
  do {
    throwIfAborted(signal);
    const pageInput = (token && inputField ? { ...input, [inputField]: token } : input) as I;
    const page = await op(pageInput, options.call);
    pages++;
    throwIfAborted(signal);
    yield page;
    const next = tokenOf(page, options.outputToken ?? options.token);
    inputField = options.token ?? next.field;
    if (next.value !== undefined && next.value === token) {
      // A service that hands back the token it was given would loop forever.
      return;
    }
    token = next.value;
  } while (token && (options.maxPages === undefined || pages < options.maxPages));
}

/** Yields every item of every page, in order. Break out of the loop to stop early (no more calls). */
export async function* paginate<I extends object, O, T>(
  op: PageOp<I, O>,
  input: I,
  options: PaginateOptions<O, T>,
): AsyncGenerator<T> {
  for await (const page of paginatePages(op, input, options)) {
    yield* options.items(page) ?? [];
  }
}

/** Every item of every page, as one array. */
export async function collectAll<I extends object, O, T>(
  op: PageOp<I, O>,
  input: I,
  options: PaginateOptions<O, T>,
): Promise<T[]> {
  const out: T[] = [];
  for await (const item of paginate(op, input, options)) {
    out.push(item);
  }
  return out;
}

/**
 * The older callback form, `fetch(nextToken) → page`, kept for callers that build each page's
 * input themselves. New code should call paginate()/collectAll() with the port op.
 */
export async function collectPages<P extends { nextToken?: string | undefined }, T>(
  fetch: (nextToken: string | undefined) => Promise<P>,
  items: (page: P) => readonly T[] | undefined,
): Promise<T[]> {
  return collectAll(
    (input: { nextToken?: string }) => fetch(input.nextToken),
    {},
    { items, token: 'nextToken' },
  );
}
