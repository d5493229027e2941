import { describe, expect, it } from 'vitest';
import { KEYS, Screen, runInPty, spawnInPty, stripAnsi } from '../helpers/pty.js';

describe('the pseudo-terminal helper (test/helpers/pty.ts)', () => {
  it('runs the built bin in a terminal of the width asked for: fshare sees a TTY', async () => {
    for (const cols of [80, 140]) {
      const res = await runInPty(['--help'], { cols });
      expect(res.code).toBe(0);
      expect(res.screen).toContain('Usage: fshare');
      expect(Math.max(...res.lines.map((l) => l.length))).toBeLessThanOrEqual(cols);
    }
  });

  it('sends keys and waits for text; reports the exit code', async () => {
    const term = spawnInPty('/bin/sh', ['-c', 'printf "name? "; read x; echo "hello $x"; exit 3']);
    await term.waitFor('name?');
    term.write(`world${KEYS.enter}`);
    expect(await term.exit).toBe(3);
    expect(term.screen()).toContain('hello world');
  });

  it('the screen shows in-place redraws once, as a terminal would', () => {
    const screen = new Screen(20, 5);
    screen.write('progress 10%\rprogress 55%\u001b[K\r\nnext \u001b[31mred\u001b[0m\u001b[1A\u001b[2K\rdone');
    expect(screen.text()).toBe('done\nnext red');
    const wrapped = new Screen(5, 5);
    wrapped.write('abcdefg');
    expect(wrapped.text()).toBe('abcde\nfg');
    expect(stripAnsi('\u001b[1mbold\u001b[22m')).toBe('bold');
  });
});
