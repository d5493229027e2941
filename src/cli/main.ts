/**
 * The entry point. A bare `--version` is answered here without loading anything else, so it
 * starts about as fast as Node itself; everything else loads the program (commander, the
 * renderer) and then only the command that runs. The command registry is handed in by the
 * launcher (bin/cli.ts), so nothing in src imports commands/*.
 */
import { VERSION } from '../version.js';
import type { RegisteredCommand } from './command-registry.js';
// Static: every run installs it, and a separate chunk is one more module to resolve and load.
import { handleOutputFailures } from './process-streams.js';
import type { SystemIO } from './system.js';

export { VERSION };
export { findCommandName } from './command-name.js';

/** Runs fshare with `args` (argv without node and script) and returns the exit code. */
export async function main(args: string[], sys: SystemIO): Promise<number> {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    sys.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const { runProgram } = await import('./program.js');
  return runProgram(args, sys);
}

/** Entry point for the launcher: wires the real process in, and turns Ctrl-C into exit 130. */
export async function run(commands: readonly RegisteredCommand[]): Promise<number> {
  // The SDK's Node 20 deprecation notice is for developers, not for users of the CLI.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const controller = new AbortController();
  let interrupts = 0;
  const interrupt = () => {
    interrupts++;
    controller.abort();
    if (interrupts > 1) {
      process.exit(130);
    }
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  handleOutputFailures({
    stdout: process.stdout,
    stderr: process.stderr,
    exit: (code) => process.exit(code),
  });
  const code = await main(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stdinIsTTY: process.stdin.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    columns: process.stdout.columns || 100,
    signal: controller.signal,
    commands,
  });
  return controller.signal.aborted && code === 0 ? 130 : code;
}
