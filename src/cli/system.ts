import type { Readable, Writable } from 'node:stream';
import type { Clock } from '../context.js';
import type { RegisteredCommand } from './command-registry.js';

/** What main() needs from the outside world; the launcher passes the process's, tests pass fakes. */
export interface SystemIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: Readonly<Record<string, string | undefined>>;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  columns: number;
  signal?: AbortSignal;
  clock?: Clock;
  /** The command registry (commands/index.ts), handed in by the launcher. */
  commands: readonly RegisteredCommand[];
}
