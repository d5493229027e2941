import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, exitCodeOf } from '../../../src/error-codes.js';
import {
  AccessDeniedError,
  CancelledError,
  FshareError,
  fshareError,
  NonInteractiveError,
  NotFoundError,
  PartialFailureError,
  ServiceError,
  UsageError,
} from '../../../src/errors.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { withCodeTable } from '../../../scripts/gen-errors-doc.mjs';

const root = path.resolve(import.meta.dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(rel);
    }
    return /\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

/** FSHARE_* names that are environment variables, not error codes (read as env.FSHARE_…). */
function environmentNames(text: string): Set<string> {
  return new Set([...text.matchAll(/(?:env\.|env\[['"])(FSHARE_[A-Z0-9_]+)/g)].map((m) => m[1] ?? ''));
}

describe('the error code table', () => {
  const files = [...sourceFiles('src'), ...sourceFiles('commands')];
  const texts = files.map((f) => fs.readFileSync(path.join(root, f), 'utf8'));
  const env = new Set(texts.flatMap((t) => [...environmentNames(t)]));

  it('has every FSHARE_* code emitted in src/ and commands/', () => {
    const missing: string[] = [];
    files.forEach((file, i) => {
      // A code is a quoted literal: 'FSHARE_X', "FSHARE_X" or `FSHARE_X`.
      for (const m of (texts[i] ?? '').matchAll(/['"`](FSHARE_[A-Z0-9_]+)['"`]/g)) {
        const code = m[1] ?? '';
        if (!env.has(code) && !(code in ERROR_CODES)) {
          missing.push(`${code} (${file})`);
        }
      }
    });
    expect(missing, 'add each to src/error-codes.ts, then run npm run docs:errors').toEqual([]);
  });

  it('finds the codes it is meant to find (the scan is not vacuous)', () => {
    const emitted = new Set(
      texts.flatMap((t) => [...t.matchAll(/['"`](FSHARE_[A-Z0-9_]+)['"`]/g)].map((m) => m[1])),
    );
    expect(emitted.size).toBeGreaterThan(50);
    expect(emitted).toContain('FSHARE_RECORD_NOT_FOUND');
    expect(env).toContain('FSHARE_HOME');
  });

  it('docs/errors.md lists every code with its exit code, as generated from the table', () => {
    const page = fs.readFileSync(path.join(root, 'docs/errors.md'), 'utf8');
    expect(withCodeTable(page, ERROR_CODES), 'docs/errors.md is stale: run npm run docs:errors').toBe(page);
    for (const [code, [exit]] of Object.entries(ERROR_CODES)) {
      expect(page).toContain(`| \`${code}\` | ${exit} |`);
    }
  });

  it('one line each: a known exit code and a doc line', () => {
    for (const [code, [exit, doc]] of Object.entries(ERROR_CODES)) {
      expect([1, 2, 3, 4, 5, 6, 130], code).toContain(exit);
      expect(doc.trim().length, code).toBeGreaterThan(10);
    }
  });
});

describe('errors take their exit code from the table', () => {
  it('the same code exits the same way whichever class raises it', () => {
    // Once 2 from the sandbox command and 1 from the client config: now 2 everywhere.
    const fromUsage = new UsageError('not set up', { code: 'FSHARE_SANDBOX_NOT_INITIALISED' });
    const fromBase = new FshareError('FSHARE_SANDBOX_NOT_INITIALISED', 'not set up', 1);
    expect(fromUsage.exitCode).toBe(2);
    expect(fromBase.exitCode).toBe(2);
    expect(new ServiceError('FSHARE_WRITE_FAILED', 'x', { exitCode: 2 }).exitCode).toBe(1);
  });

  it('each class default code has the class exit code', () => {
    expect(new UsageError('x').exitCode).toBe(2);
    expect(new AccessDeniedError('x').exitCode).toBe(3);
    expect(new NotFoundError('x').exitCode).toBe(4);
    expect(new PartialFailureError('x').exitCode).toBe(5);
    expect(new CancelledError().exitCode).toBe(130);
    expect(new NonInteractiveError('x', 'Pass --yes.').exitCode).toBe(2);
  });

  it('a code not in the table keeps the exit code it was raised with', () => {
    expect(exitCodeOf('FSHARE_NOT_IN_TABLE_YET')).toBeUndefined();
    expect(new UsageError('x', { code: 'FSHARE_NOT_IN_TABLE_YET' }).exitCode).toBe(2);
    expect(new FshareError('FSHARE_NOT_IN_TABLE_YET', 'x', 4).exitCode).toBe(4);
  });

  it('fshareError(code) builds the class its exit code calls for, with the generic hint', () => {
    expect(fshareError('FSHARE_RECORD_NOT_FOUND', 'gone')).toBeInstanceOf(NotFoundError);
    expect(fshareError('FSHARE_BAD_LEVEL', 'bad')).toBeInstanceOf(UsageError);
    expect(fshareError('FSHARE_AWS_ACCESS_DENIED', 'no')).toBeInstanceOf(AccessDeniedError);
    expect(fshareError('FSHARE_PARTIAL_APPLY', 'some')).toBeInstanceOf(PartialFailureError);
    expect(fshareError('FSHARE_INTERRUPTED', 'stop')).toBeInstanceOf(CancelledError);
    const internal = fshareError('FSHARE_INTERNAL', 'boom');
    expect(internal.exitCode).toBe(1);
    expect(internal.hint).toBe(ERROR_CODES.FSHARE_INTERNAL[2]);
    expect(fshareError('FSHARE_LAKE_QUERY_SLOW', 'slow', { hint: 'mine' }).hint).toBe('mine');
    expect(fshareError('FSHARE_BAD_QUERY', 'x').code).toBe('FSHARE_BAD_QUERY');
  });
});
