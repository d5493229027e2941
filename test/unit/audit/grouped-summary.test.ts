/**
 * `--summary` over CloudTrail Lake aggregates in the query (GROUP BY) rather than paging every
 * event to the client; the accumulator then adds the groups' counts.
 */
import { describe, expect, it } from 'vitest';
import { buildLakeQuery, LAKE_COLUMNS } from '../../../src/audit/lake-sql.js';
import { normalizeLakeRow } from '../../../src/audit/normalize.js';
import { SummaryAccumulator } from '../../../src/audit/summary.js';
import type { AuditFilters } from '../../../src/audit/types.js';

const WINDOW: AuditFilters = {
  since: new Date('2026-11-22T12:00:00.000Z'),
  until: new Date('2026-11-23T12:00:00.000Z'),
};
const STORE = 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE';

describe('grouped Lake query', () => {
  const sql = buildLakeQuery(STORE, { ...WINDOW, events: ['GetRecord'] }, { grouped: true });

  it('counts per group with first and last time, grouped by output position', () => {
    expect(sql).toContain('count(*) AS eventcount');
    expect(sql).toContain('min(eventTime) AS firsttime');
    expect(sql).toContain('max(eventTime) AS eventtime');
    const keys = LAKE_COLUMNS.length - 6;
    expect(sql.endsWith(`GROUP BY ${Array.from({ length: keys }, (_, i) => i + 1).join(', ')}`)).toBe(true);
  });

  it('keeps the per-event query’s time bounds and filters, and leaves out fshare’s polling', () => {
    const perEvent = buildLakeQuery(STORE, { ...WINDOW, events: ['GetRecord'] });
    const where = (q: string) => q.slice(q.indexOf(' WHERE '), q.search(/ (ORDER|GROUP) BY /));
    const polling = ` AND NOT (coalesce(userAgent, '') LIKE '%fshare/%' AND coalesce(CAST(readOnly AS VARCHAR), '') = 'true' AND lower(coalesce(eventName, '')) IN ('getresourceshares',`;
    expect(where(sql).startsWith(`${where(perEvent)}${polling}`)).toBe(true);
    const all = buildLakeQuery(
      STORE,
      { ...WINDOW, events: ['GetRecord'], allEvents: true },
      { grouped: true },
    );
    expect(where(all)).toBe(where(perEvent));
  });

  it('leaves out per-event columns, which would make every group a single event', () => {
    for (const alias of ['eventid', 'recordid', 'sharedeventid', 'useragent', 'sourceipaddress']) {
      expect(sql).not.toMatch(new RegExp(` AS ${alias}\\b`));
    }
    expect(sql).not.toContain('ORDER BY');
  });
});

describe('summing groups', () => {
  const group = (errorCode: string | null, count: string, first: string, last: string) =>
    normalizeLakeRow([
      { eventname: 'GetRecord' },
      { eventcategory: 'Data' },
      { calleraccount: '222222222222' },
      { awsregion: 'us-east-1' },
      { resourcearn: 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers' },
      ...(errorCode ? [{ errorcode: errorCode }] : []),
      { eventcount: count },
      { firsttime: first },
      { eventtime: last },
    ]);

  it('reads the count and first time of a grouped row', () => {
    const event = group(null, '41', '2026-11-23 01:00:00.000', '2026-11-23 03:00:00.000');
    expect(event.count).toBe(41);
    expect(event.firstTime).toBe('2026-11-23T01:00:00.000Z');
    expect(event.time).toBe('2026-11-23T03:00:00.000Z');
  });

  it('adds counts by outcome and keeps the earliest first and latest last time', () => {
    const acc = new SummaryAccumulator();
    acc.add(group(null, '41', '2026-11-23 01:00:00.000', '2026-11-23 03:00:00.000'));
    acc.add(group('AccessForbidden', '2', '2026-11-23 00:30:00.000', '2026-11-23 02:00:00.000'));
    acc.add(group(null, '9', '2026-11-23 02:00:00.000', '2026-11-23 04:00:00.000'));
    expect(acc.result()).toEqual([
      expect.objectContaining({
        account: '222222222222',
        action: 'GetRecord',
        allowed: 50,
        denied: 2,
        errors: 0,
        firstSeen: '2026-11-23T00:30:00.000Z',
        lastSeen: '2026-11-23T04:00:00.000Z',
      }),
    ]);
  });

  it('a per-event row still counts once', () => {
    const acc = new SummaryAccumulator();
    const single = normalizeLakeRow([{ eventname: 'PutRecord' }, { eventtime: '2026-11-23 01:00:00.000' }]);
    expect(single.count).toBeUndefined();
    acc.add(single);
    expect(acc.result()[0]).toMatchObject({ allowed: 1, firstSeen: '2026-11-23T01:00:00.000Z' });
  });
});
