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

/** The view over the files: each `{"Records":[…]}` file unnested into one row per record. */
export function localViewSql(files: readonly string[]): string {
  const list = files.map(sqlText).join(', ');
  const s = (path: string) => `(r->>'$.${path}')`;
  const text = (path: string) => `nullif(CAST(r->'$.${path}' AS VARCHAR), 'null')`;
  return `CREATE OR REPLACE VIEW ${LOCAL_TABLE} AS SELECT
  ${s('eventVersion')} AS eventversion,
  struct_pack(
    type := ${s('userIdentity.type')},
    principalid := ${s('userIdentity.principalId')},
    arn := ${s('userIdentity.arn')},
    accountid := ${s('userIdentity.accountId')},
    invokedby := ${s('userIdentity.invokedBy')},
    accesskeyid := ${s('userIdentity.accessKeyId')},
    username := ${s('userIdentity.userName')},
    sessioncontext := struct_pack(
      sessionissuer := struct_pack(
        type := ${s('userIdentity.sessionContext.sessionIssuer.type')},
        arn := ${s('userIdentity.sessionContext.sessionIssuer.arn')},
        accountid := ${s('userIdentity.sessionContext.sessionIssuer.accountId')},
        username := ${s('userIdentity.sessionContext.sessionIssuer.userName')}))
  ) AS useridentity,
  ${s('eventTime')} AS eventtime,
  ${s('eventSource')} AS eventsource,
  ${s('eventName')} AS eventname,
  ${s('awsRegion')} AS awsregion,
  ${s('sourceIPAddress')} AS sourceipaddress,
  ${s('userAgent')} AS useragent,
  ${s('errorCode')} AS errorcode,
  ${s('errorMessage')} AS errormessage,
  ${text('requestParameters')} AS requestparameters,
  ${text('responseElements')} AS responseelements,
  ${text('additionalEventData')} AS additionaleventdata,
  ${s('requestID')} AS requestid,
  ${s('eventID')} AS eventid,
  from_json(r->'$.resources', '[{"ARN":"VARCHAR","accountId":"VARCHAR","type":"VARCHAR"}]') AS resources,
  ${s('eventType')} AS eventtype,
  ${s('apiVersion')} AS apiversion,
  ${text('readOnly')} AS readonly,
  ${s('recipientAccountId')} AS recipientaccountid,
  ${s('sharedEventID')} AS sharedeventid,
  ${s('eventCategory')} AS eventcategory
FROM (SELECT unnest(Records) AS r FROM read_json([${list}], columns = {Records: 'JSON[]'}, format = 'auto'))`;
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
