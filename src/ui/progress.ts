/**
 * A one-line progress bar for long bulk work, redrawn in place on stderr (only when stderr is a
 * terminal: the caller checks ctx.showProgress()). Formatting is pure and unit-tested.
 */
import type { Writable } from 'node:stream';

export interface ProgressSnapshot {
  label: string;
  done: number;
  total: number;
  /** Items handled so far, for the rate. */
  count: number;
  elapsedMs: number;
  extra?: string;
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

/** `label [#####.....]  50%  1,234 rec/s  ETA 12s  extra` */
export function formatProgress(p: ProgressSnapshot, width = 24): string {
  const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const filled = Math.round(fraction * width);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? p.count / seconds : 0;
  const eta =
    fraction > 0 && fraction < 1 ? (seconds / fraction) * (1 - fraction) : fraction >= 1 ? 0 : Number.NaN;
  const parts = [
    `${p.label} [${bar}] ${String(Math.floor(fraction * 100)).padStart(3)}%`,
    `${Math.round(rate).toLocaleString('en-US')} rec/s`,
    `ETA ${formatDuration(eta)}`,
  ];
  if (p.extra) {
    parts.push(p.extra);
  }
  return parts.join('  ');
}

export interface ProgressLine {
  update(p: ProgressSnapshot): void;
  /** Clears the line so the summary starts on a clean row. */
  done(): void;
}

/** Redraws at most every `intervalMs`, so fast work does not flood the terminal. */
export function progressLine(stream: Writable, now: () => number, intervalMs = 100): ProgressLine {
  let last = -Infinity;
  let drawn = false;
  return {
    update(p) {
      const t = now();
      if (t - last < intervalMs) {
        return;
      }
      last = t;
      drawn = true;
      stream.write(`\r\u001b[2K${formatProgress(p)}`);
    },
    done() {
      if (drawn) {
        stream.write('\r\u001b[2K');
      }
    },
  };
}
