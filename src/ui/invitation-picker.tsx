/**
 * The interactive picker of pending invitations: arrows (or j/k) move, space toggles, a toggles
 * all, enter asks to confirm the ticked ones (or the highlighted one when nothing is ticked), y
 * confirms, n / esc goes back; esc / q / Ctrl-C on the list cancels. Nothing is accepted or
 * rejected without that confirmation (issue 15: enter used to reject the highlighted row at once).
 */
import { Box, Text, useInput } from 'ink';
import { useRef, useState } from 'react';
import { ellipsize, pickerRow, type PickerItem } from './picker-row.js';

export type { PickerItem };

export interface InvitationPickerProps {
  items: PickerItem[];
  verb: string;
  /** Terminal width; every line fits it. */
  columns?: number;
  onSubmit: (ids: string[]) => void;
  onCancel: () => void;
}

export function InvitationPicker({ items, verb, columns = 80, onSubmit, onCancel }: InvitationPickerProps) {
  // Refs hold the live selection: ink keeps the first input handler it was given, so state read
  // inside it would be stale. The state below only triggers re-renders.
  const cursorRef = useRef(0);
  const tickedRef = useRef<Set<string>>(new Set());
  const confirmingRef = useRef<string[] | undefined>(undefined);
  const answeredRef = useRef(false);
  const [, setVersion] = useState(0);
  const redraw = () => setVersion((v) => v + 1);
  const width = Math.max(20, columns - 1);

  useInput((input, key) => {
    const confirming = confirmingRef.current;
    if (answeredRef.current) {
      return;
    }
    if (confirming) {
      if (input === 'y' || input === 'Y') {
        // Draw the answer in place of the question before the picker goes away (its last
        // frame stays on the terminal above the results).
        answeredRef.current = true;
        redraw();
        setTimeout(() => onSubmit(confirming), 0);
      } else if (input === 'n' || input === 'N' || key.escape) {
        confirmingRef.current = undefined;
        redraw();
      } else if (key.ctrl && input === 'c') {
        onCancel();
      }
      return;
    }
    if (key.escape || input === 'q' || (key.ctrl && input === 'c')) {
      onCancel();
      return;
    }
    if (items.length === 0) {
      return;
    }
    if (key.upArrow || input === 'k') {
      cursorRef.current = (cursorRef.current - 1 + items.length) % items.length;
      redraw();
      return;
    }
    if (key.downArrow || input === 'j') {
      cursorRef.current = (cursorRef.current + 1) % items.length;
      redraw();
      return;
    }
    const current = items[cursorRef.current];
    const chosen = tickedRef.current;
    if (input === ' ' && current) {
      if (chosen.has(current.id)) {
        chosen.delete(current.id);
      } else {
        chosen.add(current.id);
      }
      redraw();
      return;
    }
    if (input === 'a') {
      tickedRef.current = chosen.size === items.length ? new Set() : new Set(items.map((i) => i.id));
      redraw();
      return;
    }
    if (key.return) {
      const picked = items.filter((i) => chosen.has(i.id)).map((i) => i.id);
      const ids = picked.length > 0 ? picked : current ? [current.id] : [];
      if (ids.length > 0) {
        confirmingRef.current = ids;
        redraw();
      }
    }
  });

  const confirming = confirmingRef.current;
  const named = (confirming ?? [])
    .map((id) => items.find((i) => i.id === id))
    .map((i) => (i ? `${i.shareName} from ${i.ownerAccount}` : ''));
  // The question's end ("? [y/n]") always shows; the share name gives way.
  const question =
    named.length === 1
      ? `${verb} ${ellipsize(named[0] ?? '', width - verb.length - 8)}? [y/n]`
      : `${verb} these ${named.length} invitations? [y/n]`;
  return (
    <Box flexDirection="column">
      <Text bold>{ellipsize(`${verb} which invitations?`, width)}</Text>
      <Text dimColor>
        {ellipsize(`↑/↓ move · space select · a all · enter ${verb.toLowerCase()} · esc cancel`, width)}
      </Text>
      {items.map((item, index) => {
        const cursor = index === cursorRef.current;
        const row = pickerRow(item, { cursor, ticked: tickedRef.current.has(item.id), width });
        return (
          <Text key={item.id} bold={cursor} wrap="truncate">
            {row}
          </Text>
        );
      })}
      {confirming ? (
        <Text color={answeredRef.current ? 'green' : 'yellow'} wrap="truncate">
          {ellipsize(answeredRef.current ? `${verb}ing ${named.length} invitation(s)…` : question, width)}
        </Text>
      ) : null}
    </Box>
  );
}
