import { describe, expect, it } from 'vitest';
import { buildLakeQuery, sqlString, sqlTimestamp, UnsafeSqlValueError } from '../../../src/audit/lake-sql.js';
import type { AuditFilters } from '../../../src/audit/types.js';
import { parseFeatureGroupRef } from '../../../src/permissions/arns.js';

const WINDOW: AuditFilters = {
  since: new Date('2026-11-22T12:00:00.000Z'),
  until: new Date('2026-11-23T12:00:00.000Z'),
};
const STORE = 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE';

function whereOf(sql: string): string {
  return sql.slice(sql.indexOf(' WHERE ') + 7, sql.indexOf(' ORDER BY '));
}

describe('buildLakeQuery', () => {
  it('always bounds by eventTime, names the store by ID, newest first', () => {
    const sql = buildLakeQuery(STORE, WINDOW);
    expect(sql).toMatch(new RegExp(`FROM ${STORE} WHERE `));
    expect(whereOf(sql)).toBe(
      "eventTime >= timestamp '2026-11-22 12:00:00.000' AND eventTime <= timestamp '2026-11-23 12:00:00.000'",
    );
    expect(sql.endsWith('ORDER BY eventTime DESC')).toBe(true);
  });

  it('filters server-side on every typed filter', () => {
    const sql = buildLakeQuery(
      STORE,
      {
        ...WINDOW,
        account: '222222222222',
        events: ['GetRecord', 'PutRecord'],
        featureGroup: parseFeatureGroupRef(
          'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers',
        ),
        principal: 'arn:aws:iam::222222222222:role/data-scientist',
        limit: 5,
      },
      { dataOnly: true },
    );
    const where = whereOf(sql);
    expect(where).toContain("eventCategory = 'Data'");
    expect(where).toContain("userIdentity.accountId = '222222222222'");
    expect(where).toContain("eventName IN ('GetRecord', 'PutRecord')");
    expect(where).toContain(
      "element_at(requestParameters, 'featureGroupName') = 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers'",
    );
    expect(where).toContain(
      "userIdentity.arn LIKE 'arn:aws:sts::222222222222:assumed-role/data-scientist/%'",
    );
    // LIKE may over-match, so a LIMIT would cut real rows: none with a feature group filter.
    expect(sql).not.toContain('LIMIT');
    expect(buildLakeQuery(STORE, { ...WINDOW, limit: 5 })).toMatch(/ LIMIT 5$/);
  });

  it('matches a bare name in any account and an ACCOUNT/NAME in that account', () => {
    expect(
      whereOf(buildLakeQuery(STORE, { ...WINDOW, featureGroup: parseFeatureGroupRef('customers') })),
    ).toContain("element_at(requestParameters, 'featureGroupName') LIKE 'arn:%:feature-group/customers'");
    expect(
      whereOf(
        buildLakeQuery(STORE, { ...WINDOW, featureGroup: parseFeatureGroupRef('111111111111/customers') }),
      ),
    ).toContain("LIKE '%:111111111111:feature-group/customers%'");
  });

  it('also matches share-only RAM calls on the shares that reach the feature group', () => {
    const share = 'arn:aws:ram:us-east-1:111111111111:resource-share/abc-123';
    const sql = buildLakeQuery(
      STORE,
      { ...WINDOW, featureGroup: parseFeatureGroupRef('customers') },
      { featureGroupShares: [share] },
    );
    expect(whereOf(sql)).toContain(`OR element_at(requestParameters, 'resourceShareArn') IN ('${share}')`);
    expect(() =>
      buildLakeQuery(
        STORE,
        { ...WINDOW, featureGroup: parseFeatureGroupRef('customers') },
        { featureGroupShares: ["x') OR ('1'='1"] },
      ),
    ).toThrow(UnsafeSqlValueError);
  });

  it.each([
    ['a store ID', { store: 'x; DROP TABLE events --' }],
    ['an account', { account: "1' OR '1'='1" }],
    ['an event name', { events: ["GetRecord') OR ('a'='a"] }],
    ['a principal', { principal: "arn:aws:iam::222222222222:role/x' OR 'a'='a" }],
    ['a feature group name', { featureGroup: { kind: 'name' as const, text: "x'--", name: "x'--" } }],
  ])('refuses to put an unvalidated %s into SQL', (_what, bad) => {
    const { store, ...filters } = { store: STORE, ...bad };
    expect(() => buildLakeQuery(store, { ...WINDOW, ...filters })).toThrow(UnsafeSqlValueError);
  });

  it('quotes literals and writes timestamps as Trino literals', () => {
    expect(sqlString("O'Brien")).toBe("'O''Brien'");
    expect(sqlTimestamp(new Date('2026-01-02T03:04:05.678Z'))).toBe("timestamp '2026-01-02 03:04:05.678'");
    expect(() => sqlTimestamp(new Date('nope'))).toThrow(UnsafeSqlValueError);
  });

  it('uses only the constructs the AWS sample queries use (element_at, dotted userIdentity fields)', () => {
    const sql = buildLakeQuery(STORE, WINDOW);
    expect(sql).toContain("element_at(requestParameters, 'featureGroupName')");
    expect(sql).toContain('userIdentity.accountId AS calleraccount');
    expect(sql).not.toMatch(/\bUNNEST\b|\bjson_extract\b/i);
  });
});
