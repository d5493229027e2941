/**
 * The shape of the command registry. The registry itself (every command's name, group, summary
 * and lazy loader) lives with the commands, in commands/index.ts, and is handed to the program:
 * src never imports commands/*. A command's module is imported only when that command runs (or
 * its --help is asked for), which keeps start-up light, and its one-line summary is defined only
 * there (a top-level spec leaves `summary` out and the program takes the registry's).
 */
export type CommandGroup = 'owner' | 'consumer' | 'auditor' | 'setup';

export interface RegisteredCommand {
  name: string;
  summary: string;
  group: CommandGroup;
  /** Resolves to a module whose default export is a CommandSpec or an array of them. */
  load: () => Promise<{ default: unknown }>;
}

export const GROUP_TITLES: Record<CommandGroup, string> = {
  owner: 'Owner (share your feature groups)',
  consumer: 'Consumer (use what is shared with you)',
  auditor: 'Auditor',
  setup: 'Set-up and sandbox',
};
