/**
 * Pure validation of feature group definitions and record values, with the error codes the two
 * services use: the control plane answers `ValidationException`, the runtime `ValidationError`.
 */
import { SandboxServiceError } from '../types.js';
import type { FeatureDefinition, FeatureValueText, StoredFeatureGroup } from './store.js';

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
/** 350 KB: the per-value and per-record limit of the online store. */
export const MAX_VALUE_BYTES = 350 * 1024;
export const MAX_RECORD_BYTES = 350 * 1024;
export const MAX_RECORD_IDENTIFIER_BYTES = 2 * 1024;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const ISO_EVENT_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{3})?Z$/;

export function controlPlaneInvalid(message: string): SandboxServiceError {
  return new SandboxServiceError('ValidationException', message, 400);
}

export function runtimeInvalid(message: string): SandboxServiceError {
  return new SandboxServiceError('ValidationError', message, 400);
}

/** How a request named a feature group: by name (caller's account) or by ARN (any account). */
export type FeatureGroupReference =
  | { kind: 'name'; name: string }
  | { kind: 'arn'; arn: string; region: string; accountId: string; name: string };

export function parseFeatureGroupReference(
  text: unknown,
  member: string,
  invalid: (message: string) => SandboxServiceError,
): FeatureGroupReference {
  if (typeof text !== 'string' || text === '') {
    throw invalid(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  const arn = FEATURE_GROUP_ARN_PATTERN.exec(text);
  if (arn) {
    const [, region = '', accountId = '', name = ''] = arn;
    return { kind: 'arn', arn: text, region, accountId, name };
  }
  if (!FEATURE_GROUP_NAME_PATTERN.test(text)) {
    throw invalid(
      `1 validation error detected: Value '${text}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:feature-group\\/)?([a-zA-Z0-9]([-_]*[a-zA-Z0-9]){0,63})`,
    );
  }
  return { kind: 'name', name: text };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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

/**
 * Event time as epoch milliseconds: Fractional is Unix seconds, String is ISO-8601
 * yyyy-MM-dd'T'HH:mm:ssZ or yyyy-MM-dd'T'HH:mm:ss.SSSZ. Undefined when the text does not parse.
 */
export function parseEventTime(type: FeatureDefinition['FeatureType'], text: string): number | undefined {
  if (type === 'Fractional') {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim())) {
      return undefined;
    }
    const seconds = Number(text);
    return Number.isFinite(seconds) ? seconds * 1000 : undefined;
  }
  const m = ISO_EVENT_TIME.exec(text);
  if (!m) {
    return undefined;
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function checkScalar(definition: FeatureDefinition, text: string): void {
  const name = definition.FeatureName;
  if (definition.FeatureType === 'Integral') {
    if (!/^[+-]?\d+$/.test(text)) {
      throw runtimeInvalid(
        `The value '${text}' for feature '${name}' is not a valid Integral (64-bit integer).`,
      );
    }
    const n = BigInt(text);
    if (n < INT64_MIN || n > INT64_MAX) {
      throw runtimeInvalid(`The value '${text}' for feature '${name}' is outside the 64-bit Integral range.`);
    }
  } else if (definition.FeatureType === 'Fractional') {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || !Number.isFinite(Number(text))) {
      throw runtimeInvalid(
        `The value '${text}' for feature '${name}' is not a valid Fractional (floating-point number).`,
      );
    }
  }
}

export interface ValidatedRecord {
  recordId: string;
  eventTime: string;
  eventTimeMs: number;
  values: Record<string, FeatureValueText>;
}

/** A PutRecord / BatchWriteRecord record checked against the group's definitions. */
export function validateRecord(group: StoredFeatureGroup, record: unknown): ValidatedRecord {
  if (!Array.isArray(record) || record.length === 0) {
    throw runtimeInvalid(
      "1 validation error detected: Value null at 'record' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  const definitions = new Map(group.featureDefinitions.map((d) => [d.FeatureName, d]));
  const values: Record<string, FeatureValueText> = {};
  let totalBytes = 0;
  for (const entry of record) {
    if (!isRecord(entry) || typeof entry.FeatureName !== 'string') {
      throw runtimeInvalid(
        "1 validation error detected: Value null at 'record.member.featureName' failed to satisfy constraint: Member must not be null",
      );
    }
    const name = entry.FeatureName;
    const definition = definitions.get(name);
    if (!definition) {
      throw runtimeInvalid(`The feature '${name}' is not defined in feature group '${group.name}'.`);
    }
    if (name in values) {
      throw runtimeInvalid(`The feature '${name}' appears more than once in the record.`);
    }
    const { ValueAsString: scalar, ValueAsStringList: list } = entry;
    if (scalar !== undefined && list !== undefined) {
      throw runtimeInvalid(
        `The feature '${name}' has both ValueAsString and ValueAsStringList; provide exactly one.`,
      );
    }
    if (definition.CollectionType) {
      if (!Array.isArray(list)) {
        throw runtimeInvalid(
          `The feature '${name}' has CollectionType ${definition.CollectionType} and needs ValueAsStringList, not ValueAsString.`,
        );
      }
      const items = list.map((item) => {
        if (typeof item !== 'string') {
          throw runtimeInvalid(`ValueAsStringList of feature '${name}' must contain strings only.`);
        }
        checkScalar(definition, item);
        return item;
      });
      if (definition.CollectionType === 'Set' && new Set(items).size !== items.length) {
        throw runtimeInvalid(`The feature '${name}' has CollectionType Set and its values must be unique.`);
      }
      const dimension = definition.CollectionConfig?.VectorConfig?.Dimension;
      if (definition.CollectionType === 'Vector' && dimension !== undefined && items.length !== dimension) {
        throw runtimeInvalid(
          `The feature '${name}' is a Vector of dimension ${dimension} but has ${items.length} values.`,
        );
      }
      const bytes = items.reduce((sum, item) => sum + byteLength(item), 0);
      if (bytes > MAX_VALUE_BYTES) {
        throw runtimeInvalid(`The value of feature '${name}' exceeds the maximum size of 350 KB.`);
      }
      totalBytes += bytes;
      values[name] = items;
    } else {
      if (typeof scalar !== 'string') {
        throw runtimeInvalid(
          list !== undefined
            ? `The feature '${name}' has no CollectionType and needs ValueAsString, not ValueAsStringList.`
            : `The feature '${name}' has no value: provide ValueAsString.`,
        );
      }
      if (byteLength(scalar) > MAX_VALUE_BYTES) {
        throw runtimeInvalid(`The value of feature '${name}' exceeds the maximum size of 350 KB.`);
      }
      checkScalar(definition, scalar);
      totalBytes += byteLength(scalar);
      values[name] = scalar;
    }
  }
  if (totalBytes > MAX_RECORD_BYTES) {
    throw runtimeInvalid('The record exceeds the maximum size of 350 KB.');
  }
  const recordId = values[group.recordIdentifierFeatureName];
  if (typeof recordId !== 'string' || recordId === '') {
    throw runtimeInvalid(
      `The record identifier feature '${group.recordIdentifierFeatureName}' is missing from the record.`,
    );
  }
  if (byteLength(recordId) > MAX_RECORD_IDENTIFIER_BYTES) {
    throw runtimeInvalid('The record identifier exceeds the maximum size of 2 KB.');
  }
  const eventTime = values[group.eventTimeFeatureName];
  if (typeof eventTime !== 'string' || eventTime === '') {
    throw runtimeInvalid(
      `The event time feature '${group.eventTimeFeatureName}' is missing from the record.`,
    );
  }
  const eventTimeMs = parseEventTime(eventTimeType(group), eventTime);
  if (eventTimeMs === undefined) {
    throw runtimeInvalid(invalidEventTimeMessage(group, eventTime));
  }
  return { recordId, eventTime, eventTimeMs, values };
}

export function eventTimeType(group: StoredFeatureGroup): FeatureDefinition['FeatureType'] {
  return (
    group.featureDefinitions.find((d) => d.FeatureName === group.eventTimeFeatureName)?.FeatureType ??
    'String'
  );
}

export function invalidEventTimeMessage(group: StoredFeatureGroup, text: string): string {
  return eventTimeType(group) === 'Fractional'
    ? `The event time '${text}' of feature '${group.eventTimeFeatureName}' is not a valid Fractional: use Unix epoch seconds, e.g. 1700000000.123.`
    : `The event time '${text}' of feature '${group.eventTimeFeatureName}' is not in the format yyyy-MM-dd'T'HH:mm:ssZ or yyyy-MM-dd'T'HH:mm:ss.SSSZ.`;
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

export function validateTargetStores(value: unknown): void {
  if (value === undefined || value === null) {
    return;
  }
  const stores = Array.isArray(value) ? value : [value];
  if (stores.length < 1 || stores.length > 2) {
    throw runtimeInvalid(
      "1 validation error detected: Value at 'targetStores' failed to satisfy constraint: Member must have length between 1 and 2",
    );
  }
  for (const store of stores) {
    if (store !== 'OnlineStore' && store !== 'OfflineStore') {
      throw runtimeInvalid(
        `1 validation error detected: Value '[${String(store)}]' at 'targetStores' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [OnlineStore, OfflineStore]]`,
      );
    }
  }
}
