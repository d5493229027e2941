/**
 * Multipart uploads and copies against `fshare sandbox serve` through boto3 and the AWS CLI: parts
 * kept private on disk until completion, S3's errors for a bad completion (EntityTooSmall,
 * InvalidPartOrder, InvalidPart, NoSuchUpload), ListParts and ListMultipartUploads, abort;
 * CopyObject with COPY/REPLACE metadata and both accounts' policies, UploadPartCopy by range.
 * Every answer is checked against botocore's S3 model.
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
  process.stderr.write(`skipping S3 multipart conformance tests: ${skipReason}\n`);
}

describe.skipIf(skipReason !== undefined)(
  'S3 multipart uploads and copies (boto3, AWS CLI)',
  { timeout: 300_000 },
  () => {
    let sandbox: ServedSandbox;
    let work: string;
    let s3: CheckedS3;
    let uploadsRoot: string;

    beforeAll(async () => {
      sandbox = await startServedSandbox();
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-s3-multipart-'));
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
      expect(got?.response).toMatchObject({
        Body: 'copy me',
        ContentType: 'text/plain',
        Metadata: { m: '1' },
      });
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

    it("checked every answer against botocore's S3 model", () => {
      expect(s3.call('owner', { op: 'get_bucket_policy', params: { Bucket: 'xfer' } }).ok).toBe(true);
      const operations = checkedOperations(s3);
      for (const name of [
        'GetBucketPolicy',
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
  },
);
