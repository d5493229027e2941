/**
 * Flag text → validated AuditFilters (UsageError before any call), and the one predicate every
 * source applies client-side, so `events` and `lake` agree on what a filter means.
 */
import { parseTimeSpec } from '../dates.js';
import { UsageError } from '../errors.js';
import {
  ACCOUNT_ID,
  parseFeatureGroupArn,
  parseFeatureGroupRef,
  type FeatureGroupRef,
} from '../permissions/arns.js';
import { parsePrincipal } from '../permissions/principals.js';
import { MANAGEMENT_EVENT_NAMES } from './lookup-plan.js';
import { isOwnPolling, POLLING_EVENT_NAMES } from './own-polling.js';
import type { AuditEvent, AuditFilters, SourceName } from './types.js';

/** CloudTrail event names are API operation names: letters only. */
export const EVENT_NAME = /^[A-Za-z]{1,128}$/;
const SESSION_ARN = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+$/;
/** LookupEvents returns the last 90 days only. */
export const LOOKUP_RETENTION_MS = 90 * 86_400_000;

/** `24h`, `7d`, `30m`, `2w` (ago, from now), or an ISO-8601 date/time (strict: src/dates.ts). */
export function parseTimeFlag(flag: string, text: string, now: Date): Date {
  return parseTimeSpec(text, now, { flag, direction: 'past', code: 'FSHARE_BAD_TIME' });
}

export interface RawAuditOptions {
  since?: string;
  until?: string;
  featureGroup?: string;
  account?: string;
  principal?: string;
  event?: string[];
  source?: string;
  eventDataStore?: string;
  limit?: string;
  allEvents?: boolean;
  database?: string;
  table?: string;
  workgroup?: string;
}

export interface ParsedAuditOptions {
  filters: AuditFilters;
  source: SourceName;
  eventDataStore?: string;
  /** Athena names (validated), when given; the defaults are `audit setup`'s. */
  athena?: { database?: string; table?: string; workgroup?: string };
}

export const SOURCES: readonly SourceName[] = ['auto', 'events', 'athena', 's3', 'lake'];

/** Event names fshare knows, so `--event getrecord` is sent to CloudTrail as GetRecord. */
const KNOWN_EVENT_NAMES = new Map(
  [
    'GetRecord',
    'PutRecord',
    'DeleteRecord',
    'BatchGetRecord',
    'BatchWriteRecord',
    'ListRecords',
    'UpdateRecord',
    ...MANAGEMENT_EVENT_NAMES,
    ...POLLING_EVENT_NAMES,
  ].map((n) => [n.toLowerCase(), n]),
);

/** The canonical spelling of an event name (CloudTrail's is case-sensitive; the flag is not). */
export function canonicalEventName(name: string): string {
  const known = KNOWN_EVENT_NAMES.get(name.toLowerCase());
  if (known) {
    return known;
  }
  return name;
}

const EDS_ARN = /^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:eventdatastore\/([A-Za-z0-9-]{1,128})$/;
const EDS_ID = /^[A-Za-z0-9-]{1,128}$/;

/** The event data store ID (what Lake SQL names in FROM) from an ARN or an ID. */
export function eventDataStoreId(text: string): string {
  const m = EDS_ARN.exec(text);
  if (m?.[1]) {
    return m[1];
  }
  if (EDS_ID.test(text)) {
    return text;
  }
  throw new UsageError(`--event-data-store "${text}" is not an event data store ARN or ID.`, {
    hint: 'Pass the ARN (arn:aws:cloudtrail:REGION:ACCOUNT:eventdatastore/ID) or the ID; `fshare audit setup` prints it.',
    code: 'FSHARE_BAD_EVENT_DATA_STORE',
  });
}

export function parseAuditOptions(raw: RawAuditOptions, now: Date): ParsedAuditOptions {
  const since = parseTimeFlag('--since', raw.since ?? '24h', now);
  const until = raw.until === undefined ? now : parseTimeFlag('--until', raw.until, now);
  if (since.getTime() >= until.getTime()) {
    throw new UsageError(`--since (${since.toISOString()}) is not before --until (${until.toISOString()}).`, {
      hint: 'Pass an earlier --since or a later --until.',
      code: 'FSHARE_BAD_TIME',
    });
  }
  const filters: AuditFilters = { since, until };
  if (raw.featureGroup !== undefined) {
    filters.featureGroup = parseFeatureGroupRef(raw.featureGroup);
  }
  if (raw.account !== undefined) {
    if (!ACCOUNT_ID.test(raw.account)) {
      throw new UsageError(`--account "${raw.account}" is not a 12-digit AWS account ID.`, {
        hint: 'Pass an account ID such as 222222222222.',
        code: 'FSHARE_BAD_ACCOUNT',
      });
    }
    filters.account = raw.account;
  }
  if (raw.principal !== undefined) {
    filters.principal = parseAuditPrincipal(raw.principal);
  }
  if (raw.event !== undefined && raw.event.length > 0) {
    const events = raw.event.flatMap((e) => e.split(',')).map((e) => e.trim());
    for (const name of events) {
      if (!EVENT_NAME.test(name)) {
        throw new UsageError(`--event "${name}" is not a CloudTrail event name.`, {
          hint: 'Event names are API operation names made of letters, e.g. GetRecord or AssociateResourceShare.',
          code: 'FSHARE_BAD_EVENT_NAME',
        });
      }
    }
    filters.events = [...new Set(events.map(canonicalEventName))];
  }
  if (raw.limit !== undefined) {
    const limit = Number(raw.limit);
    if (!/^\d+$/.test(raw.limit) || !Number.isSafeInteger(limit) || limit < 1) {
      throw new UsageError(`--limit "${raw.limit}" is not a positive whole number.`, {
        hint: 'Pass a number such as --limit 100.',
        code: 'FSHARE_BAD_LIMIT',
      });
    }
    filters.limit = limit;
  }
  const source = (raw.source ?? 'auto') as SourceName;
  if (!SOURCES.includes(source)) {
    throw new UsageError(`--source "${source}" is not a source.`, {
      hint: "Use auto, events (LookupEvents: management events), athena or s3 (a trail's log files: also record calls) or lake (CloudTrail Lake).",
      code: 'FSHARE_BAD_SOURCE',
    });
  }
  if (raw.allEvents === true) {
    filters.allEvents = true;
  }
  if (source === 'events') {
    const oldest = now.getTime() - LOOKUP_RETENTION_MS;
    if (until.getTime() < oldest) {
      throw new UsageError('LookupEvents keeps only the last 90 days; the whole window is older.', {
        hint: 'Use --source lake with an event data store that retains older events.',
        code: 'FSHARE_BAD_TIME',
      });
    }
  }
  const parsed: ParsedAuditOptions = { filters, source };
  const athena = parseAthenaNames(raw);
  if (athena) {
    parsed.athena = athena;
  }
  if (raw.eventDataStore !== undefined) {
    eventDataStoreId(raw.eventDataStore);
    parsed.eventDataStore = raw.eventDataStore;
  }
  return parsed;
}

const GLUE = /^[a-z0-9_]{1,255}$/;
const WORKGROUP = /^[A-Za-z0-9._-]{1,128}$/;

function parseAthenaNames(raw: RawAuditOptions): ParsedAuditOptions['athena'] {
  const out: NonNullable<ParsedAuditOptions['athena']> = {};
  for (const [flag, value, pattern] of [
    ['--database', raw.database, GLUE],
    ['--table', raw.table, GLUE],
    ['--workgroup', raw.workgroup, WORKGROUP],
  ] as const) {
    if (value === undefined) {
      continue;
    }
    if (!pattern.test(value)) {
      throw new UsageError(`${flag} "${value}" is not a valid Athena name.`, {
        hint:
          flag === '--workgroup'
            ? 'Workgroup names are letters, digits, ".", "_" and "-".'
            : 'Database and table names are lower-case letters, digits and "_".',
        code: 'FSHARE_BAD_ATHENA_NAME',
      });
    }
    out[flag.slice(2) as 'database' | 'table' | 'workgroup'] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Principals as they appear in CloudTrail: accounts, IAM role/user ARNs, assumed-role sessions. */
function parseAuditPrincipal(text: string): string {
  if (SESSION_ARN.test(text)) {
    return text;
  }
  const principal = parsePrincipal(text);
  if (principal.kind === 'account' || principal.kind === 'iam-role' || principal.kind === 'iam-user') {
    return principal.id;
  }
  throw new UsageError(`--principal "${text}" names a group of accounts; CloudTrail records callers.`, {
    hint: 'Pass an account ID, an IAM role or user ARN, or an assumed-role session ARN; use --account for a whole account.',
    code: 'FSHARE_BAD_PRINCIPAL',
  });
}

/** Whether an event's feature group (ARN or bare name) is the one the filter names. */
export function featureGroupMatches(ref: FeatureGroupRef, value: string | null): boolean {
  if (value === null) {
    return false;
  }
  const arn = parseFeatureGroupArn(value);
  switch (ref.kind) {
    case 'arn':
      return arn ? arn.arn === ref.arn.arn : false;
    case 'qualified':
      return arn ? arn.account === ref.account && arn.name === ref.name : false;
    case 'name':
      return (arn ? arn.name : value) === ref.name;
  }
}

export function principalMatches(filter: string, event: AuditEvent): boolean {
  if (ACCOUNT_ID.test(filter)) {
    return event.account === filter;
  }
  return event.principal === filter || event.principalRole === filter;
}

/** The client-side filter, applied to every source's events (Lake's SQL filters too, this double-checks). */
export function matchesFilters(filters: AuditFilters, event: AuditEvent): boolean {
  if (event.time !== null) {
    const t = Date.parse(event.time);
    if (t < filters.since.getTime() || t > filters.until.getTime()) {
      return false;
    }
  }
  if (filters.account !== undefined && event.account !== filters.account) {
    return false;
  }
  if (filters.events) {
    const action = event.action?.toLowerCase();
    if (action === undefined || !filters.events.some((e) => e.toLowerCase() === action)) {
      return false;
    }
  }
  if (filters.allEvents !== true && isOwnPolling(event)) {
    return false;
  }
  if (filters.featureGroup && !featureGroupMatches(filters.featureGroup, event.featureGroup)) {
    return false;
  }
  if (filters.principal !== undefined && !principalMatches(filters.principal, event)) {
    return false;
  }
  return true;
}
