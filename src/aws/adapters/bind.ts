import type { CallOptions } from '../ports.js';

interface Sendable {
  send(command: never, options?: CallOptions): Promise<unknown>;
}
type CommandClass = new (input: never) => unknown;

/**
 * Builds a port from an SDK client and a map of method name → Command class. Only the listed
 * commands are imported, so the bundle keeps just what fshare calls.
 */
export function bindPort<P>(client: Sendable, commands: { [K in keyof P]: CommandClass }): P {
  const port: Record<string, unknown> = {};
  for (const [name, Command] of Object.entries(commands) as [string, CommandClass][]) {
    port[name] = (input: never, options?: CallOptions) => client.send(new Command(input) as never, options);
  }
  return port as P;
}
