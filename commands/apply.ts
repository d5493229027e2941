import type { Command } from 'commander';
import { defineCommand } from '../src/cli/define-command.js';

export interface ApplyOptions {
  file: string;
  prune?: boolean;
  dryRun?: boolean;
  wait?: boolean;
  waitTimeout?: string;
}

export default defineCommand({
  path: ['apply'],
  description:
    'Makes the changes `fshare plan` lists for the same policy: grants, level moves (new level first, then the old one removed) and, with --prune, revocations. Shows the plan and asks on a terminal unless --yes; in a pipe it needs --yes. A second run changes nothing.',
  examples: [
    'fshare apply -f fixtures/policies/example.yaml --yes',
    'fshare apply -f sharing.yaml --prune',
    'fshare apply -f sharing.yaml --dry-run',
  ],
  configure: (cmd: Command) => {
    cmd
      .requiredOption('-f, --file <policy.yaml>', 'the policy file (- reads it from stdin)')
      .option('--prune', 'also revoke what the policy does not name, for the groups (and catalog) it lists')
      .option('--dry-run', 'print the AWS calls that would be made, and make none')
      .option('--no-wait', 'return once RAM accepted the calls, without waiting for ASSOCIATED')
      .option('--wait-timeout <duration>', 'stop waiting for RAM after this long (90s, 5m; default 5m)');
  },
  run: async (_args: [], opts: ApplyOptions, ctx) => {
    const { applyPolicyFile } = await import('../src/sharing/apply.js');
    const { applyView } = await import('../src/sharing/present.js');
    const result = await applyPolicyFile(ctx, await applyInput(opts));
    return applyView(result, 'No changes: RAM already matches the policy.', ctx.theme);
  },
});

/** Flags → apply's input (no AWS; tested on its own). */
export async function applyInput(opts: ApplyOptions) {
  const { parseWaitTimeout } = await import('../src/sharing/wait-flag.js');
  return {
    file: opts.file,
    prune: opts.prune === true,
    dryRun: opts.dryRun === true,
    wait: opts.wait !== false,
    waitTimeoutMs: parseWaitTimeout(opts.waitTimeout),
  };
}
