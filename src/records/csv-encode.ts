/**
 * The import's fast path for CSV rows: cells → the encoded record without building a value object
 * per row, with a plan made once from the header. It only ever says "this row is fine, here is its
 * record" — on anything unusual (a value that does not encode, a missing identifier or event
 * time, a size over a limit) it returns undefined and the caller runs encodeRecord, so every
 * rejection keeps encodeRecord's exact reasons. The records it returns equal encodeRecord's.
 */
import {
  encodeCollection,
  encodeEventTime,
  encodeScalar,
  MAX_RECORD_BYTES,
  MAX_VALUE_BYTES,
  recordIdProblem,
  type EncodeResult,
  type FeatureValue,
} from './codec.js';
import { featureByName, type FeatureDef, type RecordSchema } from './schema.js';

interface Column {
  name: string;
  def: FeatureDef;
  nameBytes: number;
  isId: boolean;
  isEventTime: boolean;
}

export interface CsvPlan {
  columns: Column[];
}

/** An array-index-like name would be ordered first in encodeRecord's object: no plan then. */
const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;

/** The plan for a header, or undefined when only encodeRecord can say what rows mean. */
export function csvPlan(schema: RecordSchema, header: readonly string[]): CsvPlan | undefined {
  const defs = featureByName(schema);
  const columns: Column[] = [];
  for (const name of header) {
    const def = defs.get(name);
    if (!def || INDEX_LIKE.test(name) || columns.some((c) => c.name === name)) {
      return undefined;
    }
    columns.push({
      name,
      def,
      nameBytes: Buffer.byteLength(name, 'utf8'),
      isId: name === schema.recordIdentifier,
      isEventTime: name === schema.eventTime,
    });
  }
  return { columns };
}

/** The row's record when it is valid as it stands; undefined means "ask encodeRecord". */
export function encodeCsvCells(plan: CsvPlan, cells: readonly string[]): EncodeResult | undefined {
  const { columns } = plan;
  const record: FeatureValue[] = [];
  let id: string | undefined;
  let eventTime = false;
  let bytes = 0;
  for (let i = 0; i < columns.length; i++) {
    const cell = cells[i];
    if (cell === undefined || cell === '') {
      continue;
    }
    const column = columns[i] as Column;
    if (column.def.collection) {
      const encoded = encodeCollection(column.def, cell, 'csv');
      if ('error' in encoded) {
        return undefined;
      }
      let size = 0;
      for (const item of encoded.list) {
        size += Buffer.byteLength(item, 'utf8');
      }
      if (size > MAX_VALUE_BYTES || column.isId) {
        return undefined;
      }
      eventTime ||= column.isEventTime;
      bytes += size + column.nameBytes;
      record.push({ FeatureName: column.name, ValueAsStringList: encoded.list });
      continue;
    }
    const encoded = column.isEventTime
      ? encodeEventTime(column.def, cell)
      : encodeScalar(column.def.type, cell);
    if ('error' in encoded) {
      return undefined;
    }
    const size = Buffer.byteLength(encoded.text, 'utf8');
    if (size > MAX_VALUE_BYTES) {
      return undefined;
    }
    if (column.isId) {
      id = encoded.text;
    }
    eventTime ||= column.isEventTime;
    bytes += size + column.nameBytes;
    record.push({ FeatureName: column.name, ValueAsString: encoded.text });
  }
  if (id === undefined || !eventTime || bytes > MAX_RECORD_BYTES || recordIdProblem(id) !== undefined) {
    return undefined;
  }
  return { ok: true, id, record, bytes };
}
