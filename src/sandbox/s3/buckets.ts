/** Bucket operations: ListBuckets, CreateBucket, HeadBucket, DeleteBucket, policy, ACL, location. */
import { createHash } from 'node:crypto';
import { MalformedPolicyError, parsePolicy } from './policy.js';
import type { S3Call, S3Result } from './call.js';
import { principalOf } from './call.js';
import {
  countObjects,
  deleteBucketRow,
  getBucket,
  insertBucket,
  isAllowed,
  listBuckets,
  setBucketPolicy,
  type BucketRow,
} from './store.js';
import { S3Error, accessDenied, noSuchBucket, xmlDocument, xmlText } from './xml.js';

/** The canonical user ID S3 shows for an account: stable, 64 hex characters. */
export function canonicalUserId(accountId: string): string {
  return createHash('sha256').update(`fshare-sandbox-canonical-user:${accountId}`).digest('hex');
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function validateBucketName(name: string): void {
  if (
    !BUCKET_NAME.test(name) ||
    name.includes('..') ||
    /^\d+\.\d+\.\d+\.\d+$/.test(name) ||
    name.startsWith('xn--') ||
    name.endsWith('-s3alias')
  ) {
    throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: name });
  }
}

export function requireBucket(call: S3Call): BucketRow {
  const name = call.bucket ?? '';
  const bucket = getBucket(call.db, name);
  if (!bucket) {
    throw noSuchBucket(name);
  }
  call.trail.ownerAccountId = bucket.account_id;
  return bucket;
}

export function authorize(
  call: S3Call,
  bucket: BucketRow,
  action: string,
  resource: string,
  context: Record<string, string> = {},
): void {
  if (!isAllowed({ bucket, action, resource, principal: principalOf(call.caller), context })) {
    throw accessDenied();
  }
}

const bucketArn = (name: string): string => `arn:aws:s3:::${name}`;

export function listAllBuckets(call: S3Call): S3Result {
  call.eventName = 'ListBuckets';
  const owner = { ID: canonicalUserId(call.caller.accountId), DisplayName: call.caller.accountId };
  const buckets = listBuckets(call.db, call.caller.accountId).map((b) => ({
    Name: b.name,
    CreationDate: new Date(b.created_ms),
    BucketRegion: b.region,
  }));
  return { body: xmlDocument('ListAllMyBucketsResult', { Owner: owner, Buckets: { Bucket: buckets } }) };
}

export function createBucket(call: S3Call): S3Result {
  call.eventName = 'CreateBucket';
  const name = call.bucket ?? '';
  validateBucketName(name);
  const constraint = xmlText(call.body.toString('utf8'), 'LocationConstraint');
  if (constraint !== undefined && constraint !== '' && constraint !== call.region) {
    throw new S3Error(
      'IllegalLocationConstraintException',
      `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      400,
    );
  }
  if (constraint === 'us-east-1') {
    throw new S3Error('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400);
  }
  const existing = getBucket(call.db, name);
  if (existing) {
    if (existing.account_id !== call.caller.accountId) {
      throw new S3Error(
        'BucketAlreadyExists',
        'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
        409,
        { BucketName: name },
      );
    }
    // AWS: "in us-east-1 … returns 200 OK" for a bucket you already own (legacy); elsewhere 409.
    if (existing.region !== 'us-east-1') {
      throw new S3Error(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        409,
        { BucketName: name },
      );
    }
    return { headers: { location: `/${name}` } };
  }
  insertBucket(call.db, {
    name,
    account_id: call.caller.accountId,
    region: call.region,
    created_ms: call.now.getTime(),
    policy: null,
  });
  call.trail.ownerAccountId = call.caller.accountId;
  return { headers: { location: `/${name}` } };
}

export function headBucket(call: S3Call): S3Result {
  call.eventName = 'HeadBucket';
  const bucket = requireBucket(call);
  authorize(call, bucket, 's3:ListBucket', bucketArn(bucket.name));
  return { headers: { 'x-amz-bucket-region': bucket.region } };
}

export function deleteBucket(call: S3Call): S3Result {
  call.eventName = 'DeleteBucket';
  const bucket = requireBucket(call);
  authorize(call, bucket, 's3:DeleteBucket', bucketArn(bucket.name));
  if (bucket.account_id !== call.caller.accountId) {
    throw accessDenied();
  }
  if (countObjects(call.db, bucket.name) > 0) {
    throw new S3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, {
      BucketName: bucket.name,
    });
  }
  deleteBucketRow(call.db, bucket.name);
  return { status: 204 };
}

/** Policy operations: a non-owner with permission gets 405, without it 403 (S3's documented rule). */
function ownerOnly(call: S3Call, bucket: BucketRow, action: string): void {
  authorize(call, bucket, action, bucketArn(bucket.name));
  if (bucket.account_id !== call.caller.accountId) {
    throw new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
  }
}

export function getBucketPolicy(call: S3Call): S3Result {
  call.eventName = 'GetBucketPolicy';
  const bucket = requireBucket(call);
  ownerOnly(call, bucket, 's3:GetBucketPolicy');
  if (bucket.policy === null) {
    throw new S3Error('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, {
      BucketName: bucket.name,
    });
  }
  return { headers: { 'content-type': 'application/json' }, body: Buffer.from(bucket.policy) };
}

export function putBucketPolicy(call: S3Call): S3Result {
  call.eventName = 'PutBucketPolicy';
  const bucket = requireBucket(call);
  ownerOnly(call, bucket, 's3:PutBucketPolicy');
  const text = call.body.toString('utf8');
  try {
    parsePolicy(text);
  } catch (error) {
    if (error instanceof MalformedPolicyError) {
      throw new S3Error('MalformedPolicy', error.message, 400);
    }
    throw error;
  }
  setBucketPolicy(call.db, bucket.name, text);
  call.trail.requestParameters = {
    bucketName: bucket.name,
    bucketPolicy: JSON.parse(text) as unknown,
    policy: '',
  };
  return { status: 204 };
}

export function deleteBucketPolicy(call: S3Call): S3Result {
  call.eventName = 'DeleteBucketPolicy';
  const bucket = requireBucket(call);
  ownerOnly(call, bucket, 's3:DeleteBucketPolicy');
  setBucketPolicy(call.db, bucket.name, null);
  return { status: 204 };
}

export function getBucketAcl(call: S3Call): S3Result {
  call.eventName = 'GetBucketAcl';
  const bucket = requireBucket(call);
  authorize(call, bucket, 's3:GetBucketAcl', bucketArn(bucket.name));
  const owner = { ID: canonicalUserId(bucket.account_id), DisplayName: bucket.account_id };
  const grant = {
    Grantee: owner,
    Permission: 'FULL_CONTROL',
  };
  const xml = xmlDocument('AccessControlPolicy', { Owner: owner, AccessControlList: { Grant: [grant] } })
    .toString('utf8')
    .replace(
      '<Grantee>',
      '<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">',
    );
  return { body: Buffer.from(xml) };
}

export function getBucketLocation(call: S3Call): S3Result {
  call.eventName = 'GetBucketLocation';
  const bucket = requireBucket(call);
  authorize(call, bucket, 's3:GetBucketLocation', bucketArn(bucket.name));
  const region = bucket.region === 'us-east-1' ? '' : bucket.region;
  return {
    body: Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${region}</LocationConstraint>`,
    ),
  };
}
