/**
 * The interactive picker of pending invitations: arrows (or j/k) move, space toggles, a toggles
 * all, enter confirms (the highlighted one when nothing is ticked), esc / q / Ctrl-C cancels.
 */
import { Box, Text, useInput } from 'ink';
import { useState } from 'react';

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
  const [cursor, setCursor] = useState(0);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());

  useInput((input, key) => {
    if (key.escape || input === 'q' || (key.ctrl && input === 'c')) {
      onCancel();
      return;
    }
    if (key.upArrow || input === 'k') {
      setCursor((c) => (c - 1 + items.length) % items.length);
      return;
    }
    if (key.downArrow || input === 'j') {
      setCursor((c) => (c + 1) % items.length);
      return;
    }
    const current = items[cursor];
    if (input === ' ' && current) {
      setTicked((prev) => {
        const next = new Set(prev);
        if (next.has(current.id)) {
          next.delete(current.id);
        } else {
          next.add(current.id);
        }
        return next;
      });
      return;
    }
    if (input === 'a') {
      setTicked((prev) => (prev.size === items.length ? new Set() : new Set(items.map((i) => i.id))));
      return;
    }
    if (key.return) {
      const chosen = items.filter((i) => ticked.has(i.id)).map((i) => i.id);
      onSubmit(chosen.length > 0 ? chosen : current ? [current.id] : []);
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
          {item.featureGroups.length > 0 ? item.featureGroups.map(shortName).join(', ') : '(no feature groups)'} · {item.level} ·
          expires {item.expiresAt}
        </Text>
      ))}
    </Box>
  );
}
