/**
 * The logger every module writes progress, warnings and debug lines through (stderr), and the
 * redaction that keeps secrets out of them. Its own module so that the AWS client factory and the
 * context can both use it without depending on each other.
 */
import type { ChalkInstance } from 'chalk';
import type { GlobalOptions } from './cli/globals.js';

export interface IOStderr {
  stderr: { write(chunk: string): unknown };
}

export interface Logger {
  /** Shown with --debug only. Secrets must already be redacted (see redact()). */
  debug(message: string): void;
  /** Progress and status lines on stderr; silenced by --quiet. */
  info(message: string): void;
  warn(message: string): void;
}

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
  io: IOStderr,
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
