/** How owner-command results read: the same data for people (lines, notes) and for scripts (JSON). */
import type { Context } from '../context.js';
import type { CommandResult } from '../output/render.js';
import type { AccessEntry, AccessMatrix } from './effective-access.js';
import { formatChange, type Plan } from './planner.js';
import type { ApplyResult } from './owner.js';

export function applyView(result: ApplyResult, noChanges: string): CommandResult {
  const lines: string[] = [];
  if (result.changes.length === 0) {
    lines.push(noChanges);
  } else {
    lines.push(...result.changes.map(formatChange));
  }
  if (result.dryRun && result.calls.length > 0) {
    lines.push('', 'Dry run: these calls would be made (nothing was sent):');
    for (const call of result.calls) {
      lines.push(`  ${call.service} ${call.operation} ${JSON.stringify(call.parameters)}`);
    }
  }
  const notes = result.next.map((n) =>
    n.status === 'live'
      ? `${n.message}. Try: ${n.command}`
      : `Next, for ${n.principal}: ${n.command}  (${n.message})`,
  );
  const warnings = [...result.warnings];
  if (result.timedOut) {
    warnings.push(
      'Stopped waiting for RAM; the calls were made. Check with `fshare shares` or `fshare access`.',
    );
  }
  return {
    data: {
      dryRun: result.dryRun,
      changed: !result.dryRun && result.calls.length > 0,
      changes: result.changes,
      calls: result.calls,
      associations: result.outcomes,
      next: result.next,
      deferred: result.deferred,
      timedOut: result.timedOut,
    },
    lines,
    notes,
    warnings,
  };
}

export function accessView(matrix: AccessMatrix): CommandResult<AccessEntry> {
  return {
    data: { entries: matrix.entries, warnings: matrix.warnings },
    table: {
      columns: [
        { key: 'principal', header: 'Principal' },
        { key: 'featureGroup', header: 'Feature group', get: (r) => r.featureGroup ?? '(none)' },
        {
          key: 'level',
          header: 'Level',
          get: (r) =>
            r.levels.length > 1
              ? `${r.levels.join('+')} (union)`
              : (r.level ?? (r.pending ? `${r.levels[0] ?? ''} (pending)` : '-')),
        },
        { key: 'discoverable', header: 'Discoverable', get: (r) => (r.discoverable ? 'yes' : 'no') },
        {
          key: 'expires',
          header: 'Expires',
          get: (r) => (r.expires ? `${r.expires}${r.expired ? ' (expired)' : ''}` : ''),
        },
        {
          key: 'shares',
          header: 'Shares',
          get: (r) => `${r.shares.join(', ')}${r.managed ? '' : ' (unmanaged)'}`,
        },
      ],
      rows: matrix.entries,
    },
    warnings: matrix.warnings.map((w) => w.message),
    emptyMessage: 'Nobody has access to or can discover your feature groups.',
  };
}

/**
 * The confirmation step of a mutating command: lists the changes on a terminal, then asks
 * (`--yes` skips; no terminal and no `--yes` is a usage error naming the flag).
 */
export function confirmChanges(
  ctx: Context,
  question: (count: number) => string,
  nonInteractiveHint: string,
): (plan: Plan) => Promise<boolean> {
  return (plan) => {
    if (ctx.prompter.canPrompt() && !ctx.globals.yes) {
      plan.changes.forEach((change) => ctx.log.info(formatChange(change)));
    }
    return ctx.prompter.confirm(question(plan.changes.length), { default: false, nonInteractiveHint });
  };
}
