/**
 * Listing a bucket: ListObjectsV2 (opaque continuation token, start-after) and the original
 * ListObjects (marker; NextMarker only with a delimiter), over one walk in UTF-8 key order.
 */
import { authorize, canonicalUserId, requireBucket } from './buckets.js';
import { queryValue, type S3Call, type S3Result } from './call.js';
import { dataEvent } from './objects.js';
import { objectsAfter, type BucketRow, type ObjectRow } from './store.js';
import { S3Error, xmlDocument } from './xml.js';

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
export const pastPrefix = (prefix: string): string => `${prefix}\u{10FFFF}`;

/** The common prefix `key` rolls up into (through the first delimiter after `prefix`), if any. */
export function commonPrefixOf(key: string, prefix: string, delimiter: string): string | undefined {
  const at = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
  return at >= 0 ? key.slice(0, at + delimiter.length) : undefined;
}

interface ListArguments {
  bucket: BucketRow;
  prefix: string;
  delimiter: string;
  encodingType: string | undefined;
  maxKeys: number;
}

function listArguments(call: S3Call): ListArguments {
  const bucket = requireBucket(call);
  dataEvent(call, bucket, undefined, true);
  authorize(call, bucket, 's3:ListBucket', `arn:aws:s3:::${bucket.name}`);
  const encodingType = queryValue(call, 'encoding-type');
  if (encodingType !== undefined && encodingType !== 'url') {
    throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', 400, {
      ArgumentName: 'encoding-type',
    });
  }
  const maxText = queryValue(call, 'max-keys') ?? '1000';
  if (!/^\d+$/.test(maxText)) {
    throw new S3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', 400, {
      ArgumentName: 'max-keys',
    });
  }
  return {
    bucket,
    prefix: queryValue(call, 'prefix') ?? '',
    delimiter: queryValue(call, 'delimiter') ?? '',
    encodingType,
    maxKeys: Math.min(1000, Number(maxText)),
  };
}

/**
 * Where a listing given `after` (a marker or start-after) starts. One that is a common prefix of
 * this listing (v1's NextMarker) resumes past all of its keys rather than rolling them up into the
 * same prefix again (assumed, as S3 pages).
 */
function startingAfter(args: ListArguments, after: string): string {
  const common =
    args.delimiter !== '' &&
    after.length > args.prefix.length &&
    after.startsWith(args.prefix) &&
    after.indexOf(args.delimiter, args.prefix.length) === after.length - args.delimiter.length;
  return common ? pastPrefix(after) : after;
}

interface Walk {
  contents: ObjectRow[];
  prefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned (v1's NextMarker). */
  cursor: string;
  /** Where the next page starts (v2's token): past the last key, or past all of a common prefix's. */
  resume: string;
}

/** Up to maxKeys keys and common prefixes after `start`, each common prefix counted once. */
function walk(call: S3Call, args: ListArguments, start: string): Walk {
  const { prefix, delimiter, maxKeys } = args;
  const contents: ObjectRow[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  let cursor = start;
  let after = start;
  while (!truncated) {
    const rows = objectsAfter(
      call.db,
      args.bucket.name,
      prefix,
      after,
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
      const common = commonPrefixOf(row.key, prefix, delimiter);
      if (common !== undefined) {
        prefixes.push(common);
        cursor = common;
        after = pastPrefix(common);
        break;
      }
      contents.push(row);
      cursor = row.key;
      after = row.key;
    }
  }
  return { contents, prefixes, truncated, cursor, resume: after };
}

function entries(walked: Walk, enc: (text: string) => string, owner: boolean): Record<string, unknown> {
  return {
    Contents: walked.contents.map((row) => ({
      Key: enc(row.key),
      LastModified: new Date(row.modified_ms),
      ETag: row.etag,
      Size: row.size,
      ...(owner ? { Owner: { ID: canonicalUserId(row.owner_account), DisplayName: row.owner_account } } : {}),
      StorageClass: 'STANDARD',
    })),
    CommonPrefixes: walked.prefixes.map((p) => ({ Prefix: enc(p) })),
  };
}

export function listObjectsV2(call: S3Call): S3Result {
  call.eventName = 'ListObjects';
  const args = listArguments(call);
  const startAfter = queryValue(call, 'start-after') ?? '';
  const token = queryValue(call, 'continuation-token');
  const walked = walk(call, args, token === undefined ? startingAfter(args, startAfter) : decodeToken(token));
  const enc = (text: string): string => (args.encodingType === 'url' ? encodeURIComponent(text) : text);
  return {
    body: xmlDocument('ListBucketResult', {
      Name: args.bucket.name,
      Prefix: enc(args.prefix),
      ...(args.delimiter === '' ? {} : { Delimiter: enc(args.delimiter) }),
      MaxKeys: args.maxKeys,
      ...(args.encodingType === undefined ? {} : { EncodingType: args.encodingType }),
      KeyCount: walked.contents.length + walked.prefixes.length,
      IsTruncated: walked.truncated,
      ...(token === undefined ? {} : { ContinuationToken: token }),
      ...(walked.truncated ? { NextContinuationToken: encodeToken(walked.resume) } : {}),
      ...(startAfter === '' ? {} : { StartAfter: enc(startAfter) }),
      ...entries(walked, enc, queryValue(call, 'fetch-owner') === 'true'),
    }),
  };
}

/**
 * ListObjects (v1): keys after `marker`, with each key's Owner as S3 gives by default. NextMarker
 * is sent only with a delimiter, as S3 documents; without one the client resumes from the last Key.
 */
export function listObjects(call: S3Call): S3Result {
  call.eventName = 'ListObjects';
  const args = listArguments(call);
  const marker = queryValue(call, 'marker') ?? '';
  const walked = walk(call, args, startingAfter(args, marker));
  const enc = (text: string): string => (args.encodingType === 'url' ? encodeURIComponent(text) : text);
  return {
    body: xmlDocument('ListBucketResult', {
      Name: args.bucket.name,
      Prefix: enc(args.prefix),
      Marker: enc(marker),
      ...(walked.truncated && args.delimiter !== '' ? { NextMarker: enc(walked.cursor) } : {}),
      MaxKeys: args.maxKeys,
      ...(args.delimiter === '' ? {} : { Delimiter: enc(args.delimiter) }),
      IsTruncated: walked.truncated,
      ...(args.encodingType === undefined ? {} : { EncodingType: args.encodingType }),
      ...entries(walked, enc, true),
    }),
  };
}
