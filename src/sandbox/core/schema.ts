/** Tables shared by every sandbox domain: settings, principals, idempotency records. */
export const coreSchema = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS principals (
  profile TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  role_name TEXT NOT NULL,
  access_key_id TEXT NOT NULL UNIQUE,
  secret_access_key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
  scope TEXT NOT NULL,
  client_token TEXT NOT NULL,
  params_hash TEXT NOT NULL,
  response TEXT NOT NULL,
  PRIMARY KEY (scope, client_token)
);
`;
