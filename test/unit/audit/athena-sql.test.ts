import { describe, expect, it } from 'vitest';
import { buildTrailQuery } from '../../../src/audit/athena/sql.js';
import { parseAuditOptions } from '../../../src/audit/filters.js';
import { UnsafeSqlValueError } from '../../../src/audit/lake-sql.js';
import { deliveryDays } from '../../../src/audit/trail/layout.js';
import type { AuditFilters } from '../../../src/audit/types.js';

const NOW = new Date('2026-03-01T12:00:00.500Z');
const TABLE = { database: 'fshare_audit', table: 'cloudtrail_logs' };
const filters = (raw: Parameters<typeof parseAuditOptions>[0]) => parseAuditOptions(raw, NOW).filters;

describe('buildTrailQuery (Athena over the CloudTrail table)', () => {
  it('prunes by projected delivery day, widened a day each side (across a month end)', () => {
    const sql = buildTrailQuery(TABLE, filters({ since: '2026-02-28T23:00:00Z' }), {
      dialect: 'athena',
      prunePartitions: true,
    });
    expect(sql).toContain(`"timestamp" BETWEEN '2026/02/27' AND '2026/03/02'`);
    // eventtime is compared as CloudTrail's text, whole seconds, both bounds inclusive.
    expect(sql).toContain(`eventtime >= '2026-02-28T23:00:00Z' AND eventtime <= '2026-03-01T12:00:01Z'`);
    expect(sql).toMatch(
      /^SELECT eventid, eventtime, .* FROM fshare_audit\.cloudtrail_logs WHERE .* ORDER BY eventtime DESC$/,
    );
  });

  it('matches event names case-insensitively and leaves out fshare polling unless --all-events', () => {
    const sql = buildTrailQuery(TABLE, filters({ event: ['getrecord', 'PUTRECORD'] }), { dialect: 'athena' });
    expect(sql).toContain(`lower(eventname) IN ('getrecord', 'putrecord')`);
    expect(sql).toContain(
      `NOT (coalesce(useragent, '') LIKE '%fshare/%' AND coalesce(CAST(readonly AS VARCHAR), '') = 'true'`,
    );
    const all = buildTrailQuery(TABLE, filters({ allEvents: true }), { dialect: 'athena' });
    expect(all).not.toContain('fshare/');
  });

  it('puts each filter in as a literal of its own grammar', () => {
    const sql = buildTrailQuery(
      TABLE,
      filters({
        featureGroup: '111111111111/customers',
        account: '222222222222',
        principal: 'arn:aws:iam::222222222222:role/data-scientist',
      }),
      { dialect: 'athena', dataOnly: true },
    );
    expect(sql).toContain(`eventcategory = 'Data'`);
    expect(sql).toContain(`useridentity.accountid = '222222222222'`);
    expect(sql).toContain(
      `CASE WHEN cardinality(resources) > 0 THEN resources[1].arn END LIKE 'arn:%:111111111111:feature-group/customers'`,
    );
    expect(sql).toContain(`useridentity.arn LIKE 'arn:aws:sts::222222222222:assumed-role/data-scientist/%'`);
  });

  it('refuses values that skipped validation, whatever the dialect', () => {
    const bad = { since: new Date(0), until: NOW, account: "1' OR '1'='1" } as AuditFilters;
    expect(() => buildTrailQuery(TABLE, bad, { dialect: 'athena' })).toThrow(UnsafeSqlValueError);
    expect(() => buildTrailQuery({ table: 'x; DROP TABLE y' }, filters({}), { dialect: 'duckdb' })).toThrow(
      UnsafeSqlValueError,
    );
    const badEvent = { since: new Date(0), until: NOW, events: ["GetRecord') OR ('1"] } as AuditFilters;
    expect(() => buildTrailQuery(TABLE, badEvent, { dialect: 'duckdb' })).toThrow(UnsafeSqlValueError);
  });

  it('groups in the engine for --summary, with count and first/last time', () => {
    const sql = buildTrailQuery(TABLE, filters({}), { dialect: 'athena', grouped: true, dedupeCopies: true });
    expect(sql).toContain('count(*) AS eventcount, min(eventtime) AS firsttime, max(eventtime) AS eventtime');
    expect(sql).toMatch(/GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13$/);
    expect(sql).toContain(
      'recipientaccountid = coalesce(CASE WHEN cardinality(resources) > 0 THEN resources[1].accountid END, useridentity.accountid)',
    );
  });

  it('a window of N calendar days spans N + 2 delivery days', () => {
    expect(deliveryDays(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-03T23:59:59Z'))).toEqual([
      '2025/12/31',
      '2026/01/01',
      '2026/01/02',
      '2026/01/03',
      '2026/01/04',
    ]);
  });
});
