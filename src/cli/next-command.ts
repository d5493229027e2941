/**
 * Next-step commands that paste and run as printed. A hint such as "run `fshare accept --all`"
 * is wrong for someone who ran `fshare --sandbox --profile consumer invitations`: pasted as is it
 * would talk to the default AWS profile. nextCommand() adds the global flags this invocation used.
 *
 *   nextCommand(ctx.globals, 'fshare accept --all')
 *     → 'fshare --sandbox --profile consumer accept --all'
 *   nextCommand(ctx.globals, `fshare grant customers --to ${you}`, { actor: 'other', profile: 'owner' })
 *     → 'fshare --sandbox --profile owner grant customers --to 222222222222'   (sandbox)
 *     → 'fshare --region eu-west-1 grant customers --to 222222222222'           (real AWS)
 */
import type { GlobalOptions } from './globals.js';

export type InvocationGlobals = Pick<GlobalOptions, 'sandbox' | 'profile' | 'region' | 'endpointUrl'>;

export interface NextCommandOptions {
  /**
   * 'self' (default): the person who ran this command runs it, with this invocation's profile.
   * 'other': someone else runs it (the owner, the consumer): their profile is not ours, so it is
   * left out unless `profile` names it (the sandbox's profiles are known: owner, consumer, …).
   */
  actor?: 'self' | 'other';
  /** The profile the next command runs as, when it is known (e.g. the sandbox's 'owner'). */
  profile?: string | undefined;
}

/** POSIX shell quoting, only when needed, so the printed command pastes as one argument. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

// These commands never call AWS: the sandbox's own admin, completion scripts, the demo (which makes its
// own sandbox) and help. Global flags would only be noise on them.
const LOCAL_COMMANDS = new Set(['sandbox', 'completion', 'demo', 'help']);

function isLocalCommand(rest: string): boolean {
  const first = /^\s*([a-z-]+)/.exec(rest)?.[1];
  return first !== undefined && LOCAL_COMMANDS.has(first);
}

function hasFlag(command: string, flag: string): boolean {
  return new RegExp(`(^|\\s)${flag}(=|\\s|$)`).test(command);
}

/**
 * `command` (starting with `fshare `) with the global flags of this invocation inserted after
 * `fshare`: --sandbox, --profile, --region and --endpoint-url, each only when it was in effect and
 * the command does not already say it. Text that is not an fshare command is returned unchanged.
 */
export function nextCommand(
  globals: InvocationGlobals,
  command: string,
  options: NextCommandOptions = {},
): string {
  const match = /^(\s*fshare)(\s|$)/.exec(command);
  if (!match) {
    return command;
  }
  const rest = command.slice(match[1]?.length ?? 0);
  if (isLocalCommand(rest)) {
    return command;
  }
  const flags: string[] = [];
  const add = (flag: string, value?: string) => {
    if (!hasFlag(rest, flag)) {
      flags.push(value === undefined ? flag : `${flag} ${shellQuote(value)}`);
    }
  };
  if (globals.sandbox) {
    add('--sandbox');
  }
  const profile = options.profile ?? (options.actor === 'other' ? undefined : globals.profile);
  if (profile) {
    add('--profile', profile);
  }
  if (globals.region) {
    add('--region', globals.region);
  }
  if (globals.endpointUrl) {
    add('--endpoint-url', globals.endpointUrl);
  }
  return flags.length === 0 ? command : `${match[1]} ${flags.join(' ')}${rest}`;
}

/**
 * Rewrites every backquoted `fshare …` command inside a hint or note, for text written before
 * the invocation's flags were known (or by code that does not have them).
 */
export function withNextCommands(
  globals: InvocationGlobals,
  text: string,
  options: NextCommandOptions = {},
): string {
  return text.replace(
    /`(fshare(?:\s[^`]*)?)`/g,
    (_all, cmd: string) => `\`${nextCommand(globals, cmd, options)}\``,
  );
}
