/**
 * What the record commands show: each turns a service result into the renderer's CommandResult
 * (JSON data, a table, lines and notes). Pure, so the commands stay argv → input → output.
 */
import type { CommandResult } from '../output/render.js';
import type { TypedRecord } from './codec.js';
import { DELETE_RULE } from './delete-rule.js';
import { describeFeatureType, featureByName } from './schema.js';
import type { DeleteRecordData, GetRecordData, PutRecordData } from './single.js';

export function getRecordResult({ target, record, expiresAt }: GetRecordData): CommandResult {
  const defs = featureByName(target.schema);
  return {
    data: record,
    table: {
      columns: [
        { key: 'feature', header: 'Feature' },
        { key: 'value', header: 'Value' },
        { key: 'type', header: 'Type' },
      ],
      rows: Object.entries(record).map(([feature, value]) => {
        const def = defs.get(feature);
        return { feature, value, type: def ? describeFeatureType(def) : 'String' };
      }),
    },
    ...(expiresAt ? { notes: [`This record expires at ${expiresAt}.`] } : {}),
  };
}

export function putRecordResult(d: PutRecordData): CommandResult {
  const { recordIdentifierName, ...data } = d;
  return {
    data,
    lines: [
      `Wrote record ${recordIdentifierName} = "${d.recordIdentifier}" (event time ${d.eventTime ?? '?'}) to ${d.featureGroupArn}.`,
    ],
  };
}

export function deleteRecordResult(d: DeleteRecordData): CommandResult {
  const { recordIdentifierName, ...data } = d;
  return {
    data,
    lines: [
      `${d.mode === 'hard' ? 'Hard' : 'Soft'}-deleted ${recordIdentifierName} = "${d.recordIdentifier}" in ${d.featureGroupArn} at event time ${d.eventTime}.`,
    ],
    notes: [DELETE_RULE],
  };
}

/** On a terminal table, how many records are shown when no limit was asked for. */
export const TTY_DEFAULT_LIMIT = 100;

/** Records streamed to stdout as a table / NDJSON / CSV; exit 5 when some could not be read. */
export function recordStreamResult(
  stream: { columns: string[]; records: AsyncIterable<TypedRecord>; stats: { failed: unknown[] } },
  emptyMessage: string,
  notes: () => string[] = () => [],
): CommandResult {
  return {
    table: { columns: stream.columns.map((key) => ({ key, header: key })), rows: stream.records },
    emptyMessage,
    // Read after the rows have streamed out, when the failures are known.
    get exitCode() {
      return stream.stats.failed.length > 0 ? (5 as const) : (0 as const);
    },
    get notes() {
      return notes();
    },
  };
}

export interface ExportFileSummary {
  featureGroupArn: string;
  file: string;
  exported: number;
  failed: number;
  elapsedSeconds: number;
  nextToken: string | null;
}

export function exportFileResult(s: ExportFileSummary): CommandResult {
  return {
    data: s,
    lines: [
      `Exported ${s.exported} records from ${s.featureGroupArn} to ${s.file} in ${s.elapsedSeconds.toFixed(1)}s.`,
    ],
    ...(s.nextToken ? { notes: [`More records follow: add --starting-token ${s.nextToken}`] } : {}),
    ...(s.failed > 0 ? { warnings: [`${s.failed} records could not be read.`], exitCode: 5 as const } : {}),
  };
}
