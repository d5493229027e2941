import { EventEmitter } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src/errors.js';

// A person at a terminal, not a CI log: ink draws only the last frame when it thinks it runs in CI
// (is-in-ci, read when ink is first imported), and this test reads the frames in between.
// pick.ts loads ink lazily, so CI is overridden for the whole file and restored after it.
const ciBefore = process.env.CI;
beforeAll(() => {
  process.env.CI = '0';
});
afterAll(() => {
  if (ciBefore === undefined) {
    delete process.env.CI;
  } else {
    process.env.CI = ciBefore;
  }
});
const { pickInvitations } = await import('../../../src/ui/pick.js');

/** A stdin that ink accepts as a terminal. */
function fakeTty() {
  // Shaped like ink-testing-library's stdin: each write is one readable chunk.
  let pending: string | null = null;
  const emitter = new EventEmitter();
  const stdin = Object.assign(emitter, {
    isTTY: true,
    write: (data: string) => {
      pending = data;
      emitter.emit('readable');
      emitter.emit('data', data);
    },
    read: () => {
      const data = pending;
      pending = null;
      return data;
    },
    setEncoding: () => undefined,
    setRawMode: () => undefined,
    resume: () => undefined,
    pause: () => undefined,
    ref: () => undefined,
    unref: () => undefined,
  });
  const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 100, rows: 20 });
  let screen = '';
  stderr.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8');
  });
  return {
    stdin: stdin as unknown as Readable & { write: (data: string) => void },
    stderr,
    screen: () => screen,
  };
}

const items = [
  {
    id: 'inv-1',
    ownerAccount: '111111111111',
    shareName: 'a',
    featureGroups: [],
    level: 'read-only',
    expiresAt: 'soon',
  },
  {
    id: 'inv-2',
    ownerAccount: '111111111111',
    shareName: 'b',
    featureGroups: [],
    level: 'read-only',
    expiresAt: 'soon',
  },
];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (at most 5 s) until the screen shows `text`: ink draws frames when it can, not per key. */
async function shown(io: ReturnType<typeof fakeTty>, text: string): Promise<void> {
  for (let i = 0; i < 200 && !io.screen().includes(text); i++) {
    await pause(25);
  }
}

/** Keys are typed only once the picker is on screen (loading ink takes a moment), one at a time. */
async function type(io: ReturnType<typeof fakeTty>, keys: string[]): Promise<void> {
  await shown(io, 'which invitations');
  for (const key of keys) {
    await pause(50);
    io.stdin.write(key);
  }
}

describe('pickInvitations', () => {
  it('renders on stderr and resolves with the chosen invitations', async () => {
    const io = fakeTty();
    const picked = pickInvitations(io, items, 'Accept');
    await type(io, [' ', '\u001B[B', ' ', '\r']);
    // The answer is typed once the question is on screen, as a person would.
    await shown(io, '[y/n]');
    io.stdin.write('y');
    await expect(picked).resolves.toEqual(['inv-1', 'inv-2']);
    expect(io.screen()).toMatch(/Accept which invitations\?/);
    expect(io.screen()).toContain('Accept these 2 invitations? [y/n]');
  });

  it('Ctrl-C becomes a CancelledError (exit 130)', async () => {
    const io = fakeTty();
    const picked = pickInvitations(io, items, 'Reject');
    await type(io, ['\u0003']);
    await expect(picked).rejects.toBeInstanceOf(CancelledError);
  });
});
