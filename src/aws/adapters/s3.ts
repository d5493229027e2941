import {
  CreateBucketCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { S3Port } from '../ports.js';
import { bindPort } from './bind.js';

export function createS3Port(config: S3ClientConfig): S3Port {
  // Path-style addressing: virtual-hosted names do not resolve on a local endpoint (the sandbox,
  // --endpoint-url), and AWS accepts both for the bucket names fshare creates.
  const forcePathStyle = config.endpoint !== undefined;
  return bindPort<S3Port>(new S3Client({ ...config, forcePathStyle }), {
    createBucket: CreateBucketCommand,
    headBucket: HeadBucketCommand,
    getBucketPolicy: GetBucketPolicyCommand,
    putBucketPolicy: PutBucketPolicyCommand,
    listObjectsV2: ListObjectsV2Command,
    getObject: GetObjectCommand,
  });
}
