import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { InvitationPicker, type PickerItem } from '../../../src/ui/invitation-picker.js';
import { formatDuration, formatProgress } from '../../../src/ui/progress.js';

const items: PickerItem[] = [
  {
    id: 'inv-1',
    ownerAccount: '111111111111',
    shareName: 'fshare-customers-read-only',
    featureGroups: ['arn:x:feature-group/customers'],
    level: 'read-only',
    expiresAt: '2026-11-24T12:00:00Z',
  },
  {
    id: 'inv-2',
    ownerAccount: '333333333333',
    shareName: 'orders',
    featureGroups: [],
    level: 'read-write',
    expiresAt: '2026-11-24T13:00:00Z',
  },
];

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('InvitationPicker', () => {
  it('shows owner, share, feature groups, level and expiry', () => {
    const { lastFrame, unmount } = render(
      <InvitationPicker items={items} verb="Accept" onSubmit={() => undefined} onCancel={() => undefined} />,
    );
    const frame = lastFrame() ?? '';
    expect(frame).toContain('111111111111 fshare-customers-read-only · customers · read-only');
    expect(frame).toContain('expires 2026-11-24T13:00:00Z');
    unmount();
  });

  it('enter with nothing ticked takes the highlighted invitation', async () => {
    const onSubmit = vi.fn();
    const { stdin, unmount } = render(
      <InvitationPicker items={items} verb="Accept" onSubmit={onSubmit} onCancel={() => undefined} />,
    );
    await tick();
    stdin.write('\u001B[B'); // down
    await tick();
    stdin.write('\r');
    await tick();
    expect(onSubmit).toHaveBeenCalledWith(['inv-2']);
    unmount();
  });

  it('space ticks several; a toggles all; esc cancels', async () => {
    const onSubmit = vi.fn();
    const onCancel = vi.fn();
    const { stdin, lastFrame, unmount } = render(
      <InvitationPicker items={items} verb="Reject" onSubmit={onSubmit} onCancel={onCancel} />,
    );
    await tick();
    stdin.write('a');
    await tick();
    expect((lastFrame() ?? '').match(/\[x\]/g)).toHaveLength(2);
    stdin.write('\r');
    await tick();
    expect(onSubmit).toHaveBeenCalledWith(['inv-1', 'inv-2']);
    stdin.write('\u001B');
    await tick();
    expect(onCancel).toHaveBeenCalled();
    unmount();
  });
});

describe('progress line', () => {
  it('shows percent, rate and ETA', () => {
    expect(
      formatProgress({ label: 'import', done: 50, total: 100, count: 1000, elapsedMs: 10_000 }, 10),
    ).toBe('import [#####.....]  50%  100 rec/s  ETA 10s');
    expect(formatProgress({ label: 'x', done: 0, total: 0, count: 0, elapsedMs: 0 }, 4)).toContain('ETA ?');
    expect(formatDuration(3725)).toBe('1h02m');
    expect(formatDuration(75)).toBe('1m15s');
  });
});
