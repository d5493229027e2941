/**
 * Rows from the CloudTrail table (Athena's GetQueryResults, or the local engine) → AuditEvents.
 * A per-event row is turned back into the CloudTrail record it came from and read by the same
 * normaliser as log files; a grouped row (`--summary`) is read like a grouped Lake row.
 */
import { normalizeLakeRow, normalizeRecord } from '../normalize.js';
import type { AuditEvent } from '../types.js';

export type TableRow = Record<string, string | null | undefined>;

function json(text: string | null | undefined): unknown {
  if (!text || text === 'null') {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function orUndefined(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : value;
}

export function normalizeTrailRow(row: TableRow): AuditEvent {
  if (row.eventcount !== undefined && row.eventcount !== null) {
    const cells = Object.entries(row).flatMap(([key, value]) =>
      typeof value === 'string' && value !== '' ? [{ [key]: value }] : [],
    );
    return normalizeLakeRow(cells);
  }
  const readOnly = row.readonly === 'true' ? true : row.readonly === 'false' ? false : undefined;
  const resourceArn = orUndefined(row.resourcearn);
  const issuer = orUndefined(row.issuerarn);
  return normalizeRecord({
    eventID: orUndefined(row.eventid),
    eventTime: orUndefined(row.eventtime),
    eventSource: orUndefined(row.eventsource),
    eventName: orUndefined(row.eventname),
    eventCategory: orUndefined(row.eventcategory),
    awsRegion: orUndefined(row.awsregion),
    userIdentity: {
      arn: orUndefined(row.principalarn),
      accountId: orUndefined(row.calleraccount),
      ...(issuer ? { sessionContext: { sessionIssuer: { arn: issuer } } } : {}),
    },
    recipientAccountId: orUndefined(row.recipientaccountid),
    sharedEventID: orUndefined(row.sharedeventid),
    errorCode: orUndefined(row.errorcode),
    sourceIPAddress: orUndefined(row.sourceipaddress),
    userAgent: orUndefined(row.useragent),
    readOnly,
    requestParameters: json(row.requestparameters),
    responseElements: json(row.responseelements),
    ...(resourceArn ? { resources: [{ ARN: resourceArn }] } : {}),
  });
}
