// The chunked line reader against a direct per-line reference, over random inputs cut into random
// chunks: BOMs, CRLF, non-ASCII and invalid UTF-8, lines over the limit, no final newline.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLineBatches, readLines, type InputLine } from '../../../src/records/inputs.js';

const strict = new TextDecoder('utf-8', { fatal: true });

/** What each physical line must give, computed from the whole input at once. */
function reference(bytes: Buffer, maxBytes: number): InputLine[] {
  const out: InputLine[] = [];
  let start = 0;
  let line = 0;
  for (;;) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl === -1 ? bytes.length : nl;
    if (nl === -1 && end === start) {
      return out;
    }
    line++;
    let piece = bytes.subarray(start, end);
    if (piece.length > maxBytes) {
      out.push({
        line,
        error: `the line is longer than ${maxBytes} bytes (Feature Store's records are at most 350 KB)`,
      });
    } else {
      if (piece[piece.length - 1] === 0x0d) {
        piece = piece.subarray(0, piece.length - 1);
      }
      try {
        const text = strict.decode(piece);
        out.push({ line, text: line === 1 ? text.replace(/^\uFEFF/, '') : text });
      } catch {
        out.push({ line, error: 'the line is not valid UTF-8' });
      }
    }
    if (nl === -1) {
      return out;
    }
    start = nl + 1;
  }
}

function chunks(bytes: Buffer, rnd: () => number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const n = 1 + Math.floor(rnd() * (rnd() < 0.3 ? 8 : 200));
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

async function collect(batches: AsyncIterable<Iterable<InputLine>>): Promise<InputLine[]> {
  const out: InputLine[] = [];
  for await (const lines of batches) {
    out.push(...lines);
  }
  return out;
}

describe('readLineBatches', () => {
  it('gives the same lines as reading each line on its own, however the input is cut', async () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pieces = ['a,b,c', 'héllo', '\uFEFFbom', 'x'.repeat(70), '', 'tail\r', '日本語'];
    for (let trial = 0; trial < 200; trial++) {
      const parts: Buffer[] = [];
      if (trial % 5 === 0) {
        parts.push(Buffer.from('\uFEFF'));
      }
      const n = 1 + Math.floor(rnd() * 30);
      for (let i = 0; i < n; i++) {
        const kind = rnd();
        if (kind < 0.05) {
          parts.push(Buffer.from([0x61, 0xff, 0x62])); // invalid UTF-8
        } else if (kind < 0.1) {
          parts.push(Buffer.from([0xe6, 0x97])); // a truncated sequence
        } else {
          parts.push(Buffer.from(pieces[Math.floor(rnd() * pieces.length)] as string));
        }
        if (i < n - 1 || rnd() < 0.5) {
          parts.push(Buffer.from(rnd() < 0.2 ? '\r\n' : '\n'));
        }
      }
      const bytes = Buffer.concat(parts);
      const maxBytes = trial % 2 === 0 ? 64 : 1024;
      const expected = reference(bytes, maxBytes);
      expect(await collect(readLineBatches(Readable.from(chunks(bytes, rnd)), maxBytes))).toEqual(expected);
      const one: InputLine[] = [];
      for await (const l of readLines(Readable.from(chunks(bytes, rnd)), maxBytes)) {
        one.push(l);
      }
      expect(one).toEqual(expected);
    }
  });
});
