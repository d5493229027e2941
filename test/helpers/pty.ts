/**
 * Runs the built bin (bin/fshare; `npm run build` first) in a real pseudo-terminal at a given
 * width, so a test sees what a person sees: TTY detection, colours off or on, in-place redraws,
 * the picker's keys. The screen is a small terminal emulator (text, CR/LF, backspace, cursor
 * moves, erase line/display, auto-wrap at the width); enough for ink, progress lines and tables.
 *
 *   const term = spawnFshare(['--sandbox', 'invitations'], { cols: 80, env });
 *   await term.waitFor('Accept');
 *   term.write(KEYS.down + KEYS.space + KEYS.enter);
 *   expect(await term.exit).toBe(0);
 *   expect(term.screen()).toContain('accepted');
 */
/* eslint-disable no-control-regex -- a terminal emulator matches escape sequences by design */
import { spawn, type IPty } from '@lydell/node-pty';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FSHARE_BIN = path.join(root, 'bin', 'fshare');

export const KEYS = {
  enter: '\r',
  space: ' ',
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  escape: '\u001b',
  tab: '\t',
  ctrlC: '\u0003',
  backspace: '\u007f',
} as const;

const ANSI =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[()][0-9A-B]|\u001b[=>78cDEHM]/g;

/** Text without escape sequences (colours, cursor moves); CR/LF kept. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** A minimal VT100 screen: enough to read what the terminal shows after redraws. */
export class Screen {
  private lines: string[][] = [[]];
  private row = 0;
  private col = 0;
  constructor(
    readonly cols: number,
    readonly rows: number,
  ) {}

  private line(n: number): string[] {
    while (this.lines.length <= n) {
      this.lines.push([]);
    }
    return this.lines[n] as string[];
  }

  private put(ch: string): void {
    if (this.col >= this.cols) {
      this.row++;
      this.col = 0;
    }
    const line = this.line(this.row);
    while (line.length < this.col) {
      line.push(' ');
    }
    line[this.col] = ch;
    this.col++;
  }

  private csi(params: string, final: string): void {
    const nums = params
      .replace(/^\?/, '')
      .split(';')
      .map((p) => (p === '' ? undefined : Number(p)));
    const n = nums[0] ?? 1;
    switch (final) {
      case 'A':
        this.row = Math.max(0, this.row - n);
        break;
      case 'B':
        this.row += n;
        break;
      case 'C':
        this.col = Math.min(this.cols - 1, this.col + n);
        break;
      case 'D':
        this.col = Math.max(0, this.col - n);
        break;
      case 'E':
        this.row += n;
        this.col = 0;
        break;
      case 'F':
        this.row = Math.max(0, this.row - n);
        this.col = 0;
        break;
      case 'G':
        this.col = Math.max(0, n - 1);
        break;
      case 'H':
      case 'f': {
        // Relative to the top of what is kept (the emulator does not scroll away history).
        const top = Math.max(0, this.lines.length - this.rows);
        this.row = top + Math.max(0, (nums[0] ?? 1) - 1);
        this.col = Math.max(0, (nums[1] ?? 1) - 1);
        break;
      }
      case 'K': {
        const mode = nums[0] ?? 0;
        const line = this.line(this.row);
        if (mode === 0) {
          line.length = Math.min(line.length, this.col);
        } else if (mode === 1) {
          for (let i = 0; i <= this.col && i < line.length; i++) {
            line[i] = ' ';
          }
        } else {
          line.length = 0;
        }
        break;
      }
      case 'J': {
        const mode = nums[0] ?? 0;
        if (mode === 0) {
          this.line(this.row).length = Math.min(this.line(this.row).length, this.col);
          this.lines.length = this.row + 1;
        } else if (mode === 2 || mode === 3) {
          this.lines = [[]];
          this.row = 0;
          this.col = 0;
        }
        break;
      }
      default:
      // Colours (m), modes (h/l: cursor visibility) and the rest do not change the text.
    }
  }

  write(data: string): void {
    for (let i = 0; i < data.length; i++) {
      const ch = data[i] ?? '';
      if (ch === '\u001b') {
        const rest = data.slice(i);
        const csi = /^\u001b\[([0-?]*)[ -/]*([@-~])/.exec(rest);
        if (csi) {
          this.csi(csi[1] ?? '', csi[2] ?? '');
          i += csi[0].length - 1;
          continue;
        }
        const other = /^\u001b(?:\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[()][0-9A-B]|[=>78cDEHM])/.exec(rest);
        i += (other?.[0].length ?? 1) - 1;
        continue;
      }
      if (ch === '\r') {
        this.col = 0;
      } else if (ch === '\n') {
        this.row++;
        this.line(this.row);
      } else if (ch === '\b') {
        this.col = Math.max(0, this.col - 1);
      } else if (ch === '\t') {
        this.col = Math.min(this.cols - 1, (Math.floor(this.col / 8) + 1) * 8);
      } else if (ch >= ' ' || ch > '\u007f') {
        this.put(ch);
      }
    }
  }

  /** Every line written so far (history included), trailing spaces trimmed. */
  text(): string {
    return this.lines
      .map((l) => l.join('').trimEnd())
      .join('\n')
      .replace(/\n+$/, '');
  }

  /** The lines as they are now, for width checks. */
  lineList(): string[] {
    return this.text().split('\n');
  }
}

export interface PtyOptions {
  cols?: number;
  rows?: number;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Kill the process if it has not exited by then (a safety net, not a timing assertion). */
  timeoutMs?: number;
}

export interface PtySession {
  readonly pty: IPty;
  /** Resolves with the exit code (128 + n for a signal, as a shell reports it). */
  readonly exit: Promise<number>;
  write(keys: string): void;
  /** Resolves once the screen shows `pattern`; rejects with the screen if it never does. */
  waitFor(pattern: string | RegExp, timeoutMs?: number): Promise<void>;
  /** What the terminal shows (a screen emulation: redrawn lines appear once). */
  screen(): string;
  /** Everything written, escape sequences removed (redraws appear as many times as drawn). */
  output(): string;
  /** Everything written, escape sequences kept. */
  raw(): string;
  kill(signal?: string): void;
}

/** Runs `file args` in a pseudo-terminal. */
export function spawnInPty(file: string, args: string[], options: PtyOptions = {}): PtySession {
  const cols = options.cols ?? 80;
  const rows = options.rows ?? 40;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({
    ...process.env,
    TERM: 'xterm-256color',
    COLUMNS: String(cols),
    LINES: String(rows),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...options.env,
  })) {
    if (v !== undefined) {
      env[k] = v;
    }
  }
  // vitest sets these for its workers; a child that inherits them is not a person's shell.
  delete env.VITEST;
  delete env.VITEST_WORKER_ID;
  delete env.VITEST_POOL_ID;
  const pty = spawn(file, args, { name: 'xterm-256color', cols, rows, cwd: options.cwd ?? root, env });
  const screen = new Screen(cols, rows);
  let raw = '';
  const waiters = new Set<() => void>();
  pty.onData((data) => {
    raw += data;
    screen.write(data);
    for (const w of [...waiters]) {
      w();
    }
  });
  let exited = false;
  const exit = new Promise<number>((resolve) => {
    pty.onExit(({ exitCode, signal }) => {
      exited = true;
      for (const w of [...waiters]) {
        w();
      }
      resolve(signal ? 128 + signal : exitCode);
    });
  });
  const guard = setTimeout(() => {
    if (!exited) {
      pty.kill('SIGKILL');
    }
  }, options.timeoutMs ?? 60_000);
  void exit.then(() => clearTimeout(guard));

  return {
    pty,
    exit,
    write: (keys) => pty.write(keys),
    screen: () => screen.text(),
    output: () => stripAnsi(raw),
    raw: () => raw,
    kill: (signal = 'SIGTERM') => pty.kill(signal),
    waitFor(pattern, timeoutMs = 30_000) {
      const seen = () =>
        typeof pattern === 'string'
          ? screen.text().includes(pattern) || stripAnsi(raw).includes(pattern)
          : pattern.test(screen.text()) || pattern.test(stripAnsi(raw));
      return new Promise<void>((resolve, reject) => {
        if (seen()) {
          resolve();
          return;
        }
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Timed out waiting for ${String(pattern)}. Screen:\n${screen.text()}`));
        }, timeoutMs);
        const check = () => {
          if (seen()) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          } else if (exited) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(new Error(`Exited before showing ${String(pattern)}. Screen:\n${screen.text()}`));
          }
        };
        waiters.add(check);
      });
    },
  };
}

/** Runs the built fshare (node bin/fshare …) in a pseudo-terminal. */
export function spawnFshare(args: string[], options: PtyOptions = {}): PtySession {
  return spawnInPty(process.execPath, [FSHARE_BIN, ...args], options);
}

/** Runs fshare to the end in a pseudo-terminal and returns what it showed and its exit code. */
export async function runInPty(
  args: string[],
  options: PtyOptions = {},
): Promise<{ code: number; screen: string; output: string; lines: string[] }> {
  const session = spawnFshare(args, options);
  const code = await session.exit;
  return { code, screen: session.screen(), output: session.output(), lines: session.screen().split('\n') };
}
