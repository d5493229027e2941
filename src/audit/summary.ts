/**
 * `--summary`: a pivot of account × feature group × action, folded one event at a time so the
 * event stream is never held in memory (only one row per distinct key is).
 */
import type { AuditEvent } from './types.js';

export interface SummaryRow {
  account: string | null;
  featureGroup: string | null;
  action: string | null;
  allowed: number;
  denied: number;
  errors: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

export class SummaryAccumulator {
  private readonly rows = new Map<string, SummaryRow>();

  add(event: AuditEvent): void {
    const key = JSON.stringify([event.account, event.featureGroup, event.action]);
    let row = this.rows.get(key);
    if (!row) {
      row = {
        account: event.account,
        featureGroup: event.featureGroup,
        action: event.action,
        allowed: 0,
        denied: 0,
        errors: 0,
        firstSeen: null,
        lastSeen: null,
      };
      this.rows.set(key, row);
    }
    const n = event.count ?? 1;
    if (event.outcome === 'allowed') {
      row.allowed += n;
    } else if (event.outcome === 'denied') {
      row.denied += n;
    } else {
      row.errors += n;
    }
    const first = event.firstTime ?? event.time;
    if (first !== null && (row.firstSeen === null || first < row.firstSeen)) {
      row.firstSeen = first;
    }
    if (event.time !== null && (row.lastSeen === null || event.time > row.lastSeen)) {
      row.lastSeen = event.time;
    }
  }

  /** Sorted by account, feature group, action, so the output is stable. */
  result(): SummaryRow[] {
    const text = (v: string | null) => v ?? '';
    return [...this.rows.values()].sort(
      (a, b) =>
        text(a.account).localeCompare(text(b.account)) ||
        text(a.featureGroup).localeCompare(text(b.featureGroup)) ||
        text(a.action).localeCompare(text(b.action)),
    );
  }
}
