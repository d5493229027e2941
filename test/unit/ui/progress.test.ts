import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  createStatusLine,
  displayWidth,
  fitToWidth,
  formatProgress,
  joinToFit,
  type ProgressMode,
} from '../../../src/ui/progress.js';

function capture(mode: ProgressMode, columns = 80) {
  const stream = new PassThrough();
  let out = '';
  stream.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  let t = 0;
  const line = createStatusLine(stream, { mode, task: 'import', now: () => t, columns: () => columns });
  return {
    line,
    advance: (ms: number) => (t += ms),
    text: () => out,
  };
}

const snapshot = {
  label: 'import',
  done: 500_000,
  total: 1_000_000,
  count: 51_234,
  elapsedMs: 10_000,
  extra: ['sent 51,234', 'rejected 12', 'retried 340', '16 in flight'],
};

describe('fitting a line to the width', () => {
  it('cuts with an ellipsis only when too wide', () => {
    expect(fitToWidth('abcdef', 10)).toBe('abcdef');
    expect(fitToWidth('abcdef', 4)).toBe('abc…');
    expect(displayWidth(fitToWidth('x'.repeat(300), 79))).toBe(79);
  });

  it('drops the least important parts first', () => {
    expect(joinToFit(['first', 'second', 'third'], 15)).toBe('first  second');
    expect(joinToFit(['first', 'second', 'third'], 100)).toBe('first  second  third');
    expect(joinToFit(['a-very-long-first-part'], 8)).toBe('a-very-…');
  });

  it.each([40, 60, 80, 100, 140])('a progress line at %i columns is never wider', (width) => {
    const text = formatProgress(snapshot, width);
    expect(displayWidth(text)).toBeLessThanOrEqual(width);
    expect(text.startsWith('import')).toBe(true);
    expect(text).toContain('50%');
  });

  it('shows more at 140 columns than at 80, and the bar only when it has room', () => {
    const wide = formatProgress(snapshot, 140);
    const narrow = formatProgress(snapshot, 80);
    expect(wide).toContain('16 in flight');
    expect(wide).toContain('[');
    expect(narrow.length).toBeLessThan(wide.length);
    expect(formatProgress(snapshot, 30)).not.toContain('[');
  });

  it('without a known total it counts instead of showing a percentage', () => {
    const text = formatProgress({ ...snapshot, total: 0 }, 80);
    expect(text).toContain('51,234');
    expect(text).not.toContain('%');
  });
});

describe('status line modes', () => {
  it('tty: redraws one line in place, each fitted to the width, and clears it when done', () => {
    const c = capture('tty', 80);
    for (let i = 0; i < 5; i++) {
      c.line.update((w) => formatProgress({ ...snapshot, count: i }, w));
      c.advance(200);
    }
    c.line.done();
    const out = c.text();
    expect(out).not.toContain('\n');
    const frames = out.split('\r\u001b[2K').filter((f) => f !== '');
    expect(frames).toHaveLength(5);
    for (const frame of frames) {
      expect(displayWidth(frame)).toBeLessThan(80);
    }
    expect(out.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('tty: rate-limits redraws', () => {
    const c = capture('tty');
    c.line.update('one');
    c.line.update('two');
    c.advance(150);
    c.line.update('three');
    expect(c.text()).toBe('\r\u001b[2Kone\r\u001b[2Kthree');
  });

  it('plain: nothing for short work, then a full line every few seconds', () => {
    const c = capture('plain');
    c.line.update('early');
    c.advance(4_000);
    c.line.update('still early');
    expect(c.text()).toBe('');
    c.advance(1_500);
    c.line.update('now');
    c.advance(1_000);
    c.line.update('too soon');
    c.line.done();
    expect(c.text()).toBe('now\n');
  });

  it('json: one object per line with the fields, and a done event', () => {
    const c = capture('json');
    c.line.update('x', { sent: 1 });
    c.advance(1_000);
    c.line.update('y', { sent: 2 });
    c.line.done({ sent: 3 });
    const events = c
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.map((e) => [e.event, e.sent])).toEqual([
      ['progress', 1],
      ['progress', 2],
      ['done', 3],
    ]);
    expect(events[0]).toMatchObject({ task: 'import', elapsedMs: 0 });
  });

  it('off: writes nothing', () => {
    const c = capture('off');
    c.line.update('x');
    c.line.done();
    expect(c.text()).toBe('');
  });
});
