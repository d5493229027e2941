/**
 * CloudTrail in, one AuditEvent shape out. Reads full records (log files, LookupEvents'
 * CloudTrailEvent strings, Lake rows) without I/O. Records vary a lot across event versions and
 * services (no eventID in 1.0, no userIdentity in Insights, no resources in RAM events), so every
 * field is optional on the way in.
 */
import {
  FEATURE_GROUP_NAME,
  featureGroupArn,
  parseFeatureGroupArn,
  partitionForRegion,
} from '../permissions/arns.js';
import type { AuditEvent, EventCategory, Outcome } from './types.js';

type Json = Record<string, unknown>;

const FEATURE_GROUP_TYPE = 'AWS::SageMaker::FeatureGroup';
const FEATURE_GROUP_ARN_IN_TEXT = /arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:feature-group\/[A-Za-z0-9_-]+/;
const DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'AccessForbidden',
  'Client.UnauthorizedOperation',
]);

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function asString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** CloudTrail times come as ISO strings, Lake's 'YYYY-MM-DD HH:MM:SS.fff', epoch seconds or Dates. */
export function toIsoTime(value: unknown): string | null {
  let date: Date | undefined;
  if (value instanceof Date) {
    date = value;
  } else if (typeof value === 'number') {
    date = new Date(value * 1000);
  } else if (typeof value === 'string' && value !== '') {
    const lake = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/.exec(value);
    date = new Date(lake ? `${lake[1] ?? ''}T${lake[2] ?? ''}Z` : value);
  }
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

export function outcomeFor(errorCode: string | null): Outcome {
  if (errorCode === null) {
    return 'allowed';
  }
  return DENIED_CODES.has(errorCode) || /AccessDenied|Unauthorized|Forbidden/i.test(errorCode)
    ? 'denied'
    : 'error';
}

function categoryOf(record: Json): EventCategory {
  const category = asString(record.eventCategory)?.toLowerCase();
  if (category === 'data' || category === 'insight' || category === 'management') {
    return category;
  }
  if (record.eventType === 'AwsCloudTrailInsight') {
    return 'insight';
  }
  return record.managementEvent === false ? 'data' : 'management';
}

/**
 * The feature group an event is about: a resources[] entry of the FeatureGroup type, else the
 * name or ARN the caller passed (SageMaker and Feature Store calls), else an ARN in RAM's
 * resourceArns (RAM events carry no resources[]).
 */
function featureGroupOf(record: Json): string | null {
  if (Array.isArray(record.resources)) {
    for (const item of record.resources) {
      const resource = asObject(item);
      const arn = asString(resource?.ARN) ?? asString(resource?.arn);
      if (resource && arn && (resource.type === FEATURE_GROUP_TYPE || parseFeatureGroupArn(arn))) {
        return arn;
      }
    }
  }
  const params = asObject(record.requestParameters);
  const named = asString(params?.featureGroupName) ?? asString(params?.FeatureGroupName);
  if (named) {
    return named;
  }
  return featureGroupInText(params?.resourceArns);
}

/** A bare feature group name names a group in the caller's own account and region. */
export function qualifyFeatureGroup(
  value: string | null,
  account: string | null,
  region: string | null,
): string | null {
  if (value === null || !account || !region || !FEATURE_GROUP_NAME.test(value)) {
    return value;
  }
  return featureGroupArn(partitionForRegion(region), region, account, value);
}

function featureGroupArnOrNull(value: string | null): string | null {
  return value !== null && parseFeatureGroupArn(value) ? value : null;
}

function featureGroupInText(value: unknown): string | null {
  if (value === undefined || value === null) {
    return null;
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return FEATURE_GROUP_ARN_IN_TEXT.exec(text)?.[0] ?? null;
}

const SHARE_ARN_IN_TEXT = /arn:aws[a-z-]*:ram:[a-z0-9-]+:\d{12}:resource-share\/[A-Za-z0-9-]+/;
const GRANTEE_IN_TEXT = /arn:aws[a-z-]*:(?:iam|organizations)::\d{12}:[\w+=,.@/-]+|\b\d{12}\b/g;

/** RAM names the share in requestParameters, or (CreateResourceShare) only in responseElements. */
function resourceShareOf(params: Json | undefined, response: Json | undefined): string | null {
  const named = asString(params?.resourceShareArn);
  if (named) {
    return named;
  }
  const created = asObject(response?.resourceShare);
  return asString(created?.resourceShareArn) ?? shareInText(response?.resourceShare);
}

function shareInText(value: unknown): string | null {
  if (value === undefined || value === null) {
    return null;
  }
  return SHARE_ARN_IN_TEXT.exec(typeof value === 'string' ? value : JSON.stringify(value))?.[0] ?? null;
}

/** RAM's `principals`: a list in records, a rendered string in Lake rows. */
function granteesOf(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.filter((v): v is string => typeof v === 'string' && v !== '');
  }
  if (typeof value === 'string' && value !== '') {
    return [...new Set(value.match(GRANTEE_IN_TEXT) ?? [])];
  }
  return [];
}

function recordIdOf(params: Json | undefined): string | null {
  return asString(params?.recordIdentifierValueAsString) ?? asString(params?.RecordIdentifierValueAsString);
}

/** The role behind an assumed-role session: sessionIssuer.arn, or derived from the session ARN. */
export function roleOfPrincipal(arn: string | null, issuerArn: string | null = null): string | null {
  if (issuerArn) {
    return issuerArn;
  }
  const m = arn ? /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn) : null;
  if (m?.[1] && m[2] && m[3]) {
    return `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`;
  }
  return arn && /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\//.test(arn) ? arn : null;
}

/** One CloudTrail record (as delivered to S3, in LookupEvents' CloudTrailEvent, or in Lake). */
export function normalizeRecord(value: unknown): AuditEvent {
  const record = asObject(value) ?? {};
  const identity = asObject(record.userIdentity);
  const insight = asObject(record.insightDetails);
  const params = asObject(record.requestParameters);
  const issuer = asObject(asObject(identity?.sessionContext)?.sessionIssuer);
  const principal = asString(identity?.arn);
  const errorCode = asString(record.errorCode);
  const account = asString(identity?.accountId);
  const region = asString(record.awsRegion);
  return {
    time: toIsoTime(record.eventTime),
    account,
    recipientAccount: asString(record.recipientAccountId),
    principal,
    principalRole: roleOfPrincipal(principal, asString(issuer?.arn)),
    action: asString(record.eventName) ?? asString(insight?.eventName),
    eventSource: asString(record.eventSource) ?? asString(insight?.eventSource),
    featureGroup: qualifyFeatureGroup(featureGroupOf(record), account, region),
    recordId: recordIdOf(params),
    resourceShare: resourceShareOf(params, asObject(record.responseElements)),
    grantees: granteesOf(params?.principals),
    outcome: outcomeFor(errorCode),
    errorCode,
    category: categoryOf(record),
    readOnly: typeof record.readOnly === 'boolean' ? record.readOnly : null,
    eventId: asString(record.eventID),
    sharedEventId: asString(record.sharedEventID),
    sourceIp: asString(record.sourceIPAddress),
    userAgent: asString(record.userAgent),
    region,
  };
}

/** One entry of a LookupEvents response: the CloudTrailEvent string, with the envelope as fallback. */
export interface LookupEventLike {
  EventId?: string | undefined;
  EventName?: string | undefined;
  EventTime?: Date | string | number | undefined;
  EventSource?: string | undefined;
  ReadOnly?: string | undefined;
  CloudTrailEvent?: string | undefined;
}

export function normalizeLookupEvent(event: LookupEventLike): AuditEvent {
  let inner: unknown = {};
  if (event.CloudTrailEvent) {
    try {
      inner = JSON.parse(event.CloudTrailEvent);
    } catch {
      inner = {};
    }
  }
  const normalized = normalizeRecord(inner);
  return {
    ...normalized,
    time: normalized.time ?? toIsoTime(event.EventTime),
    action: normalized.action ?? asString(event.EventName),
    eventSource: normalized.eventSource ?? asString(event.EventSource),
    eventId: normalized.eventId ?? asString(event.EventId),
    readOnly:
      normalized.readOnly ?? (event.ReadOnly === 'true' ? true : event.ReadOnly === 'false' ? false : null),
  };
}

/** A Lake result row: a list of single-key maps, all values strings. */
export type LakeRow = Record<string, string>[];

/** Lake row keys (lower-cased) → the record field they stand for. fshare's own aliases come first. */
function lakeValue(cells: Map<string, string>, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = cells.get(key);
    if (value !== undefined && value !== '' && value !== 'null') {
      return value;
    }
  }
  return null;
}

export function normalizeLakeRow(row: LakeRow | readonly { key?: string; value?: string }[]): AuditEvent {
  const cells = new Map<string, string>();
  for (const cell of row) {
    // The outdated `{key, value}` cell form still appears in the CLI guide.
    if ('key' in cell && typeof cell.key === 'string' && typeof cell.value === 'string') {
      cells.set(cell.key.toLowerCase(), cell.value);
      continue;
    }
    for (const [key, value] of Object.entries(cell)) {
      if (typeof value === 'string') {
        cells.set(key.toLowerCase(), value);
      }
    }
  }
  const principal = lakeValue(cells, 'principalarn', 'arn');
  const errorCode = lakeValue(cells, 'errorcode');
  const category = lakeValue(cells, 'eventcategory')?.toLowerCase();
  const managementEvent = lakeValue(cells, 'managementevent');
  const readOnly = lakeValue(cells, 'readonly');
  const featureGroupName = lakeValue(cells, 'featuregroupname');
  const account = lakeValue(cells, 'calleraccount', 'accountid');
  const region = lakeValue(cells, 'awsregion');
  return {
    time: toIsoTime(lakeValue(cells, 'eventtime')),
    account,
    recipientAccount: lakeValue(cells, 'recipientaccountid'),
    principal,
    principalRole: roleOfPrincipal(principal, lakeValue(cells, 'issuerarn')),
    action: lakeValue(cells, 'eventname'),
    eventSource: lakeValue(cells, 'eventsource'),
    featureGroup:
      featureGroupArnOrNull(lakeValue(cells, 'resourcearn')) ??
      qualifyFeatureGroup(featureGroupName, account, region) ??
      featureGroupInText(lakeValue(cells, 'resourcearns')),
    recordId: lakeValue(cells, 'recordid'),
    resourceShare: lakeValue(cells, 'resourceshare') ?? shareInText(lakeValue(cells, 'createdshare')),
    grantees: granteesOf(lakeValue(cells, 'principals')),
    outcome: outcomeFor(errorCode),
    errorCode,
    category:
      category === 'data' || category === 'insight' || category === 'management'
        ? category
        : managementEvent === 'false'
          ? 'data'
          : 'management',
    readOnly: readOnly === 'true' ? true : readOnly === 'false' ? false : null,
    eventId: lakeValue(cells, 'eventid'),
    sharedEventId: lakeValue(cells, 'sharedeventid'),
    sourceIp: lakeValue(cells, 'sourceipaddress'),
    userAgent: lakeValue(cells, 'useragent'),
    region,
    ...aggregateOf(cells),
  };
}

/** The count and first time of a grouped Lake row (`--summary`), when the query selected them. */
function aggregateOf(cells: Map<string, string>): Pick<AuditEvent, 'count' | 'firstTime'> {
  const count = cells.get('eventcount');
  if (count === undefined || !/^\d+$/.test(count)) {
    return {};
  }
  return { count: Number(count), firstTime: toIsoTime(cells.get('firsttime') ?? null) };
}

/**
 * Any CloudTrail document: one record, a log file `{Records}`, a LookupEvents response `{Events}`,
 * or a GetQueryResults response `{QueryResultRows}` (or the CLI guide's older `{QueryResults}`).
 */
export function normalizeDocument(value: unknown): AuditEvent[] {
  const doc = asObject(value);
  if (!doc) {
    return [];
  }
  if (Array.isArray(doc.Records)) {
    return doc.Records.map(normalizeRecord);
  }
  if (Array.isArray(doc.Events)) {
    return doc.Events.map((e) => normalizeLookupEvent((asObject(e) ?? {}) as LookupEventLike));
  }
  if (Array.isArray(doc.QueryResultRows)) {
    return doc.QueryResultRows.filter(Array.isArray).map((row) => normalizeLakeRow(row as LakeRow));
  }
  if (Array.isArray(doc.QueryResults)) {
    return [normalizeLakeRow(doc.QueryResults as { key?: string; value?: string }[])];
  }
  return [normalizeRecord(doc)];
}

/**
 * JSON as AWS's documentation prints it: tolerates `...` elisions, trailing commas and line
 * breaks inside strings, so pasted examples and hand-trimmed records can be read.
 */
export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // fall through to the repairs below
  }
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (inString) {
      if (ch === '\\') {
        out += ch + (text[i + 1] ?? '');
        i++;
      } else if (ch === '"') {
        inString = false;
        out += ch;
      } else if (ch === '\n' || ch === '\r') {
        out += ' ';
      } else {
        out += ch;
      }
      continue;
    }
    if (ch === '"') {
      inString = true;
    }
    out += ch;
  }
  const repaired = out
    .replace(/\{\s*\.\.\.\s*\}/g, '{}')
    .replace(/^\s*\.\.\.\s*,?\s*$/gm, '')
    .replace(/,(\s*[}\]])/g, '$1')
    .replace(/([{[])\s*,/g, '$1');
  return JSON.parse(repaired);
}
