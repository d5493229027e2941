/**
 * Help text for the terminal it is read on: descriptions reflowed to the width (specs write them
 * with hard line breaks), examples wrapped at spaces with a shell continuation (never mid-word),
 * and in the root help the command list before the global options.
 */

/**
 * Joins the hard-wrapped lines of each paragraph into one line, so the help can wrap it to the
 * terminal. Blank lines separate paragraphs; a line that starts a list item, is indented, or
 * follows a line ending in ':' keeps its break.
 */
export function reflow(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => {
      const lines = paragraph.split('\n');
      let out = lines[0] ?? '';
      for (let i = 1; i < lines.length; i++) {
        const line = lines[i] ?? '';
        const keepBreak = /^\s|^[-*•]\s|^\d+[.)]\s/.test(line) || /:$/.test(lines[i - 1] ?? '');
        out += keepBreak ? `\n${line}` : ` ${line.trim()}`;
      }
      return out;
    })
    .join('\n\n');
}

/** Words of `text` wrapped to `width` (a word longer than the width stays whole on its line). */
export function wrapWords(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') {
    lines.push(indent + line);
  }
  return lines;
}

/**
 * An example command that fits `width`: broken at spaces with ` \` so that it still pastes and
 * runs, continuation lines indented. Quoted arguments are not split.
 */
export function wrapExample(example: string, width: number, indent = '  '): string[] {
  if (indent.length + example.length <= width) {
    return [indent + example];
  }
  const words = example.match(/(?:'[^']*'|"[^"]*"|\S)+/g) ?? [example];
  const lines: string[] = [];
  let line = '';
  const cont = `${indent}    `;
  for (const word of words) {
    const prefix = lines.length === 0 ? indent : cont;
    if (line !== '' && prefix.length + line.length + 1 + word.length + 2 > width) {
      lines.push(`${prefix}${line} \\`);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(`${lines.length === 0 ? indent : cont}${line}`);
  return lines;
}

/** The Examples block for a command's help. */
export function examplesBlock(examples: string[], width: number): string {
  return `\nExamples:\n${examples.flatMap((e) => wrapExample(e, width)).join('\n')}\n`;
}

/**
 * Commander prints the root's options before its commands. People look for the commands first:
 * the root's "Options:" section moves after the command groups, as "Global options:".
 */
export function commandsBeforeOptions(help: string): string {
  const sections = help.replace(/\n+$/, '').split(/\n\n(?=\S)/);
  const at = sections.findIndex((s) => s.startsWith('Options:\n'));
  if (at < 0) {
    return help;
  }
  const [options] = sections.splice(at, 1);
  let lastGroup = at - 1;
  for (let i = at; i < sections.length; i++) {
    if (/^[^\n]+:\n {2}\S/.test(sections[i] ?? '')) {
      lastGroup = i;
    }
  }
  sections.splice(lastGroup + 1, 0, (options ?? '').replace(/^Options:/, 'Global options:'));
  return `${sections.join('\n\n')}\n`;
}
