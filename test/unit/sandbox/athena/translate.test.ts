import { describe, expect, it } from 'vitest';
import { parseDdl } from '../../../../src/sandbox/athena/ddl.js';
import { SqlSyntaxError, tokenize } from '../../../../src/sandbox/athena/tokens.js';
import {
  assertSafeQuery,
  partitionPredicate,
  rewriteUnnestJoins,
  tableReferences,
  topLevelConjuncts,
  withTableCtes,
} from '../../../../src/sandbox/athena/translate.js';

const PARTITIONS = new Set(['timestamp', 'region']);

function predicates(sql: string): string[] {
  return topLevelConjuncts(tokenize(sql))
    .map((c) => partitionPredicate(c, PARTITIONS))
    .filter((p): p is string => p !== undefined)
    .map((p) => p.trim());
}

describe('partition predicates', () => {
  it('lifts the top-level conjuncts that name only partition columns, BETWEEN kept whole', () => {
    expect(
      predicates(`SELECT * FROM t WHERE "timestamp" BETWEEN '2026/11/24' AND '2026/12/01'
        AND eventsource = 'sagemaker.amazonaws.com' AND t.region = 'us-east-1' ORDER BY eventtime`),
    ).toEqual([`"timestamp" BETWEEN '2026/11/24' AND '2026/12/01'`, `"region" = 'us-east-1'`]);
  });

  it('leaves a conjunct that mixes in another column, and WHEREs inside subqueries', () => {
    expect(predicates(`SELECT * FROM t WHERE ("timestamp" > '2026/01/01' OR eventname = 'x')`)).toEqual([]);
    expect(predicates(`SELECT * FROM (SELECT * FROM t WHERE "timestamp" > '2026') s`)).toEqual([]);
  });
});

describe('table references and CTEs', () => {
  it('finds FROM/JOIN tables (qualified or not), skips UNNEST and subqueries, and drops the qualifier', () => {
    const tokens = tokenize(
      'SELECT r.arn FROM audit.cloudtrail_logs CROSS JOIN UNNEST(resources) AS t(r) JOIN (SELECT 1) x ON true',
    );
    const refs = tableReferences(tokens);
    expect(refs.map((r) => [r.database, r.name])).toEqual([['audit', 'cloudtrail_logs']]);
    const sql = withTableCtes(tokens, refs, new Map([['cloudtrail_logs', 'SELECT 1 AS arn']]));
    expect(sql).toMatch(
      /^WITH "cloudtrail_logs" AS \(SELECT 1 AS arn\)\nSELECT r\.arn FROM "cloudtrail_logs" CROSS JOIN UNNEST/,
    );
  });

  it("merges into the query's own WITH", () => {
    const tokens = tokenize('WITH x AS (SELECT * FROM logs) SELECT * FROM x');
    const sql = withTableCtes(tokens, tableReferences(tokens), new Map([['logs', 'SELECT 1']]));
    expect(sql).toBe('WITH "logs" AS (SELECT 1),\nx AS (SELECT * FROM "logs") SELECT * FROM x');
  });
});

describe('safety', () => {
  it.each([
    "SELECT * FROM read_json('/etc/passwd')",
    "SELECT * FROM '/etc/passwd'",
    'ATTACH "x.db"',
    'SELECT 1; SELECT 2',
    "COPY t TO '/tmp/x'",
  ])('refuses %s', (sql) => {
    expect(() => assertSafeQuery(tokenize(sql))).toThrow(SqlSyntaxError);
  });

  it('allows a query and one trailing semicolon', () => {
    expect(() => assertSafeQuery(tokenize("SELECT json_extract_scalar(x, '$.a') FROM t;"))).not.toThrow();
  });
});

describe('Hive DDL', () => {
  it('reads a partition-projection table: nested types, backticked partition key, properties', () => {
    const ddl = parseDdl(`CREATE EXTERNAL TABLE IF NOT EXISTS db.logs (
      useridentity STRUCT<type:STRING, sessioncontext:STRUCT<attributes:STRUCT<creationdate:STRING>>>,
      resources ARRAY<STRUCT<arn:STRING, type:STRING>>, tags MAP<string,string> COMMENT 'x', n DECIMAL(10, 2))
      PARTITIONED BY (\`timestamp\` string)
      ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
      STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat' OUTPUTFORMAT 'o'
      LOCATION 's3://b/AWSLogs/1/' TBLPROPERTIES ('projection.enabled'='true', 'k'='it''s')`);
    expect(ddl).toMatchObject({
      kind: 'createTable',
      database: 'db',
      name: 'logs',
      ifNotExists: true,
      external: true,
      columns: [
        {
          name: 'useridentity',
          type: 'struct<type:string,sessioncontext:struct<attributes:struct<creationdate:string>>>',
        },
        { name: 'resources', type: 'array<struct<arn:string,type:string>>' },
        { name: 'tags', type: 'map<string,string>', comment: 'x' },
        { name: 'n', type: 'decimal(10,2)' },
      ],
      partitionKeys: [{ name: 'timestamp', type: 'string' }],
      location: 's3://b/AWSLogs/1/',
      properties: { 'projection.enabled': 'true', k: "it's" },
    });
  });

  it('reads the other statements and leaves queries alone', () => {
    expect(parseDdl('CREATE DATABASE IF NOT EXISTS audit')).toEqual({
      kind: 'createDatabase',
      name: 'audit',
      ifNotExists: true,
    });
    expect(parseDdl('DROP TABLE IF EXISTS audit.t')).toEqual({
      kind: 'dropTable',
      database: 'audit',
      name: 't',
      ifExists: true,
    });
    expect(
      parseDdl("ALTER TABLE t ADD PARTITION (region='us-east-1', year='2019') LOCATION 's3://b/x/'"),
    ).toEqual({
      kind: 'addPartitions',
      table: 't',
      partitions: [{ values: { region: 'us-east-1', year: '2019' }, location: 's3://b/x/' }],
    });
    expect(parseDdl('SELECT 1')).toBeUndefined();
    expect(() => parseDdl("CREATE EXTERNAL TABLE t (a STRUCT<b STRING>) LOCATION 's3://b/'")).toThrow();
  });
});

describe('CROSS JOIN UNNEST', () => {
  it('becomes a select-list unnest over the relation, keeping its name or alias', () => {
    expect(
      rewriteUnnestJoins(
        'SELECT r.arn FROM "logs" CROSS JOIN UNNEST(resources) AS t(r) WHERE r.type = \'x\'',
      ),
    ).toBe(
      'SELECT r.arn FROM (SELECT "logs".*, unnest(resources) AS "r" FROM "logs") AS "logs" WHERE r.type = \'x\'',
    );
    expect(rewriteUnnestJoins('SELECT 1 FROM "logs" l CROSS JOIN UNNEST(l.resources) u(r)')).toBe(
      'SELECT 1 FROM (SELECT "l".*, unnest(l.resources) AS "r" FROM "logs" l) AS "l"',
    );
  });

  it('leaves other joins alone', () => {
    const sql = 'SELECT 1 FROM a CROSS JOIN b';
    expect(rewriteUnnestJoins(sql)).toBe(sql);
  });
});
