/**
 * Feature group definitions as SageMaker's control plane checks them: names, feature definitions,
 * the record-identifier and event-time features, TTL durations; and how a request names a group.
 */
import type { SandboxServiceError } from '../types.js';
import { isObject as isRecord, type Params } from '../wire/params.js';
import { controlPlaneInvalid } from './dialects.js';
import type { FeatureDefinition } from './store.js';

export const FEATURE_GROUP_NAME_PATTERN = /^[a-zA-Z0-9](?:[_-]*[a-zA-Z0-9]){0,63}$/;
export const FEATURE_NAME_PATTERN = /^[a-zA-Z0-9](?:[-_]*[a-zA-Z0-9]){0,63}$/;
const FEATURE_GROUP_ARN_PATTERN = /^arn:aws[a-z-]*:sagemaker:([a-z0-9-]*):(\d{12}):feature-group\/(.+)$/;
export const RESERVED_FEATURE_NAMES: ReadonlySet<string> = new Set([
  'is_deleted',
  'write_time',
  'api_invocation_time',
]);
const FEATURE_TYPES: ReadonlySet<string> = new Set(['Integral', 'Fractional', 'String']);
const COLLECTION_TYPES: ReadonlySet<string> = new Set(['List', 'Set', 'Vector']);
export const MAX_FEATURE_DEFINITIONS = 2500;

/** How a request named a feature group: by name (caller's account) or by ARN (any account). */
export type FeatureGroupReference =
  | { kind: 'name'; name: string }
  | { kind: 'arn'; arn: string; region: string; accountId: string; name: string };

const FEATURE_GROUP_REFERENCE_PATTERN_TEXT =
  '(arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:feature-group\\/)?([a-zA-Z0-9]([-_]*[a-zA-Z0-9]){0,63})';

/** The feature group a request names in `member` (FeatureGroupName), in the service's dialect. */
export function featureGroupReference(params: Params, member = 'FeatureGroupName'): FeatureGroupReference {
  const text = params.requiredString(member);
  const arn = FEATURE_GROUP_ARN_PATTERN.exec(text);
  if (arn) {
    const [, region = '', accountId = '', name = ''] = arn;
    return { kind: 'arn', arn: text, region, accountId, name };
  }
  if (!FEATURE_GROUP_NAME_PATTERN.test(text)) {
    throw params.constraint(
      text,
      member,
      `Member must satisfy regular expression pattern: ${FEATURE_GROUP_REFERENCE_PATTERN_TEXT}`,
    );
  }
  return { kind: 'name', name: text };
}

/** A bare feature group name (CreateFeatureGroup, DeleteFeatureGroup). */
export function featureGroupName(params: Params, member = 'FeatureGroupName'): string {
  return params.requiredString(member, {
    pattern: FEATURE_GROUP_NAME_PATTERN,
    patternText: '[a-zA-Z0-9]([_-]*[a-zA-Z0-9]){0,63}',
  });
}

/** CreateFeatureGroup / UpdateFeatureGroup.FeatureAdditions definitions, as SageMaker checks them. */
export function validateFeatureDefinitions(value: unknown, member: string): FeatureDefinition[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw controlPlaneInvalid(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    );
  }
  if (value.length > MAX_FEATURE_DEFINITIONS) {
    throw controlPlaneInvalid(
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${MAX_FEATURE_DEFINITIONS}`,
    );
  }
  const seen = new Set<string>();
  return value.map((raw, index): FeatureDefinition => {
    const at = `${member}.${index + 1}.member`;
    if (!isRecord(raw)) {
      throw controlPlaneInvalid(`Feature definition ${index + 1} is not an object.`);
    }
    const {
      FeatureName: name,
      FeatureType: type,
      CollectionType: collection,
      CollectionConfig: config,
    } = raw;
    if (typeof name !== 'string' || !FEATURE_NAME_PATTERN.test(name)) {
      throw controlPlaneInvalid(
        `1 validation error detected: Value '${String(name)}' at '${at}.featureName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9]([-_]*[a-zA-Z0-9]){0,63}`,
      );
    }
    if (RESERVED_FEATURE_NAMES.has(name.toLowerCase())) {
      throw controlPlaneInvalid(
        `The feature name '${name}' is reserved. Reserved feature names: ${[...RESERVED_FEATURE_NAMES].join(', ')}.`,
      );
    }
    if (seen.has(name.toLowerCase())) {
      throw controlPlaneInvalid(
        `Duplicate feature name '${name}' in FeatureDefinitions. Feature names must be unique.`,
      );
    }
    seen.add(name.toLowerCase());
    if (typeof type !== 'string' || !FEATURE_TYPES.has(type)) {
      throw controlPlaneInvalid(
        `1 validation error detected: Value '${String(type)}' at '${at}.featureType' failed to satisfy constraint: Member must satisfy enum value set: [Integral, Fractional, String]`,
      );
    }
    const definition: FeatureDefinition = {
      FeatureName: name,
      FeatureType: type as FeatureDefinition['FeatureType'],
    };
    if (collection !== undefined && collection !== null) {
      if (typeof collection !== 'string' || !COLLECTION_TYPES.has(collection)) {
        throw controlPlaneInvalid(
          `1 validation error detected: Value '${String(collection)}' at '${at}.collectionType' failed to satisfy constraint: Member must satisfy enum value set: [List, Set, Vector]`,
        );
      }
      definition.CollectionType = collection as FeatureDefinition['CollectionType'] & string;
      if (collection === 'Vector') {
        const dimension =
          isRecord(config) && isRecord(config.VectorConfig) ? config.VectorConfig.Dimension : undefined;
        if (type !== 'Fractional') {
          throw controlPlaneInvalid(
            `Feature '${name}' has CollectionType Vector, which requires FeatureType Fractional.`,
          );
        }
        if (
          typeof dimension !== 'number' ||
          !Number.isInteger(dimension) ||
          dimension < 1 ||
          dimension > 8192
        ) {
          throw controlPlaneInvalid(
            `Feature '${name}' has CollectionType Vector and needs CollectionConfig.VectorConfig.Dimension between 1 and 8192.`,
          );
        }
        definition.CollectionConfig = { VectorConfig: { Dimension: dimension } };
      }
    } else if (config !== undefined && config !== null) {
      throw controlPlaneInvalid(`Feature '${name}' has a CollectionConfig but no CollectionType.`);
    }
    return definition;
  });
}

/** The record identifier and event time must be scalar features of the allowed types. */
export function validateKeyFeatures(
  definitions: readonly FeatureDefinition[],
  recordIdentifierFeatureName: unknown,
  eventTimeFeatureName: unknown,
): { recordIdentifierFeatureName: string; eventTimeFeatureName: string } {
  const find = (name: unknown): FeatureDefinition | undefined =>
    definitions.find((d) => d.FeatureName === name);
  if (typeof recordIdentifierFeatureName !== 'string' || recordIdentifierFeatureName === '') {
    throw controlPlaneInvalid(
      "1 validation error detected: Value null at 'recordIdentifierFeatureName' failed to satisfy constraint: Member must not be null",
    );
  }
  if (typeof eventTimeFeatureName !== 'string' || eventTimeFeatureName === '') {
    throw controlPlaneInvalid(
      "1 validation error detected: Value null at 'eventTimeFeatureName' failed to satisfy constraint: Member must not be null",
    );
  }
  const recordId = find(recordIdentifierFeatureName);
  if (!recordId) {
    throw controlPlaneInvalid(
      `The RecordIdentifierFeatureName '${recordIdentifierFeatureName}' is not defined in FeatureDefinitions.`,
    );
  }
  if (recordId.FeatureType === 'Fractional' || recordId.CollectionType) {
    throw controlPlaneInvalid(
      `The RecordIdentifierFeatureName '${recordIdentifierFeatureName}' must be of FeatureType Integral or String without a CollectionType.`,
    );
  }
  const eventTime = find(eventTimeFeatureName);
  if (!eventTime) {
    throw controlPlaneInvalid(
      `The EventTimeFeatureName '${eventTimeFeatureName}' is not defined in FeatureDefinitions.`,
    );
  }
  if (eventTime.FeatureType === 'Integral' || eventTime.CollectionType) {
    throw controlPlaneInvalid(
      `The EventTimeFeatureName '${eventTimeFeatureName}' must be of FeatureType Fractional or String without a CollectionType.`,
    );
  }
  return { recordIdentifierFeatureName, eventTimeFeatureName };
}

const TTL_UNIT_MS: Readonly<Record<string, number>> = {
  Seconds: 1000,
  Minutes: 60_000,
  Hours: 3_600_000,
  Days: 86_400_000,
  Weeks: 604_800_000,
};

/** TtlDuration {Unit, Value} as milliseconds; `invalid` builds the service's error. */
export function ttlDurationMs(
  ttl: unknown,
  invalid: (message: string) => SandboxServiceError,
): number | undefined {
  if (ttl === undefined || ttl === null) {
    return undefined;
  }
  if (!isRecord(ttl) || typeof ttl.Unit !== 'string' || !(ttl.Unit in TTL_UNIT_MS)) {
    throw invalid(
      "1 validation error detected: Value at 'ttlDuration.unit' failed to satisfy constraint: Member must satisfy enum value set: [Seconds, Minutes, Hours, Days, Weeks]",
    );
  }
  const value = ttl.Value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalid(
      "1 validation error detected: Value at 'ttlDuration.value' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  }
  return value * (TTL_UNIT_MS[ttl.Unit] ?? 1000);
}
