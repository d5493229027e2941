/**
 * Mounts the invitation picker on a terminal: ink renders on stderr (stdout stays for results),
 * one root at a time, and Ctrl-C or esc becomes a CancelledError. Ink is imported only here and
 * only when the picker is needed, so commands stay light to start.
 */
import type { Readable, Writable } from 'node:stream';
import { CancelledError } from '../errors.js';
import type { PickerItem } from './picker-row.js';

let mounted = false;

export async function pickInvitations(
  io: { stdin: Readable; stderr: Writable; columns?: number },
  items: PickerItem[],
  verb: string,
): Promise<string[]> {
  if (mounted) {
    throw new Error('Another interactive view is already on screen.');
  }
  mounted = true;
  const [{ render }, { createElement }, { InvitationPicker }] = await Promise.all([
    import('ink'),
    import('react'),
    import('./invitation-picker.js'),
  ]);
  try {
    return await new Promise<string[]>((resolve, reject) => {
      const instance = render(
        createElement(InvitationPicker, {
          items,
          verb,
          ...(io.columns ? { columns: io.columns } : {}),
          onSubmit: (ids: string[]) => {
            instance.unmount();
            resolve(ids);
          },
          onCancel: () => {
            instance.unmount();
            reject(new CancelledError('No invitation was chosen.'));
          },
        }),
        {
          stdout: io.stderr as NodeJS.WriteStream,
          stdin: io.stdin as NodeJS.ReadStream,
          exitOnCtrlC: false,
          patchConsole: false,
        },
      );
    });
  } finally {
    mounted = false;
  }
}
