/**
 * Multipart uploads at rest: one row per upload, one per part, and each part's bytes in a private
 * file under `s3/.uploads/<upload id>/` (directory 0700, files 0600, written then renamed), removed
 * when the upload completes or is aborted.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../types.js';
import {
  appendFile,
  commitObject,
  objectTempFile,
  uploadDir,
  type ObjectRow,
  type PutObjectInput,
} from './store.js';

export interface UploadRow {
  upload_id: string;
  bucket: string;
  key: string;
  initiator_account: string;
  initiator_arn: string;
  content_type: string | null;
  content_encoding: string | null;
  metadata: string;
  created_ms: number;
}

export interface PartRow {
  upload_id: string;
  part_number: number;
  size: number;
  etag: string;
  file: string;
  modified_ms: number;
}

export function insertUpload(db: Db, row: Omit<UploadRow, 'upload_id'>): UploadRow {
  // S3's upload ids are long opaque URL-safe strings; any unguessable one will do.
  const full: UploadRow = { ...row, upload_id: randomBytes(36).toString('base64url') };
  fs.mkdirSync(uploadDir(db, full.upload_id), { recursive: true, mode: 0o700 });
  db.prepare(
    `INSERT INTO s3_uploads (upload_id, bucket, key, initiator_account, initiator_arn, content_type,
       content_encoding, metadata, created_ms)
     VALUES (@upload_id, @bucket, @key, @initiator_account, @initiator_arn, @content_type,
       @content_encoding, @metadata, @created_ms)`,
  ).run(full);
  return full;
}

export function getUpload(db: Db, uploadId: string): UploadRow | undefined {
  return db.prepare('SELECT * FROM s3_uploads WHERE upload_id = ?').get(uploadId) as UploadRow | undefined;
}

/** Uploads in (key, upload id) order after the markers, under a prefix. */
export function uploadsAfter(
  db: Db,
  bucket: string,
  prefix: string,
  keyMarker: string,
  uploadIdMarker: string,
  limit: number,
): UploadRow[] {
  return db
    .prepare(
      `SELECT * FROM s3_uploads WHERE bucket = ? AND substr(key, 1, ?) = ?
         AND (key > ? OR (key = ? AND upload_id > ?))
       ORDER BY key, upload_id LIMIT ?`,
    )
    .all(bucket, prefix.length, prefix, keyMarker, keyMarker, uploadIdMarker, limit) as UploadRow[];
}

export function putPart(db: Db, upload: UploadRow, partNumber: number, body: Buffer, nowMs: number): PartRow {
  const dir = uploadDir(db, upload.upload_id);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, String(partNumber));
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(temp, body, { mode: 0o600 });
  fs.renameSync(temp, file);
  const row: PartRow = {
    upload_id: upload.upload_id,
    part_number: partNumber,
    size: body.length,
    etag: `"${createHash('md5').update(body).digest('hex')}"`,
    file,
    modified_ms: nowMs,
  };
  db.prepare(
    `INSERT INTO s3_parts (upload_id, part_number, size, etag, file, modified_ms)
     VALUES (@upload_id, @part_number, @size, @etag, @file, @modified_ms)
     ON CONFLICT (upload_id, part_number) DO UPDATE SET size = excluded.size, etag = excluded.etag,
       file = excluded.file, modified_ms = excluded.modified_ms`,
  ).run(row);
  return row;
}

export function partsAfter(db: Db, uploadId: string, marker: number, limit: number): PartRow[] {
  return db
    .prepare('SELECT * FROM s3_parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?')
    .all(uploadId, marker, limit) as PartRow[];
}

export function removeUpload(db: Db, uploadId: string): void {
  db.prepare('DELETE FROM s3_uploads WHERE upload_id = ?').run(uploadId);
  fs.rmSync(uploadDir(db, uploadId), { recursive: true, force: true });
}

/**
 * Joins the chosen parts into the object's file (streamed part by part, never all in memory) and
 * gives it S3's multipart ETag: the MD5 of the parts' binary MD5s, then `-` and the part count.
 */
export function assembleObject(
  db: Db,
  upload: UploadRow,
  parts: PartRow[],
  input: Omit<PutObjectInput, 'body'>,
): ObjectRow {
  const { temp, file } = objectTempFile(db, upload.bucket, upload.key);
  const digests = createHash('md5');
  for (const part of parts) {
    digests.update(Buffer.from(part.etag.replace(/"/g, ''), 'hex'));
  }
  const [first, ...rest] = parts;
  // The first part is copied by the kernel (copy_file_range or a reflink where the filesystem has
  // them); the rest are appended through a buffer, since Node copies only whole files.
  if (first) {
    fs.copyFileSync(first.file, temp);
    fs.chmodSync(temp, 0o600);
  }
  const out = fs.openSync(temp, first ? 'a' : 'w', 0o600);
  let size = first?.size ?? 0;
  try {
    for (const part of rest) {
      size += appendFile(out, part.file);
    }
  } finally {
    fs.closeSync(out);
  }
  const etag = `"${digests.digest('hex')}-${parts.length}"`;
  const row = commitObject(db, input, { temp, file, size, etag });
  removeUpload(db, upload.upload_id);
  return row;
}
