/**
 * A columnar copy of each CloudTrail log file, so Athena's scans do not re-parse gzipped JSON:
 * one Parquet file per object (keyed by its file and ETag) under `$FSHARE_HOME/s3/.columnar/`,
 * with the columns of AWS's CloudTrail DDL. `sandbox serve` converts new log files in the
 * background as they arrive; a query converts any file still missing first. A table whose
 * declared column types are not those of AWS's DDL (or a subset of its structs) reads the JSON.
 * DataScannedInBytes stays the size of the JSON objects, as Athena would report.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runEngineQuery, sqlString } from '../engine/duckdb.js';
import { objectsRoot } from '../s3/store.js';
import type { Db } from '../types.js';
import { duckTypeOf, hiveTypeText, jsonKeyOf, parseHiveType, type HiveType } from './hive-types.js';

/** AWS's CloudTrail table columns (create-cloudtrail-table.html), as Hive types. */
const AWS_COLUMNS: [string, string][] = [
  ['eventversion', 'string'],
  [
    'useridentity',
    'struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,accesskeyid:string,username:string,onbehalfof:struct<userid:string,identitystorearn:string>,sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>,sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>,ec2roledelivery:string,webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>>>',
  ],
  ...[
    'eventtime',
    'eventsource',
    'eventname',
    'awsregion',
    'sourceipaddress',
    'useragent',
    'errorcode',
    'errormessage',
    'requestparameters',
    'responseelements',
    'additionaleventdata',
    'requestid',
    'eventid',
  ].map((name): [string, string] => [name, 'string']),
  ['resources', 'array<struct<arn:string,accountid:string,type:string>>'],
  ...[
    'eventtype',
    'apiversion',
    'readonly',
    'recipientaccountid',
    'serviceeventdetails',
    'sharedeventid',
    'vpcendpointid',
    'vpcendpointaccountid',
    'eventcategory',
  ].map((name): [string, string] => [name, 'string']),
  ['addendum', 'struct<reason:string,updatedfields:string,originalrequestid:string,originaleventid:string>'],
  ['sessioncredentialfromconsole', 'string'],
  ['edgedevicedetails', 'string'],
  ['tlsdetails', 'struct<tlsversion:string,ciphersuite:string,clientprovidedhostheader:string>'],
];
const CANONICAL = new Map(AWS_COLUMNS.map(([name, type]) => [name, parseHiveType(type)]));

/** Whether `declared` can be read from the canonical column (same type, or a struct subset). */
function fits(declared: HiveType, canonical: HiveType): boolean {
  if (declared.kind !== canonical.kind) {
    return false;
  }
  if (declared.kind === 'primitive' && canonical.kind === 'primitive') {
    return declared.name === canonical.name || (declared.name === 'varchar' && canonical.name === 'string');
  }
  if (declared.kind === 'array' && canonical.kind === 'array') {
    return fits(declared.element, canonical.element);
  }
  if (declared.kind === 'map' && canonical.kind === 'map') {
    return hiveTypeText(declared) === hiveTypeText(canonical);
  }
  if (declared.kind === 'struct' && canonical.kind === 'struct') {
    return declared.fields.every((f) => {
      const match = canonical.fields.find((c) => c.name === f.name);
      return match !== undefined && fits(f.type, match.type);
    });
  }
  return false;
}

export function columnarFits(columns: readonly { name: string; type: string }[]): boolean {
  return columns.every((c) => {
    const canonical = CANONICAL.get(c.name);
    return canonical !== undefined && fits(parseHiveType(c.type), canonical);
  });
}

export interface SourceFile {
  file: string;
  /** Changes whenever the object does (its ETag and size). */
  version: string;
}

function cachePath(db: Db, source: SourceFile): string {
  const hash = createHash('sha256').update(`${source.file}\n${source.version}`).digest('hex').slice(0, 40);
  return path.join(objectsRoot(db), '.columnar', `${hash}.parquet`);
}

const converting = new Map<string, Promise<void>>();

async function convert(db: Db, source: SourceFile): Promise<string> {
  const target = cachePath(db, source);
  if (fs.existsSync(target)) {
    return target;
  }
  let pending = converting.get(target);
  if (pending === undefined) {
    pending = (async () => {
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      const temp = `${target}.${process.pid}.tmp`;
      const struct = `STRUCT(${AWS_COLUMNS.map(([name, type]) => `"${jsonKeyOf(name)}" ${duckTypeOf(parseHiveType(type), name)}`).join(', ')})[]`;
      const select = AWS_COLUMNS.map(([name]) => `r."${jsonKeyOf(name)}" AS "${name}"`).join(', ');
      await runEngineQuery(
        `COPY (SELECT ${select} FROM (SELECT unnest("Records") AS r FROM read_json([${sqlString(source.file)}], columns={'Records': ${sqlString(struct)}}, format='auto', maximum_object_size=1073741824))) TO ${sqlString(temp)} (FORMAT parquet, COMPRESSION zstd)`,
        'background',
      );
      fs.chmodSync(temp, 0o600);
      fs.renameSync(temp, target);
    })().finally(() => converting.delete(target));
    converting.set(target, pending);
  }
  await pending;
  return target;
}

/**
 * The columnar copy of each file, or undefined for a file to read as JSON. Nothing waits for a
 * conversion (making a copy costs more than reading the needed columns of the JSON once):
 * `sandbox serve` converts what is missing in the background for the next query; a short-lived
 * process (`--sandbox`) uses the copies that exist and reads the rest as JSON.
 */
export function columnarFiles(db: Db, sources: readonly SourceFile[]): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  for (const source of sources) {
    const target = cachePath(db, source);
    if (fs.existsSync(target)) {
      out.push(target);
    } else {
      if (prefetch) {
        void scheduleConversion(db, source);
      }
      out.push(undefined);
    }
  }
  return out;
}

/** Converts after the current transaction (the file is on disk, its row committed); never rejects. */
function scheduleConversion(db: Db, source: SourceFile): Promise<void> {
  return new Promise((resolve) => {
    setImmediate(() => {
      convert(db, source).then(
        () => resolve(),
        // Not CloudTrail JSON after all: queries read it as JSON and report the error themselves.
        () => resolve(),
      );
    });
  });
}

let prefetch = false;

/** `sandbox serve` converts log files as they arrive; short-lived CLI processes do not. */
export function enableColumnarPrefetch(): void {
  prefetch = true;
}

const LOG_FILE = /\/CloudTrail\/[^/]+\/\d{4}\/\d{2}\/\d{2}\/[^/]+\.json\.gz$/;

/**
 * A log file was written. In `sandbox serve` its columnar copy is made now, and the returned
 * promise settles when the copy exists: PutObject answers after it, so a query right after
 * delivery reads copies, not a backlog of JSON (AWS's Athena scans the JSON with many workers;
 * this emulation on one machine pays that cost once, at delivery). Undefined when nothing is made.
 */
export function noteObjectWritten(db: Db, key: string, source: SourceFile): Promise<void> | undefined {
  if (!prefetch || !LOG_FILE.test(`/${key}`)) {
    return undefined;
  }
  return scheduleConversion(db, source);
}
