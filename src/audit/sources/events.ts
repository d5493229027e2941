/**
 * The `events` source: CloudTrail LookupEvents. Management events only (data events such as
 * GetRecord never appear here), the last 90 days, one region, 2 requests per second per account
 * and region. Streams: one page at a time, newest first.
 */
import { paginatePages } from '../../aws/paginate.js';
import type { Clock } from '../../context.js';
import type { CloudTrailPort } from '../../aws/ports.js';
import { isThrottle } from '../../aws/errors.js';
import { matchesFilters } from '../filters.js';
import { planLookups, type LookupAttribute } from '../lookup-plan.js';
import { normalizeLookupEvent } from '../normalize.js';
import { backoffMs, RequestPacer } from '../pacing.js';
import type { AuditEvent, AuditFilters } from '../types.js';

export const LOOKUP_RATE_PER_SECOND = 2;
const MAX_THROTTLE_RETRIES = 8;

export interface LookupStats {
  requests: number;
  throttles: number;
  events: number;
}

export interface LookupOptions {
  clock: Clock;
  signal?: AbortSignal;
  /** Shared by every stream of one run, so together they stay under the account's rate. */
  pacer?: RequestPacer;
  random?: () => number;
  onPage?: (stats: LookupStats) => void;
  stats?: LookupStats;
  /** Applied to each event before the filters (e.g. the feature group of a share-only RAM call). */
  enrich?: (event: AuditEvent) => AuditEvent;
}

export function newLookupStats(): LookupStats {
  return { requests: 0, throttles: 0, events: 0 };
}

async function* lookupStream(
  port: CloudTrailPort,
  attribute: LookupAttribute,
  filters: AuditFilters,
  options: Required<Pick<LookupOptions, 'clock' | 'pacer' | 'random' | 'stats'>> & LookupOptions,
): AsyncGenerator<AuditEvent> {
  // Paced and retried per page; paginatePages sends the token back with identical parameters
  // (LookupEvents binds NextToken to them) and stops on abort.
  const lookupPage: CloudTrailPort['lookupEvents'] = async (input, call) => {
    let attempt = 0;
    for (;;) {
      await options.pacer.take(options.signal);
      options.stats.requests++;
      try {
        return await port.lookupEvents(input, call);
      } catch (error) {
        if (!isThrottle(error) || attempt >= MAX_THROTTLE_RETRIES) {
          throw error;
        }
        attempt++;
        options.stats.throttles++;
        options.pacer.pushBack(backoffMs(attempt, options.random));
      }
    }
  };
  const input = {
    LookupAttributes: [attribute],
    StartTime: filters.since,
    EndTime: filters.until,
    MaxResults: 50,
  };
  for await (const page of paginatePages(lookupPage, input, {
    token: 'NextToken',
    ...(options.signal ? { call: { abortSignal: options.signal } } : {}),
  })) {
    for (const raw of page.Events ?? []) {
      const normalized = normalizeLookupEvent(raw);
      const event = options.enrich ? options.enrich(normalized) : normalized;
      options.stats.events++;
      if (matchesFilters(filters, event)) {
        yield event;
      }
    }
    options.onPage?.(options.stats);
  }
}

/** Merges streams that are each sorted newest first into one stream newest first. */
export async function* mergeNewestFirst(streams: AsyncIterator<AuditEvent>[]): AsyncGenerator<AuditEvent> {
  try {
    const heads = await Promise.all(streams.map((s) => s.next()));
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i];
        if (!head || head.done) {
          continue;
        }
        const bestHead = heads[best];
        if (
          best < 0 ||
          (bestHead && !bestHead.done && (head.value.time ?? '') > (bestHead.value.time ?? ''))
        ) {
          best = i;
        }
      }
      const chosen = heads[best];
      const stream = streams[best];
      if (!chosen || chosen.done || !stream) {
        return;
      }
      yield chosen.value;
      heads[best] = await stream.next();
    }
  } finally {
    // A consumer that stops early (--limit) must still let every source clean up (progress lines).
    await Promise.all(streams.map((s) => s.return?.()));
  }
}

/** Events matching the filters, newest first, across however many lookups the filters need. */
export function lookupEvents(
  port: CloudTrailPort,
  filters: AuditFilters,
  options: LookupOptions,
): AsyncGenerator<AuditEvent> {
  const resolved = {
    ...options,
    pacer: options.pacer ?? new RequestPacer(options.clock, LOOKUP_RATE_PER_SECOND),
    random: options.random ?? Math.random,
    stats: options.stats ?? newLookupStats(),
  };
  const lookups = planLookups(filters);
  const streams = lookups.map((attribute) => lookupStream(port, attribute, filters, resolved));
  const [only] = streams;
  return streams.length === 1 && only ? only : mergeNewestFirst(streams);
}
