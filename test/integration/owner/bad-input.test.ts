/**
 * Bad input exits 2, a missing feature group exits 4, and neither makes a mutating call:
 * checked in the owner account's CloudTrail (LookupEvents through the sandbox).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, mutatingRamCalls, type Sandbox } from './helpers.js';

const policy = (name: string) => path.join(import.meta.dirname, '../../../fixtures/policies', name);

let sb: Sandbox;
beforeAll(async () => {
  sb = await createSandbox();
});
afterAll(() => sb.cleanup());

describe('bad input makes no mutating call', () => {
  it.each([
    [
      'bad account id',
      2,
      'FSHARE_BAD_PRINCIPAL',
      ['grant', 'customers', '--to', '22222222222', '--level', 'read-only'],
    ],
    [
      'unicode digits',
      2,
      'FSHARE_BAD_PRINCIPAL',
      ['grant', 'customers', '--to', '２２２２２２２２２２２２', '--level', 'read-only'],
    ],
    [
      'IAM principal on the catalog',
      2,
      'FSHARE_PRINCIPAL_NOT_ALLOWED',
      ['grant', '--catalog', '--to', 'arn:aws:iam::222222222222:role/analyst'],
    ],
    [
      'IAM principal with --discoverable',
      2,
      'FSHARE_PRINCIPAL_NOT_ALLOWED',
      [
        'grant',
        'customers',
        '--to',
        'arn:aws:iam::222222222222:role/analyst',
        '--level',
        'read-only',
        '--discoverable',
      ],
    ],
    [
      'duplicate principal',
      2,
      'FSHARE_DUPLICATE_PRINCIPAL',
      ['grant', 'customers', '--to', '222222222222', '222222222222', '--level', 'read-only'],
    ],
    [
      'level typo',
      2,
      'FSHARE_BAD_LEVEL',
      ['grant', 'customers', '--to', '222222222222', '--level', 'read-onyl'],
    ],
    ['missing level', 2, 'FSHARE_NO_LEVEL', ['grant', 'customers', '--to', '222222222222']],
    ['no principal', 2, 'FSHARE_NO_PRINCIPAL', ['grant', 'customers', '--level', 'read-only']],
    [
      'no feature group',
      2,
      'FSHARE_NO_FEATURE_GROUP',
      ['grant', '--to', '222222222222', '--level', 'read-only'],
    ],
    [
      'expiry in the past',
      2,
      'FSHARE_BAD_EXPIRY',
      ['grant', 'customers', '--to', '222222222222', '--level', 'read-only', '--expires', '2020-01-01'],
    ],
    [
      'bad feature group name',
      2,
      'FSHARE_BAD_FEATURE_GROUP',
      ['grant', 'bad name', '--to', '222222222222', '--level', 'read-only'],
    ],
    [
      'policy with an unknown key',
      2,
      'FSHARE_BAD_POLICY',
      ['apply', '-f', policy('unknown-key.yaml'), '--yes'],
    ],
    ['policy with a level typo', 2, 'FSHARE_BAD_POLICY', ['apply', '-f', policy('level-typo.yaml'), '--yes']],
    [
      'policy with a duplicate principal',
      2,
      'FSHARE_BAD_POLICY',
      ['apply', '-f', policy('duplicate-principal.yaml'), '--yes'],
    ],
    [
      'policy with an IAM principal on the catalog',
      2,
      'FSHARE_BAD_POLICY',
      ['apply', '-f', policy('iam-on-catalog.yaml'), '--yes'],
    ],
    ['policy with a bad account id', 2, 'FSHARE_BAD_POLICY', ['plan', '-f', policy('bad-account.yaml')]],
    ['policy file that does not exist', 2, 'FSHARE_POLICY_UNREADABLE', ['plan', '-f', policy('nope.yaml')]],
    [
      'feature group that does not exist',
      4,
      'FSHARE_FEATURE_GROUP_NOT_FOUND',
      ['grant', 'no-such-group', '--to', '222222222222', '--level', 'read-only'],
    ],
    [
      'revoke on a feature group that does not exist',
      4,
      'FSHARE_FEATURE_GROUP_NOT_FOUND',
      ['revoke', 'no-such-group', '--from', '222222222222', '--yes'],
    ],
    [
      'policy naming a feature group that does not exist',
      4,
      'FSHARE_FEATURE_GROUP_NOT_FOUND',
      ['apply', '-f', policy('missing-group.yaml'), '--yes'],
    ],
  ])('%s → exit %i (%s)', async (_name, code, errorCode, args) => {
    const r = await sb.owner(['-o', 'json', ...args]);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stdout).toBe('');
    const error = (JSON.parse(r.stderr) as { error: { code: string; message: string; hint: string } }).error;
    expect(error.code).toBe(errorCode);
    expect(error.hint).not.toBe('');
    expect(await mutatingRamCalls(sb)).toEqual([]);
  });

  it('TTY errors name the line of a bad policy', async () => {
    const r = await sb.owner(['plan', '-f', policy('level-typo.yaml')], { tty: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'level-typo.yaml:4:5: unknown level "read-onyl" in feature-groups.customers (did you mean "read-only"?)',
    );
  });
});
