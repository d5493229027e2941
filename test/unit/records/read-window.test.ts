// Bulk reads keep their window full while the caller works, and streamed output is written in
// few writes with the same bytes.
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { FeatureStorePort } from '../../../src/aws/ports.js';
import { CoalescingWriter } from '../../../src/output/coalesce.js';
import { batchGetChunks } from '../../../src/records/bulk/batch-get.js';

describe('batchGetChunks', () => {
  it('sends the next chunk before it hands a finished one over, and keeps input order', async () => {
    let started = 0;
    const featureStore = {
      batchGetRecord: (input: { Identifiers: { RecordIdentifiersValueAsString: string[] }[] }) => {
        started++;
        const ids = input.Identifiers[0]?.RecordIdentifiersValueAsString ?? [];
        return new Promise((resolve) =>
          setImmediate(() =>
            resolve({
              $metadata: {},
              Records: ids.map((id) => ({
                FeatureGroupName: 'g',
                RecordIdentifierValueAsString: id,
                Record: [{ FeatureName: 'id', ValueAsString: id }],
              })),
              Errors: [],
              UnprocessedIdentifiers: [],
            }),
          ),
        );
      },
    } as unknown as FeatureStorePort;
    const ids = Array.from({ length: 1000 }, (_, i) => `r${i}`);
    // Groups of any size (ListRecords pages, a file's reads) are re-cut into chunks of 100.
    const pages = [ids.slice(0, 350), ids.slice(350, 351), ids.slice(351)];
    const outstanding: number[] = [];
    const got: string[] = [];
    let handedOver = 0;
    for await (const outcomes of batchGetChunks(
      { featureStore, sleep: () => Promise.resolve(), signal: new AbortController().signal },
      { featureGroupArn: 'g', concurrency: 4 },
      pages,
    )) {
      handedOver++;
      // Calls started for chunks after this one: the window the caller's work overlaps with.
      outstanding.push(started - handedOver);
      got.push(...outcomes.map((o) => o.id));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(got).toEqual(ids);
    expect(started).toBe(10);
    expect(outstanding).toEqual([4, 4, 4, 4, 4, 4, 3, 2, 1, 0]);
  });
});

describe('CoalescingWriter', () => {
  it('writes a burst of lines in one write, byte for byte', async () => {
    const writes: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        writes.push(chunk.toString());
        done();
      },
    });
    const out = new CoalescingWriter(sink);
    const lines = Array.from({ length: 500 }, (_, i) => `{"n":${i}}\n`);
    for (const line of lines) {
      await out.write(line);
    }
    await out.end();
    expect(writes.join('')).toBe(lines.join(''));
    expect(writes.length).toBe(1);
  });

  it('makes the caller wait while the stream is full', async () => {
    const sink = new PassThrough({ highWaterMark: 4 });
    const out = new CoalescingWriter(sink, 8);
    expect(out.write('0123456789')).toBeInstanceOf(Promise);
    let drained = false;
    const waiting = (out.write('x') ?? Promise.resolve()).then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    sink.read();
    await waiting;
    expect(drained).toBe(true);
  });
});
