import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { InvitationPicker } from '../../../src/ui/invitation-picker.js';
import { pickerRow, type PickerItem } from '../../../src/ui/picker-row.js';

const INV = 'arn:aws:ram:us-east-1:111111111111:resource-share-invitation/';
const items: PickerItem[] = [
  {
    id: `${INV}0f5e2d7c-1111-4a3b-9c8d-aaaaaaaaaaaa`,
    ownerAccount: '111111111111',
    shareName: 'fshare-read-only-222222222222',
    featureGroups: ['arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers'],
    level: 'read-only',
    expiresAt: '2026-11-24T12:00:00.000Z',
  },
  {
    id: `${INV}9b1c3e5f-2222-4d6e-8f0a-bbbbbbbbbbbb`,
    ownerAccount: '333333333333',
    shareName: 'orders',
    featureGroups: [],
    level: 'read-write',
    expiresAt: '2026-11-24T13:00:00.000Z',
  },
];
const [first, second] = items.map((i) => i.id);

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
/** Retries an assertion until the picker has caught up with the keys (a busy machine is slow). */
const until = (assertion: () => void) => vi.waitFor(assertion, { timeout: 3000, interval: 20 });
const cursorRow = (frame: string) => frame.split('\n').find((l) => l.startsWith('›'));
const DOWN = '\u001B[B';

function mount(verb = 'Accept', columns = 140) {
  const onSubmit = vi.fn();
  const onCancel = vi.fn();
  const view = render(
    <InvitationPicker items={items} verb={verb} columns={columns} onSubmit={onSubmit} onCancel={onCancel} />,
  );
  return { ...view, onSubmit, onCancel, frame: () => view.lastFrame() ?? '' };
}

describe('InvitationPicker', () => {
  it('shows owner, share, feature groups, the level and expiry, with a visible cursor marker', () => {
    const { frame, unmount } = mount();
    const lines = frame().split('\n');
    const row = lines.find((l) => l.includes('111111111111')) ?? '';
    expect(row).toMatch(/^› \[ \] 111111111111 fshare-read-only-222222222222 {2}customers · read-only/);
    expect(lines.find((l) => l.includes('333333333333'))).toMatch(/^ {2}\[ \] 333333333333 orders/);
    expect(frame()).toContain('expires 2026-11-24 13:00Z');
    unmount();
  });

  it('enter with nothing ticked asks first; n goes back, y takes the highlighted invitation', async () => {
    const { stdin, frame, onSubmit, unmount } = mount('Reject');
    await tick();
    stdin.write(DOWN);
    await until(() => expect(cursorRow(frame())).toContain('333333333333'));
    stdin.write('\r');
    await until(() => expect(frame()).toContain('Reject orders from 333333333333? [y/n]'));
    expect(onSubmit).not.toHaveBeenCalled();
    stdin.write('n');
    await until(() => expect(frame()).not.toContain('[y/n]'));
    expect(onSubmit).not.toHaveBeenCalled();
    stdin.write('\r');
    await until(() => expect(frame()).toContain('[y/n]'));
    stdin.write('y');
    await until(() => expect(onSubmit).toHaveBeenCalledWith([second]));
    unmount();
  });

  it('space ticks several; a toggles all; esc at the question goes back; y takes the ticked', async () => {
    const { stdin, frame, onSubmit, onCancel, unmount } = mount();
    await tick();
    stdin.write('a');
    await until(() => expect(frame().match(/\[x\]/g)).toHaveLength(2));
    stdin.write('\r');
    await until(() => expect(frame()).toContain('Accept these 2 invitations? [y/n]'));
    stdin.write('\u001B');
    await until(() => expect(frame()).not.toContain('[y/n]'));
    expect(onCancel).not.toHaveBeenCalled();
    stdin.write('\r');
    await until(() => expect(frame()).toContain('[y/n]'));
    stdin.write('y');
    await until(() => expect(onSubmit).toHaveBeenCalledWith([first, second]));
    // The answer replaces the question; keys after it change nothing.
    expect(frame()).toContain('Accepting 2 invitation(s)…');
    stdin.write('\u001B');
    await tick();
    expect(onCancel).not.toHaveBeenCalled();
    expect(onSubmit).toHaveBeenCalledTimes(1);
    unmount();
  });

  it('esc on the list cancels, having chosen nothing', async () => {
    const { stdin, onSubmit, onCancel, unmount } = mount('Reject');
    await tick();
    stdin.write('\u001B');
    await until(() => expect(onCancel).toHaveBeenCalled());
    expect(onSubmit).not.toHaveBeenCalled();
    unmount();
  });

  it.each([80, 140])('every line fits %i columns', (columns) => {
    const long: PickerItem = {
      ...(items[0] as PickerItem),
      shareName: 'fshare-admin-role-a-very-long-data-science-role-name-for-the-team-1a2b3c4d',
      featureGroups: ['customers', 'transactions', 'customer-lifetime-value-features'].map(
        (n) => `arn:aws:sagemaker:us-east-1:111111111111:feature-group/${n}`,
      ),
    };
    const view = render(
      <InvitationPicker
        items={[long, ...items]}
        verb="Accept"
        columns={columns}
        onSubmit={vi.fn()}
        onCancel={vi.fn()}
      />,
    );
    for (const line of (view.lastFrame() ?? '').split('\n')) {
      expect(line.length).toBeLessThan(columns);
    }
    view.unmount();
  });
});

describe('pickerRow', () => {
  const long: PickerItem = {
    ...(items[0] as PickerItem),
    shareName: 'fshare-admin-role-a-very-long-data-science-role-name-for-the-team-1a2b3c4d',
    featureGroups: ['customers', 'transactions', 'customer-lifetime-value-features'],
    level: 'admin',
  };

  it('at 140 columns shows everything, the invitation ID whole', () => {
    const row = pickerRow(items[0] as PickerItem, { cursor: false, ticked: true, width: 139 });
    expect(row).toBe(
      '  [x] 111111111111 fshare-read-only-222222222222  customers · read-only · expires 2026-11-24 12:00Z  0f5e2d7c-1111-4a3b-9c8d-aaaaaaaaaaaa',
    );
  });

  it.each([40, 60, 79, 100])('at %i columns: fits, owner and level whole, text shortened with …', (width) => {
    const row = pickerRow(long, { cursor: true, ticked: false, width });
    expect(row.length).toBeLessThanOrEqual(width);
    expect(row.startsWith('› [ ] 111111111111 ')).toBe(true);
    expect(row.endsWith(' · admin')).toBe(true);
    expect(row).toContain('…');
    // The invitation ID is shown whole or not at all.
    expect(row.includes('0f5e2d7c') === row.includes('0f5e2d7c-1111-4a3b-9c8d-aaaaaaaaaaaa')).toBe(true);
  });

  it('drops the ID, then the expiry, before shortening anything', () => {
    const full = pickerRow(items[0] as PickerItem, { cursor: false, ticked: false, width: 200 });
    const noId = full.slice(0, full.lastIndexOf('  '));
    expect(pickerRow(items[0] as PickerItem, { cursor: false, ticked: false, width: noId.length })).toBe(
      noId,
    );
    const noExpiry = noId.slice(0, noId.indexOf(' · expires'));
    expect(pickerRow(items[0] as PickerItem, { cursor: false, ticked: false, width: noExpiry.length })).toBe(
      noExpiry,
    );
  });
});
