import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src/errors.js';
import { pickInvitations } from '../../../src/ui/pick.js';

/** A stdin that ink accepts as a terminal. */
function fakeTty() {
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    setRawMode: () => stdin,
    ref: () => stdin,
    unref: () => stdin,
  });
  const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 100, rows: 20 });
  let screen = '';
  stderr.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8');
  });
  return { stdin, stderr, screen: () => screen };
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
const later = (fn: () => void) => setTimeout(fn, 100);

describe('pickInvitations', () => {
  it('renders on stderr and resolves with the chosen invitations', async () => {
    const io = fakeTty();
    const picked = pickInvitations(io, items, 'Accept');
    later(() => {
      io.stdin.write(' ');
      later(() => io.stdin.write('\r'));
    });
    await expect(picked).resolves.toEqual(['inv-1']);
    expect(io.screen()).toMatch(/Accept which invitations\?/);
  });

  it('Ctrl-C becomes a CancelledError (exit 130)', async () => {
    const io = fakeTty();
    const picked = pickInvitations(io, items, 'Reject');
    later(() => io.stdin.write('\u0003'));
    await expect(picked).rejects.toBeInstanceOf(CancelledError);
  });
});
