/** Global options that take a value, so the command name can be found without parsing. */
const VALUE_OPTIONS = new Set([
  '--profile',
  '--region',
  '--endpoint-url',
  '-o',
  '--output',
  '--query',
  '--json',
  '--max-items',
]);

/** The subcommand named in argv (without node and script), found before commander is loaded. */
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
