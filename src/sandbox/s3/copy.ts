/**
 * CopyObject and UploadPartCopy (`x-amz-copy-source: [/]bucket/key[?versionId=…]`, URL-encoded).
 * The caller needs s3:GetObject on the source, under the source bucket's policy, and s3:PutObject
 * on the destination, under the destination's. Metadata is the source's (`COPY`, the default) or
 * the request's (`REPLACE`).
 */
import { authorize, requireBucket } from './buckets.js';
import type { S3Call, S3Result } from './call.js';
import { multipartTarget, requirePartNumber, requireUpload } from './multipart.js';
import { putPart } from './multipart-store.js';
import { dataEvent, describedObject, objectArn, requireKey, writeContext, written } from './objects.js';
import { copyObjectBytes, getBucket, getObject, readObjectRange, type ObjectRow } from './store.js';
import { S3Error, noSuchBucket, xmlDocument } from './xml.js';

interface Source {
  bucket: string;
  key: string;
}

function parseCopySource(header: string): Source {
  let text: string;
  try {
    text = decodeURIComponent(header.trim());
  } catch {
    throw new S3Error('InvalidArgument', 'Invalid copy source encoding', 400, {
      ArgumentName: 'x-amz-copy-source',
      ArgumentValue: header,
    });
  }
  const query = text.indexOf('?versionId=');
  if (query >= 0) {
    const versionId = text.slice(query + '?versionId='.length);
    // The sandbox keeps one version per key, S3's "null" on an unversioned bucket.
    if (versionId !== 'null') {
      throw new S3Error('NoSuchVersion', 'The specified version does not exist.', 404, {
        VersionId: versionId,
      });
    }
    text = text.slice(0, query);
  }
  const path = text.startsWith('/') ? text.slice(1) : text;
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) {
    throw new S3Error(
      'InvalidArgument',
      'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
      400,
      {
        ArgumentName: 'x-amz-copy-source',
        ArgumentValue: header,
      },
    );
  }
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

/** The source object, readable by the caller under its own bucket's policy. */
function readSource(call: S3Call, source: Source): ObjectRow {
  const bucket = getBucket(call.db, source.bucket);
  if (!bucket) {
    throw noSuchBucket(source.bucket);
  }
  authorize(call, bucket, 's3:GetObject', objectArn(source.bucket, source.key));
  const row = getObject(call.db, source.bucket, source.key);
  if (!row) {
    throw new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: source.key });
  }
  return row;
}

function copyResources(call: S3Call, source: Source): void {
  call.trail.resources = [
    { type: 'AWS::S3::Object', ARN: objectArn(source.bucket, source.key) },
    ...call.trail.resources,
  ];
}

export function copyObject(call: S3Call): S3Result {
  call.eventName = 'CopyObject';
  const bucket = requireBucket(call);
  const key = requireKey(call);
  dataEvent(call, bucket, key, false);
  const source = parseCopySource(call.headers['x-amz-copy-source'] ?? '');
  copyResources(call, source);
  const directive = call.headers['x-amz-metadata-directive'] ?? 'COPY';
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw new S3Error('InvalidArgument', 'Unknown metadata directive.', 400, {
      ArgumentName: 'x-amz-metadata-directive',
      ArgumentValue: directive,
    });
  }
  authorize(call, bucket, 's3:PutObject', objectArn(bucket.name, key), writeContext(call));
  const from = readSource(call, source);
  if (source.bucket === bucket.name && source.key === key && directive === 'COPY') {
    throw new S3Error(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      400,
    );
  }
  const described =
    directive === 'REPLACE'
      ? describedObject(call)
      : {
          contentType: from.content_type ?? undefined,
          contentEncoding: from.content_encoding ?? undefined,
          metadata: JSON.parse(from.metadata) as Record<string, string>,
        };
  const row = copyObjectBytes(call.db, from, {
    bucket: bucket.name,
    key,
    ...described,
    ownerAccount: call.caller.accountId,
    nowMs: call.now.getTime(),
  });
  return written(call, row, {
    body: xmlDocument('CopyObjectResult', { ETag: row.etag, LastModified: new Date(row.modified_ms) }),
  });
}

/** `bytes=first-last`, both inclusive and within the source, as UploadPartCopy requires. */
function copyRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (header === undefined) {
    return undefined;
  }
  const m = /^bytes=(\d+)-(\d+)$/.exec(header.trim());
  const start = Number(m?.[1]);
  const end = Number(m?.[2]);
  if (!m || end < start || end >= size) {
    throw new S3Error(
      'InvalidArgument',
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      400,
      { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: header },
    );
  }
  return { start, end };
}

export function uploadPartCopy(call: S3Call): S3Result {
  const t = multipartTarget(call, 'UploadPartCopy', false);
  const source = parseCopySource(call.headers['x-amz-copy-source'] ?? '');
  copyResources(call, source);
  // The destination's permission and upload first: nothing is read for a part that cannot land.
  authorize(call, t.bucket, 's3:PutObject', objectArn(t.bucket.name, t.key));
  const upload = requireUpload(call, t);
  const partNumber = requirePartNumber(call);
  const from = readSource(call, source);
  const range = copyRange(call.headers['x-amz-copy-source-range'], from.size);
  const bytes = readObjectRange(from, range?.start ?? 0, range?.end ?? from.size - 1);
  const part = putPart(call.db, upload, partNumber, bytes, call.now.getTime());
  return {
    body: xmlDocument('CopyPartResult', { ETag: part.etag, LastModified: new Date(part.modified_ms) }),
  };
}
