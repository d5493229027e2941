/**
 * S3 of `fshare sandbox serve`, driven by the AWS CLI v1 and boto3: `aws s3 ls`, `aws s3 cp` up
 * and down (keys with spaces and plus signs), `aws s3api put-bucket-policy`, ListObjectsV2 paging
 * with delimiter and start-after, S3's XML errors, and a cross-account read allowed by a policy;
 * every answer checked against botocore's S3 model.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedS3, type CheckedS3 } from './helpers/s3-clients.js';
import { missingPrerequisite, startServedSandbox, type ServedSandbox } from './helpers/served-sandbox.js';

const skipReason = missingPrerequisite({ aws: true, boto3: true });
if (skipReason) {
  process.stderr.write(`skipping S3 conformance tests: ${skipReason}\n`);
}

describe.skipIf(skipReason !== undefined)('S3 over HTTP (AWS CLI, boto3)', { timeout: 240_000 }, () => {
  let sandbox: ServedSandbox;
  let work: string;
  /** Every answer these clients get is checked against botocore's S3 model (last test). */
  let s3: CheckedS3;

  /** `aws s3 …` prints text, not JSON: run it raw. */
  const s3cli = (profile: string, args: string[]) => s3.cli(profile, ['s3', ...args]);
  const aws = (profile: string, args: string[]) => s3.api(profile, args);
  const boto3 = (profile: string, _service: 's3', op: string, params: Record<string, unknown> = {}) =>
    s3.call(profile, { op, params });

  beforeAll(async () => {
    sandbox = await startServedSandbox();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-s3-cli-'));
    s3 = checkedS3(sandbox, work);
  });

  afterAll(async () => {
    await sandbox?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('creates a bucket, lists it, and copies files up and down byte for byte', () => {
    expect(aws('owner', ['s3api', 'create-bucket', '--bucket', 'cli-bucket'])).toMatchObject({
      ok: true,
    });
    const small = path.join(work, 'a b+c.txt');
    const big = path.join(work, 'big.bin');
    fs.writeFileSync(small, 'hello\n');
    fs.writeFileSync(big, Buffer.from(Array.from({ length: 3 * 1024 * 1024 }, (_v, i) => i % 251)));
    expect(s3cli('owner', ['cp', small, 's3://cli-bucket/dir/a b+c.txt']).status).toBe(0);
    expect(s3cli('owner', ['cp', big, 's3://cli-bucket/big.bin']).status).toBe(0);
    const top = s3cli('owner', ['ls', 's3://cli-bucket/']);
    expect(top.stdout).toMatch(/PRE dir\//);
    expect(top.stdout).toMatch(/3145728 big\.bin/);
    const recursive = s3cli('owner', ['ls', 's3://cli-bucket', '--recursive']);
    expect(recursive.stdout).toContain('dir/a b+c.txt');
    expect(s3cli('owner', ['ls']).stdout).toMatch(/cli-bucket/);
    const down = path.join(work, 'down.txt');
    expect(s3cli('owner', ['cp', 's3://cli-bucket/dir/a b+c.txt', down]).status).toBe(0);
    expect(fs.readFileSync(down, 'utf8')).toBe('hello\n');
    const bigDown = path.join(work, 'big-down.bin');
    expect(s3cli('owner', ['cp', 's3://cli-bucket/big.bin', bigDown]).status).toBe(0);
    expect(fs.readFileSync(bigDown).equals(fs.readFileSync(big))).toBe(true);
  });

  it('pages ListObjectsV2 with max-keys, delimiter and start-after (boto3)', () => {
    for (const key of ['p/1', 'p/2', 'p/3', 'q/1', 'r']) {
      expect(
        boto3('owner', 's3', 'put_object', { Bucket: 'cli-bucket', Key: `list/${key}`, Body: 'x' }),
      ).toMatchObject({ ok: true });
    }
    const first = boto3('owner', 's3', 'list_objects_v2', {
      Bucket: 'cli-bucket',
      Prefix: 'list/',
      MaxKeys: 2,
    });
    expect(first.response).toMatchObject({ KeyCount: 2, IsTruncated: true });
    const second = boto3('owner', 's3', 'list_objects_v2', {
      Bucket: 'cli-bucket',
      Prefix: 'list/',
      MaxKeys: 10,
      ContinuationToken: first.response?.NextContinuationToken,
    });
    const keys = (r: typeof first): string[] =>
      ((r.response?.Contents ?? []) as { Key: string }[]).map((c) => c.Key);
    expect([...keys(first), ...keys(second)]).toEqual([
      'list/p/1',
      'list/p/2',
      'list/p/3',
      'list/q/1',
      'list/r',
    ]);
    const grouped = boto3('owner', 's3', 'list_objects_v2', {
      Bucket: 'cli-bucket',
      Prefix: 'list/',
      Delimiter: '/',
    });
    expect(grouped.response?.CommonPrefixes).toEqual([{ Prefix: 'list/p/' }, { Prefix: 'list/q/' }]);
    expect(keys(grouped)).toEqual(['list/r']);
    const after = boto3('owner', 's3', 'list_objects_v2', {
      Bucket: 'cli-bucket',
      Prefix: 'list/',
      StartAfter: 'list/p/3',
    });
    expect(keys(after)).toEqual(['list/q/1', 'list/r']);
    const bad = boto3('owner', 's3', 'list_objects_v2', {
      Bucket: 'cli-bucket',
      ContinuationToken: 'garbage!',
    });
    expect(bad).toMatchObject({ ok: false, code: 'InvalidArgument', status: 400 });
  });

  it("answers with S3's XML errors", () => {
    expect(boto3('owner', 's3', 'get_object', { Bucket: 'cli-bucket', Key: 'missing' })).toMatchObject({
      ok: false,
      code: 'NoSuchKey',
      status: 404,
    });
    expect(boto3('owner', 's3', 'head_object', { Bucket: 'cli-bucket', Key: 'missing' })).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(boto3('owner', 's3', 'list_objects_v2', { Bucket: 'no-such-bucket' })).toMatchObject({
      ok: false,
      code: 'NoSuchBucket',
      status: 404,
    });
    expect(boto3('consumer', 's3', 'create_bucket', { Bucket: 'cli-bucket' })).toMatchObject({
      ok: false,
      code: 'BucketAlreadyExists',
      status: 409,
    });
    expect(boto3('owner', 's3', 'create_bucket', { Bucket: 'Bad_Name' })).toMatchObject({
      ok: false,
      code: 'InvalidBucketName',
    });
    expect(boto3('owner', 's3', 'delete_bucket', { Bucket: 'cli-bucket' })).toMatchObject({
      ok: false,
      code: 'BucketNotEmpty',
      status: 409,
    });
    expect(boto3('owner', 's3', 'get_bucket_policy', { Bucket: 'cli-bucket' })).toMatchObject({
      ok: false,
      code: 'NoSuchBucketPolicy',
      status: 404,
    });
  });

  it('lets another account read only what the bucket policy allows (aws s3api put-bucket-policy)', () => {
    expect(boto3('consumer', 's3', 'head_object', { Bucket: 'cli-bucket', Key: 'big.bin' })).toMatchObject({
      ok: false,
      status: 403,
    });
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::222222222222:root' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::cli-bucket/dir/*',
        },
      ],
    });
    expect(
      aws('owner', ['s3api', 'put-bucket-policy', '--bucket', 'cli-bucket', '--policy', policy]),
    ).toMatchObject({ ok: true });
    expect(
      JSON.parse(
        String(aws('owner', ['s3api', 'get-bucket-policy', '--bucket', 'cli-bucket']).response?.Policy),
      ),
    ).toEqual(JSON.parse(policy));
    expect(
      boto3('consumer', 's3', 'head_object', { Bucket: 'cli-bucket', Key: 'dir/a b+c.txt' }),
    ).toMatchObject({ ok: true });
    expect(boto3('consumer', 's3', 'head_object', { Bucket: 'cli-bucket', Key: 'big.bin' })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(boto3('consumer', 's3', 'list_objects_v2', { Bucket: 'cli-bucket' })).toMatchObject({
      ok: false,
      code: 'AccessDenied',
    });
    expect(
      aws('owner', ['s3api', 'put-bucket-policy', '--bucket', 'cli-bucket', '--policy', '{"Statement":[]}']),
    ).toMatchObject({ ok: false, code: 'MalformedPolicy' });
  });

  it("got only answers that fit botocore's S3 model", () => {
    const records = s3.records();
    expect(records.length).toBeGreaterThan(20);
    expect(records.filter((r) => r.problems.length > 0)).toEqual([]);
  });
});
