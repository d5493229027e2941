import { describe, expect, it } from 'vitest';
import { collectAll, collectPages, paginate, paginatePages } from '../../../src/aws/paginate.js';

/** A fake list op over `items`, `size` per page, with the token spelled `field`. */
function fakeList(items: number[], size: number, field: 'NextToken' | 'nextToken') {
  const calls: Record<string, unknown>[] = [];
  const op = async (input: Record<string, unknown>) => {
    calls.push(input);
    const start = Number(input[field] ?? 0);
    const page: Record<string, unknown> = { Items: items.slice(start, start + size) };
    if (start + size < items.length) {
      page[field] = String(start + size);
    }
    return page as { Items: number[]; NextToken?: string; nextToken?: string };
  };
  return { op, calls };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('paginate', () => {
  it('follows NextToken (SageMaker/CloudTrail spelling) and keeps the caller input on every page', async () => {
    const { op, calls } = fakeList(range(7), 3, 'NextToken');
    const got = await collectAll(op, { Filter: 'x' }, { items: (p) => p.Items });
    expect(got).toEqual(range(7));
    expect(calls).toEqual([
      { Filter: 'x' },
      { Filter: 'x', NextToken: '3' },
      { Filter: 'x', NextToken: '6' },
    ]);
  });

  it('follows nextToken (RAM spelling), through empty pages', async () => {
    const pages = [{ items: [], nextToken: 'a' }, { items: [1], nextToken: 'b' }, { items: [2] }];
    const seen: unknown[] = [];
    const op = async (input: { nextToken?: string }) => {
      seen.push(input.nextToken);
      return pages[seen.length - 1] ?? { items: [] };
    };
    expect(await collectAll(op, {}, { items: (p) => p.items })).toEqual([1, 2]);
    expect(seen).toEqual([undefined, 'a', 'b']);
  });

  it('uses the named token field and output field when given', async () => {
    const calls: unknown[] = [];
    const op = async (input: { Marker?: string }) => {
      calls.push(input.Marker);
      return input.Marker ? { L: [2] } : { L: [1], NextMarker: 'm' };
    };
    const got = await collectAll(op, {}, { items: (p) => p.L, token: 'Marker', outputToken: 'NextMarker' });
    expect(got).toEqual([1, 2]);
    expect(calls).toEqual([undefined, 'm']);
  });

  it('makes no further call once the loop is broken (as --max-items does)', async () => {
    const { op, calls } = fakeList(range(100), 10, 'NextToken');
    const got: number[] = [];
    for await (const item of paginate(op, {}, { items: (p) => p.Items })) {
      got.push(item);
      if (got.length === 15) {
        break;
      }
    }
    expect(got).toEqual(range(15));
    expect(calls).toHaveLength(2);
  });

  it('stops on abort with an interrupted error and makes no call after the signal', async () => {
    const controller = new AbortController();
    const { op, calls } = fakeList(range(50), 10, 'nextToken');
    const pages = paginatePages(op, {}, { call: { abortSignal: controller.signal } });
    await pages.next();
    controller.abort();
    await expect(pages.next()).rejects.toMatchObject({ name: 'CancelledError', exitCode: 130 });
    expect(calls).toHaveLength(1);
  });

  it('passes the call options (abort signal) to the op', async () => {
    const controller = new AbortController();
    let received: unknown;
    const op = async (_input: object, options?: { abortSignal?: AbortSignal }) => {
      received = options?.abortSignal;
      return { items: [1] };
    };
    await collectAll(op, {}, { items: (p) => p.items, call: { abortSignal: controller.signal } });
    expect(received).toBe(controller.signal);
  });

  it('stops when a service hands back the token it was given, and on an empty-string token', async () => {
    let calls = 0;
    const looping = async () => {
      calls++;
      return { items: [calls], nextToken: 'same' };
    };
    expect(await collectAll(looping, {}, { items: (p) => p.items })).toEqual([1, 2]);
    const empty = async () => ({ items: [9], NextToken: '' });
    expect(await collectAll(empty, {}, { items: (p) => p.items })).toEqual([9]);
  });

  it('honours maxPages', async () => {
    const { op, calls } = fakeList(range(100), 10, 'NextToken');
    expect(await collectAll(op, {}, { items: (p) => p.Items, maxPages: 3 })).toEqual(range(30));
    expect(calls).toHaveLength(3);
  });

  it('keeps the callback form (collectPages) working', async () => {
    const { op } = fakeList(range(5), 2, 'nextToken');
    const got = await collectPages(
      (nextToken) => op(nextToken ? { nextToken } : {}),
      (p) => p.Items,
    );
    expect(got).toEqual(range(5));
  });
});
