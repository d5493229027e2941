import { defineCommand } from '../src/cli/define-command.js';
import { describeFeatureType } from '../src/records/schema.js';
import { openTarget } from '../src/records/target.js';
import { myAccess } from '../src/sharing/my-access.js';

export default defineCommand({
  path: ['describe'],
  summary: "A feature group's schema, stores, owner and your level",
  description:
    "Shows a feature group's schema (features, types, collection types, record identifier, event time),\nits stores, the owner account and the level you hold. Cross-account groups are described by the\nowner's ARN in the owner's region.",
  examples: [
    'fshare describe customers',
    'fshare describe 111111111111/customers -o json',
    'fshare describe arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers',
  ],
  configure: (cmd) => cmd.argument('<feature-group>', 'ARN, ACCOUNT/NAME or NAME'),
  run: async ([text]: [string], _opts: Record<string, never>, ctx) => {
    const { group, schema, description } = await openTarget(ctx, text);
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
  },
});
