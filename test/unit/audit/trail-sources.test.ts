/**
 * The trail sources over fake ports: `--source s3` lists only the window's day folders (±1 day),
 * reads gzipped `{"Records":[…]}` files and runs the SQL in the real local engine (DuckDB); the
 * Athena runner polls, pages and skips the header row. Records are built here in CloudTrail's
 * delivered shape.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { AthenaPort, S3Port } from '../../../src/aws/ports.js';
import { athenaRows, runAthenaQuery } from '../../../src/audit/athena/query.js';
import { parseAuditOptions } from '../../../src/audit/filters.js';
import { s3Events, type S3ReadStats } from '../../../src/audit/sources/trail.js';
import type { LogLocation } from '../../../src/audit/trail/layout.js';
import type { AuditEvent } from '../../../src/audit/types.js';
import { awsError } from '../../helpers/fake-context.js';

const OWNER = '111111111111';
const CONSUMER = '222222222222';
const FG = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/customers`;
const OTHER_FG = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/transactions`;
const NOW = new Date('2026-01-15T12:00:00Z');
const clock = { now: () => NOW, sleep: () => Promise.resolve() };

let seq = 0;
function record(over: {
  time: string;
  name: string;
  caller?: string;
  fg?: string;
  error?: string;
  readOnly?: boolean;
  userAgent?: string;
  recipient?: string;
  shared?: string;
}): Record<string, unknown> {
  const caller = over.caller ?? CONSUMER;
  const data = over.fg !== undefined;
  seq++;
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${caller}:assumed-role/data-scientist/s${seq}`,
      accountId: caller,
      sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${caller}:role/data-scientist` } },
    },
    eventTime: over.time,
    eventSource: data ? 'sagemaker.amazonaws.com' : 'ram.amazonaws.com',
    eventName: over.name,
    awsRegion: 'us-east-1',
    sourceIPAddress: '10.0.0.1',
    userAgent: over.userAgent ?? 'aws-sdk-js/3.0 fshare/0.1.0',
    ...(over.error ? { errorCode: over.error, errorMessage: 'no' } : {}),
    requestParameters: data ? { featureGroupName: over.fg, recordIdentifierValueAsString: 'c1' } : null,
    responseElements: null,
    requestID: `req-${seq}`,
    eventID: `ev-${seq}`,
    readOnly: over.readOnly ?? true,
    ...(data
      ? { resources: [{ accountId: OWNER, type: 'AWS::SageMaker::FeatureGroup', ARN: over.fg }] }
      : {}),
    eventType: 'AwsApiCall',
    managementEvent: !data,
    recipientAccountId: over.recipient ?? OWNER,
    ...(over.shared ? { sharedEventID: over.shared } : {}),
    eventCategory: data ? 'Data' : 'Management',
  };
}

interface FakeBucket {
  port: S3Port;
  listed: string[];
  fetched: string[];
}

/** A bucket of objects with ListObjectsV2 paging (2 keys a page) and GetObject. */
function fakeBucket(objects: Record<string, Uint8Array>): FakeBucket {
  const listed: string[] = [];
  const fetched: string[] = [];
  const keys = Object.keys(objects).sort();
  const port = {
    listObjectsV2: (input: { Prefix?: string; ContinuationToken?: string }) => {
      listed.push(input.Prefix ?? '');
      const matching = keys.filter((k) => k.startsWith(input.Prefix ?? ''));
      const start = input.ContinuationToken ? Number(input.ContinuationToken) : 0;
      const page = matching.slice(start, start + 2);
      const more = start + 2 < matching.length;
      return Promise.resolve({
        Contents: page.map((Key) => ({ Key })),
        ...(more ? { NextContinuationToken: String(start + 2) } : {}),
      });
    },
    getObject: (input: { Key?: string }) => {
      fetched.push(input.Key ?? '');
      const body = objects[input.Key ?? ''];
      if (!body) {
        return Promise.reject(awsError('NoSuchKey', 'no', 404));
      }
      return Promise.resolve({ Body: { transformToByteArray: () => Promise.resolve(body) } });
    },
  } as unknown as S3Port;
  return { port, listed, fetched };
}

function logFile(records: Record<string, unknown>[]): Uint8Array {
  return gzipSync(Buffer.from(JSON.stringify({ Records: records })));
}

const LOCATION: LogLocation = { bucket: 'fshare-audit-111111111111-us-east-1', prefix: '' };
const dayKey = (day: string, n: number) =>
  `AWSLogs/${OWNER}/CloudTrail/us-east-1/${day}/${OWNER}_CloudTrail_us-east-1_${day.replace(/\//g, '')}T1205Z_abcdefghijklmn${n}0.json.gz`;

function bucketForStory(): FakeBucket {
  return fakeBucket({
    [dayKey('2026/01/14', 1)]: logFile([
      // Delivered on the 14th, the call was late on the 13th: outside a window from the 14th.
      record({ time: '2026-01-13T23:58:00Z', name: 'GetRecord', fg: FG }),
      record({ time: '2026-01-14T10:00:00Z', name: 'GetRecord', fg: FG }),
    ]),
    [dayKey('2026/01/15', 1)]: logFile([
      record({
        time: '2026-01-15T09:00:00Z',
        name: 'PutRecord',
        fg: FG,
        readOnly: false,
        error: 'AccessDeniedException',
      }),
      record({ time: '2026-01-15T09:01:00Z', name: 'GetRecord', fg: OTHER_FG }),
      record({ time: '2026-01-15T09:02:00Z', name: 'GetResourceShareAssociations', caller: OWNER }),
    ]),
    [dayKey('2026/01/15', 2)]: logFile([
      record({
        time: '2026-01-15T09:03:00Z',
        name: 'GetRecord',
        fg: FG,
        caller: '333333333333',
        error: 'AccessDeniedException',
      }),
    ]),
    // A file of a day far outside the window: never listed, never read.
    [dayKey('2025/12/01', 1)]: logFile([record({ time: '2025-12-01T00:00:00Z', name: 'GetRecord', fg: FG })]),
    // Digests sit beside the logs; they are not log files.
    [`AWSLogs/${OWNER}/CloudTrail/us-east-1/2026/01/15/digest.json`]: new Uint8Array(),
  });
}

async function collect(iterable: AsyncIterable<AuditEvent>): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  for await (const e of iterable) {
    out.push(e);
  }
  return out;
}

function run(
  bucket: FakeBucket,
  raw: Parameters<typeof parseAuditOptions>[0],
  extra: { grouped?: boolean; dedupe?: boolean } = {},
) {
  const { filters } = parseAuditOptions(raw, NOW);
  const stats: S3ReadStats = { files: 0, bytes: 0, listCalls: 0 };
  return {
    stats,
    events: collect(
      s3Events(bucket.port, LOCATION, [OWNER], 'us-east-1', filters, {
        clock,
        stats,
        ...(extra.grouped ? { grouped: true } : {}),
        ...(extra.dedupe ? { dedupeCopies: true } : {}),
      }),
    ),
  };
}

describe('--source s3 (local engine over delivered files)', () => {
  it('lists only the window’s day folders ±1 day and returns the calls in the window, newest first', async () => {
    const bucket = bucketForStory();
    const { events, stats } = run(bucket, { since: '2026-01-14T00:00:00Z' });
    const got = await events;
    expect(got.map((e) => [e.time, e.action, e.account, e.outcome])).toEqual([
      ['2026-01-15T09:03:00.000Z', 'GetRecord', '333333333333', 'denied'],
      ['2026-01-15T09:01:00.000Z', 'GetRecord', CONSUMER, 'allowed'],
      ['2026-01-15T09:00:00.000Z', 'PutRecord', CONSUMER, 'denied'],
      ['2026-01-14T10:00:00.000Z', 'GetRecord', CONSUMER, 'allowed'],
    ]);
    expect(got[3]).toMatchObject({ featureGroup: FG, recordId: 'c1', category: 'data', readOnly: true });
    // One prefix per day (the 15th holds 3 objects: two pages of 2).
    const days = bucket.listed.map((p) => p.split('/').slice(-4, -1).join('/'));
    expect(days).toEqual(['2026/01/13', '2026/01/14', '2026/01/15', '2026/01/15', '2026/01/16']);
    expect(bucket.fetched.every((k) => k.endsWith('.json.gz'))).toBe(true);
    expect(bucket.fetched.some((k) => k.includes('2025/12/01'))).toBe(false);
    expect(stats.files).toBe(3);
  });

  it('leaves out fshare’s own read-only polling unless --all-events', async () => {
    const without = await run(bucketForStory(), { since: '2026-01-15T00:00:00Z' }).events;
    expect(without.map((e) => e.action)).not.toContain('GetResourceShareAssociations');
    const all = await run(bucketForStory(), { since: '2026-01-15T00:00:00Z', allEvents: true }).events;
    expect(all.map((e) => e.action)).toContain('GetResourceShareAssociations');
  });

  it('filters by feature group, account and case-insensitive event name in the engine', async () => {
    const got = await run(bucketForStory(), {
      since: '2026-01-14T00:00:00Z',
      featureGroup: FG,
      account: CONSUMER,
      event: ['getrecord'],
    }).events;
    expect(got.map((e) => [e.time, e.action])).toEqual([['2026-01-14T10:00:00.000Z', 'GetRecord']]);
  });

  it('aggregates --summary in the engine: one row per caller, action, outcome and target, with counts', async () => {
    const bucket = fakeBucket({
      [dayKey('2026/01/15', 1)]: logFile([
        ...Array.from({ length: 5 }, (_, i) =>
          record({ time: `2026-01-15T09:0${i}:00Z`, name: 'GetRecord', fg: FG }),
        ),
        record({
          time: '2026-01-15T10:00:00Z',
          name: 'PutRecord',
          fg: FG,
          readOnly: false,
          error: 'AccessDeniedException',
        }),
      ]),
    });
    const got = await run(bucket, { since: '2026-01-15T00:00:00Z' }, { grouped: true }).events;
    const reads = got.filter((e) => e.action === 'GetRecord');
    // Sessions differ per record here, so each group is one session; the counts still add up.
    expect(reads.reduce((n, e) => n + (e.count ?? 0), 0)).toBe(5);
    expect(got.find((e) => e.action === 'PutRecord')).toMatchObject({
      count: 1,
      outcome: 'denied',
      featureGroup: FG,
    });
  });

  it('keeps one copy of a cross-account call delivered to both accounts (organization trail)', async () => {
    const bucket = fakeBucket({
      [dayKey('2026/01/15', 1)]: logFile([
        record({ time: '2026-01-15T09:00:00Z', name: 'GetRecord', fg: FG, recipient: OWNER, shared: 'sh-1' }),
        record({
          time: '2026-01-15T09:00:00Z',
          name: 'GetRecord',
          fg: FG,
          recipient: CONSUMER,
          shared: 'sh-1',
        }),
      ]),
    });
    const got = await run(bucket, { since: '2026-01-15T00:00:00Z' }, { dedupe: true }).events;
    expect(got.map((e) => e.recipientAccount)).toEqual([OWNER]);
  });

  it('reads nothing when no file was delivered for the window', async () => {
    const bucket = fakeBucket({});
    expect(await run(bucket, { since: '1h' }).events).toEqual([]);
    expect(bucket.fetched).toEqual([]);
  });
});

describe('the Athena runner', () => {
  function fakeAthena(states: string[], pages: string[][][]) {
    const calls: string[] = [];
    let polls = 0;
    const port = {
      startQueryExecution: (input: { QueryString?: string }) => {
        calls.push(`start:${input.QueryString ?? ''}`);
        return Promise.resolve({ QueryExecutionId: 'q-1' });
      },
      getQueryExecution: () => {
        const state = states[Math.min(polls++, states.length - 1)];
        calls.push(`poll:${state ?? ''}`);
        return Promise.resolve({
          QueryExecution: {
            Status: {
              State: state,
              ...(state === 'FAILED' ? { StateChangeReason: 'SYNTAX_ERROR: line 1' } : {}),
            },
            Statistics: { DataScannedInBytes: 2048 },
          },
        });
      },
      getQueryResults: (input: { NextToken?: string; MaxResults?: number }) => {
        const index = input.NextToken ? Number(input.NextToken) : 0;
        calls.push(`page:${index}:${input.MaxResults ?? ''}`);
        return Promise.resolve({
          ResultSet: {
            ResultSetMetadata: { ColumnInfo: [{ Name: 'eventname' }, { Name: 'errorcode' }] },
            Rows: (pages[index] ?? []).map((r) => ({
              Data: r.map((v) => (v === '' ? {} : { VarCharValue: v })),
            })),
          },
          ...(index + 1 < pages.length ? { NextToken: String(index + 1) } : {}),
        });
      },
      stopQueryExecution: () => {
        calls.push('stop');
        return Promise.resolve({});
      },
    } as unknown as AthenaPort;
    return { port, calls };
  }

  it('polls until SUCCEEDED, then pages 1,000 rows at a time and skips the header row', async () => {
    const { port, calls } = fakeAthena(
      ['QUEUED', 'RUNNING', 'SUCCEEDED'],
      [
        [
          ['eventname', 'errorcode'],
          ['GetRecord', ''],
        ],
        [['PutRecord', 'AccessDeniedException']],
      ],
    );
    const outcome = await runAthenaQuery(port, { sql: 'SELECT 1', workgroup: 'w' }, { clock });
    expect(outcome).toMatchObject({ queryId: 'q-1', dataScannedBytes: 2048 });
    const rows = [];
    for await (const row of athenaRows(port, 'q-1')) {
      rows.push(row);
    }
    expect(rows).toEqual([
      { eventname: 'GetRecord', errorcode: null },
      { eventname: 'PutRecord', errorcode: 'AccessDeniedException' },
    ]);
    expect(calls).toEqual([
      'start:SELECT 1',
      'poll:QUEUED',
      'poll:RUNNING',
      'poll:SUCCEEDED',
      'page:0:1000',
      'page:1:1000',
    ]);
  });

  it('a FAILED query is an error naming Athena’s reason', async () => {
    const { port } = fakeAthena(['RUNNING', 'FAILED'], []);
    await expect(runAthenaQuery(port, { sql: 'SELECT', workgroup: 'w' }, { clock })).rejects.toMatchObject({
      code: 'FSHARE_ATHENA_QUERY_FAILED',
      message: expect.stringContaining('SYNTAX_ERROR'),
    });
  });

  it('an interrupt stops the query in Athena and makes no further poll', async () => {
    const { port, calls } = fakeAthena(['RUNNING'], []);
    const controller = new AbortController();
    const sleepy = {
      now: () => NOW,
      sleep: () => {
        controller.abort();
        return Promise.reject(Object.assign(new Error('Interrupted.'), { name: 'CancelledError' }));
      },
    };
    await expect(
      runAthenaQuery(port, { sql: 'SELECT', workgroup: 'w' }, { clock: sleepy, signal: controller.signal }),
    ).rejects.toThrow('Interrupted.');
    expect(calls).toEqual(['start:SELECT', 'poll:RUNNING', 'stop']);
  });
});
