/**
 * Puts the sources together for `fshare audit`: decides which sources can answer the filters,
 * says once what cannot be seen, and returns one newest-first stream of AuditEvents.
 */
import type { Context } from '../context.js';
import type { CloudTrailPort } from '../aws/ports.js';
import { awsErrorCode } from '../aws/errors.js';
import { NotFoundError } from '../errors.js';
import { LOOKUP_RETENTION_MS, type ParsedAuditOptions } from './filters.js';
import { lookupEvents, mergeNewestFirst, newLookupStats } from './sources/events.js';
import { lakeEvents, listStores, pickDataStore } from './sources/lake.js';
import { readShareIndex, sharesReaching, withShareFeatureGroup, type ShareIndex } from './share-index.js';
import { findAthenaTable, findTrail, athenaTarget, openAthenaStream, openS3Stream } from './trail-stream.js';
import type { AuditEvent } from './types.js';

/** Feature Store runtime operations: CloudTrail data events, never in LookupEvents. */
const DATA_EVENTS = new Set([
  'GetRecord',
  'PutRecord',
  'DeleteRecord',
  'BatchGetRecord',
  'BatchWriteRecord',
  'ListRecords',
  'UpdateRecord',
]);

export function isDataEventName(name: string): boolean {
  return DATA_EVENTS.has(name);
}

export interface AuditStream {
  events: AsyncIterable<AuditEvent>;
  warnings: string[];
  /** Whether record calls (data events) are in the stream; advice needs them. */
  includesDataEvents: boolean;
  /** The event data store read, when one is. */
  eventDataStore: string | undefined;
}

const SETUP_HINT =
  'Run `fshare audit setup` to set up a trail (or, where the account has CloudTrail Lake, an event data store) that logs them (docs/audit.md).';

function progressWriter(ctx: Context): { update(text: string): void; done(): void } {
  let shown = false;
  return {
    update(text) {
      if (ctx.showProgress()) {
        ctx.io.stderr.write(`\r\u001b[K${ctx.theme.dim(text)}`);
        shown = true;
      }
    },
    done() {
      if (shown) {
        ctx.io.stderr.write('\r\u001b[K');
        shown = false;
      }
    },
  };
}

async function* limited(
  source: AsyncIterable<AuditEvent>,
  limit: number | undefined,
): AsyncGenerator<AuditEvent> {
  if (limit === undefined) {
    yield* source;
    return;
  }
  let n = 0;
  for await (const event of source) {
    if (n >= limit) {
      return;
    }
    yield event;
    n++;
  }
}

async function findDataStore(port: CloudTrailPort): Promise<{ store?: string; problem?: string }> {
  try {
    const stores = await listStores(port);
    const store = pickDataStore(stores);
    if (store) {
      return { store: store.arn };
    }
    return {
      problem:
        stores.length === 0
          ? 'no CloudTrail Lake event data store exists in this account and region'
          : `none of the ${stores.length} event data store(s) here captures Feature Store record calls`,
    };
  } catch (error) {
    return { problem: `CloudTrail Lake could not be listed (${awsErrorCode(error) ?? 'error'})` };
  }
}

/** auto without Lake: the trail through Athena when its table exists, else its files read directly. */
async function autoTrailStream(
  ctx: Context,
  parsed: ParsedAuditOptions,
  options: Parameters<typeof openAthenaStream>[2],
): Promise<{ stream?: AsyncIterator<AuditEvent>; from?: string; problem?: string }> {
  const found = await findTrail(ctx, { ownOnly: true });
  if (!found.trail) {
    return { problem: found.problem ?? 'no trail logs them' };
  }
  const target = athenaTarget(parsed);
  const table = await findAthenaTable(ctx, target);
  if (table.found) {
    return {
      stream: await openAthenaStream(ctx, parsed, options, table),
      from: `trail "${found.trail.name}" through Athena (${target.database}.${target.table})`,
    };
  }
  return {
    stream: await openS3Stream(ctx, parsed, options, found.trail),
    from: `trail "${found.trail.name}", reading its files in s3://${found.trail.bucket} (no Athena table)`,
  };
}

export async function openAuditStream(
  ctx: Context,
  parsed: ParsedAuditOptions,
  knownShares?: ShareIndex,
  options: { grouped?: boolean } = {},
): Promise<AuditStream> {
  const { filters, source } = parsed;
  const port = await ctx.aws.cloudTrail({ maxAttempts: 1 });
  const shares = knownShares ?? (await readShareIndex(ctx));
  const enrich = (event: AuditEvent) => withShareFeatureGroup(shares, event);
  const featureGroupShares = filters.featureGroup ? sharesReaching(shares, filters.featureGroup) : [];
  const warnings: string[] = [];
  const wanted = filters.events ?? [];
  const onlyData = wanted.length > 0 && wanted.every(isDataEventName);
  const anyData = wanted.length === 0 || wanted.some(isDataEventName);
  const progress = progressWriter(ctx);
  const streams: AsyncIterator<AuditEvent>[] = [];
  let store = parsed.eventDataStore;
  let includesDataEvents = false;

  const lookup = (): AsyncIterator<AuditEvent> => {
    const stats = newLookupStats();
    const inner = lookupEvents(port, filters, {
      clock: ctx.clock,
      signal: ctx.signal,
      stats,
      enrich,
      onPage: (s) => progress.update(`LookupEvents: ${s.requests} requests, ${s.events} events read…`),
    });
    return (async function* () {
      try {
        yield* inner;
      } finally {
        progress.done();
        ctx.log.debug(
          `audit: LookupEvents requests=${stats.requests} throttled=${stats.throttles} events=${stats.events}`,
        );
      }
    })();
  };
  // A summary can be aggregated by Lake itself, unless --limit asks for the newest N events.
  const grouped = options.grouped === true && filters.limit === undefined;
  const lake = (storeRef: string, dataOnly: boolean): AsyncIterator<AuditEvent> =>
    (async function* () {
      try {
        yield* lakeEvents(port, storeRef, filters, {
          clock: ctx.clock,
          signal: ctx.signal,
          dataOnly,
          grouped,
          enrich,
          featureGroupShares,
          onStatus: (status, ms) =>
            progress.update(`CloudTrail Lake query ${status.toLowerCase()} (${Math.round(ms / 1000)}s)…`),
        });
      } finally {
        progress.done();
      }
    })();

  const trailOptions = (dataOnly: boolean) => ({
    dataOnly,
    grouped,
    featureGroupShares,
    enrich,
    progress,
  });

  if (source === 'events') {
    if (onlyData) {
      warnings.push(
        `LookupEvents never returns ${wanted.join(', ')}: record calls are CloudTrail data events. Use --source athena or s3 (a trail), or lake.`,
      );
    }
    streams.push(lookup());
  } else if (source === 'athena') {
    includesDataEvents = true;
    streams.push(await openAthenaStream(ctx, parsed, trailOptions(false)));
  } else if (source === 's3') {
    includesDataEvents = true;
    streams.push(await openS3Stream(ctx, parsed, trailOptions(false)));
  } else if (source === 'lake') {
    if (!store) {
      const found = await findDataStore(port);
      if (!found.store) {
        throw new NotFoundError(`No event data store to query: ${found.problem ?? 'none found'}.`, {
          code: 'FSHARE_NO_EVENT_DATA_STORE',
          hint: `${SETUP_HINT} Or pass --event-data-store <arn|id>.`,
        });
      }
      store = found.store;
    }
    includesDataEvents = true;
    streams.push(lake(store, false));
  } else {
    if (!onlyData) {
      const oldest = new Date(ctx.clock.now().getTime() - LOOKUP_RETENTION_MS);
      if (filters.since < oldest) {
        warnings.push(
          `LookupEvents keeps 90 days: management events before ${oldest.toISOString()} are not shown (an event data store that keeps them can be read with --source lake).`,
        );
      }
      streams.push(lookup());
    }
    if (anyData) {
      let lakeProblem: string | undefined;
      if (!store) {
        const found = await findDataStore(port);
        store = found.store;
        lakeProblem = found.problem;
      }
      if (store) {
        includesDataEvents = true;
        ctx.log.info(
          `audit: record calls from CloudTrail Lake (${store}); management events from LookupEvents.`,
        );
        streams.push(lake(store, true));
      } else {
        const data = await autoTrailStream(ctx, parsed, trailOptions(true));
        if (data.stream) {
          includesDataEvents = true;
          ctx.log.info(`audit: record calls from ${data.from}; management events from LookupEvents.`);
          streams.push(data.stream);
        } else {
          warnings.push(
            `Record reads and writes (GetRecord, PutRecord, ...) are CloudTrail data events, and ${lakeProblem ?? 'no event data store captures them'} and ${data.problem}: showing management events only (LookupEvents). ${SETUP_HINT}`,
          );
        }
      }
    }
  }
  const [single] = streams;
  const merged = streams.length === 1 && single ? single : mergeNewestFirst(streams);
  return {
    events: limited({ [Symbol.asyncIterator]: () => merged }, filters.limit),
    warnings,
    includesDataEvents,
    eventDataStore: store,
  };
}
