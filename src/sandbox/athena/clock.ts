/**
 * Trino's current-time functions read the sandbox clock (what `fshare sandbox clock` sets), as
 * the partition projection's `NOW` does, not the host's: a query about "the last hour" after
 * `sandbox clock --advance 1d` means the sandbox's last hour. Athena's session zone is UTC.
 */
import type { Token } from './tokens.js';

function solidIndex(tokens: readonly Token[], from: number, step: 1 | -1): number {
  let i = from;
  while (i >= 0 && i < tokens.length && tokens[i]?.kind === 'space') {
    i += step;
  }
  return i;
}

const literal = (text: string): Token => ({ kind: 'string', text });

export function withSandboxClock(tokens: readonly Token[], nowMs: number): Token[] {
  const iso = new Date(nowMs).toISOString();
  const timestamp = `TIMESTAMPTZ '${iso.slice(0, 10)} ${iso.slice(11, 23)}+00'`;
  const replacements: Record<string, { text: string; call: boolean }> = {
    NOW: { text: timestamp, call: true },
    CURRENT_TIMESTAMP: { text: timestamp, call: false },
    LOCALTIMESTAMP: { text: `TIMESTAMP '${iso.slice(0, 10)} ${iso.slice(11, 23)}'`, call: false },
    CURRENT_DATE: { text: `DATE '${iso.slice(0, 10)}'`, call: false },
  };
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const replacement = token.kind === 'word' ? replacements[token.text.toUpperCase()] : undefined;
    const before = tokens[solidIndex(tokens, i - 1, -1)];
    if (replacement === undefined || before?.text === '.') {
      out.push(token);
      continue;
    }
    const open = solidIndex(tokens, i + 1, 1);
    const close = solidIndex(tokens, open + 1, 1);
    const called = tokens[open]?.text === '(' && tokens[close]?.text === ')';
    if (replacement.call !== called) {
      // `now` without a call is a column; `current_date()` is not Trino: left for the engine to judge.
      out.push(token);
      continue;
    }
    out.push(literal(replacement.text));
    if (called) {
      i = close;
    }
  }
  return out;
}
