/** How owner-command results read: the same data for people (lines, notes) and for scripts (JSON). */
import type { ChalkInstance } from 'chalk';
import type { Context } from '../context.js';
import type { CommandResult } from '../output/render.js';
import type { ApplyResult } from './carry-out.js';
import type { AccessEntry, AccessMatrix } from './effective-access.js';
import { countChanges } from './plan-format.js';
import { formatChange, summarizeChanges, type Plan, type PlanChange } from './planner.js';

/** A change line, coloured by its symbol on a terminal (+ green, ~ yellow, - red). */
export function colourChange(change: PlanChange, theme?: ChalkInstance): string {
  const line = formatChange(change);
  if (!theme) {
    return line;
  }
  return change.symbol === '+'
    ? theme.green(line)
    : change.symbol === '-'
      ? theme.red(line)
      : theme.yellow(line);
}

/** `Apply complete: 2 granted, 1 moved, 1 revoked.` — what was done, once calls were made. */
export function completionLine(changes: readonly PlanChange[], label = 'Apply complete'): string {
  const c = countChanges(changes);
  const parts = [`${c.grant} granted`, `${c.move} moved`, `${c.revoke} revoked`];
  if (c.expiry > 0) {
    parts.push(`${c.expiry} expiry change${c.expiry === 1 ? '' : 's'}`);
  }
  if (c.adopt > 0) {
    parts.push(`${c.adopt} adopted into the per-principal layout`);
  }
  return `${label}: ${parts.join(', ')}.`;
}

export function applyView(result: ApplyResult, noChanges: string, theme?: ChalkInstance): CommandResult {
  const lines: string[] = [];
  if (result.changes.length === 0) {
    lines.push(noChanges);
  } else {
    lines.push(...result.changes.map((c) => colourChange(c, theme)));
    if (result.dryRun) {
      lines.push('', summarizeChanges(result.changes));
    } else if (result.calls.length > 0) {
      for (const c of result.changes.filter((x) => x.kind === 'revoke')) {
        lines.push(
          `Revoked ${c.featureGroup ?? 'catalog discoverability'} from ${c.principal} (${c.from.join('+')}).`,
        );
      }
      lines.push('', completionLine(result.changes));
    }
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

/** One word for a cell's state, in its own column (never mixed into the level's value). */
export function accessStatus(entry: AccessEntry): string {
  if (entry.levels.length > 1) {
    return 'union';
  }
  if (entry.expired) {
    return 'expired';
  }
  return entry.pending ? 'pending' : entry.level ? 'live' : '';
}

export function accessView(matrix: AccessMatrix): CommandResult<AccessEntry> {
  return {
    data: { entries: matrix.entries, warnings: matrix.warnings },
    table: {
      columns: [
        { key: 'principal', header: 'Principal' },
        { key: 'featureGroup', header: 'Feature group', get: (r) => r.featureGroup ?? '(none)' },
        { key: 'level', header: 'Level', get: (r) => r.level ?? r.levels[0] ?? '' },
        { key: 'status', header: 'Status', get: accessStatus },
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
  question: (plan: Plan) => string,
  nonInteractiveHint: string,
): (plan: Plan) => Promise<boolean> {
  return (plan) => {
    if (ctx.prompter.canPrompt() && !ctx.globals.yes) {
      plan.changes.forEach((change) => ctx.log.info(colourChange(change, ctx.theme)));
      ctx.log.info(summarizeChanges(plan.changes));
      const revoked = plan.changes.filter((c) => c.kind === 'revoke');
      if (revoked.length > 0) {
        ctx.log.info(
          ctx.theme.red(
            `This takes access away from ${revoked.length} principal/group pair${revoked.length === 1 ? '' : 's'} (the - lines above).`,
          ),
        );
      }
    }
    return ctx.prompter.confirm(question(plan), { default: false, nonInteractiveHint });
  };
}
