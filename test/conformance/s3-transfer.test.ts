/**
 * What `aws s3` and boto3 do with real files against `fshare sandbox serve`: `aws s3 rm --recursive`
 * (DeleteObjects), `aws s3api list-objects` paging (ListObjects v1), `aws s3 cp` of a 20 MB file
 * (multipart, up and down), `aws s3 sync`/`mv`/`rb --force`, boto3's upload_file with a small
 * threshold, CopyObject and
 * UploadPartCopy, and S3's errors for each. Every answer is checked against botocore's S3 model.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedS3, type CheckedS3 } from './helpers/s3-clients.js';
import { missingPrerequisite, startServedSandbox, type ServedSandbox } from './helpers/served-sandbox.js';

const skipReason = missingPrerequisite({ aws: true, boto3: true });
if (skipReason) {
  process.stderr.write(`skipping S3 transfer conformance tests: ${skipReason}\n`);
}

const MIB = 1024 * 1024;
const md5 = (data: Buffer): Buffer => createHash('md5').update(data).digest();

/** S3's multipart ETag for `data` cut into `partSize` parts. */
function multipartEtag(data: Buffer, partSize: number): string {
  const digests: Buffer[] = [];
  for (let at = 0; at < data.length; at += partSize) {
    digests.push(md5(data.subarray(at, at + partSize)));
  }
  return `"${md5(Buffer.concat(digests)).toString('hex')}-${digests.length}"`;
}

function pattern(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) {
    out[i] = (i * 31 + seed) % 253;
  }
  return out;
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? [full, ...filesUnder(full)] : [full];
  });
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
    const db = filesUnder(sandbox.home).find((f) => fs.existsSync(path.join(path.dirname(f), 's3', 'xfer')));
    uploadsRoot = path.join(path.dirname(db ?? sandbox.home), 's3', '.uploads');
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

  it('keeps parts private until completion and answers S3 errors for a bad completion', () => {
    // Bodies travel to boto3 as JSON strings, so keep them ASCII: one byte per character.
    const ascii = (size: number, seed: number): string =>
      Buffer.from(pattern(size, seed).map((b) => 97 + (b % 26))).toString('latin1');
    const small = ascii(1024, 1);
    const full = ascii(5 * MIB, 2);
    const [created] = s3.calls('owner', [
      {
        op: 'create_multipart_upload',
        params: { Bucket: 'xfer', Key: 'mp/one', ContentType: 'text/x-test', Metadata: { origin: 'test' } },
      },
    ]);
    const uploadId = String(created?.response?.UploadId);
    const base = { Bucket: 'xfer', Key: 'mp/one', UploadId: uploadId };
    const [p1, p2, p3, parts, uploads] = s3.calls('owner', [
      { op: 'upload_part', params: { ...base, PartNumber: 1, Body: small } },
      { op: 'upload_part', params: { ...base, PartNumber: 2, Body: small } },
      { op: 'upload_part', params: { ...base, PartNumber: 3, Body: full } },
      { op: 'list_parts', params: { ...base, MaxParts: 2 } },
      { op: 'list_multipart_uploads', params: { Bucket: 'xfer', Prefix: 'mp/' } },
    ]);
    expect(p1?.response?.ETag).toBe(`"${md5(Buffer.from(small, 'latin1')).toString('hex')}"`);
    expect(parts?.response).toMatchObject({ IsTruncated: true, NextPartNumberMarker: 2, MaxParts: 2 });
    expect(
      (parts?.response?.Parts as { PartNumber: number; Size: number }[]).map((p) => [p.PartNumber, p.Size]),
    ).toEqual([
      [1, 1024],
      [2, 1024],
    ]);
    expect(uploads?.response?.Uploads as { Key: string; UploadId: string }[]).toEqual([
      expect.objectContaining({ Key: 'mp/one', UploadId: uploadId }),
    ]);
    const partFiles = filesUnder(uploadsRoot);
    expect(partFiles.length).toBe(4);
    for (const file of partFiles) {
      const mode = fs.statSync(file).mode & 0o777;
      expect(mode).toBe(fs.statSync(file).isDirectory() ? 0o700 : 0o600);
    }
    const complete = (list: [number, unknown][]) => ({
      op: 'complete_multipart_upload',
      params: {
        ...base,
        MultipartUpload: { Parts: list.map(([PartNumber, ETag]) => ({ PartNumber, ETag })) },
      },
    });
    const [tooSmall, order, wrongTag, missing, done, got, again] = s3.calls('owner', [
      complete([
        [1, p1?.response?.ETag],
        [3, p3?.response?.ETag],
      ]),
      complete([
        [2, p2?.response?.ETag],
        [1, p1?.response?.ETag],
      ]),
      complete([[1, p3?.response?.ETag]]),
      complete([[4, p1?.response?.ETag]]),
      complete([[3, p3?.response?.ETag]]),
      { op: 'get_object', params: { Bucket: 'xfer', Key: 'mp/one' } },
      { op: 'list_parts', params: base },
    ]);
    expect(tooSmall).toMatchObject({ ok: false, code: 'EntityTooSmall', status: 400 });
    expect(order).toMatchObject({ ok: false, code: 'InvalidPartOrder', status: 400 });
    expect(wrongTag).toMatchObject({ ok: false, code: 'InvalidPart', status: 400 });
    expect(missing).toMatchObject({ ok: false, code: 'InvalidPart', status: 400 });
    expect(done?.response).toMatchObject({
      Bucket: 'xfer',
      Key: 'mp/one',
      ETag: multipartEtag(Buffer.from(full, 'latin1'), 5 * MIB),
    });
    expect(got?.response).toMatchObject({
      ContentType: 'text/x-test',
      Metadata: { origin: 'test' },
      ContentLength: 5 * MIB,
    });
    expect(again).toMatchObject({ ok: false, code: 'NoSuchUpload', status: 404 });
    expect(filesUnder(uploadsRoot)).toEqual([]);
    const [second] = s3.calls('owner', [
      { op: 'create_multipart_upload', params: { Bucket: 'xfer', Key: 'mp/two' } },
    ]);
    const two = { Bucket: 'xfer', Key: 'mp/two', UploadId: String(second?.response?.UploadId) };
    const [, badNumber, aborted, afterAbort, foreign] = s3.calls('owner', [
      { op: 'upload_part', params: { ...two, PartNumber: 1, Body: 'x' } },
      { op: 'upload_part', params: { ...two, PartNumber: 10001, Body: 'x' } },
      { op: 'abort_multipart_upload', params: two },
      { op: 'upload_part', params: { ...two, PartNumber: 2, Body: 'x' } },
      { op: 'list_parts', params: { ...two, Key: 'mp/one' } },
    ]);
    expect(badNumber).toMatchObject({ ok: false, code: 'InvalidArgument', status: 400 });
    expect(aborted?.ok).toBe(true);
    expect(afterAbort).toMatchObject({ ok: false, code: 'NoSuchUpload', status: 404 });
    expect(foreign).toMatchObject({ ok: false, code: 'NoSuchUpload' });
    expect(filesUnder(uploadsRoot)).toEqual([]);
    // Another account needs the bucket policy's s3:PutObject to start an upload at all.
    expect(
      s3.call('consumer', { op: 'create_multipart_upload', params: { Bucket: 'xfer', Key: 'mp/x' } }),
    ).toMatchObject({
      ok: false,
      code: 'AccessDenied',
      status: 403,
    });
  });

  it('copies objects (COPY and REPLACE metadata, across accounts only as both policies allow) and parts', () => {
    const [, copied, replaced, self, missing, got, gotReplaced] = s3.calls('owner', [
      {
        op: 'put_object',
        params: {
          Bucket: 'xfer',
          Key: 'src/a',
          Body: 'copy me',
          ContentType: 'text/plain',
          Metadata: { m: '1' },
        },
      },
      {
        op: 'copy_object',
        params: { Bucket: 'xfer-copy', Key: 'dst/a', CopySource: { Bucket: 'xfer', Key: 'src/a' } },
      },
      {
        op: 'copy_object',
        params: {
          Bucket: 'xfer-copy',
          Key: 'dst/b',
          CopySource: 'xfer/src/a',
          MetadataDirective: 'REPLACE',
          ContentType: 'text/x-new',
          Metadata: { m: '2' },
        },
      },
      { op: 'copy_object', params: { Bucket: 'xfer', Key: 'src/a', CopySource: 'xfer/src/a' } },
      { op: 'copy_object', params: { Bucket: 'xfer', Key: 'src/b', CopySource: 'xfer/src/none' } },
      { op: 'get_object', params: { Bucket: 'xfer-copy', Key: 'dst/a' } },
      { op: 'get_object', params: { Bucket: 'xfer-copy', Key: 'dst/b' } },
    ]);
    expect(copied?.response?.CopyObjectResult).toMatchObject({
      ETag: `"${md5(Buffer.from('copy me')).toString('hex')}"`,
    });
    expect(replaced?.ok).toBe(true);
    expect(self).toMatchObject({ ok: false, code: 'InvalidRequest', status: 400 });
    expect(missing).toMatchObject({ ok: false, code: 'NoSuchKey', status: 404 });
    expect(got?.response).toMatchObject({ Body: 'copy me', ContentType: 'text/plain', Metadata: { m: '1' } });
    expect(gotReplaced?.response).toMatchObject({
      Body: 'copy me',
      ContentType: 'text/x-new',
      Metadata: { m: '2' },
    });
    // `aws s3 cp s3://… s3://…` is CopyObject.
    expect(s3.cli('owner', ['s3', 'cp', 's3://xfer/src/a', 's3://xfer-copy/dst/c']).status).toBe(0);
    // The consumer copies into its own bucket: reading the source needs the owner's policy.
    const consumerCopy = {
      op: 'copy_object',
      params: { Bucket: 'consumer-copy', Key: 'a', CopySource: 'xfer/src/a' },
    };
    const [made, refused] = s3.calls('consumer', [
      { op: 'create_bucket', params: { Bucket: 'consumer-copy' } },
      consumerCopy,
    ]);
    expect(made?.ok).toBe(true);
    expect(refused).toMatchObject({ ok: false, code: 'AccessDenied', status: 403 });
    const readPolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '222222222222' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::xfer/src/*',
        },
      ],
    });
    expect(
      s3.call('owner', { op: 'put_bucket_policy', params: { Bucket: 'xfer', Policy: readPolicy } }).ok,
    ).toBe(true);
    const [allowed, intoOwner] = s3.calls('consumer', [
      consumerCopy,
      { op: 'copy_object', params: { Bucket: 'xfer', Key: 'src/c', CopySource: 'xfer/src/a' } },
    ]);
    expect(allowed?.ok).toBe(true);
    expect(intoOwner).toMatchObject({ ok: false, code: 'AccessDenied', status: 403 });
    // UploadPartCopy: a 6 MiB source copied as a 5 MiB part and the rest by range.
    const source = pattern(6 * MIB, 9);
    const file = path.join(work, 'six.bin');
    fs.writeFileSync(file, source);
    const [, started] = s3.calls('owner', [
      { op: 'put_object', params: { Bucket: 'xfer', Key: 'src/six', BodyFile: file } },
      { op: 'create_multipart_upload', params: { Bucket: 'xfer-copy', Key: 'dst/six' } },
    ]);
    const upload = { Bucket: 'xfer-copy', Key: 'dst/six', UploadId: String(started?.response?.UploadId) };
    const [first, rest, badRange] = s3.calls('owner', [
      {
        op: 'upload_part_copy',
        params: {
          ...upload,
          PartNumber: 1,
          CopySource: 'xfer/src/six',
          CopySourceRange: `bytes=0-${5 * MIB - 1}`,
        },
      },
      {
        op: 'upload_part_copy',
        params: {
          ...upload,
          PartNumber: 2,
          CopySource: 'xfer/src/six',
          CopySourceRange: `bytes=${5 * MIB}-${6 * MIB - 1}`,
        },
      },
      {
        op: 'upload_part_copy',
        params: {
          ...upload,
          PartNumber: 3,
          CopySource: 'xfer/src/six',
          CopySourceRange: `bytes=0-${6 * MIB}`,
        },
      },
    ]);
    expect(badRange).toMatchObject({ ok: false, code: 'InvalidArgument', status: 400 });
    const etags = [first, rest].map((r) => (r?.response?.CopyPartResult as { ETag: string }).ETag);
    const [completed] = s3.calls('owner', [
      {
        op: 'complete_multipart_upload',
        params: {
          ...upload,
          MultipartUpload: { Parts: etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })) },
        },
      },
    ]);
    expect(completed?.response?.ETag).toBe(multipartEtag(source, 5 * MIB));
    const back = path.join(work, 'six-back.bin');
    expect(
      s3.call('owner', {
        op: 'download_file',
        params: { Bucket: 'xfer-copy', Key: 'dst/six', Filename: back },
      }).ok,
    ).toBe(true);
    expect(fs.readFileSync(back).equals(source)).toBe(true);
  });

  it("checked every answer against botocore's S3 model, for every operation served", () => {
    const rest = s3.calls('owner', [
      { op: 'list_buckets' },
      { op: 'head_bucket', params: { Bucket: 'xfer' } },
      { op: 'get_bucket_acl', params: { Bucket: 'xfer' } },
      { op: 'get_bucket_location', params: { Bucket: 'xfer' } },
      { op: 'get_bucket_policy', params: { Bucket: 'xfer' } },
      { op: 'delete_object', params: { Bucket: 'xfer', Key: 'keep/z' } },
      { op: 'create_bucket', params: { Bucket: 'xfer-empty' } },
      { op: 'delete_bucket', params: { Bucket: 'xfer-empty' } },
    ]);
    expect(rest.map((r) => r.ok)).toEqual(rest.map(() => true));
    const records = s3.records();
    const problems = records.filter((r) => r.problems.length > 0);
    expect(problems).toEqual([]);
    const operations = new Set(records.filter((r) => r.status < 300).map((r) => r.operation));
    for (const name of [
      'ListBuckets',
      'HeadBucket',
      'GetBucketAcl',
      'GetBucketLocation',
      'GetBucketPolicy',
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
      'AbortMultipartUpload',
      'ListParts',
      'ListMultipartUploads',
      'CopyObject',
      'UploadPartCopy',
    ]) {
      expect(operations).toContain(name);
    }
  });
});
