/**
 * The one event shape every audit source produces and every output mode prints. Keys are always
 * present (null when CloudTrail did not say), so JSON, NDJSON and CSV columns are stable.
 */
import type { FeatureGroupRef } from '../permissions/arns.js';

export type EventCategory = 'management' | 'data' | 'insight';
/** `error` is a failed call that was not a denial (a validation error, a missing resource...). */
export type Outcome = 'allowed' | 'denied' | 'error';

export interface AuditEvent {
  /** ISO-8601, UTC. Null only for partial Lake rows that did not select eventTime. */
  time: string | null;
  /**
   * Set on an aggregate from a grouped Lake query (`--summary`): how many events share every other
   * field, and the earliest one's time (`time` is then the latest).
   */
  count?: number;
  firstTime?: string | null;
  /** The caller's account (userIdentity.accountId). */
  account: string | null;
  /** The account this copy of the event was delivered to. */
  recipientAccount: string | null;
  /** The caller's ARN (for an assumed role, the session ARN). */
  principal: string | null;
  /** The IAM role behind an assumed-role session, when known: what RAM grants name. */
  principalRole: string | null;
  action: string | null;
  eventSource: string | null;
  /** A feature group ARN when CloudTrail gave one, else the name the caller passed. */
  featureGroup: string | null;
  recordId: string | null;
  /** The RAM resource share a sharing call acted on. */
  resourceShare: string | null;
  /** Who a sharing call granted to or took from (RAM `principals`): accounts, OUs, IAM ARNs. */
  grantees: string[];
  outcome: Outcome;
  errorCode: string | null;
  category: EventCategory;
  readOnly: boolean | null;
  eventId: string | null;
  sharedEventId: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  region: string | null;
}

/** Validated filters: every value here has passed a parser, so it is safe to send anywhere. */
export interface AuditFilters {
  since: Date;
  until: Date;
  featureGroup?: FeatureGroupRef;
  /** The caller's account. */
  account?: string;
  /** An IAM role/user ARN, an assumed-role session ARN, or a 12-digit account. */
  principal?: string;
  events?: string[];
  limit?: number;
  /** Keep fshare's own read-only polling (own-polling.ts), left out by default. */
  allEvents?: boolean;
}

export type SourceName = 'auto' | 'events' | 'athena' | 's3' | 'lake';
