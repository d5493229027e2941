/**
 * Turns one finished sandbox call into CloudTrail records in AWS's format (eventVersion 1.08) and
 * delivers them: always to the caller's account, and, when the resource belongs to another
 * account, a second copy to the owner with the same sharedEventID (CloudTrail's cross-account rule).
 */
import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Caller, Db, RecordedCall, TrailResource } from '../types.js';
import type { CloudTrailRecord } from './event-types.js';
import { queueForTrails } from './trails/state.js';

export const EVENT_VERSION = '1.08';

export type { CloudTrailRecord } from './event-types.js';

/** 'YYYY-MM-DDTHH:MM:SSZ': CloudTrail records carry whole seconds. */
export function isoSeconds(time: Date): string {
  return `${time.toISOString().slice(0, 19)}Z`;
}

/** The session name of an assumed role, which is what LookupEvents calls the Username. */
export function sessionNameOf(caller: Pick<Caller, 'arn' | 'roleName'>): string {
  const slash = caller.arn.lastIndexOf('/');
  return slash >= 0 ? caller.arn.slice(slash + 1) : caller.roleName;
}

/** SDK inputs are PascalCase for most services; CloudTrail's requestParameters are camelCase. */
export function camelCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(camelCaseKeys);
  }
  if (value instanceof Date) {
    return isoSeconds(value);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key.charAt(0).toLowerCase() + key.slice(1)] = camelCaseKeys(inner);
    }
    return out;
  }
  return value;
}

/** Lake resolves struct fields case-insensitively; storing lower-cased keys lets json_extract do the same. */
export function lowerCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(lowerCaseKeys);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key.toLowerCase()] = lowerCaseKeys(inner);
    }
    return out;
  }
  return value;
}

interface Identity {
  /** The UTC day (epoch days) and caller the identity was built for. */
  day: number;
  caller: Pick<Caller, 'userId' | 'arn' | 'accountId' | 'accessKeyId' | 'roleArn' | 'roleName'>;
  record: Record<string, unknown>;
  /** `lake_user_identity`: the identity with lower-cased keys, as JSON. */
  lakeJson: string;
}

const identities = new Map<string, Identity>();
const DAY_MS = 86_400_000;

/**
 * Every call of one caller on one day has the same userIdentity: built (and its Lake column
 * serialised) once, not per call. Shared read-only by the records that carry it.
 */
function identityOf(caller: Caller, time: Date): Identity {
  const day = Math.floor(time.getTime() / DAY_MS);
  const known = identities.get(caller.accessKeyId);
  if (
    known !== undefined &&
    known.day === day &&
    known.caller.userId === caller.userId &&
    known.caller.arn === caller.arn &&
    known.caller.accountId === caller.accountId &&
    known.caller.roleArn === caller.roleArn &&
    known.caller.roleName === caller.roleName
  ) {
    return known;
  }
  if (identities.size >= 256) {
    identities.clear();
  }
  const record = userIdentityOf(caller, time);
  const { userId, arn, accountId, accessKeyId, roleArn, roleName } = caller;
  const identity: Identity = {
    day,
    caller: { userId, arn, accountId, accessKeyId, roleArn, roleName },
    record,
    lakeJson: JSON.stringify(lowerCaseKeys(record)),
  };
  identities.set(caller.accessKeyId, identity);
  return identity;
}

function userIdentityOf(caller: Caller, time: Date): Record<string, unknown> {
  const colon = caller.userId.indexOf(':');
  const roleId = colon >= 0 ? caller.userId.slice(0, colon) : caller.userId;
  return {
    type: 'AssumedRole',
    principalId: caller.userId,
    arn: caller.arn,
    accountId: caller.accountId,
    accessKeyId: caller.accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: roleId,
        arn: caller.roleArn,
        accountId: caller.accountId,
        userName: caller.roleName,
      },
      attributes: {
        // The sandbox has no session start; the day's start keeps it stable across one session's calls.
        creationDate: `${time.toISOString().slice(0, 10)}T00:00:00Z`,
        mfaAuthenticated: 'false',
      },
    },
  };
}

function resourceOf(resource: TrailResource, fallbackAccount: string): Record<string, unknown> {
  return { accountId: resource.accountId ?? fallbackAccount, type: resource.type, ARN: resource.ARN };
}

/** Builds the record one recipient account receives. */
export function buildRecord(
  call: RecordedCall,
  recipientAccountId: string,
  eventID: string,
  sharedEventID: string | undefined,
  userIdentity: Record<string, unknown> = userIdentityOf(call.caller, call.time),
): CloudTrailRecord {
  const { trail, caller } = call;
  const owner = trail.ownerAccountId ?? caller.accountId;
  const requestParameters =
    trail.requestParameters === undefined ? camelCaseKeys(call.input) : trail.requestParameters;
  const record: CloudTrailRecord = {
    eventVersion: EVENT_VERSION,
    userIdentity,
    eventTime: isoSeconds(call.time),
    eventSource: call.service.eventSource,
    eventName: call.operation,
    awsRegion: call.region,
    sourceIPAddress: caller.sourceIpAddress,
    userAgent: caller.userAgent,
    ...(call.error === undefined ? {} : { errorCode: call.error.code, errorMessage: call.error.message }),
    requestParameters: requestParameters ?? null,
    responseElements: call.error === undefined ? (trail.responseElements ?? null) : null,
    requestID: call.requestId,
    eventID,
    readOnly: trail.readOnly,
    ...(trail.resources.length === 0 ? {} : { resources: trail.resources.map((r) => resourceOf(r, owner)) }),
    eventType: 'AwsApiCall',
    managementEvent: trail.eventCategory === 'Management',
    recipientAccountId,
    ...(sharedEventID === undefined ? {} : { sharedEventID }),
    eventCategory: trail.eventCategory,
  };
  return record;
}

const INSERT_EVENT = `INSERT INTO ct_events (recipient_account, region, event_id, shared_event_id, event_time,
    event_time_ms, event_name, event_source, event_category, read_only, username, caller_account, principal_arn,
    access_key_id, resource_types, resource_arns, resource_names, error_code, lake_user_identity, lake_resources, record)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

// Every sandbox call records an event: compiling the INSERT once per connection keeps that cheap.
const insertStatements = new WeakMap<Db, BetterSqlite3.Statement<unknown[]>>();

function insertStatement(db: Db): BetterSqlite3.Statement<unknown[]> {
  let statement = insertStatements.get(db);
  if (statement === undefined) {
    statement = db.prepare<unknown[]>(INSERT_EVENT);
    insertStatements.set(db, statement);
  }
  return statement;
}

function shortName(arn: string): string {
  const slash = arn.lastIndexOf('/');
  return slash >= 0 ? arn.slice(slash + 1) : arn;
}

/**
 * Stores one delivered copy. Exported so tests can seed stores with AWS's published records.
 * `timeMs` keeps the call's millisecond so that an event in the same second as a store's creation,
 * but after it, still reaches the store (the record's eventTime has whole seconds only).
 */
export function insertRecord(
  db: Db,
  record: CloudTrailRecord,
  options: { username?: string; timeMs?: number; lakeUserIdentity?: string } = {},
): void {
  const { username } = options;
  const identity = (record.userIdentity ?? {}) as Record<string, unknown>;
  const resources = Array.isArray(record.resources) ? (record.resources as Record<string, unknown>[]) : [];
  const arns = resources.map((r) => String(r.ARN ?? ''));
  const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  const issuer = ((identity.sessionContext as Record<string, unknown> | undefined)?.sessionIssuer ??
    {}) as Record<string, unknown>;
  const derivedUsername = username ?? str(identity.userName) ?? str(issuer.userName);
  insertStatement(db).run(
    record.recipientAccountId,
    str(record.awsRegion) ?? '',
    record.eventID,
    str(record.sharedEventID),
    record.eventTime,
    options.timeMs ?? Date.parse(record.eventTime),
    record.eventName,
    record.eventSource,
    record.eventCategory,
    String(record.readOnly),
    derivedUsername,
    str(identity.accountId),
    str(identity.arn),
    str(identity.accessKeyId),
    JSON.stringify(resources.map((r) => String(r.type ?? ''))),
    JSON.stringify(arns),
    JSON.stringify(arns.map(shortName)),
    str(record.errorCode),
    options.lakeUserIdentity ?? JSON.stringify(lowerCaseKeys(identity)),
    JSON.stringify(resources.map((r) => ({ ...(lowerCaseKeys(r) as object), arnprefix: null }))),
    JSON.stringify(record),
  );
}

/**
 * Records one authenticated call, successful or not. Delivered to the caller's account and, when
 * the resource's owner is another account, to the owner's as well.
 */
export function recordCall(db: Db, call: RecordedCall): void {
  const owner = call.trail.ownerAccountId;
  const crossAccount = owner !== undefined && owner !== call.caller.accountId;
  const sharedEventID = crossAccount ? randomUUID() : undefined;
  const recipients = crossAccount ? [call.caller.accountId, owner] : [call.caller.accountId];
  const username = sessionNameOf(call.caller);
  const identity = identityOf(call.caller, call.time);
  const deliver = (): void => {
    for (const recipient of recipients) {
      const record = buildRecord(call, recipient, randomUUID(), sharedEventID, identity.record);
      insertRecord(db, record, {
        username,
        timeMs: call.time.getTime(),
        lakeUserIdentity: identity.lakeJson,
      });
      // Each account's copy reaches that account's (and its organization's) logging trails.
      queueForTrails(db, record, call.time.getTime());
    }
  };
  // Inside the request's own transaction (the wire layer's case) the copies are atomic already; a
  // savepoint per call would cost two more statements on every request.
  if (db.inTransaction) {
    deliver();
  } else {
    db.transaction(deliver)();
  }
}
