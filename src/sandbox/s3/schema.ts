/**
 * S3's tables: buckets (with their policy) and object metadata. Object bytes live in files under
 * the sandbox home (see objects.ts), so DuckDB can read delivered CloudTrail logs in place.
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
`;
