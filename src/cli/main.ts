/**
 * The entry point. A bare `--version` is answered here without loading anything else, so it
 * starts about as fast as Node itself; everything else loads the program (commander, the
 * renderer, the registry) and then only the command that runs.
 */
import { VERSION } from '../version.js';
import type { SystemIO } from './system.js';

export { VERSION };

/** Global options that take a value, so the command name can be found without parsing. */
const VALUE_OPTIONS = new Set(['--profile', '--region', '--endpoint-url', '-o', '--output']);

export function findCommandName(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      return args[i + 1];
    }
    if (arg.startsWith('-')) {
      if (VALUE_OPTIONS.has(arg)) {
        i++;
      }
      continue;
    }
    return arg;
  }
  return undefined;
}

/** Runs fshare with `args` (argv without node and script) and returns the exit code. */
export async function main(args: string[], sys: SystemIO): Promise<number> {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    sys.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const { runProgram } = await import('./program.js');
  return runProgram(args, sys);
}

/** Entry point for bin/fshare: wires the real process in, and turns Ctrl-C into exit 130. */
export async function run(): Promise<number> {
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
  });
  return controller.signal.aborted && code === 0 ? 130 : code;
}
