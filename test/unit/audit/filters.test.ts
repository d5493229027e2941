import { describe, expect, it } from 'vitest';
import {
  eventDataStoreId,
  featureGroupMatches,
  matchesFilters,
  parseAuditOptions,
  parseTimeFlag,
} from '../../../src/audit/filters.js';
import { planLookups } from '../../../src/audit/lookup-plan.js';
import type { AuditEvent, AuditFilters } from '../../../src/audit/types.js';
import { UsageError } from '../../../src/errors.js';
import { parseFeatureGroupRef } from '../../../src/permissions/arns.js';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const FG = 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers';

function event(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    time: '2026-11-23T11:00:00.000Z',
    account: '222222222222',
    recipientAccount: '111111111111',
    principal: 'arn:aws:sts::222222222222:assumed-role/data-scientist/s1',
    principalRole: 'arn:aws:iam::222222222222:role/data-scientist',
    action: 'GetRecord',
    eventSource: 'sagemaker.amazonaws.com',
    featureGroup: FG,
    recordId: 'C0001',
    resourceShare: null,
    grantees: [],
    outcome: 'allowed',
    errorCode: null,
    category: 'data',
    readOnly: true,
    eventId: 'e1',
    sharedEventId: 's1',
    sourceIp: '127.0.0.1',
    userAgent: 'ua',
    region: 'us-east-1',
    ...overrides,
  };
}

describe('parseTimeFlag', () => {
  it.each([
    ['24h', '2026-11-22T12:00:00.000Z'],
    ['7d', '2026-11-16T12:00:00.000Z'],
    ['30m', '2026-11-23T11:30:00.000Z'],
    ['2w', '2026-11-09T12:00:00.000Z'],
    ['2026-11-01', '2026-11-01T00:00:00.000Z'],
    ['2026-11-01T10:00:00Z', '2026-11-01T10:00:00.000Z'],
    ['2026-11-01T10:00:00+02:00', '2026-11-01T08:00:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(parseTimeFlag('--since', text, NOW).toISOString()).toBe(iso);
  });

  it.each(['yesterday', '7', '7y', '-1d', "2026-01-01' OR 1=1", '2026-13-45'])('refuses %j', (text) => {
    expect(() => parseTimeFlag('--since', text, NOW)).toThrow(UsageError);
  });
});

describe('parseAuditOptions', () => {
  it('defaults to the last 24 hours from auto', () => {
    const parsed = parseAuditOptions({}, NOW);
    expect(parsed.source).toBe('auto');
    expect(parsed.filters.since.toISOString()).toBe('2026-11-22T12:00:00.000Z');
    expect(parsed.filters.until).toEqual(NOW);
  });

  it('validates and keeps every filter', () => {
    const parsed = parseAuditOptions(
      {
        since: '7d',
        featureGroup: '111111111111/customers',
        account: '222222222222',
        principal: 'arn:aws:iam::222222222222:role/data-scientist',
        event: ['GetRecord,PutRecord', 'GetRecord'],
        source: 'lake',
        eventDataStore: 'arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/abc-123',
        limit: '10',
      },
      NOW,
    );
    expect(parsed.filters).toMatchObject({
      account: '222222222222',
      principal: 'arn:aws:iam::222222222222:role/data-scientist',
      events: ['GetRecord', 'PutRecord'],
      limit: 10,
    });
    expect(parsed.filters.featureGroup).toMatchObject({ kind: 'qualified', account: '111111111111' });
  });

  it.each([
    [{ account: '2222' }, 'FSHARE_BAD_ACCOUNT'],
    [{ account: "222222222222' OR 1=1" }, 'FSHARE_BAD_ACCOUNT'],
    [{ event: ["GetRecord'--"] }, 'FSHARE_BAD_EVENT_NAME'],
    [{ event: ['Get Record'] }, 'FSHARE_BAD_EVENT_NAME'],
    [{ featureGroup: "customers'; DROP" }, 'FSHARE_BAD_FEATURE_GROUP'],
    [{ principal: 'o-abcdefghij' }, 'FSHARE_BAD_PRINCIPAL'],
    [{ principal: 'arn:aws:organizations::111111111111:organization/o-abcdefghij' }, 'FSHARE_BAD_PRINCIPAL'],
    [{ source: 'trail' }, 'FSHARE_BAD_SOURCE'],
    [{ limit: '0' }, 'FSHARE_BAD_LIMIT'],
    [{ limit: '1e3' }, 'FSHARE_BAD_LIMIT'],
    [{ since: '1h', until: '2h' }, 'FSHARE_BAD_TIME'],
    [{ source: 'events', since: '200d', until: '100d' }, 'FSHARE_BAD_TIME'],
    [{ eventDataStore: 'store id with spaces' }, 'FSHARE_BAD_EVENT_DATA_STORE'],
  ])('refuses %j with %s', (raw, code) => {
    expect(() => parseAuditOptions(raw, NOW)).toThrow(expect.objectContaining({ code, exitCode: 2 }));
  });

  it('accepts an assumed-role session ARN as principal', () => {
    const arn = 'arn:aws:sts::222222222222:assumed-role/data-scientist/s1';
    expect(parseAuditOptions({ principal: arn }, NOW).filters.principal).toBe(arn);
  });
});

describe('eventDataStoreId', () => {
  it('takes the ID from an ARN or as is', () => {
    expect(eventDataStoreId('arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/EXAMPLE-f852')).toBe(
      'EXAMPLE-f852',
    );
    expect(eventDataStoreId('EXAMPLE-f852')).toBe('EXAMPLE-f852');
  });
});

describe('featureGroupMatches', () => {
  it.each([
    [FG, FG, true],
    [FG, 'arn:aws:sagemaker:us-west-2:111111111111:feature-group/customers', false],
    ['111111111111/customers', FG, true],
    ['333333333333/customers', FG, false],
    ['customers', FG, true],
    ['customers', 'customers', true],
    ['customers', 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers2', false],
  ])('%s vs %s → %s', (filter, value, expected) => {
    expect(featureGroupMatches(parseFeatureGroupRef(filter), value)).toBe(expected);
  });
});

describe('matchesFilters', () => {
  const base: AuditFilters = { since: new Date('2026-11-23T00:00:00Z'), until: NOW };
  it.each([
    [{}, {}, true],
    [{}, { time: '2026-11-22T23:59:59.000Z' }, false],
    [{ account: '222222222222' }, {}, true],
    [{ account: '333333333333' }, {}, false],
    [{ events: ['PutRecord'] }, {}, false],
    [{ events: ['PutRecord', 'GetRecord'] }, {}, true],
    [{ principal: '222222222222' }, {}, true],
    [{ principal: 'arn:aws:iam::222222222222:role/data-scientist' }, {}, true],
    [{ principal: 'arn:aws:iam::222222222222:role/analyst' }, {}, false],
    [{ featureGroup: parseFeatureGroupRef('transactions') }, {}, false],
  ])('filters %j on %j → %s', (filters, overrides, expected) => {
    expect(matchesFilters({ ...base, ...filters }, event(overrides))).toBe(expected);
  });
});

describe('planLookups: one lookup attribute per request, the most selective', () => {
  const base: AuditFilters = { since: new Date(0), until: NOW };
  it.each([
    [{ events: ['AssociateResourceShare'] }, [['EventName', 'AssociateResourceShare']]],
    [{ events: ['CreateResourceShare', 'AssociateResourceShare'] }, [['EventSource', 'ram.amazonaws.com']]],
    [
      { events: ['DescribeFeatureGroup', 'UpdateFeatureGroup'] },
      [['EventSource', 'sagemaker.amazonaws.com']],
    ],
    [
      { events: ['ConsoleLogin', 'AssumeRole'] },
      [
        ['EventName', 'ConsoleLogin'],
        ['EventName', 'AssumeRole'],
      ],
    ],
    [{ principal: 'arn:aws:sts::222222222222:assumed-role/data-scientist/s1' }, [['Username', 's1']]],
    [{ principal: 'arn:aws:iam::222222222222:user/path/alice' }, [['Username', 'alice']]],
    [
      {
        principal: 'arn:aws:iam::222222222222:role/data-scientist',
        featureGroup: parseFeatureGroupRef('customers'),
      },
      [
        ['EventSource', 'ram.amazonaws.com'],
        ['EventSource', 'sagemaker.amazonaws.com'],
      ],
    ],
    [
      {},
      [
        ['EventSource', 'ram.amazonaws.com'],
        ['EventSource', 'sagemaker.amazonaws.com'],
      ],
    ],
  ])('%j → %j', (filters, expected) => {
    expect(planLookups({ ...base, ...filters }).map((a) => [a.AttributeKey, a.AttributeValue])).toEqual(
      expected,
    );
  });
});

describe('event names and fshare’s own polling', () => {
  it('known event names are canonicalised; matching is case-insensitive for any name', () => {
    const parsed = parseAuditOptions({ event: ['getrecord', 'PUTRECORD', 'SomeNewCall'] }, NOW);
    expect(parsed.filters.events).toEqual(['GetRecord', 'PutRecord', 'SomeNewCall']);
    const filters = { since: new Date(0), until: NOW, events: ['somenewcall'] } as AuditFilters;
    expect(matchesFilters(filters, event({ action: 'SomeNewCall' }))).toBe(true);
    expect(matchesFilters(filters, event({ action: 'OtherCall' }))).toBe(false);
  });

  it('leaves out a call only when it is fshare’s, read-only, and a polling call; --all-events keeps it', () => {
    const base = { since: new Date(0), until: NOW } as AuditFilters;
    const polling = event({
      action: 'GetResourceShareAssociations',
      readOnly: true,
      userAgent: 'aws-sdk-js/3.1 api/ram#3.1 fshare/0.1.0',
    });
    expect(matchesFilters(base, polling)).toBe(false);
    expect(matchesFilters({ ...base, allEvents: true }, polling)).toBe(true);
    // Someone else's identical call, a write, or a record read is never left out.
    expect(matchesFilters(base, { ...polling, userAgent: 'aws-cli/2.15' })).toBe(true);
    expect(matchesFilters(base, { ...polling, readOnly: false })).toBe(true);
    expect(matchesFilters(base, { ...polling, action: 'GetRecord' })).toBe(true);
    expect(matchesFilters(base, { ...polling, action: 'DescribeFeatureGroup' })).toBe(true);
  });

  it('--source athena and s3 are sources; --database/--table/--workgroup are validated', () => {
    expect(
      parseAuditOptions({ source: 'athena', database: 'db_1', table: 't', workgroup: 'w-1' }, NOW),
    ).toMatchObject({
      source: 'athena',
      athena: { database: 'db_1', table: 't', workgroup: 'w-1' },
    });
    expect(parseAuditOptions({ source: 's3' }, NOW).source).toBe('s3');
    for (const raw of [{ database: 'Bad-Name' }, { table: 'x;y' }, { workgroup: 'a b' }]) {
      expect(() => parseAuditOptions(raw, NOW)).toThrow(
        expect.objectContaining({ code: 'FSHARE_BAD_ATHENA_NAME', exitCode: 2 }),
      );
    }
  });
});
