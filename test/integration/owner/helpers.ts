import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClientFactory } from '../../../src/aws/client-factory.js';
import { resolveGlobals } from '../../../src/cli/globals.js';
import { createClientFactory } from '../../../src/aws/client-factory.js';
import type { Clock } from '../../../src/context.js';
import { runCli, type RunOptions, type RunResult } from '../../helpers/run-cli.js';

export interface Sandbox {
  home: string;
  /** Runs fshare --sandbox --profile <profile> … in this sandbox. */
  as(profile: string, args: string[], options?: RunOptions): Promise<RunResult>;
  owner(args: string[], options?: RunOptions): Promise<RunResult>;
  cleanup(): void;
}

export async function createSandbox(initArgs: string[] = []): Promise<Sandbox> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
  const env = { FSHARE_HOME: home };
  const init = await runCli(['sandbox', 'init', ...initArgs], { env });
  if (init.code !== 0) {
    throw new Error(`sandbox init failed (${init.code}): ${init.stderr}`);
  }
  const as = (profile: string, args: string[], options: RunOptions = {}) =>
    runCli(['--sandbox', '--profile', profile, ...args], {
      clock: fastClock(),
      ...options,
      env: { ...env, ...options.env },
    });
  return {
    home,
    as,
    owner: (args, options) => as('owner', args, options),
    cleanup: () => fs.rmSync(home, { recursive: true, force: true }),
  };
}

/** A clock at real time plus `offsetMs` whose sleeps return at once: waits poll without waiting. */
export function fastClock(offsetMs = 0): Clock {
  return {
    now: () => new Date(Date.now() + offsetMs),
    sleep: () => Promise.resolve(),
  };
}

/** The AWS client factory a profile gets in this sandbox (for setting up or checking state). */
export function clientsFor(sandbox: Sandbox, profile: string): ClientFactory {
  const env = { FSHARE_HOME: sandbox.home, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  const globals = resolveGlobals({ sandbox: true, profile }, env, false);
  return createClientFactory({
    globals,
    env,
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined },
  });
}

/** Accepts every pending invitation of a consumer profile through RAM (independent of `fshare accept`). */
export async function acceptAll(sandbox: Sandbox, profile: string): Promise<number> {
  const ram = await clientsFor(sandbox, profile).ram();
  const out = await ram.getResourceShareInvitations({});
  let accepted = 0;
  for (const inv of out.resourceShareInvitations ?? []) {
    if (inv.status === 'PENDING' && inv.resourceShareInvitationArn) {
      await ram.acceptResourceShareInvitation({ resourceShareInvitationArn: inv.resourceShareInvitationArn });
      accepted++;
    }
  }
  return accepted;
}

export interface TrailEvent {
  eventName: string;
  readOnly: boolean;
  time: number;
}

/** LookupEvents allows 2 requests per second per account: parallel test files share that budget. */
async function withThrottleRetry<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if ((error as { name?: string }).name !== 'ThrottlingException' || attempt >= 20) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 500));
    }
  }
}

/** The owner account's CloudTrail management events, through the public LookupEvents API. */
export async function ownerEvents(sandbox: Sandbox): Promise<TrailEvent[]> {
  const trail = await clientsFor(sandbox, 'auditor').cloudTrail();
  const events: TrailEvent[] = [];
  let nextToken: string | undefined;
  do {
    const input = { MaxResults: 50, ...(nextToken ? { NextToken: nextToken } : {}) };
    const page = await withThrottleRetry(() => trail.lookupEvents(input));
    for (const e of page.Events ?? []) {
      events.push({
        eventName: e.EventName ?? '',
        readOnly: e.ReadOnly === 'true',
        time: e.EventTime?.getTime() ?? 0,
      });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return events;
}

/** Mutating RAM calls (not Get or List) the owner account made, oldest first. */
export async function mutatingRamCalls(sandbox: Sandbox): Promise<string[]> {
  const events = (await ownerEvents(sandbox)).reverse();
  return events
    .filter((e) => !e.readOnly && /ResourceShare|Tag|Permission/.test(e.eventName))
    .map((e) => e.eventName);
}
