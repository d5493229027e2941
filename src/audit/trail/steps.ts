/**
 * The vocabulary of `audit setup`'s trail path: its options, its steps (each with the exact call
 * it made or, with --dry-run, would make), and the interrupt check every change goes through.
 */
import type { Context } from '../../context.js';
import { CancelledError } from '../../errors.js';

export interface TrailSetupOptions {
  trail: string;
  bucket?: string;
  database: string;
  table: string;
  workgroup: string;
  dryRun: boolean;
}

/** `unavailable`: CloudTrail Lake refused a new event data store, so the trail path was built. */
export type StepStatus = 'exists' | 'created' | 'updated' | 'started' | 'planned' | 'unavailable';

export interface PlannedCall {
  service: 's3' | 'cloudtrail' | 'athena';
  operation: string;
  input: Record<string, unknown>;
}

export interface SetupStep {
  step: string;
  status: StepStatus;
  detail: string;
  /** The call made (or, with --dry-run, that would be made). */
  call?: PlannedCall;
}

export interface Org {
  id: string;
  accounts: string[];
}

/** Ctrl-C: no change starts after the signal, and the error says which steps were done. */
export function stopIfInterrupted(ctx: Context, steps: readonly SetupStep[]): void {
  if (!ctx.signal.aborted) {
    return;
  }
  const done = steps.filter((s) => s.status !== 'exists' && s.status !== 'unavailable').map((s) => s.step);
  throw new CancelledError(
    `Interrupted: audit setup stopped${done.length > 0 ? ` after: ${done.join(', ')}` : ' before changing anything'}.`,
    { hint: 'Run `fshare audit setup` again: it finds what exists and finishes the rest.' },
  );
}
