/**
 * Runs fshare in-process with fake streams: the same main() the launcher calls, with a TTY or not.
 */
import { PassThrough, Readable } from 'node:stream';
import { COMMANDS } from '../../commands/index.js';
import { main } from '../../src/cli/main.js';
import type { Clock } from '../../src/context.js';

export interface RunOptions {
  /** Pretend stdout/stderr/stdin are terminals (table output, prompts, progress). */
  tty?: boolean;
  env?: Record<string, string | undefined>;
  stdin?: string;
  clock?: Clock;
  signal?: AbortSignal;
  columns?: number;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws if it is not JSON). */
  json<T = unknown>(): T;
}

export async function runCli(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const tty = options.tty ?? false;
  const code = await main(args, {
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    stdout,
    stderr,
    env: { NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...options.env },
    stdinIsTTY: tty,
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    columns: options.columns ?? 120,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    commands: COMMANDS,
  });
  const stdoutText = Buffer.concat(out).toString('utf8');
  return {
    code,
    stdout: stdoutText,
    stderr: Buffer.concat(err).toString('utf8'),
    json: <T>() => JSON.parse(stdoutText) as T,
  };
}
