import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { closest, parsePolicy } from '../../../src/sharing/policy.js';

const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, '../../../fixtures/policies', name), 'utf8');

function errorOf(text: string): UsageError {
  try {
    parsePolicy(text, 'p.yaml');
  } catch (error) {
    if (error instanceof UsageError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('parsePolicy', () => {
  it('parses the example policy', () => {
    const policy = parsePolicy(fixture('example.yaml'), 'example.yaml');
    expect(policy.region).toBe('us-east-1');
    expect(policy.catalog?.discoverableBy.map((p) => p.text)).toEqual(['222222222222']);
    expect(
      policy.featureGroups.map((g) => [
        g.ref,
        g.grants.map((x) => [x.level, x.principals.map((p) => p.principal.kind)]),
      ]),
    ).toEqual([
      [
        'customers',
        [
          ['read-only', ['account']],
          ['read-write', ['iam-role']],
        ],
      ],
      ['transactions', [['admin', ['ou-id']]]],
    ]);
    expect(policy.featureGroups[1]?.line).toBe(9);
  });

  it.each([
    [
      'unknown-key.yaml',
      'p.yaml:2:1: unknown key "feature-group" in the top level (did you mean "feature-groups"?)',
    ],
    [
      'level-typo.yaml',
      'p.yaml:4:5: unknown level "read-onyl" in feature-groups.customers (did you mean "read-only"?)',
    ],
    [
      'duplicate-principal.yaml',
      'p.yaml:4:13: duplicate principal "222222222222" (already listed on line 3)',
    ],
    [
      'iam-on-catalog.yaml',
      'p.yaml:3:7: arn:aws:iam::222222222222:role/analyst is an IAM principal; the catalog accepts only accounts, organizations and OUs',
    ],
    ['bad-account.yaml', 'p.yaml:3:17: "22222222222" is not a 12-digit AWS account ID'],
  ])('%s is refused with its line and column', (name, expected) => {
    const error = errorOf(fixture(name));
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe('FSHARE_BAD_POLICY');
    expect(error.message).toContain(expected);
  });

  it.each([
    ['not yaml', 'a: [1, 2', 'p.yaml:1:'],
    [
      'a string instead of a list',
      'feature-groups:\n  customers:\n    read-only: "222222222222"\n',
      'p.yaml:3:16: feature-groups.customers.read-only',
    ],
    [
      'a bad feature group name',
      'feature-groups:\n  "bad name":\n    admin: []\n',
      'p.yaml:2:3: "bad name" is not a valid feature group name',
    ],
    ['a duplicate key', 'region: a\nregion: b\n', 'Map keys must be unique'],
    ['allow-external not a boolean', 'allow-external: "yes"\n', 'p.yaml:1:17: allow-external'],
  ])('%s', (_name, text, expected) => {
    expect(errorOf(text).message).toContain(expected);
  });

  it('lists every problem, sorted by line', () => {
    const message = errorOf(
      'feature-groups:\n  customers:\n    read-onyl: ["1"]\n    admn: []\nregoin: x\n',
    ).message;
    const lines = message
      .split('\n')
      .slice(1)
      .map((l) => l.trim().split(':')[1]);
    expect(lines).toEqual(['3', '4', '5']);
  });

  it('accepts an empty file and a group with no levels', () => {
    expect(parsePolicy('', 'p.yaml').featureGroups).toEqual([]);
    expect(parsePolicy('feature-groups:\n  customers:\n', 'p.yaml').featureGroups[0]?.grants).toEqual([]);
  });

  it.each([
    ['read-onyl', ['read-only', 'read-write', 'admin'], 'read-only'],
    ['admn', ['read-only', 'read-write', 'admin'], 'admin'],
    ['zzzzzzzz', ['read-only', 'read-write', 'admin'], undefined],
  ])('closest(%s)', (word, candidates, expected) => {
    expect(closest(word, candidates)).toBe(expected);
  });
});
