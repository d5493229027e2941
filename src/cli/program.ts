/**
 * Program assembly: the root command with the global options, the one subcommand that runs
 * (its module imported on demand), and error rendering. Loaded by main() for everything but
 * `--version`.
 */
import { Command, CommanderError, Help, Option } from 'commander';
import type { Context } from '../context.js';
import { ExitCode, FshareError, interrupted } from '../errors.js';
import type { ErrorRenderOptions } from '../output/errors.js';
import type { AnyCommandSpec } from './define-command.js';
import { OUTPUT_FORMATS, resolveGlobals, type GlobalOptions, type RawGlobalOptions } from './globals.js';
import { findCommandName } from './command-name.js';
import { commandsBeforeOptions, examplesBlock, reflow, wrapWords } from './help-format.js';
import { helpAsOption, usageFromCommanderError } from './usage.js';
import { GROUP_TITLES, type RegisteredCommand } from './command-registry.js';
import { VERSION } from '../version.js';
import type { SystemIO } from './system.js';

/** The output format named on the command line, read before (or without) commander's parse. */
function sniffOutput(args: string[]): GlobalOptions['output'] | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const value =
      arg === '-o' || arg === '--output'
        ? args[i + 1]
        : arg.startsWith('--output=')
          ? arg.slice(9)
          : undefined;
    if (value && (OUTPUT_FORMATS as readonly string[]).includes(value)) {
      return value as GlobalOptions['output'];
    }
  }
  return undefined;
}

const ROOT_EXAMPLES = [
  'fshare demo',
  'fshare --sandbox --profile owner grant customers --to 222222222222 --level read-only',
  'fshare --sandbox --profile consumer accept --all',
  'fshare --sandbox --profile consumer get-record customers C0001',
];
const ROOT_EXIT_CODES =
  'Exit codes: 0 ok, 1 failure, 2 bad input, 3 access denied, 4 not found, 5 partial failure, 6 changes pending (plan --exit-code), 130 interrupted. Docs: docs/README.md';

/** The root program with the global options; exported so completion scripts are built from it. */
export function buildProgram(sys: Pick<SystemIO, 'stdout' | 'stderr'> & { columns?: number }): Command {
  const width = sys.columns ?? 80;
  const program = new Command('fshare')
    .description(
      'Share Amazon SageMaker Feature Store feature groups across AWS accounts through AWS RAM, use what is shared with you, and audit who did what. Try it with no AWS account: fshare demo',
    )
    .version(VERSION, '-V, --version')
    .option(
      '--profile <name>',
      'AWS profile (in sandbox mode: owner, auditor, consumer, consumer-analyst, partner)',
    )
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile’s region)')
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (e.g. a served sandbox)')
    .option('--sandbox', 'use the local multi-account sandbox (also FSHARE_SANDBOX=1)')
    .addOption(
      new Option(
        '-o, --output <format>',
        'output format (default: AWS_DEFAULT_OUTPUT, else table on a terminal, json when piped)',
      ).choices([...OUTPUT_FORMATS]),
    )
    .option('--query <jmespath>', 'JMESPath expression applied to the JSON output (as the AWS CLI)')
    .option('--json <fields>', 'print only these comma-separated fields, as JSON (as gh)')
    .option('--max-items <n>', 'at most n entries of a list (a note on stderr says when more exist)')
    .option('--wide', 'tables show every column in full, whatever the terminal width')
    .option('--no-color', 'disable colour (also NO_COLOR)')
    .option('--debug', 'show wire logs and stack traces (secrets redacted)')
    .option('-y, --yes', 'answer yes to confirmations')
    .option('--quiet', 'print only results and errors')
    .showSuggestionAfterError(true)
    .configureHelp({
      showGlobalOptions: true,
      formatHelp(cmd, helper) {
        const text = Help.prototype.formatHelp.call(helper, cmd, helper);
        return cmd.parent ? text : commandsBeforeOptions(text);
      },
    })
    // `fshare help <command>` is answered by helpAsOption (with did-you-mean), not commander.
    .helpCommand(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => sys.stdout.write(text),
      writeErr: (text) => sys.stderr.write(text),
      outputError: () => undefined,
      getOutHelpWidth: () => width,
      getErrHelpWidth: () => width,
    })
    .addHelpText(
      'after',
      `${examplesBlock(ROOT_EXAMPLES, width)}\n${wrapWords(ROOT_EXIT_CODES, width).join('\n')}`,
    );
  return program;
}

function addStubs(program: Command, commands: readonly RegisteredCommand[]): void {
  let group: string | undefined;
  for (const entry of commands) {
    const title = `${GROUP_TITLES[entry.group]}:`;
    if (title !== group) {
      program.commandsGroup(title);
      group = title;
    }
    program.command(entry.name).description(entry.summary);
  }
}

export type RunSpec = (spec: AnyCommandSpec, command: Command) => Promise<void>;

export function attachSpecs(
  program: Command,
  entry: RegisteredCommand,
  specs: AnyCommandSpec[],
  runSpec: RunSpec,
  width = 80,
): void {
  const byPath = new Map<string, Command>();
  const sorted = [...specs].sort((a, b) => a.path.length - b.path.length);
  for (const spec of sorted) {
    let parent = program;
    for (let i = 0; i < spec.path.length - 1; i++) {
      const key = spec.path.slice(0, i + 1).join(' ');
      let next = byPath.get(key);
      if (!next) {
        next = parent.command(spec.path[i] ?? '').description(i === 0 ? entry.summary : '');
        byPath.set(key, next);
      }
      parent = next;
    }
    const key = spec.path.join(' ');
    const cmd = byPath.get(key) ?? parent.command(spec.path.at(-1) ?? entry.name);
    byPath.set(key, cmd);
    // A top-level command's summary is the registry's (defined once); nested ones carry their own.
    const summary = spec.path.length > 1 ? (spec.summary ?? '') : entry.summary;
    cmd.description(reflow(spec.description ?? summary));
    if (spec.path.length > 1) {
      cmd.summary(summary);
    }
    spec.configure?.(cmd);
    if (spec.examples.length > 0) {
      cmd.addHelpText('after', examplesBlock(spec.examples, width));
    }
    cmd.action(async (...actionArgs: unknown[]) => {
      await runSpec(spec, actionArgs.at(-1) as Command);
    });
  }
}

/**
 * Prints an error; the renderer, chalk and the AWS error map load only when there is one, so
 * `--help` does not pay for them.
 */
async function showError(
  error: unknown,
  sys: SystemIO,
  explicitOutput: GlobalOptions['output'] | undefined,
  options: Partial<Omit<ErrorRenderOptions, 'output' | 'stderr'>> = {},
): Promise<number> {
  const [{ errorOutputFor, renderError }, { createTheme }] = await Promise.all([
    import('../output/errors.js'),
    import('../context.js'),
  ]);
  return renderError(error, {
    output: errorOutputFor(explicitOutput, sys.stderrIsTTY),
    debug: options.debug ?? false,
    theme: options.theme ?? createTheme(false),
    stderr: sys.stderr,
    ...(options.mapContext ? { mapContext: options.mapContext } : {}),
    globals: options.globals,
  });
}

/** Runs every invocation but a bare `--version` (main() answers that without loading this). */
export async function runProgram(argv: string[], sys: SystemIO): Promise<number> {
  const commands = sys.commands;
  let args: string[];
  try {
    args = helpAsOption(argv, commands);
  } catch (error) {
    return showError(error, sys, sniffOutput(argv));
  }
  let exitCode = 0;
  let ctx: Context | undefined;
  const program = buildProgram(sys);
  const name = findCommandName(args);
  const entry = commands.find((c) => c.name === name);
  try {
    if (entry) {
      const mod = await entry.load();
      const specs = (Array.isArray(mod.default) ? mod.default : [mod.default]) as AnyCommandSpec[];
      attachSpecs(
        program,
        entry,
        specs,
        async (spec, command) => {
          const globals = resolveGlobals(
            command.optsWithGlobals() as RawGlobalOptions,
            sys.env,
            sys.stdoutIsTTY,
          );
          if (globals.query !== undefined) {
            // A bad expression is bad input: refused before any call is made.
            const { compileQuery } = await import('../output/select.js');
            await compileQuery(globals.query);
          }
          const [{ createContext }, { render }] = await Promise.all([
            import('./create-context.js'),
            import('../output/render.js'),
          ]);
          ctx = createContext(sys, globals);
          const res = await spec.run(command.processedArgs as never, command.opts() as never, ctx);
          await render(res, ctx);
          exitCode = res.exitCode ?? 0;
        },
        sys.columns,
      );
    } else {
      addStubs(program, commands);
      if (args.length === 0) {
        program.outputHelp();
        return 0;
      }
    }
    await program.parseAsync(args, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)) {
        return 0;
      }
      const usage = usageFromCommanderError(error, program, args, entry?.name);
      return showError(usage, sys, sniffOutput(args));
    }
    const globals = ctx?.globals;
    const mapContext = ctx
      ? {
          profile: ctx.aws.profile,
          endpoint: ctx.globals.endpointUrl,
          sandbox: ctx.globals.sandbox,
        }
      : {};
    // After Ctrl-C, whatever the interrupted call threw (an SDK abort, a closed stream) is the
    // interrupt, not a failure of its own.
    const failure =
      sys.signal?.aborted && !(error instanceof FshareError && error.exitCode === ExitCode.interrupted)
        ? interrupted({ cause: error })
        : error;
    return showError(failure, sys, globals?.outputExplicit ? globals.output : sniffOutput(args), {
      debug: globals?.debug ?? args.includes('--debug'),
      ...(ctx ? { theme: ctx.theme } : {}),
      mapContext,
      globals,
    });
  }
}
