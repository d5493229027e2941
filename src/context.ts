/**
 * The one object every command receives: streams, theme, clock, env, AWS clients, prompter, logger.
 * Nothing in fshare reaches for process.* or a global; tests build a Context with fake streams.
 */
import type { Readable, Writable } from 'node:stream';
import { Chalk, type ChalkInstance } from 'chalk';
import type { ClientFactory } from './aws/client-factory.js';
import type { GlobalOptions } from './cli/globals.js';
import { CancelledError, NonInteractiveError } from './errors.js';

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

export interface Logger {
  /** Shown with --debug only. Secrets must already be redacted (see redact()). */
  debug(message: string): void;
  /** Progress and status lines on stderr; silenced by --quiet. */
  info(message: string): void;
  warn(message: string): void;
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
  /** Whether live progress (spinners, bars) should be drawn: stderr is a TTY, not --quiet, not CI. */
  showProgress(): boolean;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new CancelledError('Interrupted.'));
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new CancelledError('Interrupted.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

const SECRET_PATTERNS: RegExp[] = [
  /(aws_secret_access_key|secretAccessKey|SecretAccessKey|AWS_SECRET_ACCESS_KEY)(["'\s:=]+)([A-Za-z0-9/+=]{8,})/g,
  /(aws_session_token|sessionToken|SessionToken|AWS_SESSION_TOKEN|x-amz-security-token)(["'\s:=]+)([A-Za-z0-9/+=%]{8,})/gi,
  /(Signature)(=)([0-9a-f]{16,})/g,
  /(Credential=)(A[KS]IA[A-Z0-9]{4})[A-Z0-9]+/g,
];

/**
 * Replaces secrets, session tokens and signatures in a log line. Each pattern captures
 * (key)(separator or kept prefix)(secret): the replacement keeps the first two groups only.
 */
export function redact(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_match, key: string, sep: string) => `${key}${sep}****`);
  }
  return out;
}

export function createLogger(
  io: IOStreams,
  theme: ChalkInstance,
  globals: Pick<GlobalOptions, 'debug' | 'quiet'>,
): Logger {
  const write = (line: string) => io.stderr.write(`${line}\n`);
  return {
    debug: (message) => {
      if (globals.debug) {
        write(theme.dim(`debug: ${redact(message)}`));
      }
    },
    info: (message) => {
      if (!globals.quiet) {
        write(message);
      }
    },
    warn: (message) => {
      if (!globals.quiet) {
        write(`${theme.yellow('warning:')} ${message}`);
      }
    },
  };
}

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
