/**
 * Narrow ports over the AWS SDK: only the operations fshare calls. Inputs and outputs are the SDK's
 * own types (type-only imports, so nothing is loaded at start-up).
 */
import type * as athena from '@aws-sdk/client-athena';
import type * as cloudtrail from '@aws-sdk/client-cloudtrail';
import type * as organizations from '@aws-sdk/client-organizations';
import type * as ram from '@aws-sdk/client-ram';
import type * as sagemaker from '@aws-sdk/client-sagemaker';
import type * as fs from '@aws-sdk/client-sagemaker-featurestore-runtime';
import type * as s3 from '@aws-sdk/client-s3';
import type * as sts from '@aws-sdk/client-sts';

export interface CallOptions {
  abortSignal?: AbortSignal;
}
type Op<I, O> = (input: I, options?: CallOptions) => Promise<O>;

export interface RamPort {
  createResourceShare: Op<ram.CreateResourceShareCommandInput, ram.CreateResourceShareCommandOutput>;
  deleteResourceShare: Op<ram.DeleteResourceShareCommandInput, ram.DeleteResourceShareCommandOutput>;
  updateResourceShare: Op<ram.UpdateResourceShareCommandInput, ram.UpdateResourceShareCommandOutput>;
  getResourceShares: Op<ram.GetResourceSharesCommandInput, ram.GetResourceSharesCommandOutput>;
  associateResourceShare: Op<ram.AssociateResourceShareCommandInput, ram.AssociateResourceShareCommandOutput>;
  disassociateResourceShare: Op<
    ram.DisassociateResourceShareCommandInput,
    ram.DisassociateResourceShareCommandOutput
  >;
  associateResourceSharePermission: Op<
    ram.AssociateResourceSharePermissionCommandInput,
    ram.AssociateResourceSharePermissionCommandOutput
  >;
  getResourceShareAssociations: Op<
    ram.GetResourceShareAssociationsCommandInput,
    ram.GetResourceShareAssociationsCommandOutput
  >;
  listResources: Op<ram.ListResourcesCommandInput, ram.ListResourcesCommandOutput>;
  listPrincipals: Op<ram.ListPrincipalsCommandInput, ram.ListPrincipalsCommandOutput>;
  listResourceSharePermissions: Op<
    ram.ListResourceSharePermissionsCommandInput,
    ram.ListResourceSharePermissionsCommandOutput
  >;
  listPermissions: Op<ram.ListPermissionsCommandInput, ram.ListPermissionsCommandOutput>;
  /** The shares using one managed permission: share permissions in bulk, not once per share. */
  listPermissionAssociations: Op<
    ram.ListPermissionAssociationsCommandInput,
    ram.ListPermissionAssociationsCommandOutput
  >;
  getPermission: Op<ram.GetPermissionCommandInput, ram.GetPermissionCommandOutput>;
  listResourceTypes: Op<ram.ListResourceTypesCommandInput, ram.ListResourceTypesCommandOutput>;
  getResourceShareInvitations: Op<
    ram.GetResourceShareInvitationsCommandInput,
    ram.GetResourceShareInvitationsCommandOutput
  >;
  acceptResourceShareInvitation: Op<
    ram.AcceptResourceShareInvitationCommandInput,
    ram.AcceptResourceShareInvitationCommandOutput
  >;
  rejectResourceShareInvitation: Op<
    ram.RejectResourceShareInvitationCommandInput,
    ram.RejectResourceShareInvitationCommandOutput
  >;
  listPendingInvitationResources: Op<
    ram.ListPendingInvitationResourcesCommandInput,
    ram.ListPendingInvitationResourcesCommandOutput
  >;
  tagResource: Op<ram.TagResourceCommandInput, ram.TagResourceCommandOutput>;
  untagResource: Op<ram.UntagResourceCommandInput, ram.UntagResourceCommandOutput>;
  enableSharingWithAwsOrganization: Op<
    ram.EnableSharingWithAwsOrganizationCommandInput,
    ram.EnableSharingWithAwsOrganizationCommandOutput
  >;
}

export interface SageMakerPort {
  createFeatureGroup: Op<sagemaker.CreateFeatureGroupCommandInput, sagemaker.CreateFeatureGroupCommandOutput>;
  describeFeatureGroup: Op<
    sagemaker.DescribeFeatureGroupCommandInput,
    sagemaker.DescribeFeatureGroupCommandOutput
  >;
  describeFeatureMetadata: Op<
    sagemaker.DescribeFeatureMetadataCommandInput,
    sagemaker.DescribeFeatureMetadataCommandOutput
  >;
  listFeatureGroups: Op<sagemaker.ListFeatureGroupsCommandInput, sagemaker.ListFeatureGroupsCommandOutput>;
  updateFeatureGroup: Op<sagemaker.UpdateFeatureGroupCommandInput, sagemaker.UpdateFeatureGroupCommandOutput>;
  updateFeatureMetadata: Op<
    sagemaker.UpdateFeatureMetadataCommandInput,
    sagemaker.UpdateFeatureMetadataCommandOutput
  >;
  search: Op<sagemaker.SearchCommandInput, sagemaker.SearchCommandOutput>;
  listResourceCatalogs: Op<
    sagemaker.ListResourceCatalogsCommandInput,
    sagemaker.ListResourceCatalogsCommandOutput
  >;
}

export interface FeatureStorePort {
  getRecord: Op<fs.GetRecordCommandInput, fs.GetRecordCommandOutput>;
  putRecord: Op<fs.PutRecordCommandInput, fs.PutRecordCommandOutput>;
  deleteRecord: Op<fs.DeleteRecordCommandInput, fs.DeleteRecordCommandOutput>;
  batchGetRecord: Op<fs.BatchGetRecordCommandInput, fs.BatchGetRecordCommandOutput>;
  batchWriteRecord: Op<fs.BatchWriteRecordCommandInput, fs.BatchWriteRecordCommandOutput>;
  listRecords: Op<fs.ListRecordsCommandInput, fs.ListRecordsCommandOutput>;
}

export interface CloudTrailPort {
  lookupEvents: Op<cloudtrail.LookupEventsCommandInput, cloudtrail.LookupEventsCommandOutput>;
  listEventDataStores: Op<
    cloudtrail.ListEventDataStoresCommandInput,
    cloudtrail.ListEventDataStoresCommandOutput
  >;
  createEventDataStore: Op<
    cloudtrail.CreateEventDataStoreCommandInput,
    cloudtrail.CreateEventDataStoreCommandOutput
  >;
  getEventDataStore: Op<cloudtrail.GetEventDataStoreCommandInput, cloudtrail.GetEventDataStoreCommandOutput>;
  startQuery: Op<cloudtrail.StartQueryCommandInput, cloudtrail.StartQueryCommandOutput>;
  describeQuery: Op<cloudtrail.DescribeQueryCommandInput, cloudtrail.DescribeQueryCommandOutput>;
  getQueryResults: Op<cloudtrail.GetQueryResultsCommandInput, cloudtrail.GetQueryResultsCommandOutput>;
  // Trails (the audit path without CloudTrail Lake).
  describeTrails: Op<cloudtrail.DescribeTrailsCommandInput, cloudtrail.DescribeTrailsCommandOutput>;
  createTrail: Op<cloudtrail.CreateTrailCommandInput, cloudtrail.CreateTrailCommandOutput>;
  getEventSelectors: Op<cloudtrail.GetEventSelectorsCommandInput, cloudtrail.GetEventSelectorsCommandOutput>;
  putEventSelectors: Op<cloudtrail.PutEventSelectorsCommandInput, cloudtrail.PutEventSelectorsCommandOutput>;
  startLogging: Op<cloudtrail.StartLoggingCommandInput, cloudtrail.StartLoggingCommandOutput>;
  getTrailStatus: Op<cloudtrail.GetTrailStatusCommandInput, cloudtrail.GetTrailStatusCommandOutput>;
}

/** S3: the CloudTrail log bucket (set-up) and its delivered log files (`--source s3`). */
export interface S3Port {
  createBucket: Op<s3.CreateBucketCommandInput, s3.CreateBucketCommandOutput>;
  headBucket: Op<s3.HeadBucketCommandInput, s3.HeadBucketCommandOutput>;
  getBucketPolicy: Op<s3.GetBucketPolicyCommandInput, s3.GetBucketPolicyCommandOutput>;
  putBucketPolicy: Op<s3.PutBucketPolicyCommandInput, s3.PutBucketPolicyCommandOutput>;
  listObjectsV2: Op<s3.ListObjectsV2CommandInput, s3.ListObjectsV2CommandOutput>;
  getObject: Op<s3.GetObjectCommandInput, s3.GetObjectCommandOutput>;
}

/** Athena over the trail's logs (`--source athena`). */
export interface AthenaPort {
  startQueryExecution: Op<athena.StartQueryExecutionCommandInput, athena.StartQueryExecutionCommandOutput>;
  getQueryExecution: Op<athena.GetQueryExecutionCommandInput, athena.GetQueryExecutionCommandOutput>;
  getQueryResults: Op<athena.GetQueryResultsCommandInput, athena.GetQueryResultsCommandOutput>;
  stopQueryExecution: Op<athena.StopQueryExecutionCommandInput, athena.StopQueryExecutionCommandOutput>;
  getWorkGroup: Op<athena.GetWorkGroupCommandInput, athena.GetWorkGroupCommandOutput>;
  createWorkGroup: Op<athena.CreateWorkGroupCommandInput, athena.CreateWorkGroupCommandOutput>;
  getTableMetadata: Op<athena.GetTableMetadataCommandInput, athena.GetTableMetadataCommandOutput>;
  listQueryExecutions: Op<athena.ListQueryExecutionsCommandInput, athena.ListQueryExecutionsCommandOutput>;
}

export interface StsPort {
  getCallerIdentity: Op<sts.GetCallerIdentityCommandInput, sts.GetCallerIdentityCommandOutput>;
}

export interface OrganizationsPort {
  describeOrganization: Op<
    organizations.DescribeOrganizationCommandInput,
    organizations.DescribeOrganizationCommandOutput
  >;
  listAccounts: Op<organizations.ListAccountsCommandInput, organizations.ListAccountsCommandOutput>;
  /** Whether RAM organization sharing is on (`ram.amazonaws.com` listed); management account only. */
  listAWSServiceAccessForOrganization: Op<
    organizations.ListAWSServiceAccessForOrganizationCommandInput,
    organizations.ListAWSServiceAccessForOrganizationCommandOutput
  >;
}

export type PortName =
  'ram' | 'sagemaker' | 'featureStore' | 'cloudTrail' | 'sts' | 'organizations' | 's3' | 'athena';
