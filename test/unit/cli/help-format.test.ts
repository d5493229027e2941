import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';
import { commandsBeforeOptions, reflow, wrapExample, wrapWords } from '../../../src/cli/help-format.js';
import { runCli } from '../../helpers/run-cli.js';

describe('help text fits the terminal', () => {
  it('reflow joins hard-wrapped lines of a paragraph and keeps paragraphs, list items and "x:" breaks', () => {
    expect(reflow('one\ntwo\n\nthree')).toBe('one two\n\nthree');
    expect(reflow('Modes:\n- a\n- b\n  indented')).toBe('Modes:\n- a\n- b\n  indented');
  });

  it('wrapWords never breaks a word', () => {
    expect(wrapWords('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapWords('averyveryverylongword x', 5)).toEqual(['averyveryverylongword', 'x']);
  });

  it('wrapExample breaks at spaces with a shell continuation, never inside quotes', () => {
    const lines = wrapExample(
      `fshare grant customers --to 222222222222 --level read-only --note 'two words'`,
      44,
    );
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(44);
    }
    expect(lines.slice(0, -1).every((l) => l.endsWith(' \\'))).toBe(true);
    expect(lines.join(' ').replace(/ \\ +/g, ' ')).toContain(`--note 'two words'`);
    expect(wrapExample('fshare demo', 80)).toEqual(['  fshare demo']);
  });

  it('moves the root Options after the command groups as Global options', () => {
    const help = 'Usage: x\n\nOptions:\n  -a  a\n\nOwner:\n  grant  g\n\nSetup:\n  demo  d\n';
    expect(commandsBeforeOptions(help)).toBe(
      'Usage: x\n\nOwner:\n  grant  g\n\nSetup:\n  demo  d\n\nGlobal options:\n  -a  a\n',
    );
  });
});

describe('fshare --help and command help at 80 and 140 columns', () => {
  it.each([80, 140])(
    'the root help at %i columns: commands before global options, no line too wide',
    async (columns) => {
      const res = await runCli(['--help'], { columns });
      expect(res.code).toBe(0);
      const lines = res.stdout.split('\n');
      expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(columns);
      expect(res.stdout.indexOf('grant')).toBeLessThan(res.stdout.indexOf('Global options:'));
      expect(res.stdout).not.toMatch(/^Commands:/m);
    },
  );

  it.each(COMMANDS.map((c) => c.name))(
    '`fshare %s --help` at 80 columns: no line wider, no word split',
    async (name) => {
      const res = await runCli([name, '--help'], { columns: 80 });
      expect(res.code).toBe(0);
      for (const line of res.stdout.split('\n')) {
        // A single word longer than the width is the only thing allowed past it.
        if (line.length > 80) {
          expect(line.trim()).not.toMatch(/\s/);
        }
      }
      // Reflowed: no description line ends mid-sentence and resumes on a short line with a lowercase word.
      expect(res.stdout).not.toMatch(/\n[a-z][^\n]{0,20}\n\nOptions:/);
    },
  );
});
