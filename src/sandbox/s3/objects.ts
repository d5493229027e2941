/** Object operations: PutObject, GetObject (with Range), HeadObject, DeleteObject. */
import { noteObjectWritten } from '../athena/columnar.js';
import { authorize, requireBucket } from './buckets.js';
import type { S3Call, S3Result } from './call.js';
import { checkBodyDigests } from './checksum.js';
import {
  deleteObject as removeObject,
  getObject as findObject,
  putObject as storeObject,
  readObject,
  type BucketRow,
  type ObjectRow,
} from './store.js';
import { S3Error } from './xml.js';

export const objectArn = (bucket: string, key: string): string => `arn:aws:s3:::${bucket}/${key}`;

export function requireKey(call: S3Call): string {
  const key = call.key ?? '';
  if (key === '') {
    throw new S3Error('InvalidRequest', 'A key is required for this operation.', 400);
  }
  if (Buffer.byteLength(key) > 1024) {
    throw new S3Error('KeyTooLongError', 'Your key is too long', 400);
  }
  return key;
}

export function dataEvent(call: S3Call, bucket: BucketRow, key: string | undefined, readOnly: boolean): void {
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

/** The condition keys a write carries (the canned ACL CloudTrail's delivery policy checks). */
export function writeContext(call: S3Call): Record<string, string> {
  const acl = call.headers['x-amz-acl'];
  return acl === undefined ? {} : { 's3:x-amz-acl': acl };
}

/** What a write's headers say about the object: type, encoding (less aws-chunked), user metadata. */
export function describedObject(call: S3Call): {
  contentType: string | undefined;
  contentEncoding: string | undefined;
  metadata: Record<string, string>;
} {
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
  return {
    contentType: call.headers['content-type'],
    contentEncoding: encoding === '' ? undefined : encoding,
    metadata,
  };
}

export function putObject(call: S3Call): S3Result {
  call.eventName = 'PutObject';
  const bucket = requireBucket(call);
  const key = requireKey(call);
  dataEvent(call, bucket, key, false);
  authorize(call, bucket, 's3:PutObject', objectArn(bucket.name, key), writeContext(call));
  checkBodyDigests(call.headers, call.body);
  const row = storeObject(call.db, {
    bucket: bucket.name,
    key,
    body: call.body,
    ...describedObject(call),
    ownerAccount: call.caller.accountId,
    nowMs: call.now.getTime(),
  });
  return written(call, row, { headers: { etag: row.etag } });
}

/** The answer to a write; a CloudTrail log file's answer waits for its columnar copy. */
export function written(call: S3Call, row: ObjectRow, extra: Omit<S3Result, 'settled'> = {}): S3Result {
  const converted = noteObjectWritten(call.db, row.key, {
    file: row.file,
    version: `${row.etag}:${row.size}`,
  });
  return { ...extra, ...(converted ? { settled: converted } : {}) };
}

export function objectHeaders(row: ObjectRow): Record<string, string> {
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

export function requireObject(call: S3Call, bucket: BucketRow, key: string): ObjectRow {
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
