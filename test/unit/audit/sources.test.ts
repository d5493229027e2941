import { describe, expect, it } from 'vitest';
import type { CloudTrailPort } from '../../../src/aws/ports.js';
import type { Clock } from '../../../src/context.js';
import { lookupEvents, mergeNewestFirst, newLookupStats } from '../../../src/audit/sources/events.js';
import { normalizeRecord } from '../../../src/audit/normalize.js';
import {
  lakeEvents,
  pickDataStore,
  selectorsCaptureFeatureGroupData,
} from '../../../src/audit/sources/lake.js';
import { backoffMs, RequestPacer } from '../../../src/audit/pacing.js';
import { AUDIT_SELECTORS } from '../../../src/audit/setup.js';
import type { AuditFilters } from '../../../src/audit/types.js';

/** A clock whose sleeps advance time instantly. */
function fakeClock(start = Date.parse('2026-11-23T12:00:00Z')): Clock & { t: number } {
  const clock = {
    t: start,
    now: () => new Date(clock.t),
    sleep: (ms: number) => {
      clock.t += ms;
      return Promise.resolve();
    },
  };
  return clock;
}

class Throttle extends Error {
  override name = 'ThrottlingException';
  $metadata = { httpStatusCode: 400 };
}

type LookupInput = Parameters<CloudTrailPort['lookupEvents']>[0];

/** LookupEvents with AWS's rules: one attribute, tokens bound to parameters, 2 requests per second. */
function fakeLookup(clock: { t: number }, totalEvents: number) {
  const calls: LookupInput[] = [];
  const starts: number[] = [];
  let throttled = 0;
  const events = Array.from({ length: totalEvents }, (_, i) => ({
    EventId: `e${i}`,
    EventName: 'DescribeFeatureGroup',
    EventTime: new Date(clock.t - i * 1000),
    CloudTrailEvent: JSON.stringify({
      eventID: `e${i}`,
      eventName: 'DescribeFeatureGroup',
      eventSource: 'sagemaker.amazonaws.com',
      eventTime: new Date(clock.t - 60_000 - i * 1000).toISOString(),
      awsRegion: 'us-east-1',
      userIdentity: { accountId: i % 2 === 0 ? '222222222222' : '111111111111' },
      requestParameters: {
        featureGroupName: 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers',
      },
    }),
  }));
  const lookup = (input: LookupInput) => {
    const now = clock.t;
    if (starts.filter((s) => s > now - 1000).length >= 2) {
      throttled++;
      return Promise.reject(new Throttle('Rate exceeded'));
    }
    starts.push(now);
    calls.push(input);
    expect(input.LookupAttributes).toHaveLength(1);
    const offset = input.NextToken ? Number(input.NextToken) : 0;
    if (input.NextToken) {
      const first = calls[0];
      expect({ ...input, NextToken: undefined }).toEqual({ ...first, NextToken: undefined });
    }
    const page = events.slice(offset, offset + (input.MaxResults ?? 50));
    const next = offset + page.length < events.length ? String(offset + page.length) : undefined;
    return Promise.resolve({ Events: page, ...(next ? { NextToken: next } : {}), $metadata: {} });
  };
  return { lookup, calls, starts, throttled: () => throttled };
}

function portWith(overrides: Partial<CloudTrailPort>): CloudTrailPort {
  const missing = () => Promise.reject(new Error('not expected in this test'));
  return {
    lookupEvents: missing,
    listEventDataStores: missing,
    createEventDataStore: missing,
    getEventDataStore: missing,
    startQuery: missing,
    describeQuery: missing,
    getQueryResults: missing,
    ...overrides,
  } as CloudTrailPort;
}

const WINDOW = (clock: Clock): AuditFilters => ({
  since: new Date(clock.now().getTime() - 7 * 86_400_000),
  until: clock.now(),
  events: ['DescribeFeatureGroup'],
});

describe('lookupEvents', () => {
  it('reads 5,000 events in 100 pages without a throttle, within 10% of the 2 TPS limit', async () => {
    const clock = fakeClock();
    const fake = fakeLookup(clock, 5000);
    const stats = newLookupStats();
    const t0 = clock.t;
    let n = 0;
    for await (const _ of lookupEvents(portWith({ lookupEvents: fake.lookup }), WINDOW(clock), {
      clock,
      stats,
    })) {
      n++;
    }
    expect(n).toBe(5000);
    expect(fake.calls).toHaveLength(100);
    expect(fake.throttled()).toBe(0);
    expect(stats).toEqual({ requests: 100, throttles: 0, events: 5000 });
    // 100 requests at 2/s: the first is free, 99 intervals of 500 ms is what the limit allows.
    expect(clock.t - t0).toBeLessThanOrEqual(99 * 500 * 1.1);
  });

  it('backs off and retries with the same parameters when throttled by another client', async () => {
    const clock = fakeClock();
    const fake = fakeLookup(clock, 120);
    // Another process sharing the quota: the pacer that does not know about it gets throttled.
    const pacer = new RequestPacer(clock, 100);
    const stats = newLookupStats();
    let n = 0;
    for await (const _ of lookupEvents(portWith({ lookupEvents: fake.lookup }), WINDOW(clock), {
      clock,
      pacer,
      stats,
      random: () => 0.5,
    })) {
      n++;
    }
    expect(n).toBe(120);
    expect(stats.throttles).toBeGreaterThan(0);
    expect(stats.throttles).toBe(fake.throttled());
    expect(fake.calls).toHaveLength(3);
  });

  it('applies the other filters client-side', async () => {
    const clock = fakeClock();
    const fake = fakeLookup(clock, 100);
    const events = [];
    for await (const e of lookupEvents(
      portWith({ lookupEvents: fake.lookup }),
      { ...WINDOW(clock), account: '222222222222' },
      { clock },
    )) {
      events.push(e);
    }
    expect(events).toHaveLength(50);
    expect(new Set(events.map((e) => e.account))).toEqual(new Set(['222222222222']));
    expect(fake.calls[0]?.LookupAttributes).toEqual([
      { AttributeKey: 'EventName', AttributeValue: 'DescribeFeatureGroup' },
    ]);
  });

  it('merges two lookups newest first', async () => {
    const clock = fakeClock();
    const base = clock.t;
    const byAttribute = (input: LookupInput) => {
      const source = input.LookupAttributes?.[0]?.AttributeValue ?? '';
      const offsets = source.startsWith('ram') ? [0, 20, 40] : [10, 30];
      return Promise.resolve({
        Events: offsets.map((o) => ({
          CloudTrailEvent: JSON.stringify({
            eventID: `${source}-${o}`,
            eventSource: source,
            eventName: 'X',
            eventTime: new Date(base - o * 1000).toISOString(),
          }),
        })),
        $metadata: {},
      });
    };
    const ids = [];
    for await (const e of lookupEvents(
      portWith({ lookupEvents: byAttribute }),
      { since: new Date(0), until: new Date(base) },
      { clock },
    )) {
      ids.push(e.eventId);
    }
    expect(ids).toEqual([
      'ram.amazonaws.com-0',
      'sagemaker.amazonaws.com-10',
      'ram.amazonaws.com-20',
      'sagemaker.amazonaws.com-30',
      'ram.amazonaws.com-40',
    ]);
  });
});

describe('mergeNewestFirst', () => {
  it('lets every source clean up when the consumer stops early', async () => {
    const closed: string[] = [];
    async function* source(name: string, times: string[]) {
      try {
        for (const t of times) {
          yield normalizeRecord({ eventID: `${name}-${t}`, eventTime: t });
        }
      } finally {
        closed.push(name);
      }
    }
    const merged = mergeNewestFirst([
      source('a', ['2026-01-03T00:00:00Z', '2026-01-01T00:00:00Z']),
      source('b', ['2026-01-02T00:00:00Z']),
    ]);
    const first = await merged.next();
    expect(first.value?.eventId).toBe('a-2026-01-03T00:00:00Z');
    await merged.return(undefined);
    expect(closed.sort()).toEqual(['a', 'b']);
  });
});

describe('pacing', () => {
  it('spaces request starts by at least the interval', async () => {
    const clock = fakeClock(0);
    const pacer = new RequestPacer(clock, 2);
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) {
      await pacer.take();
      starts.push(clock.t);
    }
    const gaps = starts.slice(1).map((s, i) => s - (starts[i] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...gaps)).toBeLessThan(550);
  });

  it.each([
    [1, 0.99, 495],
    [3, 0.5, 1000],
    [20, 0.99, 19_800],
    [1, 0, 250],
  ])('backoffMs(attempt %i, random %f) = %i', (attempt, r, expected) => {
    expect(backoffMs(attempt, () => r)).toBe(expected);
  });
});

describe('lakeEvents', () => {
  it('polls until FINISHED, then pages the results', async () => {
    const clock = fakeClock();
    const statuses = ['QUEUED', 'RUNNING', 'RUNNING', 'FINISHED'];
    let statement = '';
    const pages: Record<string, { rows: Record<string, string>[][]; next?: string }> = {
      '': { rows: [[{ eventid: 'a' }, { eventname: 'GetRecord' }]], next: 't2' },
      t2: { rows: [[{ eventid: 'b' }, { eventname: 'PutRecord' }, { errorcode: 'AccessDeniedException' }]] },
    };
    const port = portWith({
      startQuery: (input) => {
        statement = input.QueryStatement ?? '';
        return Promise.resolve({ QueryId: 'q1', $metadata: {} });
      },
      describeQuery: () =>
        Promise.resolve({ QueryStatus: statuses.shift() ?? 'FINISHED', $metadata: {} }) as never,
      getQueryResults: (input) => {
        const page = pages[input.NextToken ?? ''];
        return Promise.resolve({
          QueryResultRows: page?.rows ?? [],
          ...(page?.next ? { NextToken: page.next } : {}),
          $metadata: {},
        });
      },
    });
    const got = [];
    for await (const e of lakeEvents(
      port,
      'arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/s-1',
      {
        since: new Date(0),
        until: clock.now(),
      },
      { clock },
    )) {
      got.push([e.eventId, e.action, e.outcome]);
    }
    expect(got).toEqual([
      ['a', 'GetRecord', 'allowed'],
      ['b', 'PutRecord', 'denied'],
    ]);
    expect(statement).toContain('FROM s-1 WHERE');
    expect(statuses).toHaveLength(0);
  });

  it('reports a failed query with its message', async () => {
    const clock = fakeClock();
    const port = portWith({
      startQuery: () => Promise.resolve({ QueryId: 'q1', $metadata: {} }),
      describeQuery: () =>
        Promise.resolve({ QueryStatus: 'FAILED', ErrorMessage: 'bad column', $metadata: {} }) as never,
    });
    const run = async () => {
      for await (const _ of lakeEvents(port, 's-1', { since: new Date(0), until: clock.now() }, { clock })) {
        // drain
      }
    };
    await expect(run()).rejects.toMatchObject({
      code: 'FSHARE_LAKE_QUERY_FAILED',
      message: expect.stringContaining('bad column'),
    });
  });
});

describe('stores', () => {
  it("recognises fshare's own selectors and prefers the named store", () => {
    expect(selectorsCaptureFeatureGroupData(AUDIT_SELECTORS)).toBe(true);
    expect(
      selectorsCaptureFeatureGroupData([
        { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
      ]),
    ).toBe(false);
    const store = (name: string, captures: boolean, status = 'ENABLED') => ({
      arn: `arn:${name}`,
      id: name,
      name,
      status,
      capturesFeatureGroupData: captures,
      capturesManagement: true,
    });
    expect(pickDataStore([store('other', true), store('fshare-audit', true)])?.name).toBe('fshare-audit');
    expect(pickDataStore([store('mgmt', false), store('data', true, 'PENDING_DELETION')])).toBeUndefined();
    expect(pickDataStore([store('mgmt', false), store('data', true)])?.name).toBe('data');
  });
});
