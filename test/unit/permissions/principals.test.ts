import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import {
  assertPrincipalsAllowed,
  parsePrincipal,
  parsePrincipals,
  principalAccount,
  principalAllowedFor,
  type Principal,
} from '../../../src/permissions/principals.js';

function usageErrorOf(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError, nothing was thrown');
}

describe('parsePrincipal: valid forms', () => {
  it.each<[string, Partial<Principal>]>([
    ['222222222222', { kind: 'account', account: '222222222222' }],
    ['000000000000', { kind: 'account', account: '000000000000' }],
    [
      'arn:aws:organizations::111111111111:organization/o-fshare1sandbox',
      { kind: 'organization', orgId: 'o-fshare1sandbox', managementAccount: '111111111111' },
    ],
    [
      'arn:aws:organizations::111111111111:ou/o-fshare1sandbox/ou-fsh1-consumer1',
      { kind: 'ou', orgId: 'o-fshare1sandbox', ouId: 'ou-fsh1-consumer1', managementAccount: '111111111111' },
    ],
    [
      'arn:aws-cn:organizations::123456789012:ou/o-abcdefghij/ou-ab12-abcd1234',
      { kind: 'ou', orgId: 'o-abcdefghij', ouId: 'ou-ab12-abcd1234' },
    ],
    ['ou-fsh1-consumer1', { kind: 'ou-id', ouId: 'ou-fsh1-consumer1' }],
    ['ou-abcd-12345678', { kind: 'ou-id', ouId: 'ou-abcd-12345678' }],
    [
      'arn:aws:iam::222222222222:role/data-scientist',
      { kind: 'iam-role', account: '222222222222', name: 'data-scientist', partition: 'aws' },
    ],
    [
      'arn:aws:iam::222222222222:role/team/ml/Analyst+Role=1,x.y@z',
      { kind: 'iam-role', account: '222222222222', name: 'Analyst+Role=1,x.y@z' },
    ],
    [
      'arn:aws-us-gov:iam::222222222222:user/alice',
      { kind: 'iam-user', account: '222222222222', name: 'alice', partition: 'aws-us-gov' },
    ],
    ['arn:aws:iam::222222222222:user/people/bob', { kind: 'iam-user', account: '222222222222', name: 'bob' }],
  ])('%s', (text, expected) => {
    const p = parsePrincipal(text);
    expect(p).toMatchObject({ ...expected, id: text });
  });
});

describe('parsePrincipal: invalid forms', () => {
  it.each([
    ['empty string', '', /empty/],
    ['a 13-digit account', '2222222222222', /not a 12-digit AWS account ID \(it has 13 digits\)/],
    ['an 11-digit account', '22222222222', /it has 11 digits/],
    ['full-width digits', '２２２２２２２２２２２２', /some of them not ASCII/],
    ['Arabic-Indic digits', '٢٢٢٢٢٢٢٢٢٢٢٢', /some of them not ASCII/],
    ['mixed ASCII and full-width digits', '22222222222２', /some of them not ASCII/],
    ['leading space', ' 222222222222', /whitespace/],
    ['trailing space', '222222222222 ', /whitespace/],
    ['space inside', '222222 222222', /whitespace/],
    ['tab inside', 'arn:aws:iam::222222222222:role/a\tb', /whitespace/],
    ['non-breaking space', '222222222222\u00a0', /whitespace/],
    ['only spaces', '   ', /whitespace/],
    ['an S3 ARN', 'arn:aws:s3:::my-bucket', /an ARN of s3/],
    [
      'an STS assumed-role ARN',
      'arn:aws:sts::222222222222:assumed-role/data-scientist/session',
      /an ARN of sts/,
    ],
    ['an IAM group', 'arn:aws:iam::222222222222:group/devs', /not a principal RAM accepts/],
    [
      'an IAM role with a 13-digit account',
      'arn:aws:iam::2222222222222:role/x',
      /not a principal RAM accepts/,
    ],
    ['an IAM role without a name', 'arn:aws:iam::222222222222:role/', /not a principal RAM accepts/],
    ['a malformed OU (short first part)', 'ou-ab-12345678', /not a valid OU ID/],
    ['a malformed OU (short second part)', 'ou-abcd-1234', /not a valid OU ID/],
    ['a malformed OU (upper case)', 'ou-ABCD-12345678', /not a valid OU ID/],
    ['a malformed OU (no second part)', 'ou-abcd', /not a valid OU ID/],
    [
      'an OU ARN with a malformed OU',
      'arn:aws:organizations::111111111111:ou/o-fshare1sandbox/ou-x',
      /not a principal RAM accepts/,
    ],
    [
      'an organization ARN with a short org id',
      'arn:aws:organizations::111111111111:organization/o-abc',
      /not a principal RAM accepts/,
    ],
    ['a bare organization id', 'o-fshare1sandbox', /not a principal/],
    ['letters', 'alice', /not a principal/],
    ['an account with a dash', '2222-2222-2222', /not a principal/],
  ])('rejects %s', (_why, text, message) => {
    const err = usageErrorOf(() => parsePrincipal(text));
    expect(err.exitCode).toBe(2);
    expect(err.code).toBe('FSHARE_BAD_PRINCIPAL');
    expect(err.message).toMatch(message);
    expect(err.hint).toBeTruthy();
  });
});

describe('parsePrincipals', () => {
  it('splits comma-separated items and keeps order', () => {
    const ps = parsePrincipals(['222222222222,333333333333', 'arn:aws:iam::222222222222:role/r']);
    expect(ps.map((p) => p.kind)).toEqual(['account', 'account', 'iam-role']);
    expect(ps.map((p) => p.id)).toEqual(['222222222222', '333333333333', 'arn:aws:iam::222222222222:role/r']);
  });

  it.each([
    [['222222222222', '222222222222']],
    [['222222222222,222222222222']],
    [['ou-abcd-12345678', '333333333333', 'ou-abcd-12345678']],
  ])('refuses duplicates %j', (texts) => {
    const err = usageErrorOf(() => parsePrincipals(texts));
    expect(err.code).toBe('FSHARE_DUPLICATE_PRINCIPAL');
    expect(err.exitCode).toBe(2);
  });

  it.each([[['222222222222,']], [[',222222222222']], [['222222222222,,333333333333']]])(
    'refuses empty items %j',
    (texts) => {
      const err = usageErrorOf(() => parsePrincipals(texts));
      expect(err.exitCode).toBe(2);
    },
  );

  it('names the bad item in a list', () => {
    const err = usageErrorOf(() => parsePrincipals(['222222222222', '2222222222223']));
    expect(err.message).toContain('2222222222223');
  });
});

describe('principal kinds per resource kind', () => {
  const samples: Record<Principal['kind'], string> = {
    account: '222222222222',
    organization: 'arn:aws:organizations::111111111111:organization/o-fshare1sandbox',
    ou: 'arn:aws:organizations::111111111111:ou/o-fshare1sandbox/ou-fsh1-consumer1',
    'ou-id': 'ou-fsh1-consumer1',
    'iam-role': 'arn:aws:iam::222222222222:role/data-scientist',
    'iam-user': 'arn:aws:iam::222222222222:user/alice',
  };
  it.each(Object.entries(samples))('%s on a feature group is allowed', (_kind, text) => {
    const p = parsePrincipal(text);
    expect(principalAllowedFor(p, 'feature-group')).toBe(true);
    expect(() => assertPrincipalsAllowed([p], 'feature-group')).not.toThrow();
  });

  it.each([
    ['account', true],
    ['organization', true],
    ['ou', true],
    ['ou-id', true],
    ['iam-role', false],
    ['iam-user', false],
  ] as const)('%s on the catalog → allowed %s', (kind, allowed) => {
    const p = parsePrincipal(samples[kind]);
    expect(principalAllowedFor(p, 'catalog')).toBe(allowed);
    if (allowed) {
      expect(() => assertPrincipalsAllowed([p], 'catalog')).not.toThrow();
    } else {
      const err = usageErrorOf(() => assertPrincipalsAllowed([parsePrincipal('333333333333'), p], 'catalog'));
      expect(err.code).toBe('FSHARE_PRINCIPAL_NOT_ALLOWED');
      expect(err.message).toContain(samples[kind]);
      expect(err.hint).toContain('--to 222222222222');
    }
  });

  it.each([
    ['222222222222', '222222222222'],
    ['arn:aws:iam::333333333333:role/x', '333333333333'],
    ['arn:aws:iam::333333333333:user/x', '333333333333'],
    ['ou-abcd-12345678', undefined],
    ['arn:aws:organizations::111111111111:organization/o-fshare1sandbox', undefined],
  ])('principalAccount(%s) = %s', (text, account) => {
    expect(principalAccount(parsePrincipal(text))).toBe(account);
  });
});

describe('STS session ARNs', () => {
  it('points at the role behind an assumed-role session', () => {
    const err = usageErrorOf(() =>
      parsePrincipal('arn:aws:sts::222222222222:assumed-role/data-scientist/alice'),
    );
    expect(err.hint).toContain('arn:aws:iam::222222222222:role/data-scientist');
  });
});
