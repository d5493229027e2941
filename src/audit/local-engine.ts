/**
 * The local engine for `--source s3`: DuckDB (imported lazily, only by this source) over CloudTrail
 * log files on disk. The files are exposed as a view with the columns of AWS's CloudTrail table
 * (lower-case names, structs for useridentity and resources, JSON text for requestparameters), so
 * the same SQL builder serves Athena and this engine.
 */
import type { TableRow } from './athena/rows.js';

export const LOCAL_TABLE = 'cloudtrail_logs';

function sqlText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const V = 'VARCHAR';
/**
 * The shape DuckDB parses each record into, once per file (json_transform; no JSON re-parsing per
 * column): CloudTrail's field names, and the JSON objects the table keeps as text typed JSON.
 */
const RECORD_SHAPE = {
  eventVersion: V,
  userIdentity: {
    type: V,
    principalId: V,
    arn: V,
    accountId: V,
    invokedBy: V,
    accessKeyId: V,
    userName: V,
    sessionContext: { sessionIssuer: { type: V, principalId: V, arn: V, accountId: V, userName: V } },
  },
  eventTime: V,
  eventSource: V,
  eventName: V,
  awsRegion: V,
  sourceIPAddress: V,
  userAgent: V,
  errorCode: V,
  errorMessage: V,
  requestParameters: 'JSON',
  responseElements: 'JSON',
  additionalEventData: 'JSON',
  requestID: V,
  eventID: V,
  resources: [{ ARN: V, accountId: V, type: V }],
  eventType: V,
  apiVersion: V,
  readOnly: V,
  recipientAccountId: V,
  sharedEventID: V,
  eventCategory: V,
};

/** CloudTrail delivers files of up to 50 MB compressed: one JSON object each, possibly large. */
const MAX_OBJECT_BYTES = 1 << 30;

/** The view over the files: each `{"Records":[…]}` file unnested into one row per record. */
export function localViewSql(files: readonly string[]): string {
  const list = files.map(sqlText).join(', ');
  const text = (field: string) => `nullif(CAST(r."${field}" AS VARCHAR), 'null')`;
  const shape = sqlText(JSON.stringify({ Records: [RECORD_SHAPE] }));
  return `CREATE OR REPLACE VIEW ${LOCAL_TABLE} AS SELECT
  r."eventVersion" AS eventversion,
  r."userIdentity" AS useridentity,
  r."eventTime" AS eventtime,
  r."eventSource" AS eventsource,
  r."eventName" AS eventname,
  r."awsRegion" AS awsregion,
  r."sourceIPAddress" AS sourceipaddress,
  r."userAgent" AS useragent,
  r."errorCode" AS errorcode,
  r."errorMessage" AS errormessage,
  ${text('requestParameters')} AS requestparameters,
  ${text('responseElements')} AS responseelements,
  ${text('additionalEventData')} AS additionaleventdata,
  r."requestID" AS requestid,
  r."eventID" AS eventid,
  r."resources" AS resources,
  r."eventType" AS eventtype,
  r."apiVersion" AS apiversion,
  r."readOnly" AS readonly,
  r."recipientAccountId" AS recipientaccountid,
  r."sharedEventID" AS sharedeventid,
  r."eventCategory" AS eventcategory
FROM (SELECT unnest(json_transform(json, ${shape})."Records") AS r
      FROM read_json_objects([${list}], maximum_object_size = ${MAX_OBJECT_BYTES}))`;
}

export interface LocalEngine {
  /** Streams the rows of a query, a chunk at a time. */
  rows(sql: string): AsyncGenerator<TableRow>;
  close(): void;
}

export async function openLocalEngine(files: readonly string[]): Promise<LocalEngine> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(localViewSql(files));
  return {
    async *rows(sql) {
      const result = await connection.stream(sql);
      for await (const chunk of result.yieldRowObjectJson()) {
        for (const row of chunk) {
          const out: TableRow = {};
          for (const [key, value] of Object.entries(row)) {
            out[key.toLowerCase()] = value === null || value === undefined ? null : String(value);
          }
          yield out;
        }
      }
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
