import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/sandbox/store.js';
import { DEFAULT_PAGE_SIZE, paginate, type PageScope } from '../../../src/sandbox/ram/paging.js';
import { SandboxServiceError } from '../../../src/sandbox/types.js';

const items = Array.from({ length: 12 }, (_, i) => i);

function scope(input: Record<string, unknown>, overrides: Partial<PageScope> = {}): PageScope {
  return { db, operation: 'ListResources', accountId: '111111111111', input, ...overrides };
}

const db = openStore(':memory:');

function codeOf(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    if (error instanceof SandboxServiceError) {
      return error.code;
    }
    throw error;
  }
  return 'no error';
}

describe('RAM pagination', () => {
  it('walks every item exactly once in default-size pages', () => {
    const input: Record<string, unknown> = { resourceOwner: 'SELF' };
    const seen: number[] = [];
    let pages = 0;
    for (;;) {
      const { page, nextToken } = paginate(scope(input), items);
      seen.push(...page);
      pages += 1;
      expect(page.length).toBeLessThanOrEqual(DEFAULT_PAGE_SIZE);
      if (!nextToken) {
        break;
      }
      input.nextToken = nextToken;
    }
    expect(seen).toEqual(items);
    expect(pages).toBe(Math.ceil(items.length / DEFAULT_PAGE_SIZE));
  });

  it('honours maxResults', () => {
    const first = paginate(scope({ maxResults: 10 }), items);
    expect(first.page).toEqual(items.slice(0, 10));
    const second = paginate(scope({ maxResults: 10, nextToken: first.nextToken }), items);
    expect(second.page).toEqual(items.slice(10));
    expect(second.nextToken).toBeUndefined();
  });

  it('lets maxResults change between pages (it is not a bound parameter)', () => {
    const first = paginate(scope({ maxResults: 3 }), items);
    expect(paginate(scope({ maxResults: 4, nextToken: first.nextToken }), items).page).toEqual([3, 4, 5, 6]);
  });

  const token = paginate(scope({ resourceOwner: 'SELF' }), items).nextToken ?? '';
  const cases: [string, () => unknown][] = [
    ['a forged token', () => paginate(scope({ resourceOwner: 'SELF', nextToken: 'eyJwIjo1fQ.abc' }), items)],
    [
      'a token with a flipped position',
      () => {
        const [body, mac] = token.split('.');
        const payload = JSON.parse(Buffer.from(body ?? '', 'base64url').toString()) as Record<
          string,
          unknown
        >;
        const forged = Buffer.from(JSON.stringify({ ...payload, p: 0 })).toString('base64url');
        return paginate(scope({ resourceOwner: 'SELF', nextToken: `${forged}.${mac ?? ''}` }), items);
      },
    ],
    [
      'a token used with other parameters',
      () => paginate(scope({ resourceOwner: 'OTHER-ACCOUNTS', nextToken: token }), items),
    ],
    [
      'a token used by another account',
      () =>
        paginate(scope({ resourceOwner: 'SELF', nextToken: token }, { accountId: '222222222222' }), items),
    ],
    [
      'a token used for another operation',
      () =>
        paginate(scope({ resourceOwner: 'SELF', nextToken: token }, { operation: 'ListPrincipals' }), items),
    ],
  ];
  it.each(cases)('refuses %s with InvalidNextTokenException', (_name, call) => {
    expect(codeOf(call)).toBe('InvalidNextTokenException');
  });

  it.each([0, 501, 2.5])('refuses maxResults %s', (maxResults) => {
    expect(codeOf(() => paginate(scope({ maxResults }), items))).toBe('InvalidParameterException');
  });
});
