/**
 * `--anomalies`: what an auditor should look at, each finding with its evidence (event IDs).
 * Folded one event at a time; memory grows with distinct findings, not with events.
 */
import { LEVEL_TABLE } from '../permissions/levels.js';
import { minimumLevel, parseOperation } from '../permissions/operations.js';
import { currentLevelFor, isOwnFeatureGroup, type AccessState } from './access-state.js';
import type { AuditEvent } from './types.js';

export type AnomalyKind =
  | 'denied'
  | 'no-current-grant'
  | 'exceeds-level'
  | 'changed-outside-fshare'
  | 'unmanaged-share'
  | 'outside-organization';

export interface Anomaly {
  kind: AnomalyKind;
  account: string | null;
  principal: string | null;
  featureGroup: string | null;
  action: string | null;
  detail: string;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Up to MAX_EVIDENCE event IDs; `count` says how many events there were. */
  eventIds: string[];
}

export const MAX_EVIDENCE = 20;

const RAM_CHANGES = new Set([
  'CreateResourceShare',
  'DeleteResourceShare',
  'UpdateResourceShare',
  'AssociateResourceShare',
  'DisassociateResourceShare',
  'AssociateResourceSharePermission',
  'DisassociateResourceSharePermission',
  'ReplacePermissionAssociations',
  'TagResource',
  'UntagResource',
]);

/** fshare's SDK clients append `fshare/<version>` to the user agent. */
export const FSHARE_USER_AGENT = /(?:^|[\s(])fshare\/\d/;

export function isFshareUserAgent(userAgent: string | null): boolean {
  return userAgent !== null && FSHARE_USER_AGENT.test(userAgent);
}

export class AnomalyAccumulator {
  private readonly findings = new Map<string, Anomaly>();

  constructor(private readonly state: AccessState) {}

  private flag(kind: AnomalyKind, event: AuditEvent, detail: string): void {
    const key = JSON.stringify([kind, event.principal, event.featureGroup, event.action, detail]);
    let finding = this.findings.get(key);
    if (!finding) {
      finding = {
        kind,
        account: event.account,
        principal: event.principal,
        featureGroup: event.featureGroup,
        action: event.action,
        detail,
        count: 0,
        firstSeen: null,
        lastSeen: null,
        eventIds: [],
      };
      this.findings.set(key, finding);
    }
    finding.count++;
    if (
      event.eventId !== null &&
      finding.eventIds.length < MAX_EVIDENCE &&
      !finding.eventIds.includes(event.eventId)
    ) {
      finding.eventIds.push(event.eventId);
    }
    if (event.time !== null) {
      if (finding.firstSeen === null || event.time < finding.firstSeen) {
        finding.firstSeen = event.time;
      }
      if (finding.lastSeen === null || event.time > finding.lastSeen) {
        finding.lastSeen = event.time;
      }
    }
  }

  /** Events arrive with the feature group of share-only RAM calls filled in (share-index.ts). */
  add(event: AuditEvent): void {
    const { state } = this;
    if (event.outcome === 'denied') {
      this.flag('denied', event, `denied (${event.errorCode ?? 'AccessDenied'})`);
    }
    const operation = event.action === null ? undefined : parseOperation(event.action);
    const foreign = event.account !== null && event.account !== state.ownerAccount;
    if (operation && foreign && isOwnFeatureGroup(state, event.featureGroup)) {
      const level = currentLevelFor(state, event);
      const needed = minimumLevel(operation);
      if (level === undefined) {
        this.flag(
          'no-current-grant',
          event,
          `${event.account ?? 'caller'} holds no current grant on this feature group`,
        );
      } else if (LEVEL_TABLE[level].rank < LEVEL_TABLE[needed].rank) {
        this.flag(
          'exceeds-level',
          event,
          `${event.action ?? 'call'} needs ${needed}; current level is ${level}`,
        );
      }
    }
    if (
      event.action !== null &&
      RAM_CHANGES.has(event.action) &&
      event.eventSource === 'ram.amazonaws.com' &&
      event.outcome === 'allowed' &&
      event.account === state.ownerAccount
    ) {
      const share = event.resourceShare === null ? undefined : state.shares.get(event.resourceShare);
      if (!isFshareUserAgent(event.userAgent)) {
        this.flag(
          'changed-outside-fshare',
          event,
          `RAM ${event.action} made by ${event.userAgent ?? 'an unknown client'}, not fshare`,
        );
      } else if (share && !share.managed) {
        this.flag(
          'changed-outside-fshare',
          event,
          `RAM ${event.action} on share "${share.name}", which is not tagged fshare:managed`,
        );
      }
    }
    if (foreign && event.account !== null && !state.org.inside.has(event.account)) {
      const known = state.org.outside.has(event.account) || state.org.complete;
      this.flag(
        'outside-organization',
        event,
        known
          ? `${event.account} is outside the organization`
          : `${event.account} is not known to be in the organization`,
      );
    }
  }

  result(): Anomaly[] {
    const fromState: Anomaly[] = this.state.unmanagedShares.map((share) => ({
      kind: 'unmanaged-share' as const,
      account: this.state.ownerAccount,
      principal: null,
      featureGroup: null,
      action: null,
      detail: `share "${share.name}" (${share.shareArn}) grants feature group access without the fshare:managed tag`,
      count: 1,
      firstSeen: null,
      lastSeen: null,
      eventIds: [],
    }));
    const order: AnomalyKind[] = [
      'denied',
      'no-current-grant',
      'exceeds-level',
      'outside-organization',
      'changed-outside-fshare',
      'unmanaged-share',
    ];
    return [...this.findings.values(), ...fromState].sort(
      (a, b) =>
        order.indexOf(a.kind) - order.indexOf(b.kind) || (a.firstSeen ?? '').localeCompare(b.firstSeen ?? ''),
    );
  }
}
