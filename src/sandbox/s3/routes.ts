/**
 * Which operation a request is: S3's REST routing by method, bucket, key, sub-resource query
 * parameters and (for copies) the `x-amz-copy-source` header. A sub-resource the sandbox does not
 * serve is `NotImplemented`, never silently treated as the plain operation.
 */
import {
  createBucket,
  deleteBucket,
  deleteBucketPolicy,
  getBucketAcl,
  getBucketLocation,
  getBucketPolicy,
  headBucket,
  listAllBuckets,
  putBucketPolicy,
} from './buckets.js';
import { deleteObjects } from './batch.js';
import type { S3Call, S3Result } from './call.js';
import { copyObject, uploadPartCopy } from './copy.js';
import { listObjects, listObjectsV2 } from './listing.js';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
} from './multipart.js';
import { deleteObject, getObject, headObject, putObject } from './objects.js';
import { S3Error } from './xml.js';

export type Operation = (call: S3Call) => S3Result;

/** Operations that read objects or listings: trails owe their due logs before these answer. */
export const READS: ReadonlySet<Operation> = new Set([getObject, headObject, listObjectsV2, listObjects]);

const UNSUPPORTED_SUBRESOURCES = [
  'versioning',
  'tagging',
  'lifecycle',
  'cors',
  'website',
  'versions',
  'encryption',
  'notification',
  'replication',
  'logging',
  'object-lock',
  'retention',
  'legal-hold',
  'select',
  'restore',
  'attributes',
  'ownershipControls',
  'publicAccessBlock',
];

const notImplemented = (): S3Error =>
  new S3Error('NotImplemented', 'A header you provided implies functionality that is not implemented', 501);

const methodNotAllowed = (): S3Error =>
  new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);

function pick(ops: Record<string, Operation>, method: string): Operation {
  const op = ops[method];
  if (!op) {
    throw methodNotAllowed();
  }
  return op;
}

function bucketRoute(method: string, query: Record<string, unknown>): Operation {
  if ('policy' in query) {
    return pick({ GET: getBucketPolicy, PUT: putBucketPolicy, DELETE: deleteBucketPolicy }, method);
  }
  if ('acl' in query || 'location' in query) {
    if (method === 'GET') {
      return 'acl' in query ? getBucketAcl : getBucketLocation;
    }
    throw notImplemented();
  }
  if ('delete' in query) {
    return pick({ POST: deleteObjects }, method);
  }
  if ('uploads' in query) {
    return pick({ GET: listMultipartUploads }, method);
  }
  if (method === 'GET') {
    return query['list-type'] === '2' ? listObjectsV2 : listObjects;
  }
  return pick({ PUT: createBucket, HEAD: headBucket, DELETE: deleteBucket }, method);
}

function objectRoute(
  method: string,
  query: Record<string, unknown>,
  headers: Record<string, string>,
): Operation {
  if ('acl' in query) {
    throw notImplemented();
  }
  const copying = headers['x-amz-copy-source'] !== undefined;
  if ('uploads' in query) {
    return pick({ POST: createMultipartUpload }, method);
  }
  if ('uploadId' in query) {
    if (method === 'PUT' && !('partNumber' in query)) {
      throw new S3Error('InvalidRequest', 'A partNumber is required to upload a part.', 400);
    }
    return pick(
      {
        PUT: copying ? uploadPartCopy : uploadPart,
        POST: completeMultipartUpload,
        GET: listParts,
        DELETE: abortMultipartUpload,
      },
      method,
    );
  }
  if ('partNumber' in query && method !== 'GET' && method !== 'HEAD') {
    throw new S3Error('InvalidRequest', 'An uploadId is required with a partNumber.', 400);
  }
  if ('partNumber' in query) {
    // GetObject by part number: the sandbox keeps no part boundaries once an upload completes.
    throw notImplemented();
  }
  return pick(
    { PUT: copying ? copyObject : putObject, GET: getObject, HEAD: headObject, DELETE: deleteObject },
    method,
  );
}

export function route(
  method: string,
  bucket: string | undefined,
  key: string | undefined,
  query: Record<string, unknown>,
  headers: Record<string, string>,
): Operation {
  if (UNSUPPORTED_SUBRESOURCES.some((name) => name in query)) {
    throw notImplemented();
  }
  if (bucket === undefined) {
    if (method === 'GET') {
      return listAllBuckets;
    }
    throw methodNotAllowed();
  }
  return key === undefined ? bucketRoute(method, query) : objectRoute(method, query, headers);
}
