/**
 * What `aws s3` and boto3 do with real files against `fshare sandbox serve`: `aws s3 rm --recursive`
 * (DeleteObjects), `aws s3api list-objects` paging (ListObjects v1), `aws s3 cp` of a 20 MB file
 * (multipart, up and down), `aws s3 sync`/`mv`/`rb --force`, boto3's upload_file with a small
 * threshold, and S3's errors for each. Every answer is checked against botocore's S3 model
 * (s3-multipart.test.ts covers multipart errors and copies).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MIB,
  checkedOperations,
  checkedS3,
  filesUnder,
  md5,
  multipartEtag,
  pattern,
  uploadsRoot as uploadsRootOf,
  type CheckedS3,
} from './helpers/s3-clients.js';
import { missingPrerequisite, startServedSandbox, type ServedSandbox } from './helpers/served-sandbox.js';

const skipReason = missingPrerequisite({ aws: true, boto3: true });
if (skipReason) {
  process.stderr.write(`skipping S3 transfer conformance tests: ${skipReason}\n`);
}

describe.skipIf(skipReason !== undefined)('S3 transfers (AWS CLI, boto3)', { timeout: 300_000 }, () => {
  let sandbox: ServedSandbox;
  let work: string;
  let s3: CheckedS3;
  let uploadsRoot: string;

  beforeAll(async () => {
    sandbox = await startServedSandbox();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-s3-transfer-'));
    s3 = checkedS3(sandbox, work);
    const made = s3.calls('owner', [
      { op: 'create_bucket', params: { Bucket: 'xfer' } },
      { op: 'create_bucket', params: { Bucket: 'xfer-copy' } },
    ]);
    expect(made.map((m) => m.ok)).toEqual([true, true]);
    uploadsRoot = uploadsRootOf(sandbox, 'xfer');
  });

  afterAll(async () => {
    await sandbox?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('removes a prefix with `aws s3 rm --recursive` and pages ListObjects v1 by marker', () => {
    const keys = ['tmp/a', 'tmp/b/1', 'tmp/b/2', 'tmp/c d+e', 'keep/x', 'keep/y/1', 'keep/z'];
    const put = s3.calls(
      'owner',
      keys.map((Key) => ({ op: 'put_object', params: { Bucket: 'xfer', Key, Body: Key } })),
    );
    expect(put.every((p) => p.ok)).toBe(true);
    const removed = s3.cli('owner', ['s3', 'rm', 's3://xfer/tmp', '--recursive']);
    expect(removed.status).toBe(0);
    expect(removed.stdout).toContain('delete: s3://xfer/tmp/c d+e');
    const listed = s3.cli('owner', ['s3', 'ls', 's3://xfer', '--recursive']);
    expect(listed.stdout).not.toContain('tmp/');
    expect(listed.stdout).toContain('keep/y/1');
    // The CLI pages ListObjects v1 on NextMarker, or on the last Key when there is none.
    for (const extra of [[], ['--delimiter', '/', '--prefix', 'keep/']]) {
      const res = s3.cli('owner', [
        's3api',
        'list-objects',
        '--bucket',
        'xfer',
        '--page-size',
        '1',
        '--output',
        'json',
        ...extra,
      ]);
      expect(res.status).toBe(0);
      const out = JSON.parse(res.stdout) as {
        Contents?: { Key: string }[];
        CommonPrefixes?: { Prefix: string }[];
      };
      if (extra.length === 0) {
        expect(out.Contents?.map((c) => c.Key)).toEqual(['keep/x', 'keep/y/1', 'keep/z']);
      } else {
        expect(out.Contents?.map((c) => c.Key)).toEqual(['keep/x', 'keep/z']);
        expect(out.CommonPrefixes).toEqual([{ Prefix: 'keep/y/' }]);
      }
    }
    const [plain, grouped, resumed] = s3.calls('owner', [
      { op: 'list_objects', params: { Bucket: 'xfer', MaxKeys: 2 } },
      { op: 'list_objects', params: { Bucket: 'xfer', Prefix: 'keep/', Delimiter: '/', MaxKeys: 2 } },
      { op: 'list_objects', params: { Bucket: 'xfer', Prefix: 'keep/', Delimiter: '/', Marker: 'keep/y/' } },
    ]);
    expect(plain?.response).toMatchObject({ IsTruncated: true, Marker: '' });
    expect(plain?.response).not.toHaveProperty('NextMarker');
    expect(grouped?.response).toMatchObject({ IsTruncated: true, NextMarker: 'keep/y/' });
    expect((resumed?.response?.Contents as { Key: string }[]).map((c) => c.Key)).toEqual(['keep/z']);
    expect(resumed?.response).not.toHaveProperty('CommonPrefixes');
  });

  it('answers DeleteObjects per key, quietly when asked, and refuses a body without a digest', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:DeleteObject',
          Resource: 'arn:aws:s3:::xfer/locked/*',
        },
      ],
    });
    const objects = (...keys: string[]) => ({ Objects: keys.map((Key) => ({ Key })) });
    const [, , , verbose, quiet, bare, wrongMd5, listed] = s3.calls('owner', [
      { op: 'put_bucket_policy', params: { Bucket: 'xfer', Policy: policy } },
      { op: 'put_object', params: { Bucket: 'xfer', Key: 'locked/1', Body: 'x' } },
      { op: 'put_object', params: { Bucket: 'xfer', Key: 'del/1', Body: 'x' } },
      { op: 'delete_objects', params: { Bucket: 'xfer', Delete: objects('del/1', 'locked/1', 'never/was') } },
      {
        op: 'delete_objects',
        params: { Bucket: 'xfer', Delete: { ...objects('locked/1', 'keep/x'), Quiet: true } },
      },
      { op: 'delete_objects', params: { Bucket: 'xfer', Delete: objects('keep/z') }, strip_checksums: true },
      {
        op: 'delete_objects',
        params: { Bucket: 'xfer', Delete: objects('keep/z') },
        strip_checksums: true,
        set_headers: { 'Content-MD5': md5(Buffer.from('other')).toString('base64') },
      },
      { op: 'list_objects_v2', params: { Bucket: 'xfer' } },
    ]);
    expect(verbose?.response?.Deleted).toEqual([{ Key: 'del/1' }, { Key: 'never/was' }]);
    expect(verbose?.response?.Errors).toEqual([
      { Key: 'locked/1', Code: 'AccessDenied', Message: 'Access Denied' },
    ]);
    expect(quiet?.response).not.toHaveProperty('Deleted');
    expect(quiet?.response?.Errors).toEqual([
      { Key: 'locked/1', Code: 'AccessDenied', Message: 'Access Denied' },
    ]);
    expect(bare).toMatchObject({ ok: false, code: 'InvalidRequest', status: 400 });
    expect(bare?.message).toContain('Content-MD5');
    expect(wrongMd5).toMatchObject({ ok: false, code: 'BadDigest', status: 400 });
    const left = ((listed?.response?.Contents ?? []) as { Key: string }[]).map((c) => c.Key);
    expect(left).toEqual(['keep/y/1', 'keep/z', 'locked/1']);
    expect(s3.call('owner', { op: 'delete_bucket_policy', params: { Bucket: 'xfer' } }).ok).toBe(true);
  });

  it('copies a 20 MB file up and down with `aws s3 cp` (multipart) byte for byte', () => {
    const big = pattern(20 * MIB, 7);
    const up = path.join(work, 'twenty.bin');
    const down = path.join(work, 'twenty-down.bin');
    fs.writeFileSync(up, big);
    expect(s3.cli('owner', ['s3', 'cp', up, 's3://xfer/big/twenty.bin']).status).toBe(0);
    const head = s3.call('owner', { op: 'head_object', params: { Bucket: 'xfer', Key: 'big/twenty.bin' } });
    // The AWS CLI cuts 8 MiB parts.
    expect(head.response).toMatchObject({ ContentLength: big.length, ETag: multipartEtag(big, 8 * MIB) });
    expect(s3.cli('owner', ['s3', 'cp', 's3://xfer/big/twenty.bin', down]).status).toBe(0);
    expect(fs.readFileSync(down).equals(big)).toBe(true);
    expect(filesUnder(uploadsRoot)).toEqual([]);
  });

  it('syncs a directory up and back, moves an object, and removes the bucket with `aws s3 rb --force`', () => {
    const up = path.join(work, 'sync-up');
    const down = path.join(work, 'sync-down');
    fs.mkdirSync(path.join(up, 'nested'), { recursive: true });
    const files: Record<string, Buffer> = {
      'one.txt': Buffer.from('one\n'),
      'nested/two.bin': pattern(9 * MIB, 5),
      'nested/three.txt': Buffer.from('three\n'),
    };
    for (const [name, data] of Object.entries(files)) {
      fs.writeFileSync(path.join(up, name), data);
    }
    expect(s3.call('owner', { op: 'create_bucket', params: { Bucket: 'xfer-sync' } }).ok).toBe(true);
    expect(s3.cli('owner', ['s3', 'sync', up, 's3://xfer-sync/tree']).status).toBe(0);
    const moved = s3.cli('owner', ['s3', 'mv', 's3://xfer-sync/tree/one.txt', 's3://xfer-sync/tree/uno.txt']);
    expect(moved.status).toBe(0);
    expect(s3.cli('owner', ['s3', 'sync', 's3://xfer-sync/tree', down]).status).toBe(0);
    expect(fs.existsSync(path.join(down, 'one.txt'))).toBe(false);
    expect(fs.readFileSync(path.join(down, 'uno.txt')).equals(files['one.txt'] ?? Buffer.alloc(0))).toBe(
      true,
    );
    for (const name of ['nested/two.bin', 'nested/three.txt']) {
      expect(fs.readFileSync(path.join(down, name)).equals(files[name] ?? Buffer.alloc(0))).toBe(true);
    }
    // A second sync finds nothing to do.
    expect(s3.cli('owner', ['s3', 'sync', up, 's3://xfer-sync/tree', '--exclude', 'one.txt']).stdout).toBe(
      '',
    );
    expect(s3.cli('owner', ['s3', 'rb', 's3://xfer-sync', '--force']).status).toBe(0);
    expect(s3.call('owner', { op: 'head_bucket', params: { Bucket: 'xfer-sync' } })).toMatchObject({
      ok: false,
      status: 404,
    });
  });

  it("uploads with boto3's upload_file in 5 MiB parts and downloads it back", () => {
    const data = pattern(11 * MIB + 123, 3);
    const up = path.join(work, 'eleven.bin');
    const down = path.join(work, 'eleven-down.bin');
    fs.writeFileSync(up, data);
    const transfer = { multipart_threshold: 5 * MIB, multipart_chunksize: 5 * MIB };
    const [uploaded, head, downloaded] = s3.calls('owner', [
      { op: 'upload_file', params: { Filename: up, Bucket: 'xfer', Key: 'big/eleven.bin' }, transfer },
      { op: 'head_object', params: { Bucket: 'xfer', Key: 'big/eleven.bin' } },
      { op: 'download_file', params: { Bucket: 'xfer', Key: 'big/eleven.bin', Filename: down }, transfer },
    ]);
    expect(uploaded?.ok).toBe(true);
    expect(head?.response?.ETag).toBe(multipartEtag(data, 5 * MIB));
    expect(downloaded?.ok).toBe(true);
    expect(fs.readFileSync(down).equals(data)).toBe(true);
  });

  it("checked every answer against botocore's S3 model", () => {
    const rest = s3.calls('owner', [
      { op: 'list_buckets' },
      { op: 'head_bucket', params: { Bucket: 'xfer' } },
      { op: 'get_bucket_acl', params: { Bucket: 'xfer' } },
      { op: 'get_bucket_location', params: { Bucket: 'xfer' } },
      { op: 'delete_object', params: { Bucket: 'xfer', Key: 'keep/z' } },
    ]);
    expect(rest.map((r) => r.ok)).toEqual(rest.map(() => true));
    const operations = checkedOperations(s3);
    for (const name of [
      'ListBuckets',
      'HeadBucket',
      'GetBucketAcl',
      'GetBucketLocation',
      'DeleteObject',
      'DeleteBucket',
      'CreateBucket',
      'PutObject',
      'GetObject',
      'HeadObject',
      'ListObjects',
      'ListObjectsV2',
      'DeleteObjects',
      'PutBucketPolicy',
      'DeleteBucketPolicy',
      'CreateMultipartUpload',
      'UploadPart',
      'CompleteMultipartUpload',
      'CopyObject',
    ]) {
      expect(operations).toContain(name);
    }
  });
});
