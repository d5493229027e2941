/**
 * Live status for long work, on stderr (stdout carries the data):
 * - `tty`: one line redrawn in place, cut to the terminal's width so a redraw never wraps (a
 *   wrapped line cannot be cleared with `\r` and leaves a new row behind on every redraw);
 * - `plain`: a normal line every few seconds, for logs and CI (nothing for short work);
 * - `json`: one JSON object per line (`--progress json`), for machines;
 * - `off`: nothing (`--quiet`).
 * The API is deliberately small — `openStatusLine(ctx, …)`, `update(text, fields)`, `done()` — so
 * every long-running command (import, export, batch-get, apply, RAM waits) draws the same way.
 * Formatting is pure and unit-tested.
 */
import type { Writable } from 'node:stream';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';

export type ProgressMode = 'tty' | 'plain' | 'json' | 'off';

/** What a person reads: a string (cut to fit), or a function that picks what fits the width. */
export type StatusText = string | ((width: number) => string);

export interface StatusLine {
  /** Redraws (rate-limited). `fields` are what `--progress json` prints; the text is for people. */
  update(text: StatusText, fields?: Record<string, unknown>): void;
  /** Ends the status: clears the TTY line (so the summary starts on a clean row); json: a final event. */
  done(fields?: Record<string, unknown>): void;
}

export interface StatusLineOptions {
  mode: ProgressMode;
  /** Names the work in json lines (`"task":"import"`). */
  task: string;
  now: () => number;
  /** The terminal's width, read at every redraw so a resized terminal still gets one line. */
  columns: () => number;
  /** Least time between TTY redraws. */
  redrawMs?: number;
  /** Time between plain (non-TTY) lines; the first comes only after this long. */
  plainEveryMs?: number;
  /** Time between json lines. */
  jsonEveryMs?: number;
}

// Matching the escape character is the point: colour codes take no columns.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** Terminal columns a string takes, ignoring colour codes (status text is plain; · and … count 1). */
export function displayWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

/** Cuts `text` to at most `width` columns, ending with … when cut. */
export function fitToWidth(text: string, width: number): string {
  if (width <= 0) {
    return '';
  }
  const plain = text.replace(ANSI, '');
  const chars = [...plain];
  if (chars.length <= width) {
    return plain;
  }
  return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/**
 * Joins parts in priority order, leaving out the least important (the last) until the line fits.
 * The first part is always kept (cut if it alone is too wide).
 */
export function joinToFit(parts: readonly string[], width: number, separator = '  '): string {
  const kept = parts.filter((p) => p !== '');
  while (kept.length > 1 && displayWidth(kept.join(separator)) > width) {
    kept.pop();
  }
  return fitToWidth(kept.join(separator), width);
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return '?';
  }
  const s = Math.round(seconds);
  if (s < 60) {
    return `${s}s`;
  }
  const m = Math.floor(s / 60);
  if (m < 60) {
    return `${m}m${String(s % 60).padStart(2, '0')}s`;
  }
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export interface ProgressSnapshot {
  label: string;
  /** Work done and total, in any unit (bytes read, ids listed); total 0 = unknown. */
  done: number;
  total: number;
  /** Items handled so far, for the rate. */
  count: number;
  elapsedMs: number;
  /** Further facts in priority order (`sent 1,200`, `3 retried`); dropped from the end to fit. */
  extra?: readonly string[];
}

const number = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * `label [#####.....]  50%  1,234 rec/s  ETA 12s  extra…`, fitted to `width`: the bar shrinks
 * first, then the extras, the ETA and the rate go, in that order.
 */
export function formatProgress(p: ProgressSnapshot, width = 100): string {
  const known = p.total > 0;
  const fraction = known ? Math.min(1, p.done / p.total) : 0;
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? p.count / seconds : 0;
  const eta =
    fraction > 0 && fraction < 1 ? (seconds / fraction) * (1 - fraction) : fraction >= 1 ? 0 : Number.NaN;
  const head = known ? `${String(Math.floor(fraction * 100)).padStart(3)}%` : `${number(p.count)}`;
  const tail = [
    `${number(rate)} rec/s`,
    ...(known ? [`ETA ${formatDuration(eta)}`] : [`${formatDuration(seconds)}`]),
    ...(p.extra ?? []),
  ];
  const withoutBar = joinToFit([`${p.label} ${head}`, ...tail], width);
  if (!known) {
    return withoutBar;
  }
  // The bar takes what is left once the facts fit, between 10 and 24 cells (none below 10).
  const rest = joinToFit(tail, Math.max(0, width - displayWidth(`${p.label} [] ${head}  `)));
  const room = width - displayWidth(`${p.label} [] ${head}${rest ? `  ${rest}` : ''}`);
  const cells = Math.min(24, room);
  if (cells < 10) {
    return withoutBar;
  }
  const filled = Math.round(fraction * cells);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(cells - filled)}]`;
  return fitToWidth([`${p.label} ${bar} ${head}`, ...(rest ? [rest] : [])].join('  '), width);
}

/** The snapshot's machine fields, for json lines. */
export function progressFields(p: ProgressSnapshot): Record<string, unknown> {
  return { done: p.done, total: p.total, count: p.count, elapsedMs: Math.round(p.elapsedMs) };
}

export function createStatusLine(stream: Writable, options: StatusLineOptions): StatusLine {
  const { mode, now } = options;
  const redrawMs = options.redrawMs ?? 100;
  const plainEveryMs = options.plainEveryMs ?? 5_000;
  const jsonEveryMs = options.jsonEveryMs ?? 1_000;
  const started = now();
  let last = mode === 'plain' ? started : -Infinity;
  let drawn = false;
  let latest: { text: StatusText; fields?: Record<string, unknown> } | undefined;
  const write = (text: string): void => {
    stream.write(text);
  };
  const render = (text: StatusText, width: number): string =>
    typeof text === 'function' ? fitToWidth(text(width), width) : fitToWidth(text, width);
  const jsonLine = (event: string, fields?: Record<string, unknown>): string =>
    `${JSON.stringify({ event, task: options.task, elapsedMs: Math.round(now() - started), ...fields })}\n`;
  return {
    update(text, fields) {
      if (mode === 'off') {
        return;
      }
      latest = { text, ...(fields ? { fields } : {}) };
      const t = now();
      const every = mode === 'tty' ? redrawMs : mode === 'plain' ? plainEveryMs : jsonEveryMs;
      if (t - last < every) {
        return;
      }
      last = t;
      if (mode === 'json') {
        write(jsonLine('progress', fields));
      } else if (mode === 'plain') {
        write(`${render(text, 200)}\n`);
      } else {
        // One column spare: writing into the last column makes some terminals wrap at once.
        const width = Math.max(10, options.columns() - 1);
        write(`\r\u001b[2K${render(text, width)}`);
        drawn = true;
      }
    },
    done(fields) {
      if (mode === 'tty' && drawn) {
        write('\r\u001b[2K');
        drawn = false;
      } else if (mode === 'json') {
        write(jsonLine('done', fields ?? latest?.fields));
      }
    },
  };
}

export const PROGRESS_FLAG_VALUES = ['auto', 'json', 'none'] as const;

/** Refuses a `--progress` value that is not a mode (exit 2), so commands can check before any call. */
export function checkProgressFlag(requested: string | undefined): void {
  if (requested !== undefined && !(PROGRESS_FLAG_VALUES as readonly string[]).includes(requested)) {
    throw new UsageError(`--progress "${requested}" is not a progress mode.`, {
      code: 'FSHARE_BAD_PROGRESS',
      hint: `Use one of: ${PROGRESS_FLAG_VALUES.join(', ')}.`,
    });
  }
}

/**
 * The mode for this run: `--progress json` or `none` when asked; otherwise in place on a
 * terminal, plain lines when stderr is not one, nothing with --quiet.
 */
export function progressModeFor(ctx: Context, requested?: string): ProgressMode {
  checkProgressFlag(requested);
  if (requested === 'json') {
    return 'json';
  }
  if (requested === 'none' || ctx.globals.quiet) {
    return 'off';
  }
  if (ctx.showProgress()) {
    return 'tty';
  }
  return ctx.io.stderrIsTTY ? 'off' : 'plain';
}

/** A status line on ctx's stderr, in the mode the run calls for (see progressModeFor). */
export function openStatusLine(
  ctx: Context,
  task: string,
  options: { progress?: string | undefined; mode?: ProgressMode } = {},
): StatusLine {
  const stream = ctx.io.stderr;
  return createStatusLine(stream, {
    mode: options.mode ?? progressModeFor(ctx, options.progress),
    task,
    now: () => ctx.clock.now().getTime(),
    // A real terminal reports its current width (after a resize too); tests pass io.columns.
    columns: () => (stream as { columns?: number }).columns ?? ctx.io.columns,
  });
}
