/**
 * Ctrl-C during a grant (issue 14): no call starts after the signal, the command reports how many
 * calls it made (and which it did not), exits 130 — and running it again finishes the job. The
 * signal is sent once the sandbox's trail shows the first CreateResourceShare (read straight from
 * its store), and the sandbox's latency keeps the other calls in flight, so the run is always
 * interrupted half-way, whatever the machine.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';
import { createSandbox, fastClock, mutatingRamCalls, type Sandbox } from './helpers.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = await createSandbox(['--org-sharing']);
});
afterEach(() => sb.cleanup());

it('stops at the signal, says what was done, exits 130; the same grant then finishes', async () => {
  const roles = Array.from({ length: 40 }, (_, i) => `arn:aws:iam::222222222222:role/team-${i}`);
  const args = [
    '--sandbox',
    '--profile',
    'owner',
    'grant',
    'customers',
    '--to',
    ...roles,
    '--level',
    'read-only',
  ];
  const env = { FSHARE_HOME: sb.home, FSHARE_SANDBOX_LATENCY: '40' };
  const controller = new AbortController();
  const db = new Database(path.join(sb.home, 'sandbox.db'), { readonly: true });
  const creates = db.prepare("SELECT COUNT(*) AS n FROM ct_events WHERE event_name = 'CreateResourceShare'");
  const timer = setInterval(() => {
    if ((creates.get() as { n: number }).n > 0) {
      controller.abort();
    }
  }, 5);
  const r = await runCli(args, { env, clock: fastClock(), signal: controller.signal });
  clearInterval(timer);
  db.close();
  expect(r.code, r.stderr).toBe(130);
  const error = JSON.parse(r.stderr) as {
    error: { code: string; message: string; details?: { done: unknown[]; notDone: unknown[] } };
  };
  expect(error.error.code).toBe('FSHARE_CANCELLED');
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  const made = await mutatingRamCalls(sb);
  // What it says it did is what RAM saw: no call went out after the signal unreported.
  expect(error.error.details?.done ?? []).toHaveLength(made.length);
  expect(made.length).toBeGreaterThan(0);
  expect(made.length).toBeLessThan(roles.length);
  expect((error.error.details?.done.length ?? 0) + (error.error.details?.notDone.length ?? 0)).toBe(
    roles.length,
  );

  const again = await runCli(args, { env: { FSHARE_HOME: sb.home }, clock: fastClock() });
  expect(again.code, again.stderr).toBe(0);
  const access = await sb.owner(['access', 'customers']);
  expect(access.json<{ entries: unknown[] }>().entries).toHaveLength(roles.length);
}, 60_000);
