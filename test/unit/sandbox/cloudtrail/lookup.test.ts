import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cloudtrailSchema } from '../../../../src/sandbox/cloudtrail/schema.js';
import { lookupEvents } from '../../../../src/sandbox/cloudtrail/lookup.js';
import { LOOKUP_EVENTS_LIMIT, takeToken } from '../../../../src/sandbox/cloudtrail/rate-limit.js';
import { recordCall } from '../../../../src/sandbox/cloudtrail/record.js';
import { createCloudtrailService } from '../../../../src/sandbox/cloudtrail/service.js';
import type { Db, OperationContext, OperationInput } from '../../../../src/sandbox/types.js';
import { SandboxServiceError } from '../../../../src/sandbox/types.js';
import { FG_ARN, callerOf, getRecordCall, memoryDb, ramCall } from './fixtures.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const owner = { accountId: '111111111111', region: 'us-east-1', nowMs: NOW };

function seed(db: Db, count: number, startMs = NOW - 60_000 * count): void {
  for (let i = 0; i < count; i++) {
    recordCall(
      db,
      ramCall(
        callerOf('owner'),
        new Date(startMs + i * 60_000),
        i % 2 === 0 ? 'CreateResourceShare' : 'GetResourceShares',
      ),
    );
  }
}

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return error instanceof SandboxServiceError ? error.code : String(error);
  }
  return 'no error';
}

type LookupOut = {
  Events: { EventId: string; EventName: string; EventTime: Date; ReadOnly: string; Resources: unknown[] }[];
  NextToken?: string;
};

function lookup(db: Db, input: OperationInput, scope = owner): LookupOut {
  return lookupEvents(db, input, scope) as LookupOut;
}

describe('LookupEvents', () => {
  it('returns management events only, never data events', () => {
    const db = memoryDb();
    recordCall(db, getRecordCall(callerOf('owner'), new Date(NOW - 1000)));
    recordCall(db, ramCall(callerOf('owner'), new Date(NOW - 2000)));
    const out = lookup(db, {});
    expect(out.Events.map((e) => e.EventName)).toEqual(['CreateResourceShare']);
  });

  it('returns only the caller account and region, newest first', () => {
    const db = memoryDb();
    seed(db, 3);
    recordCall(db, ramCall(callerOf('consumer'), new Date(NOW - 10)));
    const out = lookup(db, {});
    const times = out.Events.map((e) => e.EventTime.getTime());
    expect(times).toHaveLength(3);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(lookup(db, {}, { ...owner, region: 'eu-west-1' }).Events).toHaveLength(0);
    expect(lookup(db, {}, { ...owner, accountId: '222222222222' }).Events).toHaveLength(1);
  });

  it('shows a cross-account call to the owner only when it is a management event', () => {
    const db = memoryDb();
    const call = getRecordCall(callerOf('consumer'), new Date(NOW - 1000), {
      operation: 'DescribeFeatureGroup',
    });
    call.trail.eventCategory = 'Management';
    recordCall(db, call);
    const out = lookup(db, {});
    expect(out.Events.map((e) => [e.EventName, e.Resources])).toEqual([
      ['DescribeFeatureGroup', [{ ResourceType: 'AWS::SageMaker::FeatureGroup', ResourceName: FG_ARN }]],
    ]);
  });

  it('forgets events older than 90 days of the sandbox clock', () => {
    const db = memoryDb();
    recordCall(db, ramCall(callerOf('owner'), new Date(NOW - 91 * 86_400_000)));
    recordCall(db, ramCall(callerOf('owner'), new Date(NOW - 89 * 86_400_000)));
    expect(lookup(db, {}).Events).toHaveLength(1);
  });

  it.each([
    ['EventName', 'GetResourceShares', 2],
    ['ReadOnly', 'true', 2],
    ['ReadOnly', 'false', 3],
    ['EventSource', 'ram.amazonaws.com', 5],
    ['EventSource', 'sagemaker.amazonaws.com', 0],
    ['Username', 'fshare-sandbox', 5],
    ['AccessKeyId', 'AKIAOWNER0000000001', 5],
  ])('filters on %s = %s', (key, value, expected) => {
    const db = memoryDb();
    seed(db, 5);
    expect(
      lookup(db, { LookupAttributes: [{ AttributeKey: key, AttributeValue: value }] }).Events,
    ).toHaveLength(expected);
  });

  it('filters on EventId and on a resource by name or ARN', () => {
    const db = memoryDb();
    const call = getRecordCall(callerOf('owner'), new Date(NOW - 1000), {
      operation: 'DescribeFeatureGroup',
    });
    call.trail.eventCategory = 'Management';
    recordCall(db, call);
    seed(db, 2);
    const id = lookup(db, {}).Events.find((e) => e.EventName === 'DescribeFeatureGroup')?.EventId ?? '';
    expect(
      lookup(db, { LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: id }] }).Events,
    ).toHaveLength(1);
    for (const name of ['customers', FG_ARN]) {
      const out = lookup(db, { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: name }] });
      expect(out.Events.map((e) => e.EventName)).toEqual(['DescribeFeatureGroup']);
    }
    const byType = lookup(db, {
      LookupAttributes: [{ AttributeKey: 'ResourceType', AttributeValue: 'AWS::SageMaker::FeatureGroup' }],
    });
    expect(byType.Events).toHaveLength(1);
  });

  it.each([
    [
      {
        LookupAttributes: [
          { AttributeKey: 'EventName', AttributeValue: 'a' },
          { AttributeKey: 'ReadOnly', AttributeValue: 'true' },
        ],
      },
      'InvalidLookupAttributesException',
    ],
    [
      { LookupAttributes: [{ AttributeKey: 'Region', AttributeValue: 'x' }] },
      'InvalidLookupAttributesException',
    ],
    [
      { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: '' }] },
      'InvalidLookupAttributesException',
    ],
    [{ MaxResults: 51 }, 'InvalidMaxResultsException'],
    [{ MaxResults: 0 }, 'InvalidMaxResultsException'],
    [{ StartTime: new Date(NOW), EndTime: new Date(NOW - 1000) }, 'InvalidTimeRangeException'],
    [{ NextToken: 'garbage' }, 'InvalidNextTokenException'],
  ])('rejects %j with %s', (input, code) => {
    const db = memoryDb();
    expect(errorCode(() => lookup(db, input as OperationInput))).toBe(code);
  });

  it('honours StartTime and EndTime given as epoch seconds, inclusively', () => {
    const db = memoryDb();
    seed(db, 10, NOW - 600_000);
    const out = lookup(db, { StartTime: (NOW - 480_000) / 1000, EndTime: (NOW - 240_000) / 1000 });
    expect(out.Events.map((e) => e.EventTime.getTime())).toEqual([
      NOW - 240_000,
      NOW - 300_000,
      NOW - 360_000,
      NOW - 420_000,
      NOW - 480_000,
    ]);
  });

  it('pages at MaxResults with a token that only works with the same parameters', () => {
    const db = memoryDb();
    seed(db, 7);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = lookup(db, { MaxResults: 3, ...(token === undefined ? {} : { NextToken: token }) });
      seen.push(...out.Events.map((e) => e.EventId));
      token = out.NextToken;
      pages++;
      // Events recorded while paging (LookupEvents itself is recorded) must not shift the pages.
      recordCall(db, ramCall(callerOf('owner'), new Date(NOW)));
    } while (token !== undefined);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);

    const first = lookup(db, {
      MaxResults: 2,
      LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
    });
    expect(first.NextToken).toBeDefined();
    const rebound = {
      MaxResults: 2,
      NextToken: first.NextToken,
      LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'true' }],
    };
    expect(errorCode(() => lookup(db, rebound))).toBe('InvalidNextTokenException');
    expect(
      errorCode(() =>
        lookup(db, { MaxResults: 2, NextToken: first.NextToken }, { ...owner, accountId: '222222222222' }),
      ),
    ).toBe('InvalidNextTokenException');
  });

  it('defaults to 50 per page', () => {
    const db = memoryDb();
    seed(db, 55);
    const out = lookup(db, {});
    expect(out.Events).toHaveLength(50);
    expect(out.NextToken).toBeDefined();
  });
});

describe('LookupEvents rate limit (2 per second per account and region)', () => {
  const key = { accountId: '111111111111', region: 'us-east-1', api: 'LookupEvents' };

  it('never throttles a client pacing itself at 2 TPS, even with jitter', () => {
    const db = memoryDb();
    let t = 1_000_000;
    const results: boolean[] = [];
    for (let i = 0; i < 40; i++) {
      results.push(takeToken(db, key, t, LOOKUP_EVENTS_LIMIT));
      t += i % 2 === 0 ? 480 : 520;
    }
    expect(results.every(Boolean)).toBe(true);
  });

  it('throttles a third call in the same instant and a client sustaining 3 TPS', () => {
    const db = memoryDb();
    expect([0, 0, 0].map(() => takeToken(db, key, 5_000, LOOKUP_EVENTS_LIMIT))).toEqual([true, true, false]);
    const db2 = memoryDb();
    const results: boolean[] = [];
    for (let i = 0; i < 30; i++) {
      results.push(takeToken(db2, key, 10_000 + Math.round((i * 1000) / 3), LOOKUP_EVENTS_LIMIT));
    }
    expect(results.filter((r) => !r).length).toBeGreaterThanOrEqual(8);
  });

  it('keeps separate buckets per account and per region', () => {
    const db = memoryDb();
    takeToken(db, key, 0, LOOKUP_EVENTS_LIMIT);
    takeToken(db, key, 0, LOOKUP_EVENTS_LIMIT);
    expect(takeToken(db, key, 0, LOOKUP_EVENTS_LIMIT)).toBe(false);
    expect(takeToken(db, { ...key, accountId: '222222222222' }, 0, LOOKUP_EVENTS_LIMIT)).toBe(true);
    expect(takeToken(db, { ...key, region: 'eu-west-1' }, 0, LOOKUP_EVENTS_LIMIT)).toBe(true);
  });

  it('shares one bucket between connections to the same store, as separate processes have', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
    try {
      const file = path.join(dir, 'sandbox.db');
      const first = new Database(file);
      first.exec(cloudtrailSchema);
      const second = new Database(file);
      const outcomes = [first, second, first].map((db) => takeToken(db, key, 7_000, LOOKUP_EVENTS_LIMIT));
      expect(outcomes).toEqual([true, true, false]);
      first.close();
      second.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers ThrottlingException from the service once the bucket is empty', () => {
    const db = memoryDb();
    const clock = { now: 42_000 };
    const service = createCloudtrailService({ realNow: () => clock.now });
    const handler = service.operations.LookupEvents?.handler;
    const ctx: OperationContext = {
      db,
      caller: callerOf('owner'),
      region: 'us-east-1',
      now: new Date(NOW),
      requestId: 'r',
      trail: { eventCategory: 'Data', readOnly: false, resources: [] },
    };
    const call = (): string => errorCode(() => handler?.({}, ctx));
    expect([call(), call(), call()]).toEqual(['no error', 'no error', 'ThrottlingException']);
    expect(ctx.trail).toMatchObject({ eventCategory: 'Management', readOnly: true });
    clock.now += 500;
    expect(call()).toBe('no error');
  });
});
