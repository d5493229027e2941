/** `describe`: a feature group's schema, stores, owner and the caller's level, always fresh. */
import { myAccess } from '../consumer/my-access.js';
import type { Context } from '../context.js';
import type { CommandResult } from '../output/render.js';
import { describeFeatureType } from './schema.js';
import { describeTarget } from './target.js';

export async function describeFeatureGroup(ctx: Context, text: string): Promise<CommandResult> {
  const { group, schema, description } = await describeTarget(ctx, text);
  const access = await myAccess(ctx, group);
  const yourLevel = access.own ? 'owner' : (access.level ?? 'none (not shared with you)');
  const features = schema.features.map((f) => ({
    name: f.name,
    type: f.type,
    collectionType: f.collection ?? null,
    dimension: f.dimension ?? null,
    role:
      f.name === schema.recordIdentifier
        ? 'record identifier'
        : f.name === schema.eventTime
          ? 'event time'
          : null,
  }));
  const offline = description.OfflineStoreConfig;
  const data = {
    featureGroupArn: group.arn,
    name: group.name,
    ownerAccount: group.account,
    region: group.region,
    own: group.own,
    yourLevel,
    status: description.FeatureGroupStatus ?? null,
    description: description.Description ?? null,
    createdAt: description.CreationTime?.toISOString() ?? null,
    recordIdentifier: schema.recordIdentifier,
    eventTime: schema.eventTime,
    onlineStore: description.OnlineStoreConfig?.EnableOnlineStore === true,
    offlineStore: offline ? (offline.S3StorageConfig?.S3Uri ?? true) : false,
    features,
  };
  return {
    data,
    lines: [
      `${group.name}  (${group.arn})`,
      `owner ${group.account} · region ${group.region} · status ${data.status ?? 'unknown'} · your level: ${yourLevel}`,
      `record identifier: ${schema.recordIdentifier} · event time: ${schema.eventTime}`,
      `online store: ${data.onlineStore ? 'yes' : 'no'} · offline store: ${offline ? (offline.S3StorageConfig?.S3Uri ?? 'yes') : 'no'}`,
      '',
    ],
    table: {
      columns: [
        { key: 'name', header: 'Feature' },
        { key: 'type', header: 'Type' },
        { key: 'role', header: 'Role' },
      ],
      rows: schema.features.map((f, i) => ({
        name: f.name,
        type: describeFeatureType(f),
        role: features[i]?.role ?? null,
      })),
    },
  };
}
