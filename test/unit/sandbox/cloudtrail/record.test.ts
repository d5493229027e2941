import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRecord, recordCall, sessionNameOf } from '../../../../src/sandbox/cloudtrail/record.js';
import { callerOf, getRecordCall, memoryDb, ramCall } from './fixtures.js';

interface Sample {
  name: string;
  text?: string;
  event?: Record<string, unknown>;
}
const samples = (
  JSON.parse(
    fs.readFileSync(new URL('../../../../fixtures/cloudtrail/aws-doc-samples.json', import.meta.url), 'utf8'),
  ) as {
    samples: Sample[];
  }
).samples;

function sample(name: string): Record<string, unknown> {
  const found = samples.find((s) => s.name === name);
  if (found?.event !== undefined) {
    return found.event;
  }
  // The published PutRecord sample elides tlsDetails as '...', which is not JSON.
  const text = (found?.text ?? '').replace(/,\s*"tlsDetails":\s*\{\s*\.\.\.\s*\}/, '');
  return JSON.parse(text) as Record<string, unknown>;
}

function lookupSampleRecord(): Record<string, unknown> {
  const response = sample('lookup-events-response-awscli-example') as {
    Events: { CloudTrailEvent: string }[];
  };
  return JSON.parse(response.Events[0]?.CloudTrailEvent ?? '{}') as Record<string, unknown>;
}

function keysDeep(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [];
  }
  return Object.entries(value).flatMap(([k, v]) => [`${prefix}${k}`, ...keysDeep(v, `${prefix}${k}.`)]);
}

const T = new Date('2026-03-01T10:20:30.456Z');

describe('buildRecord', () => {
  it('gives a GetRecord data event every top-level key of the published Feature Store sample', () => {
    const ours = buildRecord(getRecordCall(callerOf('owner'), T), '111111111111', 'e-1', undefined);
    const published = sample('sagemaker-featurestore-PutRecord');
    const missing = Object.keys(published).filter((k) => !(k in ours));
    expect(missing).toEqual([]);
    expect(ours).toMatchObject({
      eventVersion: '1.08',
      eventTime: '2026-03-01T10:20:30Z',
      eventSource: 'sagemaker.amazonaws.com',
      eventName: 'GetRecord',
      eventCategory: 'Data',
      managementEvent: false,
      readOnly: true,
      eventType: 'AwsApiCall',
      recipientAccountId: '111111111111',
      resources: [{ accountId: '111111111111', type: 'AWS::SageMaker::FeatureGroup' }],
    });
    expect(ours).not.toHaveProperty('sharedEventID');
  });

  it('describes an assumed role the way the published AssumedRole record does', () => {
    const ours = buildRecord(ramCall(callerOf('consumer'), T), '222222222222', 'e-2', undefined);
    const publishedIdentity = lookupSampleRecord().userIdentity;
    const missing = keysDeep(publishedIdentity).filter((k) => !keysDeep(ours.userIdentity).includes(k));
    expect(missing).toEqual([]);
    expect(ours.userIdentity).toMatchObject({
      type: 'AssumedRole',
      arn: 'arn:aws:sts::222222222222:assumed-role/data-scientist/fshare-sandbox',
      accountId: '222222222222',
      sessionContext: {
        sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::222222222222:role/data-scientist' },
      },
    });
  });

  it('gives a RAM management event the keys of the published RAM sample', () => {
    const ours = buildRecord(ramCall(callerOf('owner'), T), '111111111111', 'e-3', undefined);
    const missing = Object.keys(sample('ram-CreateResourceShare')).filter((k) => !(k in ours));
    expect(missing).toEqual([]);
    expect(ours).toMatchObject({
      eventSource: 'ram.amazonaws.com',
      eventCategory: 'Management',
      managementEvent: true,
      requestParameters: { name: 'fshare-customers-read-only', allowExternalPrincipals: false },
      responseElements: { resourceShare: { status: 'ACTIVE' } },
    });
  });

  it('writes camelCase requestParameters from a PascalCase input when the handler gives none', () => {
    const call = getRecordCall(callerOf('owner'), T);
    delete call.trail.requestParameters;
    const ours = buildRecord(call, '111111111111', 'e-4', undefined);
    expect(ours.requestParameters).toEqual({
      featureGroupName: call.input.FeatureGroupName,
      recordIdentifierValueAsString: 'c-1',
    });
  });

  it('records a denial with errorCode, errorMessage and no responseElements', () => {
    const call = getRecordCall(callerOf('partner'), T, {
      error: { code: 'AccessForbidden', message: 'not authorized' },
    });
    const ours = buildRecord(call, '333333333333', 'e-5', 'shared');
    expect(ours).toMatchObject({
      errorCode: 'AccessForbidden',
      errorMessage: 'not authorized',
      responseElements: null,
    });
  });
});

describe('recordCall delivery', () => {
  function rows(db: ReturnType<typeof memoryDb>): Record<string, unknown>[] {
    return (db.prepare('SELECT record FROM ct_events ORDER BY seq').all() as { record: string }[]).map(
      (r) => JSON.parse(r.record) as Record<string, unknown>,
    );
  }

  it('delivers a cross-account call to the caller and the owner with one sharedEventID', () => {
    const db = memoryDb();
    recordCall(db, getRecordCall(callerOf('consumer'), T));
    const delivered = rows(db);
    expect(delivered).toHaveLength(2);
    const [first, second] = delivered;
    expect(first?.recipientAccountId).toBe('222222222222');
    expect(second?.recipientAccountId).toBe('111111111111');
    expect(first?.sharedEventID).toBeTypeOf('string');
    expect(first?.sharedEventID).toBe(second?.sharedEventID);
    expect(first?.eventID).not.toBe(second?.eventID);
    expect((first?.userIdentity as { accountId: string }).accountId).toBe('222222222222');
    expect((second?.userIdentity as { accountId: string }).accountId).toBe('222222222222');
  });

  it('delivers a same-account call once, without sharedEventID', () => {
    const db = memoryDb();
    recordCall(db, getRecordCall(callerOf('owner'), T));
    const delivered = rows(db);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).not.toHaveProperty('sharedEventID');
    expect(delivered[0]?.recipientAccountId).toBe('111111111111');
  });

  it('indexes the session name as the Username, as LookupEvents reports for assumed roles', () => {
    const db = memoryDb();
    recordCall(db, ramCall(callerOf('owner'), T));
    const row = db.prepare('SELECT username, access_key_id, event_time_ms FROM ct_events').get() as Record<
      string,
      unknown
    >;
    expect(row).toEqual({
      username: sessionNameOf(callerOf('owner')),
      access_key_id: 'AKIAOWNER0000000001',
      event_time_ms: T.getTime(),
    });
  });
});
