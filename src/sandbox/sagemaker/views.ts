/** How the control plane shows a stored feature group and its features' metadata. */
import type { FeatureMetadataEntry, StoredFeatureGroup } from './store.js';

export function offlineStoreStatus(group: StoredFeatureGroup): { Status: string } | undefined {
  return group.offlineStoreConfig ? { Status: 'Active' } : undefined;
}

/** DescribeFeatureGroup's output; Search shows the same document less a few members. */
export function describeOutput(group: StoredFeatureGroup): Record<string, unknown> {
  return {
    FeatureGroupArn: group.arn,
    FeatureGroupName: group.name,
    RecordIdentifierFeatureName: group.recordIdentifierFeatureName,
    EventTimeFeatureName: group.eventTimeFeatureName,
    FeatureDefinitions: group.featureDefinitions,
    CreationTime: new Date(group.createdAt),
    LastModifiedTime: group.lastModifiedAt !== group.createdAt ? new Date(group.lastModifiedAt) : undefined,
    OnlineStoreConfig: group.onlineStoreConfig,
    OfflineStoreConfig: group.offlineStoreConfig,
    ThroughputConfig: group.throughputConfig ?? { ThroughputMode: 'OnDemand' },
    RoleArn: group.roleArn,
    FeatureGroupStatus: group.status,
    OfflineStoreStatus: offlineStoreStatus(group),
    LastUpdateStatus: group.lastUpdateStatus,
    Description: group.description,
    OnlineStoreTotalSizeBytes: 0,
  };
}

export function metadataOf(group: StoredFeatureGroup, featureName: string): FeatureMetadataEntry {
  return (
    group.featureMetadata[featureName] ?? {
      Parameters: [],
      CreationTime: group.createdAt,
      LastModifiedTime: group.createdAt,
    }
  );
}

export function featureMetadataOutput(
  group: StoredFeatureGroup,
  featureName: string,
  type: string,
): Record<string, unknown> {
  const metadata = metadataOf(group, featureName);
  return {
    FeatureGroupArn: group.arn,
    FeatureGroupName: group.name,
    FeatureName: featureName,
    FeatureType: type,
    CreationTime: new Date(metadata.CreationTime),
    LastModifiedTime: new Date(metadata.LastModifiedTime),
    Description: metadata.Description,
    Parameters: metadata.Parameters,
  };
}

export function compare(a: string | number, b: string | number): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}
