/** Object operations: PutObject, GetObject (with Range), HeadObject, DeleteObject, ListObjectsV2. */
import { noteObjectWritten } from '../athena/columnar.js';
import { authorize, requireBucket } from './buckets.js';
import { queryValue, type S3Call, type S3Result } from './call.js';
import {
  deleteObject as removeObject,
  getObject as findObject,
  objectsAfter,
  putObject as storeObject,
  readObject,
  type BucketRow,
  type ObjectRow,
} from './store.js';
import { S3Error, xmlDocument } from './xml.js';

const objectArn = (bucket: string, key: string): string => `arn:aws:s3:::${bucket}/${key}`;

function requireKey(call: S3Call): string {
  const key = call.key ?? '';
  if (key === '') {
    throw new S3Error('InvalidRequest', 'A key is required for this operation.', 400);
  }
  if (Buffer.byteLength(key) > 1024) {
    throw new S3Error('KeyTooLongError', 'Your key is too long', 400);
  }
  return key;
}

function dataEvent(call: S3Call, bucket: BucketRow, key: string | undefined, readOnly: boolean): void {
  call.trail.eventCategory = 'Data';
  call.trail.readOnly = readOnly;
  call.trail.resources = [
    ...(key === undefined ? [] : [{ type: 'AWS::S3::Object', ARN: objectArn(bucket.name, key) }]),
    { type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket.name}`, accountId: bucket.account_id },
  ];
  call.trail.requestParameters = {
    bucketName: bucket.name,
    Host: call.headers.host ?? '',
    ...(key === undefined ? {} : { key }),
  };
}

export function putObject(call: S3Call): S3Result {
  call.eventName = 'PutObject';
  const bucket = requireBucket(call);
  const key = requireKey(call);
  dataEvent(call, bucket, key, false);
  if (call.headers['x-amz-copy-source'] !== undefined) {
    throw new S3Error('NotImplemented', 'CopyObject is not implemented by the sandbox.', 501);
  }
  const context: Record<string, string> = {};
  const acl = call.headers['x-amz-acl'];
  if (acl !== undefined) {
    context['s3:x-amz-acl'] = acl;
  }
  authorize(call, bucket, 's3:PutObject', objectArn(bucket.name, key), context);
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.headers)) {
    if (name.startsWith('x-amz-meta-')) {
      metadata[name.slice('x-amz-meta-'.length)] = value;
    }
  }
  const encoding = (call.headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e !== 'aws-chunked')
    .join(',');
  const row = storeObject(call.db, {
    bucket: bucket.name,
    key,
    body: call.body,
    contentType: call.headers['content-type'],
    contentEncoding: encoding === '' ? undefined : encoding,
    metadata,
    ownerAccount: call.caller.accountId,
    nowMs: call.now.getTime(),
  });
  const converted = noteObjectWritten(call.db, key, { file: row.file, version: `${row.etag}:${row.size}` });
  return { headers: { etag: row.etag }, ...(converted ? { settled: converted } : {}) };
}

function objectHeaders(row: ObjectRow): Record<string, string> {
  const headers: Record<string, string> = {
    etag: row.etag,
    'last-modified': new Date(row.modified_ms).toUTCString(),
    'content-type': row.content_type ?? 'binary/octet-stream',
    'accept-ranges': 'bytes',
  };
  if (row.content_encoding !== null) {
    headers['content-encoding'] = row.content_encoding;
  }
  for (const [name, value] of Object.entries(JSON.parse(row.metadata) as Record<string, string>)) {
    headers[`x-amz-meta-${name}`] = value;
  }
  return headers;
}

function requireObject(call: S3Call, bucket: BucketRow, key: string): ObjectRow {
  authorize(call, bucket, 's3:GetObject', objectArn(bucket.name, key));
  const row = findObject(call.db, bucket.name, key);
  if (!row) {
    throw new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
  }
  return row;
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n`; anything else is ignored, as S3 does. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  const m = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) {
    return undefined;
  }
  if (m[1] === '') {
    const n = Number(m[2]);
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) {
    throw new S3Error('InvalidRange', 'The requested range is not satisfiable', 416, {
      RangeRequested: header ?? '',
      ActualObjectSize: String(size),
    });
  }
  return { start, end };
}

export function getObject(call: S3Call): S3Result {
  call.eventName = 'GetObject';
  const bucket = requireBucket(call);
  const key = requireKey(call);
  dataEvent(call, bucket, key, true);
  const row = requireObject(call, bucket, key);
  const body = readObject(row);
  const range = parseRange(call.headers.range, row.size);
  if (range === undefined) {
    return { headers: objectHeaders(row), body };
  }
  return {
    status: 206,
    headers: { ...objectHeaders(row), 'content-range': `bytes ${range.start}-${range.end}/${row.size}` },
    body: body.subarray(range.start, range.end + 1),
  };
}

export function headObject(call: S3Call): S3Result {
  call.eventName = 'HeadObject';
  const bucket = requireBucket(call);
  const key = requireKey(call);
  dataEvent(call, bucket, key, true);
  const row = requireObject(call, bucket, key);
  return { headers: { ...objectHeaders(row), 'content-length': String(row.size) } };
}

export function deleteObject(call: S3Call): S3Result {
  call.eventName = 'DeleteObject';
  const bucket = requireBucket(call);
  const key = requireKey(call);
  dataEvent(call, bucket, key, false);
  authorize(call, bucket, 's3:DeleteObject', objectArn(bucket.name, key));
  removeObject(call.db, bucket.name, key);
  return { status: 204 };
}

function encodeToken(cursor: string): string {
  return Buffer.from(JSON.stringify({ c: cursor })).toString('base64url');
}

function decodeToken(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { c?: unknown };
    if (typeof parsed.c === 'string') {
      return parsed.c;
    }
  } catch {
    // fall through
  }
  throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', 400, {
    ArgumentName: 'continuation-token',
  });
}

/** Past every key that starts with `prefix` (U+10FFFF sorts after any other code point). */
const pastPrefix = (prefix: string): string => `${prefix}\u{10FFFF}`;

export function listObjectsV2(call: S3Call): S3Result {
  call.eventName = 'ListObjects';
  const bucket = requireBucket(call);
  dataEvent(call, bucket, undefined, true);
  authorize(call, bucket, 's3:ListBucket', `arn:aws:s3:::${bucket.name}`);
  const prefix = queryValue(call, 'prefix') ?? '';
  const delimiter = queryValue(call, 'delimiter') ?? '';
  const startAfter = queryValue(call, 'start-after') ?? '';
  const token = queryValue(call, 'continuation-token');
  const encodingType = queryValue(call, 'encoding-type');
  if (encodingType !== undefined && encodingType !== 'url') {
    throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', 400, {
      ArgumentName: 'encoding-type',
    });
  }
  const maxText = queryValue(call, 'max-keys') ?? '1000';
  const maxKeys = Math.min(1000, Number(maxText));
  if (!/^\d+$/.test(maxText)) {
    throw new S3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', 400, {
      ArgumentName: 'max-keys',
    });
  }
  let cursor = token === undefined ? startAfter : decodeToken(token);
  const contents: ObjectRow[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  while (!truncated) {
    const rows = objectsAfter(
      call.db,
      bucket.name,
      prefix,
      cursor,
      Math.max(1, maxKeys - contents.length - prefixes.length) + 1,
    );
    if (rows.length === 0) {
      break;
    }
    for (const row of rows) {
      if (contents.length + prefixes.length >= maxKeys) {
        truncated = true;
        break;
      }
      const at = delimiter === '' ? -1 : row.key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        const common = row.key.slice(0, at + delimiter.length);
        prefixes.push(common);
        cursor = pastPrefix(common);
        break;
      }
      contents.push(row);
      cursor = row.key;
    }
  }
  const enc = (text: string): string => (encodingType === 'url' ? encodeURIComponent(text) : text);
  return {
    body: xmlDocument('ListBucketResult', {
      Name: bucket.name,
      Prefix: enc(prefix),
      ...(delimiter === '' ? {} : { Delimiter: enc(delimiter) }),
      MaxKeys: maxKeys,
      ...(encodingType === undefined ? {} : { EncodingType: encodingType }),
      KeyCount: contents.length + prefixes.length,
      IsTruncated: truncated,
      ...(token === undefined ? {} : { ContinuationToken: token }),
      ...(truncated ? { NextContinuationToken: encodeToken(cursor) } : {}),
      ...(startAfter === '' ? {} : { StartAfter: enc(startAfter) }),
      Contents: contents.map((row) => ({
        Key: enc(row.key),
        LastModified: new Date(row.modified_ms),
        ETag: row.etag,
        Size: row.size,
        StorageClass: 'STANDARD',
      })),
      CommonPrefixes: prefixes.map((p) => ({ Prefix: enc(p) })),
    }),
  };
}
