/**
 * The served sandbox commits the requests that reach their transaction in one event-loop turn
 * together. Each stays atomic and answered as it would be alone: one failing request does not
 * undo the others, and a store failure rolls the group back and replays its requests one by one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  PutRecordCommand,
  SageMakerFeatureStoreRuntimeClient,
} from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { HttpResponse, type HttpRequest } from '@smithy/core/protocols';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initSandbox } from '../../../src/sandbox/admin.js';
import { closeSharedStores, sandboxClientConfig } from '../../../src/sandbox/client-config.js';
import { featureStoreRuntimeService } from '../../../src/sandbox/sagemaker/service.js';
import { SERVICES } from '../../../src/sandbox/services.js';
import { openStore } from '../../../src/sandbox/store.js';
import type { Db, OperationInput, ServiceDefinition } from '../../../src/sandbox/types.js';
import { handleHttpRequest, type WireRequest } from '../../../src/sandbox/wire/handle.js';

let home: string;
let db: Db;

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-group-'));
  initSandbox(home, { orgSharing: false, force: false });
  db = openStore(path.join(home, 'sandbox.db'));
});
afterAll(() => {
  db.close();
  closeSharedStores();
  fs.rmSync(home, { recursive: true, force: true });
});

function record(id: string, age = '40') {
  return [
    { FeatureName: 'customer_id', ValueAsString: id },
    { FeatureName: 'event_time', ValueAsString: '1767225600' },
    { FeatureName: 'age', ValueAsString: age },
    { FeatureName: 'lifetime_value', ValueAsString: '1.5' },
    { FeatureName: 'segment', ValueAsString: 'std' },
    { FeatureName: 'country', ValueAsString: 'US' },
    { FeatureName: 'preferred_categories', ValueAsStringList: ['books'] },
  ];
}

/** PutRecord requests as the SDK signs them, captured instead of sent. */
async function signedPuts(records: ReturnType<typeof record>[]): Promise<WireRequest[]> {
  const cfg = await sandboxClientConfig({
    profile: 'owner',
    endpointUrl: undefined,
    env: { FSHARE_HOME: home },
  });
  const captured: WireRequest[] = [];
  const client = new SageMakerFeatureStoreRuntimeClient({
    region: cfg.region,
    endpoint: cfg.endpoint,
    credentials: cfg.credentials,
    maxAttempts: 1,
    requestHandler: {
      handle: (request: HttpRequest) => {
        captured.push({
          method: request.method,
          rawPath: request.path,
          rawQuery: '',
          headers: { ...request.headers },
          body: Buffer.from(request.body as string),
        });
        return Promise.resolve({
          response: new HttpResponse({
            statusCode: 200,
            headers: {},
            body: Readable.from([Buffer.from('{}')]),
          }),
        });
      },
    } as never,
  });
  for (const r of records) {
    await client.send(new PutRecordCommand({ FeatureGroupName: 'customers', Record: r }));
  }
  return captured;
}

function storedIds(prefix: string): string[] {
  return (
    db
      .prepare("SELECT record_id FROM fs_records WHERE feature_group_name = 'customers' AND record_id LIKE ?")
      .all(`${prefix}%`) as { record_id: string }[]
  ).map((r) => r.record_id);
}

function putEvents(requestIds: string[]): number {
  return requestIds.filter((id) =>
    db.prepare("SELECT 1 FROM ct_events WHERE event_name = 'PutRecord' AND record LIKE ?").get(`%${id}%`),
  ).length;
}

describe('group commit', () => {
  it('answers each request of a group as it would alone, and records each once', async () => {
    const requests = await signedPuts([
      record('G1'),
      record('G2'),
      record('G3', 'not a number'),
      record('G4'),
      record('G5'),
    ]);
    const answers = await Promise.all(requests.map((r) => handleHttpRequest(r, { db, groupCommit: true })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 400, 200, 200]);
    expect(storedIds('G').sort()).toEqual(['G1', 'G2', 'G4', 'G5']);
    expect(putEvents(answers.map((a) => a.headers['x-amzn-requestid'] ?? ''))).toBe(5);
  });

  it('replays the group one by one when a store failure rolls it back', async () => {
    const runs = new Map<string, number>();
    const idOf = (input: OperationInput) =>
      String((input.Record as { ValueAsString?: string }[])[0]?.ValueAsString);
    const put = featureStoreRuntimeService.operations.PutRecord;
    if (!put) {
      throw new Error('no PutRecord');
    }
    const failing: ServiceDefinition = {
      ...featureStoreRuntimeService,
      operations: {
        ...featureStoreRuntimeService.operations,
        PutRecord: {
          ...put,
          handler: (input, ctx) => {
            const id = idOf(input);
            runs.set(id, (runs.get(id) ?? 0) + 1);
            const output = put.handler(input, ctx);
            if (id === 'F3') {
              throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
            }
            return output;
          },
        },
      },
    };
    const services = SERVICES.map((s) => (s === featureStoreRuntimeService ? failing : s));
    const requests = await signedPuts([record('F1'), record('F2'), record('F3'), record('F4')]);
    const settled = await Promise.allSettled(
      requests.map((r) => handleHttpRequest(r, { db, groupCommit: true, services })),
    );
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    // The group ran up to the failure and was rolled back, then each request ran alone: the ones
    // before the failure twice, the one after once; each is stored once.
    expect(Object.fromEntries(runs)).toEqual({ F1: 2, F2: 2, F3: 2, F4: 1 });
    expect(storedIds('F').sort()).toEqual(['F1', 'F2', 'F4']);
    const ids = settled.flatMap((s) =>
      s.status === 'fulfilled' ? [s.value.headers['x-amzn-requestid'] ?? ''] : [],
    );
    expect(putEvents(ids)).toBe(3);
    expect(db.inTransaction).toBe(false);
  });
});
