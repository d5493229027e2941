/**
 * S3's tables: buckets (with their policy) and object metadata. Object bytes live in files under
 * the sandbox home (see objects.ts), so DuckDB can read delivered CloudTrail logs in place.
 * Multipart uploads keep their parts' metadata here and their bytes under `s3/.uploads/<id>/`.
 */
export const s3Schema = `
CREATE TABLE IF NOT EXISTS s3_buckets (
  name TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  policy TEXT
);

CREATE TABLE IF NOT EXISTS s3_objects (
  bucket TEXT NOT NULL REFERENCES s3_buckets (name) ON DELETE CASCADE,
  key TEXT NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  content_type TEXT,
  content_encoding TEXT,
  metadata TEXT NOT NULL DEFAULT '{}',
  file TEXT NOT NULL,
  modified_ms INTEGER NOT NULL,
  owner_account TEXT NOT NULL,
  PRIMARY KEY (bucket, key)
);

CREATE TABLE IF NOT EXISTS s3_uploads (
  upload_id TEXT PRIMARY KEY,
  bucket TEXT NOT NULL REFERENCES s3_buckets (name) ON DELETE CASCADE,
  key TEXT NOT NULL,
  initiator_account TEXT NOT NULL,
  initiator_arn TEXT NOT NULL,
  content_type TEXT,
  content_encoding TEXT,
  metadata TEXT NOT NULL DEFAULT '{}',
  created_ms INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS s3_uploads_by_key ON s3_uploads (bucket, key, upload_id);

CREATE TABLE IF NOT EXISTS s3_parts (
  upload_id TEXT NOT NULL REFERENCES s3_uploads (upload_id) ON DELETE CASCADE,
  part_number INTEGER NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  file TEXT NOT NULL,
  modified_ms INTEGER NOT NULL,
  PRIMARY KEY (upload_id, part_number)
);
`;
