import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeatureStorePort } from '../../../src/aws/ports.js';
import { UsageError } from '../../../src/errors.js';
import { getChunk } from '../../../src/records/bulk/batch-get.js';
import { runImport } from '../../../src/records/bulk/import.js';
import { AimdLimiter, backoffDelay, chunk } from '../../../src/records/bulk/pacing.js';
import { ProgressLedger } from '../../../src/records/bulk/progress-ledger.js';
import { readCsv, readJsonl } from '../../../src/records/rows.js';
import { schemaFromDescription } from '../../../src/records/schema.js';
import { awsError } from '../../helpers/fake-context.js';

const schema = schemaFromDescription({
  FeatureGroupName: 'g',
  FeatureGroupArn: 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/g',
  RecordIdentifierFeatureName: 'id',
  EventTimeFeatureName: 't',
  FeatureDefinitions: [
    { FeatureName: 'id', FeatureType: 'String' },
    { FeatureName: 't', FeatureType: 'Fractional' },
    { FeatureName: 'n', FeatureType: 'Integral' },
  ],
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) {
    out.push(x);
  }
  return out;
}

describe('ProgressLedger', () => {
  it('advances the watermark only over contiguous completions', () => {
    const ledger = new ProgressLedger();
    for (const n of [1, 2, 3, 4]) {
      ledger.dispatch(n);
    }
    ledger.complete(2);
    ledger.complete(4);
    expect(ledger.state()).toEqual({ watermark: 0, done: [2, 4] });
    ledger.complete(1);
    expect(ledger.state()).toEqual({ watermark: 2, done: [4] });
    ledger.complete(3);
    expect(ledger.state()).toEqual({ watermark: 4, done: [] });
  });

  it('treats gaps in ordinals (blank lines) as done once everything around them is', () => {
    const ledger = new ProgressLedger();
    ledger.dispatch(1);
    ledger.dispatch(5);
    ledger.complete(5);
    ledger.complete(1);
    expect(ledger.state().watermark).toBe(5);
  });

  it('restores from a saved state and reports what is done', () => {
    const ledger = new ProgressLedger({ watermark: 10, done: [12, 15] });
    expect([9, 10, 11, 12, 13, 15].map((n) => ledger.isDone(n))).toEqual([
      true,
      true,
      false,
      true,
      false,
      true,
    ]);
    ledger.dispatch(11);
    ledger.dispatch(13);
    ledger.dispatch(14);
    ledger.complete(11);
    expect(ledger.state()).toEqual({ watermark: 12, done: [15] });
  });
});

describe('pacing', () => {
  it('backs off exponentially with full jitter under a cap', () => {
    expect([1, 2, 3, 10].map((a) => backoffDelay(a, () => 0.999999, { baseMs: 100, capMs: 1000 }))).toEqual([
      199, 399, 799, 999,
    ]);
    expect(backoffDelay(5, () => 0)).toBe(0);
  });

  it('AIMD: cuts once per congestion epoch, grows by one after limit successes', () => {
    const limiter = new AimdLimiter(8, 16);
    const epoch = limiter.epoch;
    limiter.onCongestion(epoch);
    limiter.onCongestion(epoch); // a second call from the same window does not cut again
    expect(limiter.limit).toBe(6);
    limiter.onCongestion(limiter.epoch);
    expect(limiter.limit).toBe(4);
    for (let i = 0; i < 4; i++) {
      limiter.onSuccess();
    }
    expect(limiter.limit).toBe(5);
    const floor = new AimdLimiter(1, 4);
    floor.onCongestion(floor.epoch);
    expect(floor.limit).toBe(1);
  });

  it('chunks', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});

describe('row readers', () => {
  it('CSV: BOM, quoting, multi-line values, malformed rows in order with stable ordinals', async () => {
    const text = '\ufeffid,t\n1,"a ""q"""\n2,"bad"x\n3,"multi\nline"\n\n4,too,many\n5,ok\n';
    const rows = await collect(readCsv(Readable.from([text])));
    expect(rows.map((r) => [r.ordinal, r.line, r.error ? 'error' : r.value])).toEqual([
      [1, 2, { id: '1', t: 'a "q"' }],
      // A bad closing quote spoils its own record only.
      [2, 3, 'error'],
      [3, 4, { id: '3', t: 'multi\nline' }],
      [4, 7, 'error'],
      [5, 8, { id: '5', t: 'ok' }],
    ]);
    const again = await collect(readCsv(Readable.from([text])));
    expect(again.map((r) => r.ordinal)).toEqual(rows.map((r) => r.ordinal));
  });

  it('CSV: the header callback can refuse before any row', async () => {
    await expect(
      collect(
        readCsv(Readable.from(['id,zzz\n1,2\n']), {
          onHeader: () => {
            throw new UsageError('bad header');
          },
        }),
      ),
    ).rejects.toBeInstanceOf(UsageError);
  });

  it('JSONL: BOM, blank lines, invalid JSON and arrays', async () => {
    const rows = await collect(readJsonl(Readable.from(['\ufeff{"id":"1"}\n\n[1,2]\n{oops\n'])));
    expect(rows.map((r) => [r.line, r.error === undefined ? r.value : 'error'])).toEqual([
      [1, { id: '1' }],
      [3, [1, 2]],
      [4, 'error'],
    ]);
  });
});

describe('runImport with a fake Feature Store', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  function setup(lines: string[]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
    dirs.push(dir);
    const file = path.join(dir, 'in.jsonl');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return {
      dir,
      file,
      rejectsPath: path.join(dir, 'rejects.jsonl'),
      checkpointPath: path.join(dir, 'cp.json'),
    };
  }

  const deps = (featureStore: Partial<FeatureStorePort>) => ({
    featureStore: featureStore as FeatureStorePort,
    sleep: () => Promise.resolve(),
    now: () => 0,
    signal: new AbortController().signal,
    warn: () => undefined,
    random: () => 0.5,
  });

  it('retries throttles and UnprocessedEntries, rejects invalid rows, writes each valid row once', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => JSON.stringify({ id: `r${i}`, t: 1, n: i }));
    rows.splice(10, 0, '{"id":"bad","t":1,"n":"x"}', '[1,2]');
    const paths = setup(rows);
    const written = new Map<string, number>();
    let calls = 0;
    const summary = await runImport(
      deps({
        batchWriteRecord: (input) => {
          calls++;
          if (calls === 1) {
            return Promise.reject(awsError('ThrottlingException', 'slow down', 429));
          }
          const entries = input.Entries ?? [];
          const [first, ...rest] = entries;
          for (const e of calls === 2 ? rest : entries) {
            const id = e.Record?.find((v) => v.FeatureName === 'id')?.ValueAsString ?? '';
            written.set(id, (written.get(id) ?? 0) + 1);
          }
          return Promise.resolve({
            $metadata: {},
            Errors: [],
            UnprocessedEntries: calls === 2 && first ? [first] : [],
          });
        },
      }),
      {
        featureGroupArn: schema.featureGroupArn,
        schema,
        format: 'jsonl',
        concurrency: 1,
        resume: false,
        ...paths,
      },
    );
    expect(summary).toMatchObject({ read: 62, sent: 60, rejected: 2 });
    expect(summary.retried).toBeGreaterThanOrEqual(26);
    expect(written.size).toBe(60);
    expect([...written.values()].every((n) => n === 1)).toBe(true);
    const rejects = fs
      .readFileSync(paths.rejectsPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; reason: string });
    expect(rejects.map((r) => r.line)).toEqual([11, 12]);
    expect(rejects[0]?.reason).toMatch(/feature "n"/);
    expect(fs.existsSync(paths.checkpointPath)).toBe(false);
  });

  it('falls back to PutRecord when BatchWriteRecord is refused', async () => {
    const paths = setup([JSON.stringify({ id: 'a', t: 1 }), JSON.stringify({ id: 'b', t: 1 })]);
    const put: string[] = [];
    const warnings: string[] = [];
    const summary = await runImport(
      {
        ...deps({
          batchWriteRecord: () => Promise.reject(awsError('AccessForbidden', 'no', 403)),
          putRecord: (input) => {
            put.push(input.Record?.[0]?.ValueAsString ?? '');
            return Promise.resolve({ $metadata: {} });
          },
        }),
        warn: (m) => warnings.push(m),
      },
      {
        featureGroupArn: schema.featureGroupArn,
        schema,
        format: 'jsonl',
        concurrency: 2,
        resume: false,
        ...paths,
      },
    );
    expect(summary.writeOperation).toBe('PutRecord');
    expect(put.sort()).toEqual(['a', 'b']);
    expect(warnings.filter((w) => /PutRecord/.test(w))).toHaveLength(1);
  });

  it('resumes from a checkpoint, sending only unacknowledged rows', async () => {
    const paths = setup(Array.from({ length: 10 }, (_, i) => JSON.stringify({ id: `r${i}`, t: 1 })));
    const stat = fs.statSync(paths.file);
    fs.writeFileSync(
      paths.checkpointPath,
      JSON.stringify({
        version: 1,
        input: { path: paths.file, size: stat.size, mtimeMs: stat.mtimeMs },
        featureGroupArn: schema.featureGroupArn,
        ledger: { watermark: 6, done: [8] },
        updatedAt: 'x',
      }),
    );
    const sent: string[] = [];
    const summary = await runImport(
      deps({
        batchWriteRecord: (input) => {
          sent.push(...(input.Entries ?? []).map((e) => e.Record?.[0]?.ValueAsString ?? ''));
          return Promise.resolve({ $metadata: {}, Errors: [], UnprocessedEntries: [] });
        },
      }),
      {
        featureGroupArn: schema.featureGroupArn,
        schema,
        format: 'jsonl',
        concurrency: 2,
        resume: true,
        ...paths,
      },
    );
    expect(sent).toEqual(['r6', 'r8', 'r9']);
    expect(summary).toMatchObject({ skipped: 7, sent: 3 });
  });
});

describe('getChunk', () => {
  it('retries UnprocessedIdentifiers and reports missing and failed ids', async () => {
    let call = 0;
    const outcomes = await getChunk(
      {
        featureStore: {
          batchGetRecord: () => {
            call++;
            return Promise.resolve(
              call === 1
                ? {
                    $metadata: {},
                    Records: [
                      {
                        FeatureGroupName: 'g',
                        RecordIdentifierValueAsString: 'a',
                        Record: [{ FeatureName: 'id', ValueAsString: 'a' }],
                      },
                    ],
                    Errors: [
                      {
                        FeatureGroupName: 'g',
                        RecordIdentifierValueAsString: 'c',
                        ErrorCode: 'ValidationError',
                        ErrorMessage: 'bad',
                      },
                    ],
                    UnprocessedIdentifiers: [
                      { FeatureGroupName: 'g', RecordIdentifiersValueAsString: ['b'] },
                    ],
                  }
                : { $metadata: {}, Records: [], Errors: [], UnprocessedIdentifiers: [] },
            );
          },
        } as unknown as FeatureStorePort,
        sleep: () => Promise.resolve(),
        signal: new AbortController().signal,
      },
      { featureGroupArn: 'g' },
      ['a', 'b', 'c'],
    );
    expect(call).toBe(2);
    expect(outcomes.map((o) => o.status)).toEqual(['found', 'not-found', 'error']);
  });
});
