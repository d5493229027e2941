/**
 * RAM state: shares, their associations, permissions, tags and invitations. Times are epoch ms.
 * The indexes serve the hot reads: settle (status), the owner's shares, quota counts, invitations.
 */
export const ramSchema = `
CREATE TABLE IF NOT EXISTS ram_shares (
  arn TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  owner_account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  allow_external INTEGER NOT NULL,
  status TEXT NOT NULL,
  creation_time INTEGER NOT NULL,
  last_updated_time INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ram_shares_owner ON ram_shares (owner_account_id, region, creation_time, status);
CREATE TABLE IF NOT EXISTS ram_share_tags (
  share_arn TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (share_arn, key)
);
CREATE TABLE IF NOT EXISTS ram_associations (
  share_arn TEXT NOT NULL,
  association_type TEXT NOT NULL,
  entity TEXT NOT NULL,
  status TEXT NOT NULL,
  status_message TEXT,
  external INTEGER NOT NULL DEFAULT 0,
  invitation_arn TEXT,
  creation_time INTEGER NOT NULL,
  last_updated_time INTEGER NOT NULL,
  PRIMARY KEY (share_arn, association_type, entity)
);
CREATE INDEX IF NOT EXISTS ram_associations_entity ON ram_associations (entity);
CREATE INDEX IF NOT EXISTS ram_associations_status ON ram_associations (status);
CREATE INDEX IF NOT EXISTS ram_associations_quota ON ram_associations (share_arn, association_type, status);
CREATE INDEX IF NOT EXISTS ram_associations_invitation ON ram_associations (invitation_arn);
CREATE TABLE IF NOT EXISTS ram_share_permissions (
  share_arn TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  permission_arn TEXT NOT NULL,
  permission_version TEXT NOT NULL,
  PRIMARY KEY (share_arn, resource_type)
);
CREATE INDEX IF NOT EXISTS ram_share_permissions_arn ON ram_share_permissions (permission_arn);
CREATE TABLE IF NOT EXISTS ram_invitations (
  arn TEXT PRIMARY KEY,
  share_arn TEXT NOT NULL,
  sender_account_id TEXT NOT NULL,
  receiver_account_id TEXT NOT NULL,
  receiver_arn TEXT,
  status TEXT NOT NULL,
  invitation_time INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ram_invitations_receiver ON ram_invitations (receiver_account_id, invitation_time);
CREATE INDEX IF NOT EXISTS ram_invitations_sender ON ram_invitations (sender_account_id, status);
CREATE INDEX IF NOT EXISTS ram_invitations_share ON ram_invitations (share_arn, receiver_account_id);
CREATE INDEX IF NOT EXISTS ram_invitations_status ON ram_invitations (status, invitation_time);
`;
