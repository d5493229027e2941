/**
 * One picker row as plain text that fits the terminal: the cursor marker, the tick box, the owner
 * account and the level always; then the feature groups, the share name, the expiry and the
 * invitation's ID as room allows. Text is shortened with an ellipsis; identifiers (the owner
 * account, the invitation ID) are shown whole or not at all, never cut.
 */
export interface PickerItem {
  id: string;
  ownerAccount: string;
  shareName: string;
  featureGroups: string[];
  /** The level the share grants, or a word saying it is not known. */
  level: string;
  expiresAt: string;
}

const shortName = (arn: string): string => arn.split('/').pop() ?? arn;

/** Cuts `text` to `width` columns, ending with an ellipsis when anything was cut. */
export function ellipsize(text: string, width: number): string {
  if (text.length <= width) {
    return text;
  }
  return width <= 1 ? '…'.slice(0, width) : `${text.slice(0, width - 1)}…`;
}

/** `2026-11-24T13:00:00.000Z` → `2026-11-24 13:00Z`; anything else as it is. */
function shortTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1] ?? ''} ${m[2] ?? ''}Z` : iso;
}

export function pickerRow(
  item: PickerItem,
  options: { cursor: boolean; ticked: boolean; width: number },
): string {
  const head = `${options.cursor ? '›' : ' '} ${options.ticked ? '[x]' : '[ ]'} ${item.ownerAccount}`;
  const groups =
    item.featureGroups.length > 0 ? item.featureGroups.map(shortName).join(', ') : '(no feature groups)';
  const sep = ' · ';
  const tail = `${sep}${item.level}`;
  const expires = `${sep}expires ${shortTime(item.expiresAt)}`;
  const invitationId = item.id.split('/').pop() ?? item.id;
  const build = (share: string, rest: string) => (share ? `${head} ${share}  ${rest}` : `${head} ${rest}`);
  // Widest first; each step gives up the least useful thing, whole.
  for (const line of [
    build(item.shareName, `${groups}${tail}${expires}  ${invitationId}`),
    build(item.shareName, `${groups}${tail}${expires}`),
    build(item.shareName, `${groups}${tail}`),
  ]) {
    if (line.length <= options.width) {
      return line;
    }
  }
  // Shorten the share name and the group list, keeping the level whole at the end.
  const room = options.width - build('x', tail).length + 1;
  const groupWidth = Math.min(groups.length, Math.max(Math.ceil(room / 2), room - item.shareName.length));
  const shareWidth = room - groupWidth;
  const line =
    shareWidth >= 4
      ? build(ellipsize(item.shareName, shareWidth), `${ellipsize(groups, groupWidth)}${tail}`)
      : build('', `${ellipsize(groups, Math.max(1, room + 2))}${tail}`);
  return ellipsize(line, options.width);
}
