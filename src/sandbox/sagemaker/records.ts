/**
 * Record values as the Feature Store runtime checks them (`ValidationError`): types, collections,
 * sizes, the record identifier and the event time.
 */
import { isObject as isRecord } from '../wire/params.js';
import { runtimeInvalid } from './dialects.js';
import type { FeatureDefinition, FeatureValueText, StoredFeatureGroup } from './store.js';

/** 350 KB: the per-value and per-record limit of the online store. */
export const MAX_VALUE_BYTES = 350 * 1024;
export const MAX_RECORD_BYTES = 350 * 1024;
export const MAX_RECORD_IDENTIFIER_BYTES = 2 * 1024;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const ISO_EVENT_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{3})?Z$/;

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
    // Up to 18 digits always fits in 64 bits: only longer texts need the exact BigInt check.
    if (text.length > 18 && (BigInt(text) < INT64_MIN || BigInt(text) > INT64_MAX)) {
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

const definitionMaps = new WeakMap<readonly FeatureDefinition[], Map<string, FeatureDefinition>>();

/**
 * The definitions by name, built once per definitions array: the store shares one parsed array
 * per distinct definitions text (store.ts parseShared), so once per group, not per request.
 */
function definitionsOf(definitions: readonly FeatureDefinition[]): Map<string, FeatureDefinition> {
  let map = definitionMaps.get(definitions);
  if (!map) {
    map = new Map(definitions.map((d) => [d.FeatureName, d]));
    definitionMaps.set(definitions, map);
  }
  return map;
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
  const definitions = definitionsOf(group.featureDefinitions);
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
      const bytes = byteLength(scalar);
      if (bytes > MAX_VALUE_BYTES) {
        throw runtimeInvalid(`The value of feature '${name}' exceeds the maximum size of 350 KB.`);
      }
      checkScalar(definition, scalar);
      totalBytes += bytes;
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

export function eventTimeType(
  group: Pick<StoredFeatureGroup, 'featureDefinitions' | 'eventTimeFeatureName'>,
): FeatureDefinition['FeatureType'] {
  return definitionsOf(group.featureDefinitions).get(group.eventTimeFeatureName)?.FeatureType ?? 'String';
}

export function invalidEventTimeMessage(group: StoredFeatureGroup, text: string): string {
  return eventTimeType(group) === 'Fractional'
    ? `The event time '${text}' of feature '${group.eventTimeFeatureName}' is not a valid Fractional: use Unix epoch seconds, e.g. 1700000000.123.`
    : `The event time '${text}' of feature '${group.eventTimeFeatureName}' is not in the format yyyy-MM-dd'T'HH:mm:ssZ or yyyy-MM-dd'T'HH:mm:ss.SSSZ.`;
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
