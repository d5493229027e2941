/**
 * LookupEvents as CloudTrail serves it: management events only, of the caller's account and
 * region, from the last 90 days, newest first, at most one lookup attribute, ≤50 per page.
 */
import type { Db, OperationInput } from '../types.js';
import { SandboxServiceError } from '../types.js';
import { decodeToken, encodeToken } from './tokens.js';

export const LOOKUP_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;
const DEFAULT_PAGE = 50;

const ATTRIBUTE_FILTERS: Record<string, string> = {
  EventId: 'event_id = ?',
  EventName: 'event_name = ?',
  ReadOnly: 'read_only = ?',
  Username: 'username = ?',
  EventSource: 'event_source = ?',
  AccessKeyId: 'access_key_id = ?',
  ResourceType: 'EXISTS (SELECT 1 FROM json_each(resource_types) WHERE value = ?)',
  // AWS matches the resource's name; the sandbox also accepts the full ARN.
  ResourceName:
    'EXISTS (SELECT 1 FROM json_each(resource_names) WHERE value = ?) OR EXISTS (SELECT 1 FROM json_each(resource_arns) WHERE value = ?)',
};

/** Accepts what a decoded timestamp may be: a Date, epoch seconds, or an ISO/number string. */
export function toEpochMs(value: unknown, member: string): number | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (value instanceof Date) {
    return value.getTime();
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value * 1000;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const numeric = Number(value);
    const ms = Number.isFinite(numeric) ? numeric * 1000 : Date.parse(value);
    if (Number.isFinite(ms)) {
      return ms;
    }
  }
  throw new SandboxServiceError('ValidationException', `Invalid timestamp for ${member}.`);
}

interface Attribute {
  key: string;
  value: string;
}

function parseAttributes(raw: unknown): Attribute | undefined {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  if (!Array.isArray(raw)) {
    throw new SandboxServiceError('InvalidLookupAttributesException', 'LookupAttributes must be a list.');
  }
  if (raw.length === 0) {
    return undefined;
  }
  if (raw.length > 1) {
    throw new SandboxServiceError(
      'InvalidLookupAttributesException',
      'You cannot specify more than one lookup attribute in a request.',
    );
  }
  const item = raw[0] as { AttributeKey?: unknown; AttributeValue?: unknown };
  const key = item.AttributeKey;
  const value = item.AttributeValue;
  if (typeof key !== 'string' || !(key in ATTRIBUTE_FILTERS)) {
    throw new SandboxServiceError(
      'InvalidLookupAttributesException',
      `Lookup attribute key ${String(key)} is not valid. Valid keys: ${Object.keys(ATTRIBUTE_FILTERS).join(', ')}.`,
    );
  }
  if (typeof value !== 'string' || value.length < 1 || value.length > 2000) {
    throw new SandboxServiceError(
      'InvalidLookupAttributesException',
      'Lookup attribute value must be between 1 and 2000 characters.',
    );
  }
  return { key, value };
}

interface EventRow {
  seq: number;
  event_id: string;
  event_name: string;
  read_only: string;
  access_key_id: string | null;
  event_time_ms: number;
  event_source: string;
  username: string | null;
  resource_types: string;
  resource_arns: string;
  record: string;
}

export function lookupEvents(
  db: Db,
  input: OperationInput,
  scope: { accountId: string; region: string; nowMs: number },
): Record<string, unknown> {
  const attribute = parseAttributes(input.LookupAttributes);
  const startMs = toEpochMs(input.StartTime, 'StartTime');
  const endMs = toEpochMs(input.EndTime, 'EndTime');
  if (startMs !== undefined && endMs !== undefined && startMs > endMs) {
    throw new SandboxServiceError('InvalidTimeRangeException', 'Start time must not be after end time.');
  }
  const maxResults = input.MaxResults ?? DEFAULT_PAGE;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) {
    throw new SandboxServiceError('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
  }
  const category = input.EventCategory;
  if (category !== undefined && category !== null && category !== 'insight') {
    throw new SandboxServiceError(
      'InvalidEventCategoryException',
      `Event category ${String(category)} is not valid.`,
    );
  }
  const bound = {
    attribute: attribute ?? null,
    startMs: startMs ?? null,
    endMs: endMs ?? null,
    category: category ?? null,
  };
  // The sandbox logs no Insights; asking only for them finds nothing.
  if (category === 'insight') {
    return { Events: [] };
  }

  let cursor: { t: number; s: number; m: number } | undefined;
  if (typeof input.NextToken === 'string' && input.NextToken !== '') {
    const position = decodeToken(input.NextToken, {
      op: 'LookupEvents',
      ...bound,
      scope: [scope.accountId, scope.region],
    });
    const { t, s, m } = position;
    if (typeof t !== 'number' || typeof s !== 'number' || typeof m !== 'number') {
      throw new SandboxServiceError('InvalidNextTokenException', 'Invalid NextToken.');
    }
    cursor = { t, s, m };
  }
  // Every LookupEvents call is itself recorded; the first page fixes the snapshot so later pages do not shift.
  const snapshot =
    cursor?.m ?? (db.prepare('SELECT COALESCE(MAX(seq), 0) AS m FROM ct_events').get() as { m: number }).m;

  const where = [
    'recipient_account = ?',
    'region = ?',
    "event_category = 'Management'",
    'event_time_ms >= ?',
    'seq <= ?',
  ];
  const params: unknown[] = [
    scope.accountId,
    scope.region,
    Math.max(scope.nowMs - LOOKUP_WINDOW_MS, startMs ?? 0),
    snapshot,
  ];
  if (endMs !== undefined) {
    where.push('event_time_ms <= ?');
    params.push(endMs);
  }
  if (cursor !== undefined) {
    where.push('(event_time_ms < ? OR (event_time_ms = ? AND seq < ?))');
    params.push(cursor.t, cursor.t, cursor.s);
  }
  if (attribute !== undefined) {
    const filter = ATTRIBUTE_FILTERS[attribute.key] ?? 'FALSE';
    where.push(`(${filter})`);
    for (let i = filter.split('?').length - 1; i > 0; i--) {
      params.push(attribute.value);
    }
  }
  params.push(maxResults + 1);
  const rows = db
    .prepare(
      `SELECT seq, event_id, event_name, read_only, access_key_id, event_time_ms, event_source, username,
         resource_types, resource_arns, record
       FROM ct_events WHERE ${where.join(' AND ')}
       ORDER BY event_time_ms DESC, seq DESC LIMIT ?`,
    )
    .all(...params) as EventRow[];
  const page = rows.slice(0, maxResults);
  const last = page[page.length - 1];
  const out: Record<string, unknown> = {
    Events: page.map((row) => {
      const types = JSON.parse(row.resource_types) as string[];
      const arns = JSON.parse(row.resource_arns) as string[];
      return {
        EventId: row.event_id,
        EventName: row.event_name,
        ReadOnly: row.read_only,
        ...(row.access_key_id === null ? {} : { AccessKeyId: row.access_key_id }),
        EventTime: new Date(Math.floor(row.event_time_ms / 1000) * 1000),
        EventSource: row.event_source,
        ...(row.username === null ? {} : { Username: row.username }),
        Resources: arns.map((arn, i) => ({ ResourceType: types[i] ?? '', ResourceName: arn })),
        CloudTrailEvent: row.record,
      };
    }),
  };
  if (rows.length > maxResults && last !== undefined) {
    out.NextToken = encodeToken(
      { op: 'LookupEvents', ...bound, scope: [scope.accountId, scope.region] },
      { t: last.event_time_ms, s: last.seq, m: snapshot },
    );
  }
  return out;
}
