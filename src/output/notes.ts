/**
 * A note for a person on a terminal, fitted to its width: prose wraps between words (a
 * `backticked command` stays whole), and a command after "Try:" goes on its own indented line,
 * broken with ` \` if it must be, so it still pastes and runs. Piped output keeps one line a note.
 */
import { wrapExample } from '../cli/help-format.js';

function wrapProse(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.match(/`[^`]*`\S*|\S+/g) ?? []) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') {
    lines.push(line);
  }
  return lines;
}

export function fitNote(note: string, width: number): string {
  if (note.length <= width || width < 20) {
    return note;
  }
  const at = note.lastIndexOf(' Try: ');
  if (at === -1) {
    return wrapProse(note, width).join('\n');
  }
  const command = note.slice(at + ' Try: '.length);
  return [...wrapProse(`${note.slice(0, at)} Try:`, width), ...wrapExample(command, width)].join('\n');
}
