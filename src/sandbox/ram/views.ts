/** RAM's response shapes, built from stored rows as botocore's ram model names them. */
import type { Db } from '../types.js';
import { MANAGED_PERMISSION_TIME, type ManagedPermission } from './permissions.js';
import { shareName, tagsOf, type AssociationRow, type InvitationRow, type ShareRow } from './models/rows.js';
import { effectiveStatus } from './state.js';

export function shareView(db: Db, row: ShareRow): Record<string, unknown> {
  return {
    resourceShareArn: row.arn,
    name: row.name,
    owningAccountId: row.owner_account_id,
    allowExternalPrincipals: row.allow_external === 1,
    status: row.status,
    tags: tagsOf(db, row.arn),
    creationTime: new Date(row.creation_time),
    lastUpdatedTime: new Date(row.last_updated_time),
    featureSet: 'STANDARD',
  };
}

export function associationView(row: AssociationRow, shareName: string, now: Date): Record<string, unknown> {
  return {
    resourceShareArn: row.share_arn,
    resourceShareName: shareName,
    associatedEntity: row.entity,
    associationType: row.association_type,
    status: effectiveStatus(row, now),
    ...(row.status_message ? { statusMessage: row.status_message } : {}),
    creationTime: new Date(row.creation_time),
    lastUpdatedTime: new Date(row.last_updated_time),
    external: row.external === 1,
  };
}

export function invitationView(db: Db, row: InvitationRow): Record<string, unknown> {
  return {
    resourceShareInvitationArn: row.arn,
    resourceShareName: shareName(db, row.share_arn),
    resourceShareArn: row.share_arn,
    senderAccountId: row.sender_account_id,
    receiverAccountId: row.receiver_account_id,
    ...(row.receiver_arn ? { receiverArn: row.receiver_arn } : {}),
    invitationTimestamp: new Date(row.invitation_time),
    status: row.status,
  };
}

export function permissionSummary(p: ManagedPermission): Record<string, unknown> {
  return {
    arn: p.arn,
    version: p.version,
    defaultVersion: true,
    name: p.name,
    resourceType: p.resourceType,
    status: 'ATTACHABLE',
    creationTime: MANAGED_PERMISSION_TIME,
    lastUpdatedTime: MANAGED_PERMISSION_TIME,
    isResourceTypeDefault: p.isResourceTypeDefault,
    permissionType: 'AWS_MANAGED',
    featureSet: 'STANDARD',
  };
}

export function resourceView(row: AssociationRow, type: string): Record<string, unknown> {
  return {
    arn: row.entity,
    type,
    resourceShareArn: row.share_arn,
    status: 'AVAILABLE',
    creationTime: new Date(row.creation_time),
    lastUpdatedTime: new Date(row.last_updated_time),
    resourceRegionScope: 'REGIONAL',
  };
}

/** `{ [member]: page, nextToken? }`, the shape of every RAM list response. */
export function pageOf(
  member: string,
  page: unknown[],
  nextToken: string | undefined,
): Record<string, unknown> {
  return { [member]: page, ...(nextToken ? { nextToken } : {}) };
}
