/**
 * The codec's reading half: Feature Store's string-encoded `Record` to typed JSON (see codec.ts
 * for the integer rule: safe integers as numbers, larger ones as exact decimal strings).
 */
import type { FeatureValue, TypedRecord, TypedScalar, TypedValue } from './values.js';
import type { FeatureDef, FeatureType, RecordSchema } from './schema.js';

const INTEGER_TEXT = /^[-+]?\d+$/;

export function decodeScalar(type: FeatureType, text: string): TypedScalar {
  if (type === 'Integral') {
    if (INTEGER_TEXT.test(text)) {
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : BigInt(text).toString();
    }
    return text;
  }
  if (type === 'Fractional') {
    const n = Number(text);
    return text.trim() !== '' && Number.isFinite(n) ? n : text;
  }
  return text;
}

/** Each feature's position in the schema, per schema (decodeRecord runs once per record read). */
const positionsCache = new WeakMap<RecordSchema, Map<string, number>>();

function positionsOf(schema: RecordSchema): Map<string, number> {
  let positions = positionsCache.get(schema);
  if (!positions) {
    positions = new Map(schema.features.map((f, i) => [f.name, i]));
    positionsCache.set(schema, positions);
  }
  return positions;
}

function decodeValue(type: FeatureType, value: FeatureValue): TypedValue {
  if (value.ValueAsStringList !== undefined) {
    return value.ValueAsStringList.map((s) => decodeScalar(type, s));
  }
  return value.ValueAsString !== undefined ? decodeScalar(type, value.ValueAsString) : null;
}

/**
 * Feature Store's string-encoded record to typed JSON, in the schema's feature order, then any
 * features the schema does not know (as String) in the order they came; of two values with one
 * name the last wins.
 */
export function decodeRecord(schema: RecordSchema, values: FeatureValue[]): TypedRecord {
  const positions = positionsOf(schema);
  const { features } = schema;
  const slots: (FeatureValue | undefined)[] = new Array<FeatureValue | undefined>(features.length);
  let extras: Map<string, FeatureValue> | undefined;
  for (const value of values) {
    const name = value.FeatureName;
    if (name === undefined) {
      continue;
    }
    const at = positions.get(name);
    if (at !== undefined) {
      slots[at] = value;
    } else {
      (extras ??= new Map()).set(name, value);
    }
  }
  const out: TypedRecord = {};
  for (let i = 0; i < features.length; i++) {
    const value = slots[i];
    if (value) {
      const def = features[i] as FeatureDef;
      out[def.name] = decodeValue(def.type, value);
    }
  }
  if (extras) {
    for (const [name, value] of extras) {
      out[name] = decodeValue('String', value);
    }
  }
  return out;
}
