/**
 * What happens when fshare's own stdout or stderr fails. Into a closed pipe (`fshare export … |
 * head -1`, `fshare --help | true`) the reader has all it wanted: exit 0 quietly, as Unix tools
 * do when SIGPIPE ends them. Into a full disk (`> /dev/full`) the output is lost: one line on
 * stderr and exit 1. Never a stack trace.
 */
import type { Writable } from 'node:stream';

interface StreamError {
  code?: string;
  message?: string;
}

export interface OutputFailureDeps {
  stdout: Writable;
  stderr: Writable;
  /** Ends the process (process.exit in the launcher; a fake in tests). */
  exit: (code: number) => void;
}

/** The exit code and the line to print for a failed write to stdout or stderr. */
export function outputFailure(
  error: StreamError,
  stream: 'stdout' | 'stderr',
): { code: number; line?: string } {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
    return { code: 0 };
  }
  if (stream === 'stderr') {
    // Nowhere left to say it.
    return { code: 1 };
  }
  const why =
    error.code === 'ENOSPC' ? 'no space left on device' : (error.code ?? error.message ?? 'write failed');
  return { code: 1, line: `Error: could not write the output to stdout: ${why}.\n` };
}

/** Installs the handlers on the process's streams. */
export function handleOutputFailures(deps: OutputFailureDeps): void {
  let ending = false;
  const on = (stream: 'stdout' | 'stderr') => (error: StreamError) => {
    if (ending) {
      return;
    }
    ending = true;
    const { code, line } = outputFailure(error, stream);
    if (line) {
      try {
        deps.stderr.write(line);
      } catch {
        // stderr is gone too: the exit code still says it.
      }
    }
    deps.exit(code);
  };
  deps.stdout.on('error', on('stdout'));
  deps.stderr.on('error', on('stderr'));
}
