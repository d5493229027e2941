import { describe, expect, it } from 'vitest';
import { translateLakeSql } from '../../../../src/sandbox/cloudtrail/lake-sql.js';
import { tokenize } from '../../../../src/sandbox/cloudtrail/lake-sql-tokens.js';
import { SandboxServiceError } from '../../../../src/sandbox/types.js';

const STORE = 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE';
const options = { storeIds: [STORE], now: '2026-06-01 12:00:00.000' };

function sql(statement: string): string {
  return translateLakeSql(statement, options).sql;
}

function failure(statement: string): string {
  try {
    translateLakeSql(statement, options);
  } catch (error) {
    return error instanceof SandboxServiceError ? error.code : String(error);
  }
  return 'no error';
}

describe('tokenize', () => {
  it('reads a store ID with hyphens after FROM as one table name', () => {
    const tokens = tokenize(`SELECT a FROM ${STORE} WHERE b = 'it''s' -- note\n AND c<>1`).filter(
      (t) => t.kind !== 'ws',
    );
    expect(tokens.map((t) => `${t.kind}:${t.text}`)).toEqual([
      'ident:SELECT',
      'ident:a',
      'ident:FROM',
      `table:${STORE}`,
      'ident:WHERE',
      'ident:b',
      'op:=',
      "string:it's",
      'ident:AND',
      'ident:c',
      'op:<>',
      'number:1',
    ]);
  });
});

describe('translateLakeSql', () => {
  it.each([
    // [Lake SQL, a fragment the SQLite translation must contain]
    [`SELECT eventName FROM ${STORE}`, `SELECT eventName AS "eventName" FROM "${STORE}"`],
    [`select eventname from ${STORE.toLowerCase()}`, `from "${STORE}"`],
    [`SELECT userIdentity.arn FROM ${STORE}`, `fshare_field("__useridentity", 'arn') AS "arn"`],
    [
      `SELECT userIdentity.sessionContext.sessionIssuer.arn FROM ${STORE}`,
      `fshare_field(fshare_field(fshare_field("__useridentity", 'sessionContext'), 'sessionIssuer'), 'arn') AS "arn"`,
    ],
    [
      `SELECT element_at(requestParameters, 'featureGroupName') FROM ${STORE}`,
      `fshare_element_at("__requestparameters" , 'featureGroupName') AS "_col0"`,
    ],
    [
      `SELECT requestParameters['featureGroupName'] AS fg FROM ${STORE}`,
      `fshare_element_at("__requestparameters", 'featureGroupName') AS "fg"`,
    ],
    [
      `SELECT element_at(resources, 1).arn FROM ${STORE}`,
      `fshare_field(fshare_element_at("__resources" , 1), 'arn') AS "_col0"`,
    ],
    [
      `SELECT resources[1].type t FROM ${STORE}`,
      `fshare_field(fshare_element_at("__resources", 1), 'type') AS "t"`,
    ],
    [`SELECT requestParameters FROM ${STORE}`, `fshare_render("__requestparameters") AS "requestParameters"`],
    [`SELECT count(*) n FROM ${STORE} WHERE readOnly = true`, `WHERE readOnly = 'true'`],
    [
      `SELECT eventID FROM ${STORE} WHERE eventTime > timestamp '2024-01-01 00:00:00'`,
      `eventTime > '2024-01-01 00:00:00.000'`,
    ],
    [`SELECT eventID FROM ${STORE} WHERE eventTime > now()`, `eventTime > '2026-06-01 12:00:00.000'`],
    [
      `SELECT eventID FROM ${STORE} WHERE eventTime > current_timestamp`,
      `eventTime > '2026-06-01 12:00:00.000'`,
    ],
    [
      `SELECT eventID FROM ${STORE} WHERE eventTime > date_add('day', -7, now())`,
      `fshare_date_add('day' , - 7 , '2026-06-01 12:00:00.000')`,
    ],
    [`SELECT approx_distinct(eventName) FROM ${STORE}`, `count(DISTINCT eventName) AS "_col0"`],
    [
      `SELECT json_extract_scalar(userIdentity, '$.arn') FROM ${STORE}`,
      `fshare_json_extract("__useridentity" , '$.arn')`,
    ],
    [`SELECT CAST(eventTime AS varchar) AS t FROM ${STORE}`, `CAST ( eventTime AS TEXT )`],
    [`SELECT e.eventName FROM ${STORE} e`, `"e"."eventName" AS "eventName"`],
    [`SELECT e.userIdentity.arn FROM ${STORE} AS e`, `fshare_field("e"."__useridentity", 'arn') AS "arn"`],
    [
      `SELECT eventName FROM ${STORE} WHERE eventName IN ('GetRecord', 'PutRecord')`,
      `eventName IN ( 'GetRecord' , 'PutRecord' )`,
    ],
    [`SELECT * FROM ${STORE} LIMIT 1;`, `fshare_render("__useridentity") AS "userIdentity"`],
    [`SELECT eventName FROM ${STORE} WHERE eventName LIKE 'a%b_c*[d'`, `eventName GLOB 'a*b?c[*][[]d'`],
  ])('%s', (statement, fragment) => {
    expect(sql(statement)).toContain(fragment);
  });

  it('names the stores it reads, once each', () => {
    const other = '0a1b2c3d-0000-4000-8000-000000000000';
    const result = translateLakeSql(
      `SELECT a.eventID FROM ${STORE} a JOIN ${other} b ON a.sharedEventID = b.sharedEventID UNION SELECT eventID FROM ${STORE}`,
      { ...options, storeIds: [STORE, other] },
    );
    expect(result.storeIds).toEqual([STORE, other]);
  });

  it('lets a WITH clause name its own tables', () => {
    const result = translateLakeSql(
      `WITH x AS (SELECT eventName FROM ${STORE}) SELECT eventName FROM x`,
      options,
    );
    expect(result.hasWith).toBe(true);
    expect(result.sql).toContain('FROM "x"');
  });

  it.each([
    ['DELETE FROM x', 'InvalidQueryStatementException'],
    [`SELECT 1 FROM ${STORE}; DROP TABLE ct_events`, 'InvalidQueryStatementException'],
    [`SELECT eventName FROM ${STORE} WHERE eventName = 'a'; SELECT 1`, 'InvalidQueryStatementException'],
    ['SELECT 1', 'InvalidQueryStatementException'],
    ['SELECT * FROM ct_events', 'EventDataStoreNotFoundException'],
    ['SELECT * FROM sqlite_master', 'EventDataStoreNotFoundException'],
    [`SELECT e.eventName FROM ${STORE} e, principals p`, 'EventDataStoreNotFoundException'],
    [`SELECT eventName FROM ${STORE} JOIN ct_events ON 1 = 1`, 'EventDataStoreNotFoundException'],
    [
      `SELECT eventName FROM ${STORE} WHERE eventTime > now() - interval '1' day`,
      'InvalidQueryStatementException',
    ],
    [`SELECT r.arn FROM ${STORE} CROSS JOIN UNNEST(resources) AS t(r)`, 'InvalidQueryStatementException'],
    [`SELECT 'unterminated FROM ${STORE}`, 'InvalidQueryStatementException'],
    ['', 'InvalidQueryStatementException'],
  ])('refuses %j with %s', (statement, code) => {
    expect(failure(statement)).toBe(code);
  });

  it('keeps a trailing semicolon harmless', () => {
    expect(sql(`SELECT eventID FROM ${STORE} LIMIT 1;`)).not.toContain(';');
  });
});
