/**
 * A fresh sandbox in its own FSHARE_HOME for one test file: `fshare sandbox init`, commands run
 * as a sandbox profile, grants from the owner, and clean-up. The setup many consumer tests share.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'vitest';
import { runCli, type RunOptions, type RunResult } from './run-cli.js';

export interface SandboxWorld {
  readonly home: string;
  /** `fshare --sandbox --profile <profile> …args` in this world. */
  as(profile: string, args: string[], options?: RunOptions): Promise<RunResult>;
  /** The owner grants one group to the consumer account (222222222222); fails the test if not. */
  grant(group: string, level: string, extra?: string[]): Promise<void>;
  dispose(): void;
}

export async function sandboxWorld(prefix: string): Promise<SandboxWorld> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `fshare-${prefix}-`));
  const init = await runCli(['--sandbox', 'sandbox', 'init'], { env: { FSHARE_HOME: home } });
  expect(init.code, init.stderr).toBe(0);
  const as = (profile: string, args: string[], options: RunOptions = {}) =>
    runCli(['--sandbox', '--profile', profile, ...args], {
      ...options,
      env: { FSHARE_HOME: home, ...options.env },
    });
  return {
    home,
    as,
    async grant(group, level, extra = ['--no-wait']) {
      const res = await as('owner', ['grant', group, '--to', '222222222222', '--level', level, ...extra]);
      expect(res.code, res.stderr).toBe(0);
    },
    dispose: () => fs.rmSync(home, { recursive: true, force: true }),
  };
}
