/**
 * Multipart uploads: CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload,
 * ListParts, ListMultipartUploads. Each is authorised with the IAM action S3 uses: s3:PutObject for
 * create, parts and complete, s3:AbortMultipartUpload, s3:ListMultipartUploadParts and
 * s3:ListBucketMultipartUploads. All are data events (assumed for the two listings).
 */
import { authorize, canonicalUserId, requireBucket } from './buckets.js';
import { queryValue, type S3Call, type S3Result } from './call.js';
import { checkBodyDigests } from './checksum.js';
import { commonPrefixOf, pastPrefix } from './listing.js';
import {
  assembleObject,
  getUpload,
  insertUpload,
  partsAfter,
  putPart,
  removeUpload,
  uploadsAfter,
  type PartRow,
  type UploadRow,
} from './multipart-store.js';
import { dataEvent, describedObject, objectArn, requireKey, writeContext, written } from './objects.js';
import type { BucketRow } from './store.js';
import { S3Error, xmlDocument } from './xml.js';
import { childElements, childText, malformedXml, rootContent } from './xml-input.js';

const MIB = 1024 * 1024;
/** Every part but the last must be at least 5 MiB (S3's documented minimum). */
export const MIN_PART_SIZE = 5 * MIB;
const MAX_PARTS = 10000;

interface Target {
  bucket: BucketRow;
  key: string;
}

export function multipartTarget(call: S3Call, eventName: string, readOnly: boolean): Target {
  call.eventName = eventName;
  const bucket = requireBucket(call);
  const key = requireKey(call);
  dataEvent(call, bucket, key, readOnly);
  return { bucket, key };
}

/** The upload named by `?uploadId=`, which must be for this bucket and key. */
export function requireUpload(call: S3Call, { bucket, key }: Target): UploadRow {
  const uploadId = queryValue(call, 'uploadId') ?? '';
  const upload = getUpload(call.db, uploadId);
  if (!upload || upload.bucket !== bucket.name || upload.key !== key) {
    throw new S3Error(
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      404,
      { UploadId: uploadId },
    );
  }
  return upload;
}

export function requirePartNumber(call: S3Call): number {
  const text = queryValue(call, 'partNumber') ?? '';
  const n = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= MAX_PARTS)) {
    throw new S3Error(
      'InvalidArgument',
      'Part number must be an integer between 1 and 10000, inclusive',
      400,
      {
        ArgumentName: 'partNumber',
        ArgumentValue: text,
      },
    );
  }
  return n;
}

const party = (accountId: string, arn?: string): Record<string, string> => ({
  ID: arn ?? canonicalUserId(accountId),
  DisplayName: accountId,
});

export function createMultipartUpload(call: S3Call): S3Result {
  const t = multipartTarget(call, 'CreateMultipartUpload', false);
  authorize(call, t.bucket, 's3:PutObject', objectArn(t.bucket.name, t.key), writeContext(call));
  const described = describedObject(call);
  const upload = insertUpload(call.db, {
    bucket: t.bucket.name,
    key: t.key,
    initiator_account: call.caller.accountId,
    initiator_arn: call.caller.arn,
    content_type: described.contentType ?? null,
    content_encoding: described.contentEncoding ?? null,
    metadata: JSON.stringify(described.metadata),
    created_ms: call.now.getTime(),
  });
  return {
    body: xmlDocument('InitiateMultipartUploadResult', {
      Bucket: t.bucket.name,
      Key: t.key,
      UploadId: upload.upload_id,
    }),
  };
}

function storePart(call: S3Call, t: Target, body: Buffer): PartRow {
  authorize(call, t.bucket, 's3:PutObject', objectArn(t.bucket.name, t.key));
  const upload = requireUpload(call, t);
  return putPart(call.db, upload, requirePartNumber(call), body, call.now.getTime());
}

export function uploadPart(call: S3Call): S3Result {
  const t = multipartTarget(call, 'UploadPart', false);
  checkBodyDigests(call.headers, call.body);
  const part = storePart(call, t, call.body);
  return { headers: { etag: part.etag } };
}

function parseCompletion(body: Buffer): { partNumber: number; etag: string }[] {
  const content = rootContent(body, 'CompleteMultipartUpload');
  const parts = childElements(content, 'Part').map((inner) => {
    const number = childText(inner, 'PartNumber');
    const etag = childText(inner, 'ETag');
    if (number === undefined || etag === undefined || !/^\d+$/.test(number)) {
      throw malformedXml();
    }
    return { partNumber: Number(number), etag: etag.trim() };
  });
  if (parts.length === 0) {
    throw malformedXml();
  }
  return parts;
}

const unquoted = (etag: string): string => etag.replace(/^"|"$/g, '');

export function completeMultipartUpload(call: S3Call): S3Result {
  const t = multipartTarget(call, 'CompleteMultipartUpload', false);
  authorize(call, t.bucket, 's3:PutObject', objectArn(t.bucket.name, t.key));
  const upload = requireUpload(call, t);
  const wanted = parseCompletion(call.body);
  const stored = new Map(partsAfter(call.db, upload.upload_id, 0, MAX_PARTS).map((p) => [p.part_number, p]));
  const chosen: PartRow[] = [];
  wanted.forEach(({ partNumber, etag }, index) => {
    if (index > 0 && partNumber <= (wanted[index - 1]?.partNumber ?? 0)) {
      throw new S3Error(
        'InvalidPartOrder',
        'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
        400,
        { UploadId: upload.upload_id },
      );
    }
    const part = stored.get(partNumber);
    if (!part || unquoted(part.etag) !== unquoted(etag)) {
      throw new S3Error(
        'InvalidPart',
        "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        400,
        { UploadId: upload.upload_id, PartNumber: String(partNumber), ETag: etag },
      );
    }
    chosen.push(part);
  });
  chosen.slice(0, -1).forEach((part) => {
    if (part.size < MIN_PART_SIZE) {
      throw new S3Error(
        'EntityTooSmall',
        'Your proposed upload is smaller than the minimum allowed size',
        400,
        {
          ProposedSize: String(part.size),
          MinSizeAllowed: String(MIN_PART_SIZE),
          PartNumber: String(part.part_number),
          ETag: unquoted(part.etag),
        },
      );
    }
  });
  const row = assembleObject(call.db, upload, chosen, {
    bucket: upload.bucket,
    key: upload.key,
    contentType: upload.content_type ?? undefined,
    contentEncoding: upload.content_encoding ?? undefined,
    metadata: JSON.parse(upload.metadata) as Record<string, string>,
    ownerAccount: call.caller.accountId,
    nowMs: call.now.getTime(),
  });
  const host = call.headers.host ?? '';
  return written(call, row, {
    body: xmlDocument('CompleteMultipartUploadResult', {
      Location: `http://${host}/${t.bucket.name}/${encodeURIComponent(t.key).replace(/%2F/g, '/')}`,
      Bucket: t.bucket.name,
      Key: t.key,
      ETag: row.etag,
    }),
  });
}

export function abortMultipartUpload(call: S3Call): S3Result {
  const t = multipartTarget(call, 'AbortMultipartUpload', false);
  authorize(call, t.bucket, 's3:AbortMultipartUpload', objectArn(t.bucket.name, t.key));
  const upload = requireUpload(call, t);
  removeUpload(call.db, upload.upload_id);
  return { status: 204 };
}

function boundedInteger(call: S3Call, name: string, fallback: number, max: number): number {
  const text = queryValue(call, name);
  if (text === undefined) {
    return fallback;
  }
  if (!/^\d+$/.test(text)) {
    throw new S3Error('InvalidArgument', `Provided ${name} not an integer or within integer range`, 400, {
      ArgumentName: name,
      ArgumentValue: text,
    });
  }
  return Math.min(max, Number(text));
}

export function listParts(call: S3Call): S3Result {
  const t = multipartTarget(call, 'ListParts', true);
  authorize(call, t.bucket, 's3:ListMultipartUploadParts', objectArn(t.bucket.name, t.key));
  const upload = requireUpload(call, t);
  const maxParts = boundedInteger(call, 'max-parts', 1000, 1000);
  const marker = boundedInteger(call, 'part-number-marker', 0, MAX_PARTS);
  const rows = partsAfter(call.db, upload.upload_id, marker, maxParts + 1);
  const page = rows.slice(0, maxParts);
  const truncated = rows.length > maxParts;
  return {
    body: xmlDocument('ListPartsResult', {
      Bucket: t.bucket.name,
      Key: t.key,
      UploadId: upload.upload_id,
      Initiator: party(upload.initiator_account, upload.initiator_arn),
      Owner: party(upload.initiator_account),
      StorageClass: 'STANDARD',
      PartNumberMarker: marker,
      NextPartNumberMarker: page[page.length - 1]?.part_number ?? marker,
      MaxParts: maxParts,
      IsTruncated: truncated,
      Part: page.map((p) => ({
        PartNumber: p.part_number,
        LastModified: new Date(p.modified_ms),
        ETag: p.etag,
        Size: p.size,
      })),
    }),
  };
}

export function listMultipartUploads(call: S3Call): S3Result {
  call.eventName = 'ListMultipartUploads';
  const bucket = requireBucket(call);
  dataEvent(call, bucket, undefined, true);
  authorize(call, bucket, 's3:ListBucketMultipartUploads', `arn:aws:s3:::${bucket.name}`);
  const prefix = queryValue(call, 'prefix') ?? '';
  const delimiter = queryValue(call, 'delimiter') ?? '';
  const keyMarker = queryValue(call, 'key-marker') ?? '';
  // S3 ignores upload-id-marker without a key-marker.
  const uploadIdMarker = keyMarker === '' ? '' : (queryValue(call, 'upload-id-marker') ?? '');
  const maxUploads = boundedInteger(call, 'max-uploads', 1000, 1000);
  const uploads: UploadRow[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  let afterKey = keyMarker;
  let afterId = uploadIdMarker;
  for (;;) {
    const rows = uploadsAfter(call.db, bucket.name, prefix, afterKey, afterId, maxUploads + 1);
    if (rows.length === 0) {
      break;
    }
    let regrouped = false;
    for (const row of rows) {
      if (uploads.length + prefixes.length >= maxUploads) {
        truncated = true;
        break;
      }
      const common = commonPrefixOf(row.key, prefix, delimiter);
      if (common !== undefined) {
        prefixes.push(common);
        afterKey = pastPrefix(common);
        afterId = '';
        regrouped = true;
        break;
      }
      uploads.push(row);
      afterKey = row.key;
      afterId = row.upload_id;
    }
    if (truncated || !regrouped) {
      break;
    }
  }
  // The markers resume after the last entry returned, an upload or a common prefix.
  const lastUpload = uploads[uploads.length - 1];
  const lastPrefix = prefixes[prefixes.length - 1];
  const lastIsPrefix = lastPrefix !== undefined && (lastUpload === undefined || lastPrefix > lastUpload.key);
  return {
    body: xmlDocument('ListMultipartUploadsResult', {
      Bucket: bucket.name,
      KeyMarker: keyMarker,
      UploadIdMarker: uploadIdMarker,
      ...(truncated ? { NextKeyMarker: lastIsPrefix ? lastPrefix : (lastUpload?.key ?? '') } : {}),
      ...(truncated && !lastIsPrefix && lastUpload ? { NextUploadIdMarker: lastUpload.upload_id } : {}),
      Prefix: prefix,
      ...(delimiter === '' ? {} : { Delimiter: delimiter }),
      MaxUploads: maxUploads,
      IsTruncated: truncated,
      Upload: uploads.map((u) => ({
        Key: u.key,
        UploadId: u.upload_id,
        Initiator: party(u.initiator_account, u.initiator_arn),
        Owner: party(u.initiator_account),
        StorageClass: 'STANDARD',
        Initiated: new Date(u.created_ms),
      })),
      CommonPrefixes: prefixes.map((p) => ({ Prefix: p })),
    }),
  };
}
