/**
 * The schema codec: typed JSON values ⇄ Feature Store's string-encoded `Record`.
 *
 * Integers: Feature Store stores Integral values as 64-bit strings. JavaScript numbers are exact only
 * up to 2^53, so decoding yields a JSON number when the value is a safe integer and keeps the exact
 * decimal string otherwise; encoding accepts numbers (safe integers only) or decimal strings.
 */
import { featureByName, type FeatureDef, type FeatureType, type RecordSchema } from './schema.js';

import type { FeatureValue } from './values.js';

export type { FeatureValue, TypedRecord, TypedScalar, TypedValue } from './values.js';

export interface FieldError {
  /** The feature (column) at fault; absent when the record as a whole is wrong. */
  field?: string;
  message: string;
}

export type EncodeResult =
  { ok: true; id: string; record: FeatureValue[]; bytes: number } | { ok: false; errors: FieldError[] };

export interface EncodeOptions {
  /** 'csv' cells are text: numbers are parsed from strings and collections from JSON arrays. */
  source: 'json' | 'csv';
  /** Fill a missing event time with this instant (`--event-time-now`). */
  eventTimeNow?: Date;
}

/** Feature Store's documented limits. */
export const MAX_VALUE_BYTES = 350 * 1024;
export const MAX_RECORD_BYTES = 350 * 1024;
export const MAX_RECORD_ID_BYTES = 2 * 1024;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INTEGER_TEXT = /^[-+]?\d+$/;
const SHORT_INTEGER_TEXT = /^-?\d{1,15}$/;
const DECIMAL_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
/** The two String event-time formats Feature Store documents. */
const ISO_EVENT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;

const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');
/**
 * No unpaired surrogate: text that can be encoded as UTF-8. (String.prototype.isWellFormed, ES2024,
 * native in Node 20; typed by hand while the lib is ES2023.)
 */
const isWellFormed = (text: string): boolean =>
  (text as unknown as { isWellFormed(): boolean }).isWellFormed();
/** 9999-12-31T23:59:59Z, the end of the range Feature Store documents for event times. */
export const MAX_EVENT_TIME_SECONDS = 253_402_300_799;

/** Why a record identifier cannot be sent, or undefined when it can. */
export function recordIdProblem(id: string): string | undefined {
  if (id.trim() === '') {
    return 'the record identifier is blank';
  }
  if (id.includes('\u0000')) {
    return 'the record identifier contains a NUL character';
  }
  if (!isWellFormed(id)) {
    return 'the record identifier contains a lone UTF-16 surrogate (not valid Unicode)';
  }
  if (utf8Length(id) > MAX_RECORD_ID_BYTES) {
    return `the record identifier is ${utf8Length(id)} bytes; Feature Store allows at most ${MAX_RECORD_ID_BYTES}`;
  }
  return undefined;
}

function describeValue(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `"${shown}"`;
  }
  if (typeof value === 'object') {
    return 'an object';
  }
  return `${typeof value} ${String(value)}`;
}

function isAbsent(value: unknown, source: EncodeOptions['source']): boolean {
  return value === undefined || value === null || (source === 'csv' && value === '');
}

/** One scalar of a given type to its wire string, or an error message. */
export function encodeScalar(type: FeatureType, value: unknown): { text: string } | { error: string } {
  switch (type) {
    case 'String':
      if (typeof value !== 'string') {
        return { error: `expected a string, got ${describeValue(value)}` };
      }
      return isWellFormed(value)
        ? { text: value }
        : { error: 'the string contains a lone UTF-16 surrogate (not valid Unicode)' };
    case 'Integral': {
      if (typeof value === 'number') {
        if (!Number.isInteger(value)) {
          return { error: `expected an integer, got ${value}` };
        }
        if (!Number.isSafeInteger(value)) {
          return { error: `integer ${value} is beyond 2^53 and lost precision; write it as a string` };
        }
        return { text: String(value) };
      }
      if (typeof value === 'string' && SHORT_INTEGER_TEXT.test(value)) {
        // Up to 15 digits always fits in 64 bits and converts exactly: no BigInt needed.
        return { text: String(Number(value)) };
      }
      if (typeof value === 'string' && INTEGER_TEXT.test(value.trim())) {
        const big = BigInt(value.trim());
        if (big < INT64_MIN || big > INT64_MAX) {
          return { error: `integer ${value.trim()} does not fit in 64 bits` };
        }
        return { text: big.toString() };
      }
      return { error: `expected an integer, got ${describeValue(value)}` };
    }
    case 'Fractional': {
      if (typeof value === 'number') {
        return Number.isFinite(value)
          ? { text: String(value) }
          : { error: `expected a finite number, got ${value}` };
      }
      if (typeof value === 'string' && DECIMAL_TEXT.test(value.trim()) && Number.isFinite(Number(value))) {
        return { text: value.trim() };
      }
      return { error: `expected a number, got ${describeValue(value)}` };
    }
  }
}

export function encodeEventTime(def: FeatureDef, value: unknown): { text: string } | { error: string } {
  if (def.type === 'String') {
    if (typeof value !== 'string') {
      return { error: `expected an ISO-8601 time such as 2026-01-31T12:00:00Z, got ${describeValue(value)}` };
    }
    // Date.parse rolls 2027-02-30 over into March: the date must read back as written.
    const parsed = Date.parse(value);
    if (
      !ISO_EVENT_TIME.test(value) ||
      Number.isNaN(parsed) ||
      new Date(parsed).toISOString().slice(0, 19) !== value.slice(0, 19)
    ) {
      return {
        error: `"${value}" is not in Feature Store's format yyyy-MM-ddTHH:mm:ssZ or yyyy-MM-ddTHH:mm:ss.SSSZ`,
      };
    }
    return { text: value };
  }
  const encoded = encodeScalar(def.type, value);
  if ('error' in encoded) {
    return { error: `${encoded.error} (event time is Unix seconds)` };
  }
  if (Number(encoded.text) < 0) {
    return { error: `event time ${encoded.text} is before 1970` };
  }
  if (Number(encoded.text) > MAX_EVENT_TIME_SECONDS) {
    return { error: `event time ${encoded.text} is after the year 9999 (Feature Store's range)` };
  }
  return encoded;
}

/** An instant in the event-time feature's own representation. */
export function formatEventTime(def: FeatureDef, at: Date): string {
  if (def.type === 'String') {
    return at.toISOString();
  }
  const seconds = at.getTime() / 1000;
  return def.type === 'Integral' ? String(Math.floor(seconds)) : String(seconds);
}

export function encodeCollection(
  def: FeatureDef,
  value: unknown,
  source: EncodeOptions['source'],
): { list: string[] } | { error: string } {
  let items: unknown = value;
  if (source === 'csv' && typeof value === 'string') {
    try {
      items = JSON.parse(value);
    } catch {
      return { error: `expected a JSON array such as ["a","b"] in the cell, got ${describeValue(value)}` };
    }
  }
  if (!Array.isArray(items)) {
    return { error: `expected an array (${def.collection} of ${def.type}), got ${describeValue(items)}` };
  }
  const list: string[] = [];
  for (let index = 0; index < items.length; index++) {
    const encoded = encodeScalar(def.type, items[index]);
    if ('error' in encoded) {
      return { error: `element ${index}: ${encoded.error}` };
    }
    list.push(encoded.text);
  }
  if (def.collection === 'Set' && new Set(list).size !== list.length) {
    return { error: 'a Set must not contain duplicates' };
  }
  if (def.collection === 'Vector' && def.dimension !== undefined && list.length !== def.dimension) {
    return {
      error: `a Vector of dimension ${def.dimension} needs exactly ${def.dimension} numbers, got ${list.length}`,
    };
  }
  return { list };
}

function listNames(names: string[]): string {
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
}

function tooLarge(size: number): string {
  return `value is ${size} bytes; Feature Store allows at most ${MAX_VALUE_BYTES}`;
}

/**
 * Validates a typed record against the schema and encodes it for PutRecord / BatchWriteRecord.
 * Every problem is reported with the field it concerns; nothing is sent when there is one.
 * (On the import's hot path: one pass over the fields, no intermediate entries, sets or lookups.)
 */
export function encodeRecord(schema: RecordSchema, input: unknown, options: EncodeOptions): EncodeResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [
        { message: `a record must be a JSON object of feature name → value, got ${describeValue(input)}` },
      ],
    };
  }
  const defs = featureByName(schema);
  const errors: FieldError[] = [];
  const record: FeatureValue[] = [];
  const values = input as Record<string, unknown>;
  const { recordIdentifier, eventTime } = schema;
  let idPresent = false;
  let eventTimePresent = false;
  let idValue: string | undefined;
  let bytes = 0;
  for (const field in values) {
    if (!Object.hasOwn(values, field)) {
      continue;
    }
    const value = values[field];
    const def = defs.get(field);
    if (!def) {
      errors.push({
        field,
        message: `unknown feature "${field}"; ${schema.featureGroupName || 'the feature group'} has: ${listNames([...defs.keys()])}`,
      });
      continue;
    }
    if (isAbsent(value, options.source)) {
      continue;
    }
    if (field === recordIdentifier) {
      idPresent = true;
    }
    if (field === eventTime) {
      eventTimePresent = true;
    }
    if (def.collection) {
      const encoded = encodeCollection(def, value, options.source);
      if ('error' in encoded) {
        errors.push({ field, message: encoded.error });
        continue;
      }
      let size = 0;
      for (const item of encoded.list) {
        size += utf8Length(item);
      }
      if (size > MAX_VALUE_BYTES) {
        errors.push({ field, message: tooLarge(size) });
        continue;
      }
      bytes += size + utf8Length(field);
      record.push({ FeatureName: field, ValueAsStringList: encoded.list });
      continue;
    }
    const encoded = field === eventTime ? encodeEventTime(def, value) : encodeScalar(def.type, value);
    if ('error' in encoded) {
      errors.push({ field, message: encoded.error });
      continue;
    }
    const size = utf8Length(encoded.text);
    if (size > MAX_VALUE_BYTES) {
      errors.push({ field, message: tooLarge(size) });
      continue;
    }
    bytes += size + utf8Length(field);
    if (field === recordIdentifier && idValue === undefined) {
      idValue = encoded.text;
    }
    record.push({ FeatureName: field, ValueAsString: encoded.text });
  }
  if (!idPresent) {
    errors.push({
      field: recordIdentifier,
      message: `the record identifier "${recordIdentifier}" is missing`,
    });
  } else if (idValue !== undefined) {
    const problem = recordIdProblem(idValue);
    if (problem) {
      errors.push({ field: recordIdentifier, message: problem });
    }
  }
  if (!eventTimePresent) {
    const def = defs.get(eventTime);
    if (options.eventTimeNow && def) {
      const text = formatEventTime(def, options.eventTimeNow);
      record.push({ FeatureName: eventTime, ValueAsString: text });
      bytes += utf8Length(text) + utf8Length(eventTime);
    } else {
      errors.push({
        field: eventTime,
        message: `the event time "${eventTime}" is missing (pass --event-time-now to use the current time)`,
      });
    }
  }
  if (errors.length === 0 && bytes > MAX_RECORD_BYTES) {
    errors.push({
      message: `the record is ${bytes} bytes; Feature Store allows at most ${MAX_RECORD_BYTES}`,
    });
  }
  if (errors.length > 0 || idValue === undefined) {
    return {
      ok: false,
      errors: errors.length > 0 ? errors : [{ message: 'the record identifier is missing' }],
    };
  }
  return { ok: true, id: idValue, record, bytes };
}

/** One line per error: `feature "age": expected an integer, got "x"`. */
export function formatFieldErrors(errors: FieldError[]): string {
  return errors
    .map((e) => (e.field !== undefined ? `feature "${e.field}": ${e.message}` : e.message))
    .join('; ');
}

export { decodeRecord, decodeScalar } from './decode.js';
