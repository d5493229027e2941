// The invitation picker as a person sees it, in a real pseudo-terminal at 80 and 140 columns
// (issue 15): a › cursor marker, the level on each row, rows that fit the width, and nothing
// accepted or rejected without a confirmation.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KEYS, spawnFshare, type PtySession } from '../../helpers/pty.js';
import { sandboxWorld, type SandboxWorld } from '../../helpers/sandbox-world.js';

let world: SandboxWorld;
const as = (profile: string, args: string[]) => world.as(profile, args);
const statuses = async () =>
  (await as('consumer', ['invitations', '--all'])).json<{ status: string; level: string }[]>();
const picker = (verb: 'accept' | 'reject', cols: number) =>
  spawnFshare(['--sandbox', '--profile', 'consumer', verb], {
    cols,
    // No CI variable at all: ink draws nothing under CI (and accept refuses to pick there).
    env: { FSHARE_HOME: world.home, NO_COLOR: '1', CI: undefined, CONTINUOUS_INTEGRATION: undefined },
    timeoutMs: 60_000,
  });

/**
 * Ink switches the terminal to raw mode just after its first frame; a key typed before that goes
 * through the line discipline (Enter arrives as a line feed). Give it a moment, as a person would.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

/** Waits until the screen as it is now (not anything drawn earlier) shows `pattern`. */
async function onScreen(term: PtySession, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (pattern.test(term.screen())) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`The screen never showed ${String(pattern)}:\n${term.screen()}`);
}

beforeAll(() => {
  if (!fs.existsSync('dist/cli.js')) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  }
});

beforeEach(async () => {
  world = await sandboxWorld('picker');
  await world.grant('customers', 'read-only');
  await world.grant('transactions', 'read-write');
});
afterEach(() => world.dispose());

describe.each([80, 140])('the picker at %i columns', (cols) => {
  it('shows a cursor marker and the level on rows that fit; enter asks before accepting', async () => {
    const term = picker('accept', cols);
    await term.waitFor('Accept which invitations?');
    await term.waitFor('read-write');
    await settle();
    const rows = term
      .screen()
      .split('\n')
      .filter((l) => /\[[ x]\] \d{12}/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows.filter((l) => l.startsWith('›'))).toHaveLength(1);
    expect(rows.some((l) => l.includes('read-only'))).toBe(true);
    expect(rows.some((l) => l.includes('read-write'))).toBe(true);
    expect(term.screen()).not.toContain('unknown level');
    // Each row is one screen line (the emulator wraps at the width, so a wrapped row would have
    // left its tail on a line of its own, without the tick box).
    for (const line of term.screen().split('\n')) {
      expect(line.length).toBeLessThanOrEqual(cols);
    }

    term.write(KEYS.enter);
    await term.waitFor('[y/n]');
    expect((await statuses()).map((i) => i.status)).toEqual(['PENDING', 'PENDING']);
    term.write('n');
    await onScreen(term, /^(?![\s\S]*\[y\/n\])/);
    term.write(KEYS.space);
    await onScreen(term, /\[x\]/);
    term.write(KEYS.enter);
    await onScreen(term, /Accept \S+ from 111111111111\? \[y\/n\]/);
    term.write('y');
    expect(await term.exit).toBe(0);
    expect(term.screen()).toContain('accepted');
    expect((await statuses()).map((i) => i.status).sort()).toEqual(['ACCEPTED', 'PENDING']);
  });

  it('reject: enter then esc twice rejects nothing and exits 130', async () => {
    const term = picker('reject', cols);
    await term.waitFor('Reject which invitations?');
    await settle();
    term.write(KEYS.enter);
    await term.waitFor('[y/n]');
    term.write(KEYS.escape);
    // A lone ESC is told from the start of an escape sequence by a pause.
    await settle();
    term.write(KEYS.escape);
    expect(await term.exit).toBe(130);
    expect((await statuses()).map((i) => i.status)).toEqual(['PENDING', 'PENDING']);
  });
});
