import { defineCommand } from '../src/cli/define-command.js';
import type { CheckResult } from '../src/doctor/checks.js';
import { runDoctor } from '../src/doctor/checks.js';

/** One note per distinct hint, naming every check it applies to (one cause often fails several). */
function hintNotes(checks: CheckResult[]): string[] {
  const byHint = new Map<string, string[]>();
  for (const c of checks) {
    if ((c.status === 'warn' || c.status === 'fail') && c.hint) {
      byHint.set(c.hint, [...(byHint.get(c.hint) ?? []), c.check]);
    }
  }
  return [...byHint].map(([hint, names]) => `${names.join(', ')}: ${hint}`);
}

export default defineCommand({
  path: ['doctor'],
  description:
    'Checks credentials (STS), the region, the mode (AWS or sandbox, and the endpoint), RAM and its managed\n' +
    'permissions, the organization, and whether feature group data events are captured for `fshare audit`.\n' +
    'Each check prints ok, warn or fail. Exit 1 if any check fails; warnings alone exit 0.',
  examples: ['fshare doctor', 'fshare --sandbox --profile consumer doctor', 'fshare doctor -o json'],
  run: async (_args: [], _opts: Record<string, never>, ctx) => {
    const report = await runDoctor(ctx);
    const { theme } = ctx;
    const paint = (status: CheckResult['status']) => {
      const padded = status.padEnd(4);
      return status === 'ok'
        ? theme.green(padded)
        : status === 'warn'
          ? theme.yellow(padded)
          : status === 'skip'
            ? theme.dim(padded)
            : theme.red(padded);
    };
    const width = Math.max(...report.checks.map((c) => c.check.length));
    const human = ctx.globals.output === 'table';
    return {
      data: report,
      // Details are sentences; a table would cut them to the terminal width, so people get lines.
      ...(human
        ? { lines: report.checks.map((c) => `${paint(c.status)}  ${c.check.padEnd(width)}  ${c.detail}`) }
        : {
            table: {
              columns: [
                { key: 'check', header: 'Check' },
                { key: 'status', header: 'Status' },
                { key: 'detail', header: 'Detail' },
                { key: 'hint', header: 'Hint' },
              ],
              rows: report.checks,
            },
          }),
      notes: hintNotes(report.checks),
      exitCode: report.ok ? 0 : 1,
    };
  },
});
