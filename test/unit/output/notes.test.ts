import { describe, expect, it } from 'vitest';
import { fitNote } from '../../../src/output/notes.js';

describe('a note fitted to the terminal', () => {
  it('keeps a note that fits, and every note when the width is unusable', () => {
    expect(fitNote('Short note.', 80)).toBe('Short note.');
    expect(fitNote('x '.repeat(60), 10)).toBe('x '.repeat(60));
  });

  it('puts the command after "Try:" on its own line, whole, and wraps the prose between words', () => {
    const note =
      '222222222222: access to customers is already live (no invitation needed). Try: fshare --sandbox --profile consumer discover --owner 111111111111';
    const lines = fitNote(note, 80).split('\n');
    expect(lines).toEqual([
      '222222222222: access to customers is already live (no invitation needed). Try:',
      '  fshare --sandbox --profile consumer discover --owner 111111111111',
    ]);
    expect(lines.every((l) => l.length <= 80)).toBe(true);
  });

  it('breaks a long command with " \\" so it still pastes, and never splits a backticked one', () => {
    const command = `fshare --sandbox --profile consumer accept --from 111111111111 --wait-timeout 10m`;
    const lines = fitNote(`Next: RAM is associating; accept it with \`${command}\` once it arrives.`, 40);
    expect(lines.split('\n')).toContain(`\`${command}\``);
    const tried = fitNote(`Access is live. Try: ${command}`, 40).split('\n');
    expect(tried[0]).toBe('Access is live. Try:');
    expect(tried.slice(1).join(' ').replace(/ \\ +/g, ' ').trim()).toBe(command);
    expect(tried.slice(1, -1).every((l) => l.endsWith(' \\'))).toBe(true);
  });
});
