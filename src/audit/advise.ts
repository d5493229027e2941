/**
 * `--advise`: least privilege from usage. Joins the window's calls with the current grants and
 * suggests, with the exact command: a lower level for a grant that was used below its level, and
 * a revoke for a grant that was not used at all.
 */
import { parseFeatureGroupArn } from '../permissions/arns.js';
import { LEVEL_TABLE, type AccessLevel } from '../permissions/levels.js';
import { minimumLevel, parseOperation } from '../permissions/operations.js';
import { grantCovers, type AccessState, type CurrentGrant } from './access-state.js';
import type { AuditEvent } from './types.js';

export interface Advice {
  principal: string;
  featureGroup: string;
  currentLevel: AccessLevel;
  suggestion: 'downgrade' | 'revoke';
  suggestedLevel: AccessLevel | null;
  reason: string;
  command: string;
  /** Calls in the window that the grant covered (allowed ones). */
  calls: number;
  eventIds: string[];
}

const MAX_EVIDENCE = 10;

interface Usage {
  calls: number;
  highestNeeded: AccessLevel | undefined;
  eventIds: string[];
}

/** How a feature group is named in a command: its name when the auditor's account owns it. */
function groupArgument(state: AccessState, featureGroup: string): string {
  const arn = parseFeatureGroupArn(featureGroup);
  return arn && arn.account === state.ownerAccount ? arn.name : featureGroup;
}

export class AdviceAccumulator {
  private readonly usage = new Map<CurrentGrant, Usage>();

  constructor(private readonly state: AccessState) {
    for (const grant of state.grants) {
      this.usage.set(grant, { calls: 0, highestNeeded: undefined, eventIds: [] });
    }
  }

  add(event: AuditEvent): void {
    if (event.outcome !== 'allowed' || event.action === null || event.featureGroup === null) {
      return;
    }
    const operation = parseOperation(event.action);
    if (!operation) {
      return;
    }
    const needed = minimumLevel(operation);
    for (const [grant, usage] of this.usage) {
      if (grant.featureGroup !== event.featureGroup || !grantCovers(grant, event, this.state.org)) {
        continue;
      }
      usage.calls++;
      if (!usage.highestNeeded || LEVEL_TABLE[needed].rank > LEVEL_TABLE[usage.highestNeeded].rank) {
        usage.highestNeeded = needed;
      }
      if (event.eventId !== null && usage.eventIds.length < MAX_EVIDENCE) {
        usage.eventIds.push(event.eventId);
      }
    }
  }

  result(): Advice[] {
    const advice: Advice[] = [];
    for (const [grant, usage] of this.usage) {
      const fg = groupArgument(this.state, grant.featureGroup);
      const base = {
        principal: grant.principal,
        featureGroup: grant.featureGroup,
        currentLevel: grant.level,
        calls: usage.calls,
        eventIds: usage.eventIds,
      };
      if (usage.calls === 0) {
        advice.push({
          ...base,
          suggestion: 'revoke',
          suggestedLevel: null,
          reason: `no ${grant.level} call on ${fg} by ${grant.principal} in the window`,
          command: `fshare revoke ${fg} --from ${grant.principal}`,
        });
        continue;
      }
      const needed = usage.highestNeeded ?? 'read-only';
      if (LEVEL_TABLE[needed].rank < LEVEL_TABLE[grant.level].rank) {
        advice.push({
          ...base,
          suggestion: 'downgrade',
          suggestedLevel: needed,
          reason: `holds ${grant.level} but used only ${needed} operations in the window (${usage.calls} calls)`,
          command: `fshare grant ${fg} --to ${grant.principal} --level ${needed}`,
        });
      }
    }
    return advice.sort(
      (a, b) => a.featureGroup.localeCompare(b.featureGroup) || a.principal.localeCompare(b.principal),
    );
  }
}
