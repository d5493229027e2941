/**
 * Turns the audit stream into what the renderer prints: the events themselves (streamed), or a
 * summary, anomaly or advice report folded from the stream.
 */
import type { Context } from '../context.js';
import { parseFeatureGroupArn } from '../permissions/arns.js';
import type { Column, CommandResult } from '../output/render.js';
import { AdviceAccumulator } from './advise.js';
import { AnomalyAccumulator } from './anomalies.js';
import type { ParsedAuditOptions } from './filters.js';
import { readAccessState } from './read-access-state.js';
import type { AccessState } from './access-state.js';
import { openAuditStream, type AuditStream } from './run.js';
import { SummaryAccumulator } from './summary.js';
import type { AuditEvent } from './types.js';

export type ReportMode = 'events' | 'summary' | 'anomalies' | 'advise';
type Row = Record<string, unknown>;

/** `ACCOUNT/NAME` for a feature group ARN: what a person types, and short enough for a table. */
export function shortFeatureGroup(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  const arn = parseFeatureGroupArn(value);
  return arn ? `${arn.account}/${arn.name}` : value;
}

/** `role/NAME` (or `user/NAME`) for the ARNs CloudTrail records; the account has its own column. */
export function shortPrincipal(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  const session = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/([^/]+)\/[^/]+$/.exec(value);
  if (session?.[1]) {
    return `role/${session[1]}`;
  }
  const iam = /^arn:aws[a-z-]*:iam::\d{12}:((?:role|user)\/.+)$/.exec(value);
  return iam?.[1] ?? value;
}

const EVENT_KEYS: (keyof AuditEvent)[] = [
  'time',
  'account',
  'recipientAccount',
  'principal',
  'principalRole',
  'action',
  'eventSource',
  'featureGroup',
  'recordId',
  'resourceShare',
  'grantees',
  'outcome',
  'errorCode',
  'category',
  'readOnly',
  'eventId',
  'sharedEventId',
  'sourceIp',
  'userAgent',
  'region',
];

/** Every field for CSV and text; a readable subset for the terminal table. */
export function eventColumns(output: string): Column<AuditEvent>[] {
  if (output !== 'table') {
    return EVENT_KEYS.map((key) => ({ key, header: key }));
  }
  return [
    { key: 'time', header: 'time', get: (e) => e.time?.replace('T', ' ').replace(/\.\d+Z$/, 'Z') },
    { key: 'account', header: 'account' },
    { key: 'principal', header: 'principal', get: (e) => shortPrincipal(e.principal) },
    { key: 'action', header: 'action' },
    { key: 'featureGroup', header: 'feature group', get: (e) => shortFeatureGroup(e.featureGroup) },
    { key: 'recordId', header: 'record' },
    // The error code is in every machine format; on a terminal only failures other than denials show it.
    {
      key: 'outcome',
      header: 'outcome',
      get: (e) => (e.outcome === 'error' && e.errorCode ? `error: ${e.errorCode}` : e.outcome),
    },
  ];
}

const SUMMARY_COLUMNS: Column[] = [
  { key: 'account', header: 'account' },
  { key: 'featureGroup', header: 'feature group', get: (r) => shortFeatureGroup(r.featureGroup) },
  { key: 'action', header: 'action' },
  { key: 'allowed', header: 'allowed' },
  { key: 'denied', header: 'denied' },
  { key: 'errors', header: 'errors' },
  { key: 'firstSeen', header: 'first seen' },
  { key: 'lastSeen', header: 'last seen' },
];

const ANOMALY_COLUMNS: Column[] = [
  { key: 'kind', header: 'kind' },
  { key: 'account', header: 'account' },
  { key: 'principal', header: 'principal', get: (r) => shortPrincipal(r.principal) },
  { key: 'featureGroup', header: 'feature group', get: (r) => shortFeatureGroup(r.featureGroup) },
  { key: 'action', header: 'action' },
  { key: 'count', header: 'count' },
  { key: 'detail', header: 'detail' },
  { key: 'eventIds', header: 'evidence (event ids)' },
];

const ADVICE_COLUMNS: Column[] = [
  { key: 'principal', header: 'principal' },
  { key: 'featureGroup', header: 'feature group', get: (r) => shortFeatureGroup(r.featureGroup) },
  { key: 'currentLevel', header: 'level' },
  { key: 'suggestion', header: 'suggestion' },
  { key: 'reason', header: 'why' },
  { key: 'command', header: 'command' },
];

function csvColumns(columns: Column[], output: string): Column[] {
  // Machine formats carry the full values, not the shortened ones.
  return output === 'table' ? columns : columns.map(({ key, header }) => ({ key, header }));
}

interface ReportInput {
  output: string;
  window: string;
  stream: AuditStream;
}

function eventsReport({ output, window, stream }: ReportInput): CommandResult<Row> {
  return {
    table: {
      columns: eventColumns(output) as unknown as Column<Row>[],
      rows: stream.events as AsyncIterable<unknown> as AsyncIterable<Row>,
    },
    warnings: stream.warnings,
    emptyMessage: `No matching CloudTrail events from ${window}.`,
  };
}

async function summaryReport({ output, window, stream }: ReportInput): Promise<CommandResult<Row>> {
  const acc = new SummaryAccumulator();
  for await (const event of stream.events) {
    acc.add(event);
  }
  return {
    table: { columns: csvColumns(SUMMARY_COLUMNS, output), rows: acc.result() as unknown as Row[] },
    warnings: stream.warnings,
    emptyMessage: `No matching CloudTrail events from ${window}.`,
  };
}

async function anomalyReport(
  { output, window, stream }: ReportInput,
  state: AccessState,
): Promise<CommandResult<Row>> {
  const acc = new AnomalyAccumulator(state);
  for await (const event of stream.events) {
    acc.add(event);
  }
  const findings = acc.result();
  const warnings = [...stream.warnings];
  if (!state.org.complete && findings.some((f) => f.kind === 'outside-organization')) {
    warnings.push(
      'Organization membership is inferred from RAM associations (the organization’s account list is not readable here), so an "outside-organization" finding may be a member account that was never shared with.',
    );
  }
  return {
    table: { columns: csvColumns(ANOMALY_COLUMNS, output), rows: findings as unknown as Row[] },
    warnings,
    emptyMessage: `No anomalies in CloudTrail events from ${window}.`,
  };
}

async function adviceReport(
  { output, window, stream }: ReportInput,
  state: AccessState,
): Promise<CommandResult<Row>> {
  const columns = csvColumns(ADVICE_COLUMNS, output);
  if (!stream.includesDataEvents) {
    return {
      table: { columns, rows: [] },
      warnings: [
        ...stream.warnings,
        'Without data events (record reads and writes) usage cannot be judged: no advice given. Run `fshare audit setup`, then use --source lake or auto.',
      ],
      emptyMessage: 'No advice.',
    };
  }
  const acc = new AdviceAccumulator(state);
  for await (const event of stream.events) {
    acc.add(event);
  }
  const advice = acc.result();
  return {
    table: { columns, rows: advice as unknown as Row[] },
    warnings: stream.warnings,
    notes:
      advice.length > 0
        ? ['Apply a suggestion by running its command; `fshare access` shows the result.']
        : [],
    emptyMessage: `No least-privilege advice: every grant was used at its level from ${window}.`,
  };
}

export async function auditReport(
  ctx: Context,
  parsed: ParsedAuditOptions,
  mode: ReportMode,
): Promise<CommandResult<Row>> {
  const output = ctx.globals.output;
  const window = `${parsed.filters.since.toISOString()} to ${parsed.filters.until.toISOString()}`;
  if (mode === 'anomalies' || mode === 'advise') {
    // Both join with the current grants: read them before the (long) event scan. The shares
    // they hold also tie share-only RAM calls to their feature group.
    const state = await readAccessState(ctx);
    const shareIndex = new Map([...state.shares].map(([arn, share]) => [arn, share.featureGroups]));
    const input = { output, window, stream: await openAuditStream(ctx, parsed, shareIndex) };
    return mode === 'anomalies' ? anomalyReport(input, state) : adviceReport(input, state);
  }
  const input = {
    output,
    window,
    stream: await openAuditStream(ctx, parsed, undefined, { grouped: mode === 'summary' }),
  };
  return mode === 'events' ? eventsReport(input) : summaryReport(input);
}
