import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  normalizeDocument,
  normalizeLakeRow,
  normalizeLookupEvent,
  normalizeRecord,
  outcomeFor,
  parseLenientJson,
  roleOfPrincipal,
  toIsoTime,
} from '../../../src/audit/normalize.js';
import type { AuditEvent } from '../../../src/audit/types.js';

interface Sample {
  name: string;
  kind: string;
  event?: unknown;
  text?: string;
  valid_json: boolean | null;
}

const samples = (
  JSON.parse(
    readFileSync(new URL('../../../fixtures/cloudtrail/aws-doc-samples.json', import.meta.url), 'utf8'),
  ) as { samples: Sample[] }
).samples;

function sample(name: string): Sample {
  const found = samples.find((s) => s.name === name);
  if (!found) {
    throw new Error(`no sample ${name}`);
  }
  return found;
}

/** The sample's document: its parsed `event`, or its published text read leniently. */
function documentOf(s: Sample): unknown {
  if (s.event !== undefined) {
    return s.event;
  }
  let text = s.text ?? '';
  if (s.name === 'lookup-events-response-userguide-example') {
    // As published the inner LoginTo value lacks its closing escaped quote, which ends the outer
    // string early; this is the one repair not done by parseLenientJson.
    text = text.replace('console/home",', 'console/home\\",');
  }
  return parseLenientJson(text);
}

const KEYS: (keyof AuditEvent)[] = [
  'time',
  'account',
  'recipientAccount',
  'principal',
  'principalRole',
  'action',
  'eventSource',
  'featureGroup',
  'recordId',
  'resourceShare',
  'grantees',
  'outcome',
  'errorCode',
  'category',
  'readOnly',
  'eventId',
  'sharedEventId',
  'sourceIp',
  'userAgent',
  'region',
];

/**
 * Two samples hold no event: the botocore response shape (a schema) and a Lake result of two
 * unnamed expressions (_col0, _col1). They must read without error and yield empty events.
 */
const NOT_EVENTS = new Set([
  'lookup-events-response-shape-botocore',
  'lake-results-cloudtrail-lake-queries-jan-2023',
]);

describe('every AWS sample is read', () => {
  const documents = samples.filter((s) => s.kind !== 'lake-query');
  it('covers the 21 samples that are not SQL', () => {
    expect(documents).toHaveLength(21);
  });
  it.each(documents.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    const events = normalizeDocument(documentOf(s));
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(Object.keys(event).sort()).toEqual([...KEYS].sort());
      const named = event.action ?? event.time ?? event.eventId ?? event.principal;
      if (NOT_EVENTS.has(s.name)) {
        expect(named).toBeNull();
      } else {
        expect(named).not.toBeNull();
      }
    }
  });

  it('reads every LookupEvents member the botocore shape documents that the audit uses', () => {
    const shape = sample('lookup-events-response-shape-botocore').event as {
      Event: { members: Record<string, unknown> };
    };
    const used = ['EventId', 'EventName', 'EventTime', 'EventSource', 'ReadOnly', 'CloudTrailEvent'];
    expect(Object.keys(shape.Event.members)).toEqual(expect.arrayContaining(used));
    const event = normalizeLookupEvent({
      EventId: 'id',
      EventName: 'ListPrincipals',
      EventTime: new Date('2026-01-01T00:00:00Z'),
      EventSource: 'ram.amazonaws.com',
      ReadOnly: 'false',
    });
    expect([event.eventId, event.action, event.time, event.eventSource, event.readOnly]).toEqual([
      'id',
      'ListPrincipals',
      '2026-01-01T00:00:00.000Z',
      'ram.amazonaws.com',
      false,
    ]);
  });

  it('reads the 7 Lake query samples as SQL bounded or not by eventTime (fixtures for the builder)', () => {
    const queries = samples.filter((s) => s.kind === 'lake-query');
    expect(queries).toHaveLength(7);
    const bounded = queries.filter((q) => /eventTime\s*>/i.test(q.text ?? ''));
    expect(bounded.map((q) => q.name)).toContain('lake-query-cross-account-access-aws-samples');
  });
});

describe('normalizeRecord', () => {
  it('reads the Feature Store PutRecord data event (published with an elided tlsDetails)', () => {
    const [event] = normalizeDocument(documentOf(sample('sagemaker-featurestore-PutRecord')));
    expect(event).toEqual({
      time: '2023-01-01T01:00:00.000Z',
      account: '123456789012',
      recipientAccount: '123456789012',
      principal: 'arn:aws:iam::123456789012:user/user',
      principalRole: 'arn:aws:iam::123456789012:user/user',
      action: 'PutRecord',
      eventSource: 'sagemaker.amazonaws.com',
      featureGroup: 'arn:aws:sagemaker:us-east-1:123456789012:feature-group/your-feature-group-name',
      recordId: null,
      resourceShare: null,
      grantees: [],
      outcome: 'allowed',
      errorCode: null,
      category: 'data',
      readOnly: false,
      eventId: 'event-id',
      sharedEventId: null,
      sourceIp: '192.0.2.0',
      userAgent: 'your-user-agent',
      region: 'us-east-1',
    });
  });

  it('reads a RAM management event, which has no resources[]', () => {
    const event = normalizeRecord(sample('ram-CreateResourceShare').event);
    expect(event).toMatchObject({
      action: 'CreateResourceShare',
      eventSource: 'ram.amazonaws.com',
      category: 'management',
      account: '111122223333',
      featureGroup: null,
      outcome: 'allowed',
      userAgent: 'aws-cli/1.16.2 Python/2.7.10 Darwin/16.7.0 botocore/1.11.2',
      // Only the response names the share a CreateResourceShare created.
      resourceShare: 'arn:aws:ram:us-east-1:111122223333:resource-share/EXAMPLE0-1234-abcd-1212-987656789098',
      grantees: [],
    });
  });

  it('takes the feature group from RAM resourceArns and from a bare featureGroupName', () => {
    const ram = normalizeRecord({
      eventSource: 'ram.amazonaws.com',
      eventName: 'AssociateResourceShare',
      userIdentity: { accountId: '111111111111' },
      requestParameters: {
        resourceShareArn: 'arn:aws:ram:us-east-1:111111111111:resource-share/x',
        resourceArns: ['arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers'],
        principals: ['222222222222', 'arn:aws:iam::222222222222:role/analyst'],
      },
    });
    expect(ram.featureGroup).toBe('arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers');
    expect(ram.resourceShare).toBe('arn:aws:ram:us-east-1:111111111111:resource-share/x');
    expect(ram.grantees).toEqual(['222222222222', 'arn:aws:iam::222222222222:role/analyst']);
    const describe = normalizeRecord({
      eventName: 'DescribeFeatureGroup',
      awsRegion: 'us-east-1',
      userIdentity: { accountId: '111111111111' },
      requestParameters: { featureGroupName: 'customers' },
    });
    expect(describe.featureGroup).toBe('arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers');
  });

  it('marks errors: denials apart from other failures', () => {
    const [failed] = normalizeDocument(sample('cloudtrail-log-file-UpdateTrail-error').event);
    expect(failed).toMatchObject({ outcome: 'error', errorCode: 'TrailNotFoundException' });
    expect(outcomeFor('AccessDenied')).toBe('denied');
    expect(outcomeFor('AccessDeniedException')).toBe('denied');
    expect(outcomeFor('Client.UnauthorizedOperation')).toBe('denied');
    expect(outcomeFor('ResourceNotFound')).toBe('error');
    expect(outcomeFor(null)).toBe('allowed');
  });

  it('keeps sharedEventID and the two accounts of a cross-account delivery', () => {
    const first = normalizeRecord(sample('sts-AssumeRole-cross-account-event-1').event);
    const second = normalizeRecord(sample('sts-AssumeRole-cross-account-event-2').event);
    expect(first.sharedEventId).toBe('bEXAMPLE-efea-4a70-b951-19a88EXAMPLE');
    expect(second.sharedEventId).toBe(first.sharedEventId);
    expect(first.account).toBe('777788889999');
    expect(first.recipientAccount).toBe('111122223333');
    // As published, the second copy has no recipientAccountId.
    expect(second.recipientAccount).toBeNull();
    const outposts = normalizeRecord(sample('s3-outposts-PutObject-cross-account-data-event').event);
    expect(outposts).toMatchObject({
      category: 'data',
      account: '222222222222',
      recipientAccount: '444455556666',
    });
  });

  it('reads Insights events (no userIdentity) as their own category', () => {
    const events = normalizeDocument(sample('cloudtrail-log-file-insights-pair').event);
    expect(events.map((e) => [e.category, e.action, e.eventSource, e.principal])).toEqual([
      ['insight', 'UpdateInstanceInformation', 'ssm.amazonaws.com', null],
      ['insight', 'UpdateInstanceInformation', 'ssm.amazonaws.com', null],
    ]);
  });

  it('reads a version 1.0 record without eventID', () => {
    const [event] = normalizeDocument(sample('cloudtrail-log-file-ec2-StartInstances').event);
    expect(event).toMatchObject({ eventId: null, action: 'StartInstances', recipientAccount: null });
  });

  it('reads all three records of a log file', () => {
    const events = normalizeDocument(
      sample('s3-log-file-ListBuckets-PutBucketAcl-GetBucketVersioning').event,
    );
    expect(events.map((e) => e.action)).toEqual(['ListBuckets', 'PutBucketAcl', 'GetBucketVersioning']);
  });

  it('reads the metrics data event published with elisions', () => {
    const [event] = normalizeDocument(documentOf(sample('sagemaker-metrics-BatchPutMetrics')));
    expect(event).toMatchObject({
      action: 'BatchPutMetrics',
      time: '2022-12-14T21:53:41.000Z',
      featureGroup: null,
    });
  });
});

describe('LookupEvents responses', () => {
  it('parses CloudTrailEvent and derives the role of an assumed-role session', () => {
    const [event] = normalizeDocument(sample('lookup-events-response-awscli-example').event);
    expect(event).toMatchObject({
      action: 'ConsoleLogin',
      eventId: '654ccbc0-ba0d-486a-9076-dbf7274677a7',
      principal: 'arn:aws:sts::123456789012:assumed-role/my-role/my-session-name',
      principalRole: 'arn:aws:iam::123456789012:role/my-role',
      time: '2016-01-26T21:42:12.000Z',
    });
  });

  it('falls back to the envelope when CloudTrailEvent is not JSON', () => {
    const event = normalizeLookupEvent({
      EventId: 'e-1',
      EventName: 'GetResourceShares',
      EventTime: 1424476529,
      EventSource: 'ram.amazonaws.com',
      ReadOnly: 'true',
      CloudTrailEvent: '{not json',
    });
    expect(event).toMatchObject({
      eventId: 'e-1',
      action: 'GetResourceShares',
      time: '2015-02-20T23:55:29.000Z',
      eventSource: 'ram.amazonaws.com',
      readOnly: true,
    });
  });

  it('reads the user guide example (epoch EventTime, multi-line CloudTrailEvent)', () => {
    const [event] = normalizeDocument(documentOf(sample('lookup-events-response-userguide-example')));
    expect(event).toMatchObject({ action: 'ConsoleLogin', principal: 'arn:aws:iam::111122223333:root' });
  });
});

describe('Lake rows', () => {
  it('maps the sample columns, and Lake time format to ISO', () => {
    const events = normalizeDocument(sample('lake-results-apis-called-by-user-bob-2023-01-22').event);
    expect(events.map((e) => [e.eventId, e.action, e.eventSource, e.time])).toEqual([
      [
        'EXAMPLE-c3b6-43e4-aa35-b2490EXAMPLE',
        'DescribeQuery',
        'cloudtrail.amazonaws.com',
        '2023-01-22T16:53:53.000Z',
      ],
      ['EXAMPLE6-ac95-4b37-b587-76a80EXAMPLE', 'ListBuckets', 's3.amazonaws.com', '2023-01-22T20:25:01.000Z'],
    ]);
    const logins = normalizeDocument(sample('lake-results-console-logins-in-regions').event);
    expect(logins.map((e) => [e.principal, e.region])).toEqual([
      ['arn:aws:sts::123456789012:assumed-role/example-identity', 'us-east-1'],
      ['arn:aws:sts::123456789012:assumed-role/example-identity', 'us-west-2'],
    ]);
  });

  it("reads fshare's own aliased columns", () => {
    const event = normalizeLakeRow([
      { eventid: 'e1' },
      { eventtime: '2026-11-23 10:00:00.000' },
      { eventname: 'GetRecord' },
      { eventcategory: 'Data' },
      { principalarn: 'arn:aws:sts::222222222222:assumed-role/data-scientist/s1' },
      { calleraccount: '222222222222' },
      { issuerarn: 'arn:aws:iam::222222222222:role/data-scientist' },
      { errorcode: 'AccessDeniedException' },
      { featuregroupname: 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers' },
      { recordid: 'C0001' },
      { resourcearn: 'arn:aws:ram:us-east-1:111111111111:resource-share/not-a-group' },
      { readonly: 'true' },
      { principals: '[222222222222, arn:aws:iam::333333333333:role/partner-engineer]' },
      { resourceshare: 'arn:aws:ram:us-east-1:111111111111:resource-share/abc-1' },
    ]);
    expect(event).toMatchObject({
      eventId: 'e1',
      time: '2026-11-23T10:00:00.000Z',
      category: 'data',
      principalRole: 'arn:aws:iam::222222222222:role/data-scientist',
      outcome: 'denied',
      featureGroup: 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers',
      recordId: 'C0001',
      readOnly: true,
      grantees: ['222222222222', 'arn:aws:iam::333333333333:role/partner-engineer'],
      resourceShare: 'arn:aws:ram:us-east-1:111111111111:resource-share/abc-1',
    });
  });

  it('reads the outdated {key, value} cells of the CLI guide', () => {
    const [event] = normalizeDocument(documentOf(sample('lake-get-query-results-cli-output')));
    expect(event?.action).toBe('StartQuery');
  });
});

describe('helpers', () => {
  it.each([
    ['2023-01-01T01:00:00Z', '2023-01-01T01:00:00.000Z'],
    ['2021-11-18T09:41:02-08:00', '2021-11-18T17:41:02.000Z'],
    ['2022-02-08 19:54:44.000', '2022-02-08T19:54:44.000Z'],
    [1424476529, '2015-02-20T23:55:29.000Z'],
    ['not a time', null],
    [undefined, null],
  ])('toIsoTime(%j) = %j', (input, expected) => {
    expect(toIsoTime(input)).toBe(expected);
  });

  it.each([
    ['arn:aws:sts::111111111111:assumed-role/auditor/s', null, 'arn:aws:iam::111111111111:role/auditor'],
    [
      'arn:aws:sts::111111111111:assumed-role/auditor/s',
      'arn:aws:iam::111111111111:role/path/auditor',
      'arn:aws:iam::111111111111:role/path/auditor',
    ],
    ['arn:aws:iam::111111111111:user/alice', null, 'arn:aws:iam::111111111111:user/alice'],
    ['arn:aws:iam::111111111111:root', null, null],
    [null, null, null],
  ])('roleOfPrincipal(%j, %j) = %j', (arn, issuer, expected) => {
    expect(roleOfPrincipal(arn, issuer)).toBe(expected);
  });
});
