/**
 * The new S3 operations through the unmodified JS SDK v3, in-process: multipart upload (ListParts,
 * ListMultipartUploads, complete), DeleteObjects with the SDK's default CRC32 checksum, CopyObject,
 * and the CloudTrail data events each records with its IAM-style event name and resources.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { enableColumnarPrefetch } from '../../../src/sandbox/athena/columnar.js';
import { closeSharedStores, sandboxClientConfig, sharedStore } from '../../../src/sandbox/client-config.js';
import { storePath } from '../../../src/sandbox/store.js';
import { runCli } from '../../helpers/run-cli.js';

let home: string;
let env: Record<string, string>;
let s3: S3Client;

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-s3-sdk-'));
  env = { FSHARE_HOME: home };
  expect((await runCli(['sandbox', 'init'], { env })).code).toBe(0);
  const config = await sandboxClientConfig({ profile: 'owner', endpointUrl: undefined, env });
  s3 = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    credentials: config.credentials,
    requestHandler: config.requestHandler as never,
    forcePathStyle: true,
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'sdk-ops' }));
});

afterAll(() => {
  closeSharedStores();
  fs.rmSync(home, { recursive: true, force: true });
});

function events(name: string): { event_category: string; read_only: unknown; resource_arns: string }[] {
  return sharedStore(storePath(env))
    .prepare(
      "SELECT event_category, read_only, resource_arns FROM ct_events WHERE event_name = ? AND recipient_account = '111111111111'",
    )
    .all(name) as { event_category: string; read_only: unknown; resource_arns: string }[];
}

describe('S3 operations through the JS SDK (in-process)', () => {
  it('uploads in parts, lists them, completes, and records data events', async () => {
    const part = Buffer.alloc(5 * 1024 * 1024, 'a');
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'sdk-ops', Key: 'mp/obj', ContentType: 'text/plain' }),
    );
    const one = await s3.send(
      new UploadPartCommand({ Bucket: 'sdk-ops', Key: 'mp/obj', UploadId, PartNumber: 1, Body: part }),
    );
    const two = await s3.send(
      new UploadPartCommand({ Bucket: 'sdk-ops', Key: 'mp/obj', UploadId, PartNumber: 2, Body: 'tail' }),
    );
    const parts = await s3.send(new ListPartsCommand({ Bucket: 'sdk-ops', Key: 'mp/obj', UploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([
      [1, part.length],
      [2, 4],
    ]);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'sdk-ops' }));
    expect(uploads.Uploads?.map((u) => u.UploadId)).toEqual([UploadId]);
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'sdk-ops',
        Key: 'mp/obj',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: one.ETag },
            { PartNumber: 2, ETag: two.ETag },
          ],
        },
      }),
    );
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'sdk-ops', Key: 'mp/obj' }));
    expect(got.ContentType).toBe('text/plain');
    expect(
      Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat([part, Buffer.from('tail')])),
    ).toBe(true);
    for (const name of ['CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload', 'ListParts']) {
      const recorded = events(name);
      expect(recorded.length, name).toBeGreaterThan(0);
      expect(recorded[0]?.event_category).toBe('Data');
      expect(recorded[0]?.resource_arns).toContain('arn:aws:s3:::sdk-ops/mp/obj');
    }
    expect(String(events('ListParts')[0]?.read_only)).toBe('true');
  });

  it('deletes in a batch (the SDK sends its default checksum) and copies, recording both', async () => {
    for (const Key of ['b/1', 'b/2']) {
      await s3.send(new PutObjectCommand({ Bucket: 'sdk-ops', Key, Body: Key }));
    }
    const copied = await s3.send(
      new CopyObjectCommand({ Bucket: 'sdk-ops', Key: 'c/1', CopySource: 'sdk-ops/b/1' }),
    );
    expect(copied.CopyObjectResult?.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    const deleted = await s3.send(
      new DeleteObjectsCommand({ Bucket: 'sdk-ops', Delete: { Objects: [{ Key: 'b/1' }, { Key: 'b/2' }] } }),
    );
    expect(deleted.Deleted?.map((d) => d.Key)).toEqual(['b/1', 'b/2']);
    const left = await s3.send(new ListObjectsCommand({ Bucket: 'sdk-ops', Prefix: 'b/' }));
    expect(left.Contents ?? []).toEqual([]);
    expect(events('DeleteObjects')[0]?.event_category).toBe('Data');
    const copy = events('CopyObject')[0];
    expect(copy?.resource_arns).toContain('arn:aws:s3:::sdk-ops/b/1');
    expect(copy?.resource_arns).toContain('arn:aws:s3:::sdk-ops/c/1');
  });

  it('pages ListMultipartUploads by key and upload id markers, grouping by delimiter', async () => {
    const ids: Record<string, string> = {};
    for (const Key of ['up/a/1', 'up/a/2', 'up/b', 'up/c']) {
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'sdk-ops', Key }));
      ids[Key] = UploadId ?? '';
    }
    const grouped = await s3.send(
      new ListMultipartUploadsCommand({ Bucket: 'sdk-ops', Prefix: 'up/', Delimiter: '/', MaxUploads: 2 }),
    );
    expect(grouped.CommonPrefixes).toEqual([{ Prefix: 'up/a/' }]);
    expect(grouped.Uploads?.map((u) => u.Key)).toEqual(['up/b']);
    expect(grouped).toMatchObject({
      IsTruncated: true,
      NextKeyMarker: 'up/b',
      NextUploadIdMarker: ids['up/b'],
    });
    const rest = await s3.send(
      new ListMultipartUploadsCommand({
        Bucket: 'sdk-ops',
        Prefix: 'up/',
        Delimiter: '/',
        KeyMarker: grouped.NextKeyMarker,
        UploadIdMarker: grouped.NextUploadIdMarker,
      }),
    );
    expect(rest.Uploads?.map((u) => u.Key)).toEqual(['up/c']);
    expect(rest.CommonPrefixes).toBeUndefined();
    expect(rest.IsTruncated).toBe(false);
  });

  it('answers a completed upload of a CloudTrail log file once its columnar copy exists, as PutObject does', async () => {
    // As `sandbox serve` does; this file's other tests ran without it.
    enableColumnarPrefetch();
    const copies = path.join(home, 's3', '.columnar');
    const count = (): number =>
      fs.existsSync(copies) ? fs.readdirSync(copies).filter((f) => f.endsWith('.parquet')).length : 0;
    const key =
      'AWSLogs/111111111111/CloudTrail/us-east-1/2019/06/01/111111111111_CloudTrail_us-east-1_20190601T0000Z_mpu.json.gz';
    const record = { eventVersion: '1.09', eventName: 'GetRecord', eventTime: '2019-06-01T00:00:00Z' };
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'sdk-ops', Key: key }));
    const part = await s3.send(
      new UploadPartCommand({
        Bucket: 'sdk-ops',
        Key: key,
        UploadId,
        PartNumber: 1,
        Body: gzipSync(JSON.stringify({ Records: [record] })),
      }),
    );
    const before = count();
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'sdk-ops',
        Key: key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    expect(count()).toBe(before + 1);
  }, 60_000);
});
