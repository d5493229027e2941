/**
 * Shell completion scripts, generated from the command registry, each command's own options and
 * the root program's global options, so they never go stale when a command or flag is added.
 */
import type { Command, Option } from 'commander';
import { ACCESS_LEVELS } from '../permissions/levels.js';
import { OPERATIONS } from '../permissions/operations.js';
import type { AnyCommandSpec } from './define-command.js';
import { attachSpecs, buildProgram } from './program.js';
import type { RegisteredCommand } from './command-registry.js';
import type { SystemIO } from './system.js';
import { NAME_CACHE_TTL_MINUTES } from '../consumer/name-cache.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export interface CompletionOption {
  /** --level */
  long: string | undefined;
  /** -o */
  short: string | undefined;
  description: string;
  takesValue: boolean;
  choices: string[] | undefined;
}

/** What a positional argument holds, as far as completion can offer values for it. */
export type ArgumentKind = 'feature-group' | 'operation' | 'shell' | 'other';

export interface CompletionArgument {
  kind: ArgumentKind;
  /** Takes every remaining word (`[feature-groups...]`). */
  variadic: boolean;
}

export interface CompletionCommand {
  name: string;
  summary: string;
  options: CompletionOption[];
  /** Positional arguments in order. */
  args: CompletionArgument[];
  subcommands: CompletionCommand[];
}

export interface CompletionModel {
  globals: CompletionOption[];
  commands: CompletionCommand[];
}

/**
 * Profiles offered after --profile: the sandbox's, plus those in ~/.aws/config and
 * ~/.aws/credentials, which the script reads when completing (no fshare process, no AWS call).
 */
export const SANDBOX_PROFILES = ['owner', 'auditor', 'consumer', 'consumer-analyst', 'partner'];

/** The words `can` takes as its operation, in the kebab-case people type. */
export const OPERATION_WORDS = (Object.keys(OPERATIONS) as string[]).map((op) =>
  op.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase(),
);

/** Values a flag or argument completes to: a fixed list, or one the script reads when completing. */
export type ValueSource = { words: string[] } | { read: 'profiles' | 'feature-groups' };

function argumentKind(name: string): ArgumentKind {
  if (/feature-group/.test(name)) {
    return 'feature-group';
  }
  return name === 'operation' ? 'operation' : name === 'shell' ? 'shell' : 'other';
}

const HELP: CompletionOption = {
  long: '--help',
  short: '-h',
  description: 'show help',
  takesValue: false,
  choices: undefined,
};

function optionOf(o: Option): CompletionOption {
  return {
    long: o.long,
    short: o.short,
    description: o.description,
    takesValue: o.required || o.optional,
    choices: o.argChoices ? [...o.argChoices] : undefined,
  };
}

function commandOf(cmd: Command, summary?: string): CompletionCommand {
  return {
    name: cmd.name(),
    summary: summary ?? (cmd.summary() || cmd.description().split('\n')[0] || ''),
    options: [...cmd.options.filter((o) => !o.hidden).map(optionOf), HELP],
    args: cmd.registeredArguments.map((a) => ({ kind: argumentKind(a.name()), variadic: a.variadic })),
    subcommands: cmd.commands.map((c) => commandOf(c)),
  };
}

/** Loads every registered command (once, at generation time only) and reads its options. */
export async function buildCompletionModel(
  sys: Pick<SystemIO, 'stdout' | 'stderr'>,
  registry: readonly RegisteredCommand[],
): Promise<CompletionModel> {
  const root = buildProgram(sys);
  const globals = [...root.options.filter((o) => !o.hidden).map(optionOf), HELP];
  const commands: CompletionCommand[] = [];
  for (const entry of registry) {
    const program = buildProgram(sys);
    let specs: AnyCommandSpec[] = [];
    try {
      const mod = await entry.load();
      specs = (Array.isArray(mod.default) ? mod.default : [mod.default]) as AnyCommandSpec[];
    } catch {
      // A command that cannot load still completes by name.
    }
    attachSpecs(program, entry, specs, () => Promise.resolve());
    const cmd = program.commands.find((c) => c.name() === entry.name);
    commands.push(
      cmd
        ? commandOf(cmd, entry.summary)
        : { name: entry.name, summary: entry.summary, options: [HELP], args: [], subcommands: [] },
    );
  }
  return { globals, commands };
}

export function flags(options: CompletionOption[]): string[] {
  return options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined));
}

export function valueFlags(options: CompletionOption[]): string[] {
  return flags(options.filter((o) => o.takesValue));
}

/** Every command and subcommand, with the name the script matches it by (`sandbox init`). */
export function allCommands(model: CompletionModel): CompletionCommand[] {
  return model.commands.flatMap((c) => [c, ...c.subcommands]);
}

/** Flags whose value completes to something, merged across commands (same flag, same values). */
export function valueSources(model: CompletionModel): Map<string, ValueSource> {
  const words = new Map<string, string[]>();
  const visit = (options: CompletionOption[]) => {
    for (const o of options) {
      if (o.choices) {
        for (const f of [o.long, o.short]) {
          if (f) {
            words.set(f, [...new Set([...(words.get(f) ?? []), ...o.choices])]);
          }
        }
      }
    }
  };
  visit(model.globals);
  const walk = (c: CompletionCommand) => {
    visit(c.options);
    c.subcommands.forEach(walk);
  };
  model.commands.forEach(walk);
  // Values that commands validate themselves (for better errors than commander's) but that are
  // still a fixed set: the levels come from the permission table.
  if (!words.has('--level')) {
    words.set('--level', [...ACCESS_LEVELS]);
  }
  const out = new Map<string, ValueSource>([...words].map(([f, w]) => [f, { words: w }]));
  out.set('--profile', { read: 'profiles' });
  // --as names a sandbox principal: only the sandbox's profiles.
  out.set('--as', { words: SANDBOX_PROFILES });
  return out;
}

/** Fixed values for an argument kind, or the reader that finds them. */
export function argumentSource(kind: ArgumentKind): ValueSource | undefined {
  switch (kind) {
    case 'feature-group':
      return { read: 'feature-groups' };
    case 'operation':
      return { words: OPERATION_WORDS };
    case 'shell':
      return { words: [...SHELLS] };
    default:
      return undefined;
  }
}

/**
 * POSIX shell commands (shared by bash and zsh, and run by fish through `sh -c`) that print one
 * candidate per line. Profiles: every `[profile NAME]` / `[NAME]` section of the AWS files (not
 * sso-session or services sections) and the sandbox's. Feature groups: fshare's caches in
 * $FSHARE_HOME/cache while younger than the TTL (discover writes names; get-record and describe
 * keep schemas by ARN).
 */
export function readerCommand(read: 'profiles' | 'feature-groups'): string {
  if (read === 'profiles') {
    return [
      'for f in "${AWS_CONFIG_FILE:-$HOME/.aws/config}" "${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}"; do',
      `[ -r "$f" ] && sed -n -E '/^\\[[[:space:]]*(sso-session|services)[[:space:]]/d; s/^\\[[[:space:]]*(profile[[:space:]]+)?([^][:space:]]+)[[:space:]]*\\].*/\\2/p' "$f";`,
      'done;',
      `printf '%s\\n' ${SANDBOX_PROFILES.join(' ')}`,
    ].join(' ');
  }
  const ttl = NAME_CACHE_TTL_MINUTES;
  return [
    'd="${FSHARE_HOME:-$HOME/.fshare}/cache";',
    `find "$d" -maxdepth 1 -name feature-groups.txt -mmin -${ttl} -exec cat {} + 2>/dev/null;`,
    `find "$d" -maxdepth 1 -name schemas.json -mmin -${ttl} -exec grep -oE '[0-9]{12}:feature-group/[^"]+' {} + 2>/dev/null`,
    `| awk -F':feature-group/' '{ print $2; print $1 "/" $2 }'`,
  ].join(' ');
}
