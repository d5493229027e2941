/**
 * The documented Lake SQL subset, run for real on a small store: each statement with the rows it
 * must return. Keeps docs/sandbox.md ("The Lake SQL subset") true.
 */
import { describe, expect, it } from 'vitest';
import { getQueryResults, startQuery } from '../../../../src/sandbox/cloudtrail/lake.js';
import { createEventDataStore } from '../../../../src/sandbox/cloudtrail/lake-stores.js';
import { recordCall } from '../../../../src/sandbox/cloudtrail/record.js';
import { FG_ARN, callerOf, getRecordCall, memoryDb, ramCall } from './fixtures.js';

const T0 = Date.parse('2026-06-01T10:00:00Z');
const owner = { accountId: '111111111111', region: 'us-east-1', nowMs: T0 + 3_600_000 };

function seededStore(): { run: (sql: string) => unknown[][] } {
  const db = memoryDb();
  const created = { ...owner, nowMs: T0 - 1000 };
  const arn = String(
    createEventDataStore(
      db,
      {
        Name: 'all',
        AdvancedEventSelectors: [
          { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
          { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] },
        ],
      },
      created,
    ).EventDataStoreArn,
  );
  const id = arn.split('/')[1] ?? '';
  recordCall(db, getRecordCall(callerOf('owner'), new Date(T0)));
  // Cross-account: only the owner's copy is delivered to this (owner) store.
  recordCall(db, getRecordCall(callerOf('consumer'), new Date(T0 + 60_000)));
  const put = getRecordCall(callerOf('auditor'), new Date(T0 + 120_000), { operation: 'PutRecord' });
  put.trail.readOnly = false;
  recordCall(db, put);
  recordCall(db, ramCall(callerOf('owner'), new Date(T0 + 180_000)));
  return {
    run: (sql: string) => {
      const { queryId } = startQuery(db, { QueryStatement: sql.replaceAll('STORE', id) }, owner);
      getQueryResults(db, { QueryId: queryId }, owner);
      const out = getQueryResults(db, { QueryId: queryId }, owner).output as {
        QueryStatus: string;
        ErrorMessage?: string;
        QueryResultRows: Record<string, string | null>[][];
      };
      expect(out.ErrorMessage).toBeUndefined();
      return out.QueryResultRows.map((row) => row.map((cell) => Object.values(cell)[0]));
    },
  };
}

describe('Lake SQL subset on a seeded store', () => {
  const store = seededStore();

  it.each([
    [
      "SELECT eventName FROM STORE WHERE eventName LIKE 'Get%' ORDER BY eventTime",
      [['GetRecord'], ['GetRecord']],
    ],
    // LIKE is case-sensitive in Trino; `_` matches one character.
    ["SELECT count(*) FROM STORE WHERE eventName LIKE 'get%' OR eventName LIKE 'PutRecor_'", [['1']]],
    ["SELECT count(*) FROM STORE WHERE eventName NOT LIKE '%Record'", [['1']]],
    [
      "SELECT eventName FROM STORE WHERE eventTime BETWEEN '2026-06-01 10:01:00' AND '2026-06-01 10:02:00' ORDER BY eventTime",
      [['GetRecord'], ['PutRecord']],
    ],
    ['SELECT DISTINCT eventCategory FROM STORE ORDER BY 1', [['Data'], ['Management']]],
    [
      'SELECT eventName, count(*) AS n FROM STORE GROUP BY eventName HAVING count(*) > 1',
      [['GetRecord', '2']],
    ],
    ['SELECT count(DISTINCT eventName), approx_distinct(userIdentity.accountId) FROM STORE', [['3', '2']]],
    [
      "SELECT CASE WHEN readOnly = true THEN 'read' ELSE 'write' END AS kind, count(*) FROM STORE GROUP BY 1 ORDER BY 1",
      [
        ['read', '2'],
        ['write', '2'],
      ],
    ],
    [
      "SELECT eventName FROM STORE WHERE eventName = 'PutRecord' UNION SELECT eventName FROM STORE WHERE eventName = 'CreateResourceShare' ORDER BY 1",
      [['CreateResourceShare'], ['PutRecord']],
    ],
    [
      'SELECT eventName FROM STORE WHERE eventID IN (SELECT eventID FROM STORE WHERE sharedEventID IS NOT NULL) ORDER BY recipientAccountId',
      [['GetRecord']],
    ],
    ['WITH reads AS (SELECT * FROM STORE WHERE readOnly = true) SELECT count(*) FROM reads', [['2']]],
    [
      "SELECT concat(eventName, '@', recipientAccountId), eventName || '!' FROM STORE WHERE eventName = 'PutRecord'",
      [['PutRecord@111111111111', 'PutRecord!']],
    ],
    ["SELECT CAST(count(*) AS varchar), TRY_CAST('12' AS bigint) + 1 FROM STORE", [['4', '13']]],
    [
      "SELECT userIdentity.sessionContext.sessionIssuer.userName, element_at(resources, 1).type, resources[1].arn, cardinality(resources) FROM STORE WHERE eventName = 'PutRecord'",
      [['auditor', 'AWS::SageMaker::FeatureGroup', FG_ARN, '1']],
    ],
    [
      "SELECT requestParameters['featureGroupName'], element_at(requestParameters, 'recordIdentifierValueAsString') FROM STORE WHERE eventName = 'PutRecord'",
      [[FG_ARN, 'c-1']],
    ],
    [
      "SELECT json_extract_scalar(userIdentity, '$.sessioncontext.sessionissuer.arn'), json_extract(resources, '$[0].accountid') FROM STORE WHERE eventName = 'PutRecord'",
      [['arn:aws:iam::111111111111:role/auditor', '111111111111']],
    ],
    [
      "SELECT requestParameters FROM STORE WHERE eventName = 'PutRecord'",
      [[`{featureGroupName=${FG_ARN}, recordIdentifierValueAsString=c-1}`]],
    ],
    [
      "SELECT count(*) FROM STORE WHERE eventTime > date_add('minute', -59, now()) AND eventTime <= current_timestamp",
      [['2']],
    ],
    [
      "SELECT date_trunc('hour', eventTime), date_diff('second', '2026-06-01 10:00:00', eventTime), to_iso8601(eventTime) FROM STORE WHERE eventName = 'PutRecord'",
      [['2026-06-01 10:00:00.000', '120', '2026-06-01T10:02:00.000Z']],
    ],
    [
      "SELECT count(*) FROM STORE WHERE eventTime >= from_iso8601_timestamp('2026-06-01T10:01:00Z') AND current_date = '2026-06-01'",
      [['3']],
    ],
    [
      "SELECT count(*) FROM STORE WHERE regexp_like(eventName, '^(Get|Put)Record$') AND strpos(eventSource, 'sagemaker') = 1 AND starts_with(split_part(userIdentity.arn, '/', 2), 'data')",
      [['1']],
    ],
    [
      'SELECT eventName, row_number() OVER (PARTITION BY eventName ORDER BY eventTime) AS n FROM STORE ORDER BY eventTime LIMIT 2 OFFSET 1',
      [
        ['GetRecord', '2'],
        ['PutRecord', '1'],
      ],
    ],
    [
      'SELECT a.eventName, count(*) FROM STORE a JOIN STORE b ON a.eventName = b.eventName AND a.eventID <> b.eventID GROUP BY a.eventName',
      [['GetRecord', '2']],
    ],
  ])('%s', (sql, expected) => {
    expect(store.run(sql)).toEqual(expected);
  });

  it('SELECT * gives every Lake column, nested ones printed the Trino way', () => {
    const rows = store.run("SELECT * FROM STORE WHERE eventName = 'CreateResourceShare'");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('CreateResourceShare');
    expect(rows[0]).toContain('ram.amazonaws.com');
    expect(rows[0]?.some((v) => typeof v === 'string' && v.startsWith('{type=AssumedRole'))).toBe(true);
  });
});
