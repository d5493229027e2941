/**
 * The one object every command receives: streams, theme, clock, env, AWS clients, prompter, logger.
 * Nothing in fshare reaches for process.* or a global; tests build a Context with fake streams.
 */
import type { Readable, Writable } from 'node:stream';
import { Chalk, type ChalkInstance } from 'chalk';
import type { ClientFactory } from './aws/client-factory.js';
import type { GlobalOptions } from './cli/globals.js';
import type { RegisteredCommand } from './cli/command-registry.js';
import type { Logger } from './logging.js';
import { interrupted, NonInteractiveError } from './errors.js';

// Kept here so existing imports of these from the context keep working; they live in logging.ts.
export { createLogger, redact, type Logger } from './logging.js';

export interface IOStreams {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Terminal width for tables; 80 when unknown. */
  columns: number;
}

export interface Clock {
  now(): Date;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface Prompter {
  /** True when both stdin and stdout are terminals and prompting makes sense. */
  canPrompt(): boolean;
  confirm(question: string, options: { default: boolean; nonInteractiveHint: string }): Promise<boolean>;
}

export interface Context {
  io: IOStreams;
  theme: ChalkInstance;
  clock: Clock;
  env: Readonly<Record<string, string | undefined>>;
  globals: GlobalOptions;
  aws: ClientFactory;
  prompter: Prompter;
  log: Logger;
  /** Aborted on Ctrl-C; long work checks it and stops cleanly. */
  signal: AbortSignal;
  /** Every registered command (for completion, help and the demo, which runs fshare in-process). */
  commands: readonly RegisteredCommand[];
  /** Whether live progress (spinners, bars) should be drawn: stderr is a TTY, not --quiet, not CI. */
  showProgress(): boolean;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(interrupted());
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(interrupted());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export function createTheme(colorEnabled: boolean): ChalkInstance {
  return new Chalk({ level: colorEnabled ? 1 : 0 });
}

export function createPrompter(io: IOStreams, globals: Pick<GlobalOptions, 'yes'>): Prompter {
  const canPrompt = () => io.stdinIsTTY && io.stdoutIsTTY;
  return {
    canPrompt,
    async confirm(question, { default: defaultAnswer, nonInteractiveHint }) {
      if (globals.yes) {
        return true;
      }
      if (!canPrompt()) {
        throw new NonInteractiveError(
          `${question} needs confirmation, and there is no terminal to ask.`,
          nonInteractiveHint,
        );
      }
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: io.stdin, output: io.stderr });
      try {
        const answer = (await rl.question(`${question} ${defaultAnswer ? '[Y/n]' : '[y/N]'} `))
          .trim()
          .toLowerCase();
        if (answer === '') {
          return defaultAnswer;
        }
        return answer === 'y' || answer === 'yes';
      } finally {
        rl.close();
      }
    },
  };
}
