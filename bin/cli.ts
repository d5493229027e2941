/**
 * The bundle's entry (built to dist/cli.js, run by bin/fshare): the one place that joins the
 * command registry to the program, so arrows point one way: bin → commands → src.
 */
import { COMMANDS } from '../commands/index.js';
import { run as runWith } from '../src/cli/main.js';

export function run(): Promise<number> {
  return runWith(COMMANDS);
}
