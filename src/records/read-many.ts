/**
 * Reading many records: `batch-get` (identifiers from --ids, a file or stdin) and `export` (every
 * identifier from ListRecords, page by page, with --max-items / --starting-token). Both stream
 * typed records out as they arrive, retry throttles and 5xx with the bulk retry policy, and report
 * progress on stderr.
 */
import * as fs from 'node:fs';
import type { Readable } from 'node:stream';
import { isRetryable } from '../aws/errors.js';
import { paginatePages } from '../aws/paginate.js';
import type { FeatureStorePort } from '../aws/ports.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { formatProgress, openStatusLine, type StatusLine } from '../ui/progress.js';
import { explainDenial } from './access.js';
import { batchGetChunks, type GetOutcome } from './bulk/batch-get.js';
import { withRetries } from './bulk/pacing.js';
import { decodeRecord, recordIdProblem, type TypedRecord } from './codec.js';
import { readLineBatches } from './inputs.js';
import { checkFeatureNames } from './options.js';
import { openTarget, type RecordTarget } from './target.js';

export interface ReadManyStats {
  found: number;
  failed: GetOutcome[];
}

/**
 * Records streaming to a terminal would be interleaved with an in-place line on the same screen:
 * then only an explicit `--progress json` draws (to a file, or piped, the line is drawn as usual).
 */
function statusFor(ctx: Context, task: string, progress: string | undefined, toStdout: boolean): StatusLine {
  const sharesScreen = toStdout && ctx.io.stdoutIsTTY && progress !== 'json';
  return openStatusLine(ctx, task, { progress, ...(sharesScreen ? { mode: 'off' as const } : {}) });
}

function drawProgress(
  line: StatusLine,
  label: string,
  count: number,
  total: number,
  startedMs: number,
  now: number,
): void {
  const snapshot = { label, done: count, total, count, elapsedMs: now - startedMs };
  line.update((width) => formatProgress(snapshot, width), { records: count, ...(total ? { total } : {}) });
}

/** Identifiers, one per line, from a file or stdin (a group per read); blank lines skipped, bad ones refused. */
async function* idsFromLines(input: Readable, source: string): AsyncGenerator<string[]> {
  for await (const lines of readLineBatches(input, 4096)) {
    const ids: string[] = [];
    for (const { line, text, error } of lines) {
      if (error !== undefined) {
        throw new UsageError(`${source} line ${line}: ${error}.`, { code: 'FSHARE_BAD_RECORD_ID' });
      }
      const id = (text ?? '').trim();
      if (id === '') {
        continue;
      }
      const problem = recordIdProblem(id);
      if (problem) {
        throw new UsageError(`${source} line ${line}: ${problem}.`, { code: 'FSHARE_BAD_RECORD_ID' });
      }
      ids.push(id);
    }
    yield ids;
  }
}

/** One record at a time from the per-chunk batches (for table, NDJSON and CSV rendering). */
async function* oneByOne(batches: AsyncIterable<TypedRecord[]>): AsyncGenerator<TypedRecord> {
  for await (const records of batches) {
    yield* records;
  }
}

export interface BatchGetInput {
  featureGroup: string;
  cache: boolean;
  /** Inline identifiers (--ids) or a file (`-` = stdin). */
  ids: string[] | { file: string };
  features?: string[] | undefined;
  concurrency: number;
  progress?: string | undefined;
}

export interface RecordStream {
  target: RecordTarget;
  columns: string[];
  /** The records one by one; or `batches`, the same records a chunk at a time: use one of them. */
  records: AsyncGenerator<TypedRecord>;
  batches: AsyncGenerator<TypedRecord[]>;
  stats: ReadManyStats;
}

export async function batchGetRecords(ctx: Context, input: BatchGetInput): Promise<RecordStream> {
  const line = statusFor(ctx, 'batch-get', input.progress, true);
  if (Array.isArray(input.ids)) {
    for (const id of input.ids) {
      const problem = recordIdProblem(id);
      if (problem) {
        throw new UsageError(`--ids: "${id}": ${problem}.`, { code: 'FSHARE_BAD_RECORD_ID' });
      }
    }
  }
  const target = await openTarget(ctx, input.featureGroup, { cache: input.cache });
  const { group, schema } = target;
  if (input.features) {
    checkFeatureNames(input.features, schema);
  }
  const store = await ctx.aws.featureStore({ region: group.region, maxAttempts: 1 });
  const ids = Array.isArray(input.ids)
    ? [input.ids]
    : idsFromLines(
        input.ids.file === '-' ? ctx.io.stdin : fs.createReadStream(input.ids.file),
        input.ids.file === '-' ? 'stdin' : `"${input.ids.file}"`,
      );
  const total = Array.isArray(input.ids) ? input.ids.length : 0;
  const stats: ReadManyStats = { found: 0, failed: [] };
  const chunks = batchGetChunks(
    { featureStore: store, sleep: (ms, signal) => ctx.clock.sleep(ms, signal), signal: ctx.signal },
    {
      featureGroupArn: group.arn,
      // The identifier comes along so each streamed row says which record it is.
      featureNames: input.features ? [...new Set([schema.recordIdentifier, ...input.features])] : undefined,
      concurrency: input.concurrency,
    },
    ids,
  );
  const started = ctx.clock.now().getTime();
  async function* batches(): AsyncGenerator<TypedRecord[]> {
    try {
      for await (const outcomes of chunks) {
        const records: TypedRecord[] = [];
        for (const outcome of outcomes) {
          if (outcome.status === 'found') {
            stats.found++;
            records.push(decodeRecord(schema, outcome.record));
          } else {
            stats.failed.push(outcome);
            ctx.log.warn(
              outcome.status === 'not-found'
                ? `${outcome.id}: no such record`
                : `${outcome.id}: ${outcome.code}: ${outcome.message}`,
            );
          }
        }
        drawProgress(
          line,
          'batch-get',
          stats.found + stats.failed.length,
          total,
          started,
          ctx.clock.now().getTime(),
        );
        yield records;
      }
    } catch (error) {
      throw await explainDenial(ctx, group, 'BatchGetRecord', error);
    } finally {
      line.done({ records: stats.found, failed: stats.failed.length });
    }
    if (stats.failed.length > 0) {
      ctx.log.warn(
        `${stats.failed.length} of ${stats.found + stats.failed.length} identifiers ${stats.failed.length === 1 ? 'was' : 'were'} not read.`,
      );
    }
  }
  const columns = input.features
    ? [schema.recordIdentifier, ...input.features.filter((f) => f !== schema.recordIdentifier)]
    : schema.features.map((f) => f.name);
  const all = batches();
  return { target, columns, records: oneByOne(all), batches: all, stats };
}

/** Where a listing stopped: the ListRecords token of the page and how many of its ids were used. */
interface ListPosition {
  next: string | null;
  skip: number;
}

export function encodeStartingToken(position: ListPosition): string {
  return Buffer.from(JSON.stringify({ n: position.next, s: position.skip })).toString('base64url');
}

export function decodeStartingToken(token: string): ListPosition {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      n?: unknown;
      s?: unknown;
    };
    if (
      (parsed.n === null || typeof parsed.n === 'string') &&
      Number.isSafeInteger(parsed.s) &&
      (parsed.s as number) >= 0
    ) {
      return { next: parsed.n, skip: parsed.s as number };
    }
  } catch {
    // Falls through to the usage error.
  }
  throw new UsageError('--starting-token is not a token fshare printed.', {
    code: 'FSHARE_BAD_STARTING_TOKEN',
    hint: 'Pass the NextToken from an earlier `fshare export --max-items` exactly as printed.',
  });
}

/**
 * The same items, with the next one already requested while the caller works on the current:
 * the next ListRecords page is on its way while this page's records are read, so listing adds no
 * round trips of its own to an export.
 */
async function* prefetched<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) {
        return;
      }
      next = source.next();
      // The prefetch may fail while the caller is still busy; its error is seen when awaited.
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    await source.return(undefined);
  }
}

/**
 * Record identifiers from ListRecords, from `start`, at most `maxItems`; `stopped` says where the
 * next run should start (null once the listing is exhausted).
 */
function listIds(
  ctx: Context,
  store: FeatureStorePort,
  featureGroupArn: string,
  start: ListPosition,
  maxItems: number | undefined,
): { ids: AsyncGenerator<string[]>; stopped: () => ListPosition | null } {
  let stopped: ListPosition | null = null;
  const retry = {
    sleep: (ms: number, signal?: AbortSignal) => ctx.clock.sleep(ms, signal),
    signal: ctx.signal,
  };
  const listRecords: FeatureStorePort['listRecords'] = (pageInput, options) =>
    withRetries(retry, isRetryable, () => store.listRecords(pageInput, options));
  /** A page's identifiers at a time (what --max-items and --starting-token leave of it). */
  async function* ids(): AsyncGenerator<string[]> {
    let emitted = 0;
    let pageToken = start.next;
    let skip = start.skip;
    const pages = paginatePages(
      listRecords,
      { FeatureGroupName: featureGroupArn, MaxResults: 1000, ...(pageToken ? { NextToken: pageToken } : {}) },
      { token: 'NextToken', call: { abortSignal: ctx.signal } },
    );
    for await (const page of prefetched(pages)) {
      const list = page.RecordIdentifiers ?? [];
      const room = maxItems === undefined ? Infinity : maxItems - emitted;
      const end = Math.min(list.length, skip + room);
      if (end > skip) {
        emitted += end - skip;
        yield skip === 0 && end === list.length ? list : list.slice(skip, end);
      }
      if (end < list.length) {
        stopped = { next: pageToken, skip: end };
        return;
      }
      skip = 0;
      pageToken = page.NextToken || null;
      if (maxItems !== undefined && emitted >= maxItems && pageToken) {
        stopped = { next: pageToken, skip: 0 };
        return;
      }
    }
  }
  return { ids: ids(), stopped: () => stopped };
}

export interface ExportInput {
  featureGroup: string;
  cache: boolean;
  concurrency: number;
  maxItems?: number | undefined;
  startingToken?: string | undefined;
  progress?: string | undefined;
  /** Say on stderr how to continue when --max-items stopped the listing (stdout output). */
  announceNextToken?: boolean;
  /** The records go to stdout (not --file): no in-place progress line on a terminal. */
  toStdout?: boolean;
}

export interface ExportStream extends RecordStream {
  /** After the stream ends: the token that continues the listing, when --max-items stopped it. */
  nextToken: () => string | undefined;
}

export async function exportRecords(ctx: Context, input: ExportInput): Promise<ExportStream> {
  const start = input.startingToken ? decodeStartingToken(input.startingToken) : { next: null, skip: 0 };
  const line = statusFor(ctx, 'export', input.progress, input.toStdout !== false);
  const target = await openTarget(ctx, input.featureGroup, { cache: input.cache });
  const { group, schema } = target;
  const store = await ctx.aws.featureStore({ region: group.region, maxAttempts: 1 });
  const listing = listIds(ctx, store, group.arn, start, input.maxItems);
  const stats: ReadManyStats = { found: 0, failed: [] };
  const started = ctx.clock.now().getTime();
  const deps = {
    featureStore: store,
    sleep: (ms: number, s?: AbortSignal) => ctx.clock.sleep(ms, s),
    signal: ctx.signal,
  };
  async function* batches(): AsyncGenerator<TypedRecord[]> {
    try {
      for await (const outcomes of batchGetChunks(
        deps,
        { featureGroupArn: group.arn, concurrency: input.concurrency },
        listing.ids,
      )) {
        const records: TypedRecord[] = [];
        for (const outcome of outcomes) {
          if (outcome.status === 'found') {
            stats.found++;
            records.push(decodeRecord(schema, outcome.record));
          } else if (outcome.status === 'error') {
            stats.failed.push(outcome);
            ctx.log.warn(`${outcome.id}: ${outcome.code}: ${outcome.message}`);
          }
          // A record deleted between ListRecords and BatchGetRecord is simply gone: not an error.
        }
        drawProgress(line, 'export', stats.found, 0, started, ctx.clock.now().getTime());
        yield records;
      }
    } catch (error) {
      throw await explainDenial(ctx, group, 'ListRecords', error);
    } finally {
      line.done({ records: stats.found, failed: stats.failed.length });
    }
    const token = stopped();
    if (token && input.announceNextToken) {
      // On stderr, so it reaches a person in every output mode without entering the data.
      ctx.log.info(`More records follow: add --starting-token ${token}`);
    }
  }
  const stopped = (): string | undefined => {
    const position = listing.stopped();
    return position ? encodeStartingToken(position) : undefined;
  };
  const all = batches();
  return {
    target,
    columns: schema.features.map((f) => f.name),
    records: oneByOne(all),
    batches: all,
    stats,
    nextToken: stopped,
  };
}
