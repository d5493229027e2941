/**
 * The interactive picker of pending invitations: arrows (or j/k) move, space toggles, a toggles
 * all, enter confirms (the highlighted one when nothing is ticked), esc / q / Ctrl-C cancels.
 */
import { Box, Text, useInput } from 'ink';
import { useRef, useState } from 'react';

export interface PickerItem {
  id: string;
  ownerAccount: string;
  shareName: string;
  featureGroups: string[];
  level: string;
  expiresAt: string;
}

export interface InvitationPickerProps {
  items: PickerItem[];
  verb: string;
  onSubmit: (ids: string[]) => void;
  onCancel: () => void;
}

const shortName = (arn: string): string => arn.split('/').pop() ?? arn;

export function InvitationPicker({ items, verb, onSubmit, onCancel }: InvitationPickerProps) {
  // Refs hold the live selection: ink keeps the first input handler it was given, so state read
  // inside it would be stale. The state below only triggers re-renders.
  const cursorRef = useRef(0);
  const tickedRef = useRef<Set<string>>(new Set());
  const [, setVersion] = useState(0);
  const redraw = () => setVersion((v) => v + 1);
  const cursor = cursorRef.current;
  const ticked = tickedRef.current;

  useInput((input, key) => {
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
      onSubmit(picked.length > 0 ? picked : current ? [current.id] : []);
    }
  });

  return (
    <Box flexDirection="column">
      <Text bold>
        {verb} which invitations? (↑/↓ move, space select, a all, enter {verb.toLowerCase()}, esc cancel)
      </Text>
      {items.map((item, index) => (
        <Text key={item.id} inverse={index === cursor}>
          {ticked.has(item.id) ? '[x]' : '[ ]'} {item.ownerAccount} {item.shareName} ·{' '}
          {item.featureGroups.length > 0
            ? item.featureGroups.map(shortName).join(', ')
            : '(no feature groups)'}{' '}
          · {item.level} · expires {item.expiresAt}
        </Text>
      ))}
    </Box>
  );
}
