import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../../src/sandbox/store.js';
import type { Db } from '../../../../src/sandbox/types.js';
import {
  AWS_RAM_LIMITS,
  parseRamLimits,
  ramLimits,
  setRamLimits,
} from '../../../../src/sandbox/ram/models/limits.js';

let dir: string | undefined;
let db: Db | undefined;

function store(): Db {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-limits-'));
  db = openStore(path.join(dir, 'sandbox.db'));
  return db;
}

afterEach(() => {
  db?.close();
  if (dir) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  db = undefined;
  dir = undefined;
});

describe('RAM limits', () => {
  it('are AWS’s until overridden, and overrides merge and reset', () => {
    const d = store();
    expect(ramLimits(d)).toEqual(AWS_RAM_LIMITS);
    setRamLimits(d, { tagsPerShare: 3 });
    setRamLimits(d, { writeBurst: 7 });
    expect(ramLimits(d)).toMatchObject({ tagsPerShare: 3, writeBurst: 7, pendingInvitationsPerAccount: 20 });
    setRamLimits(d, { principalsPerShare: 9 }, { reset: true });
    expect(ramLimits(d)).toEqual({ ...AWS_RAM_LIMITS, principalsPerShare: 9 });
  });

  it('refuses unknown names and non-positive values', () => {
    const d = store();
    expect(() => setRamLimits(d, { tagsPerShare: 0 })).toThrow(RangeError);
    expect(() => setRamLimits(d, { nope: 1 } as never)).toThrow(/nope/);
    expect(ramLimits(d)).toEqual(AWS_RAM_LIMITS);
  });

  it('parses name=value lists and names the bad part', () => {
    expect(parseRamLimits('writeRatePerSecond=20, writeBurst=40')).toEqual({
      writeRatePerSecond: 20,
      writeBurst: 40,
    });
    expect(parseRamLimits('')).toEqual({});
    for (const bad of ['writeBurst', 'writeBurst=0', 'writeBurst=x', 'nope=3', 'a=1=2']) {
      expect(() => parseRamLimits(bad), bad).toThrow(new RegExp(`Bad RAM limit "${bad}"`));
    }
  });
});
