/**
 * Buckets and objects. Metadata is in SQLite; each object's bytes are one file under
 * `<sandbox home>/s3/<bucket>/` (directories 0700, files 0600, written atomically), so the
 * analytical engine can read delivered logs where they lie.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../types.js';
import { evaluatePolicy, type PolicyPrincipal } from './policy.js';

export interface BucketRow {
  name: string;
  account_id: string;
  region: string;
  created_ms: number;
  policy: string | null;
}

export interface ObjectRow {
  bucket: string;
  key: string;
  size: number;
  etag: string;
  content_type: string | null;
  content_encoding: string | null;
  metadata: string;
  file: string;
  modified_ms: number;
  owner_account: string;
}

const memoryRoots = new WeakMap<Db, string>();

/** Where a store's object files live: beside the database, or a private temp dir for :memory:. */
export function objectsRoot(db: Db): string {
  if (db.name !== ':memory:' && db.name !== '') {
    return path.join(path.dirname(db.name), 's3');
  }
  let root = memoryRoots.get(db);
  if (root === undefined) {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-s3-'));
    memoryRoots.set(db, root);
  }
  return root;
}

function bucketDir(db: Db, bucket: string): string {
  return path.join(objectsRoot(db), bucket);
}

/** An in-progress multipart upload's parts; no bucket name starts with a dot, so none collides. */
export function uploadDir(db: Db, uploadId: string): string {
  return path.join(objectsRoot(db), '.uploads', uploadId);
}

export function getBucket(db: Db, name: string): BucketRow | undefined {
  return db.prepare('SELECT * FROM s3_buckets WHERE name = ?').get(name) as BucketRow | undefined;
}

export function listBuckets(db: Db, accountId: string): BucketRow[] {
  return db
    .prepare('SELECT * FROM s3_buckets WHERE account_id = ? ORDER BY name')
    .all(accountId) as BucketRow[];
}

export function insertBucket(db: Db, row: BucketRow): void {
  fs.mkdirSync(bucketDir(db, row.name), { recursive: true, mode: 0o700 });
  db.prepare(
    'INSERT INTO s3_buckets (name, account_id, region, created_ms, policy) VALUES (@name, @account_id, @region, @created_ms, @policy)',
  ).run(row);
}

export function deleteBucketRow(db: Db, name: string): void {
  const uploads = db.prepare('SELECT upload_id FROM s3_uploads WHERE bucket = ?').all(name) as {
    upload_id: string;
  }[];
  for (const { upload_id } of uploads) {
    fs.rmSync(uploadDir(db, upload_id), { recursive: true, force: true });
  }
  db.prepare('DELETE FROM s3_uploads WHERE bucket = ?').run(name);
  db.prepare('DELETE FROM s3_buckets WHERE name = ?').run(name);
  fs.rmSync(bucketDir(db, name), { recursive: true, force: true });
}

export function setBucketPolicy(db: Db, name: string, policy: string | null): void {
  db.prepare('UPDATE s3_buckets SET policy = ? WHERE name = ?').run(policy, name);
}

export function countObjects(db: Db, bucket: string): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM s3_objects WHERE bucket = ?').get(bucket) as { n: number }).n;
}

export function getObject(db: Db, bucket: string, key: string): ObjectRow | undefined {
  return db.prepare('SELECT * FROM s3_objects WHERE bucket = ? AND key = ?').get(bucket, key) as
    ObjectRow | undefined;
}

/** Keys after `after` (exclusive) under `prefix`, in S3's (UTF-8 binary) order. */
export function objectsAfter(
  db: Db,
  bucket: string,
  prefix: string,
  after: string,
  limit: number,
): ObjectRow[] {
  const lower = after > prefix ? after : prefix;
  const inclusive = after <= prefix;
  return db
    .prepare(
      `SELECT * FROM s3_objects WHERE bucket = ? AND ${inclusive ? 'key >= ?' : 'key > ?'}
         AND substr(key, 1, ?) = ? ORDER BY key LIMIT ?`,
    )
    .all(bucket, lower, prefix.length, prefix, limit) as ObjectRow[];
}

function fileNameFor(key: string): string {
  // Keep a .gz suffix: the analytical engine picks decompression by extension.
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 40);
  return key.endsWith('.gz') ? `${hash}.gz` : hash;
}

export interface PutObjectInput {
  bucket: string;
  key: string;
  body: Buffer;
  contentType?: string | undefined;
  contentEncoding?: string | undefined;
  metadata?: Record<string, string>;
  ownerAccount: string;
  nowMs: number;
}

/** A private temporary file beside where `key`'s bytes will live, for a write that ends in a rename. */
export function objectTempFile(db: Db, bucket: string, key: string): { temp: string; file: string } {
  const dir = bucketDir(db, bucket);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, fileNameFor(key));
  return { file, temp: `${file}.${randomBytes(6).toString('hex')}.tmp` };
}

export interface StoredBytes {
  /** Written (0600) and complete; renamed over the object's file here. */
  temp: string;
  file: string;
  size: number;
  etag: string;
}

/** Makes an already-written temporary file the object's bytes and records its metadata. */
export function commitObject(db: Db, input: Omit<PutObjectInput, 'body'>, bytes: StoredBytes): ObjectRow {
  fs.renameSync(bytes.temp, bytes.file);
  const row: ObjectRow = {
    bucket: input.bucket,
    key: input.key,
    size: bytes.size,
    etag: bytes.etag,
    content_type: input.contentType ?? null,
    content_encoding: input.contentEncoding ?? null,
    metadata: JSON.stringify(input.metadata ?? {}),
    file: bytes.file,
    modified_ms: input.nowMs,
    owner_account: input.ownerAccount,
  };
  db.prepare(
    `INSERT INTO s3_objects (bucket, key, size, etag, content_type, content_encoding, metadata, file, modified_ms, owner_account)
     VALUES (@bucket, @key, @size, @etag, @content_type, @content_encoding, @metadata, @file, @modified_ms, @owner_account)
     ON CONFLICT (bucket, key) DO UPDATE SET size = excluded.size, etag = excluded.etag,
       content_type = excluded.content_type, content_encoding = excluded.content_encoding,
       metadata = excluded.metadata, file = excluded.file, modified_ms = excluded.modified_ms,
       owner_account = excluded.owner_account`,
  ).run(row);
  return row;
}

export function putObject(db: Db, input: PutObjectInput): ObjectRow {
  const { temp, file } = objectTempFile(db, input.bucket, input.key);
  fs.writeFileSync(temp, input.body, { mode: 0o600 });
  const etag = `"${createHash('md5').update(input.body).digest('hex')}"`;
  return commitObject(db, input, { temp, file, size: input.body.length, etag });
}

export function deleteObject(db: Db, bucket: string, key: string): boolean {
  const row = getObject(db, bucket, key);
  if (!row) {
    return false;
  }
  db.prepare('DELETE FROM s3_objects WHERE bucket = ? AND key = ?').run(bucket, key);
  fs.rmSync(row.file, { force: true });
  return true;
}

export function readObject(row: ObjectRow): Buffer {
  return fs.readFileSync(row.file);
}

/** Bytes first..last (inclusive) of an object, read without loading the rest. */
export function readObjectRange(row: ObjectRow, first: number, last: number): Buffer {
  const out = Buffer.alloc(Math.max(0, last - first + 1));
  const fd = fs.openSync(row.file, 'r');
  try {
    let done = 0;
    while (done < out.length) {
      const n = fs.readSync(fd, out, done, out.length - done, first + done);
      if (n === 0) {
        break;
      }
      done += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return out;
}

const COPY_CHUNK = 8 * 1024 * 1024;

/**
 * Appends a whole file to the open file `out` a chunk at a time (copies and completed uploads may
 * be gigabytes), feeding `hash` if given; returns the bytes copied.
 */
export function appendFile(out: number, source: string, hash?: Hash): number {
  const chunk = Buffer.allocUnsafe(COPY_CHUNK);
  const input = fs.openSync(source, 'r');
  let total = 0;
  try {
    for (;;) {
      const n = fs.readSync(input, chunk, 0, chunk.length, null);
      if (n === 0) {
        return total;
      }
      fs.writeSync(out, chunk, 0, n);
      hash?.update(chunk.subarray(0, n));
      total += n;
    }
  } finally {
    fs.closeSync(input);
  }
}

/** A new object whose bytes are a copy of `source`'s file, streamed; its ETag is their MD5. */
export function copyObjectBytes(db: Db, source: ObjectRow, input: Omit<PutObjectInput, 'body'>): ObjectRow {
  const { temp, file } = objectTempFile(db, input.bucket, input.key);
  const out = fs.openSync(temp, 'w', 0o600);
  const md5 = createHash('md5');
  let size: number;
  try {
    size = appendFile(out, source.file, md5);
  } finally {
    fs.closeSync(out);
  }
  return commitObject(db, input, { temp, file, size, etag: `"${md5.digest('hex')}"` });
}

export interface AccessRequest {
  bucket: BucketRow;
  action: string;
  /** arn:aws:s3:::bucket or arn:aws:s3:::bucket/key */
  resource: string;
  principal: PolicyPrincipal;
  context?: Record<string, string>;
}

/**
 * S3's decision for one request: an explicit Deny in the bucket policy refuses anyone; the bucket
 * owner's principals are allowed (the sandbox models no identity policies, assumed); any other
 * account, and any service principal, needs an Allow in the bucket policy.
 */
export function isAllowed(request: AccessRequest): boolean {
  const context: Record<string, string> = { ...(request.context ?? {}) };
  if (request.principal.kind === 'aws') {
    context['aws:principalaccount'] = request.principal.accountId;
    context['aws:principalarn'] = request.principal.roleArn;
  }
  const decision = evaluatePolicy(request.bucket.policy, {
    action: request.action,
    resource: request.resource,
    principal: request.principal,
    context,
  });
  if (decision === 'deny') {
    return false;
  }
  if (request.principal.kind === 'aws' && request.principal.accountId === request.bucket.account_id) {
    return true;
  }
  return decision === 'allow';
}
