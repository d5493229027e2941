/**
 * The auditor's story on the sandbox, through the public CLI: the owner grants, the consumer
 * accepts and reads, a write is denied, the partner is denied, access is revoked, the consumer is
 * denied again. Then the owner's auditor looks at it from every angle.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientFactory } from '../../../src/aws/client-factory.js';
import type { GlobalOptions } from '../../../src/cli/globals.js';
import type { AuditEvent } from '../../../src/audit/types.js';
import { runCli, type RunResult } from '../../helpers/run-cli.js';

const OWNER = '111111111111';
const CONSUMER = '222222222222';
const PARTNER = '333333333333';
const CUSTOMERS = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/customers`;
const TRANSACTIONS = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/transactions`;

let home = '';
let env: Record<string, string> = {};

function as(profile: string, args: string[], options: { tty?: boolean } = {}): Promise<RunResult> {
  return runCli(['--sandbox', '--profile', profile, ...args], { env, ...options });
}

async function ok(profile: string, args: string[]): Promise<RunResult> {
  const res = await as(profile, args);
  if (res.code !== 0) {
    throw new Error(`${profile}: fshare ${args.join(' ')} exited ${res.code}: ${res.stderr}`);
  }
  return res;
}

/** SDK clients through the sandbox, for steps that are not the CLI under test. */
function sdk(profile: string) {
  const globals: GlobalOptions = {
    profile,
    region: undefined,
    endpointUrl: undefined,
    sandbox: true,
    output: 'json',
    outputExplicit: true,
    color: false,
    debug: false,
    yes: true,
    quiet: true,
    wide: false,
    query: undefined,
    jsonFields: undefined,
    maxItems: undefined,
    pager: undefined,
  };
  const noop = () => undefined;
  return createClientFactory({ globals, env, log: { debug: noop, info: noop, warn: noop } });
}

async function acceptAllInvitations(): Promise<number> {
  const ram = await sdk('consumer').ram();
  const { resourceShareInvitations = [] } = await ram.getResourceShareInvitations({});
  let accepted = 0;
  for (const invitation of resourceShareInvitations) {
    if (invitation.status === 'PENDING' && invitation.resourceShareInvitationArn) {
      await ram.acceptResourceShareInvitation({
        resourceShareInvitationArn: invitation.resourceShareInvitationArn,
      });
      accepted++;
    }
  }
  return accepted;
}

function events(res: RunResult): AuditEvent[] {
  expect(res.code).toBe(0);
  return res.json<AuditEvent[]>();
}

function name(arn: string | null): string | null {
  return arn?.split('/').pop() ?? null;
}

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
  env = { FSHARE_HOME: home };
  // Existing Lake customers, so one story is seen by Lake and by the trail alike.
  await ok('owner', ['sandbox', 'init', '--lake']);
  // The store and the trail record from their creation on, so the auditor sets them up first.
  await ok('auditor', ['audit', 'setup']);
  await ok('auditor', ['audit', 'setup', '--path', 'trail']);
  await ok('owner', ['grant', 'customers', '--to', CONSUMER, '--level', 'read-only']);
  await ok('owner', ['grant', 'transactions', '--to', CONSUMER, '--level', 'read-write']);
  expect(await acceptAllInvitations()).toBe(2);
  await ok('consumer', ['get-record', `${OWNER}/customers`, 'C0001']);
  const put = await as('consumer', [
    'put-record',
    `${OWNER}/customers`,
    '--record',
    JSON.stringify({ customer_id: 'C0001', event_time: '1800000000.0', age: '33' }),
  ]);
  expect(put.code).toBe(3);
  await ok('consumer', ['get-record', `${OWNER}/transactions`, 'T00001']);
  // fshare's get-record checks DescribeFeatureGroup first, so its denied attempt is recorded as a
  // denied DescribeFeatureGroup; a partner calling GetRecord directly is recorded as a denied GetRecord.
  const partner = await as('partner', ['get-record', CUSTOMERS, 'C0001']);
  expect(partner.code).toBe(3);
  const runtime = await sdk('partner').featureStore();
  await expect(
    runtime.getRecord({ FeatureGroupName: CUSTOMERS, RecordIdentifierValueAsString: 'C0001' }),
  ).rejects.toMatchObject({ name: expect.stringMatching(/^Access(Denied|Forbidden)/) });
  await ok('owner', ['--yes', 'revoke', 'customers', '--from', CONSUMER]);
  const after = await as('consumer', ['get-record', CUSTOMERS, 'C0001']);
  expect(after.code).toBe(3);
  // CloudTrail delivers a trail's files about 5 minutes after the calls.
  await ok('owner', ['sandbox', 'clock', '--advance', '10m']);
}, 180_000);

afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

describe('fshare audit on the consumer story', () => {
  it('--source lake lists exactly the record calls, with their outcomes', async () => {
    const all = events(await as('auditor', ['audit', '--source', 'lake', '--since', '1h']));
    const records = all
      .filter((e) => e.category === 'data')
      .reverse()
      .map((e) => [e.account, e.action, name(e.featureGroup), e.outcome]);
    expect(records).toEqual([
      [CONSUMER, 'GetRecord', 'customers', 'allowed'],
      [CONSUMER, 'PutRecord', 'customers', 'denied'],
      [CONSUMER, 'GetRecord', 'transactions', 'allowed'],
      [PARTNER, 'GetRecord', 'customers', 'denied'],
    ]);
    // The CLI's denied attempts stop at DescribeFeatureGroup, a management event the store also keeps.
    const deniedDescribes = all
      .filter((e) => e.action === 'DescribeFeatureGroup' && e.outcome === 'denied')
      .reverse()
      .map((e) => [e.account, name(e.featureGroup)]);
    expect(deniedDescribes).toEqual([
      [PARTNER, 'customers'],
      [CONSUMER, 'customers'],
    ]);
    const first = all.find((e) => e.category === 'data');
    expect(first?.recipientAccount).toBe(OWNER);
    expect(first?.sharedEventId).not.toBeNull();
  });

  it('--source events lists the RAM and control-plane calls, and no record call', async () => {
    const all = events(await as('auditor', ['audit', '--source', 'events', '--since', '1h']));
    const actions = new Set(all.map((e) => e.action));
    for (const expected of ['CreateResourceShare', 'DisassociateResourceShare']) {
      expect(actions).toContain(expected);
    }
    expect(all.every((e) => e.category === 'management')).toBe(true);
    expect(all.some((e) => e.action === 'GetRecord' || e.action === 'PutRecord')).toBe(false);
    const created = all.filter((e) => e.action === 'CreateResourceShare').map((e) => name(e.featureGroup));
    expect(created.sort()).toEqual(['customers', 'transactions']);
    // One share per (principal, level): the revoke takes the group out of the consumer's share.
    const revoked = all.filter((e) => e.action === 'DisassociateResourceShare');
    expect(revoked.map((e) => name(e.featureGroup))).toEqual(['customers']);
  });

  it('--anomalies flags the partner and the revoked consumer, with event ids', async () => {
    const res = await as('auditor', ['audit', '--anomalies', '--since', '1h']);
    expect(res.code).toBe(0);
    const findings =
      res.json<
        { kind: string; account: string; action: string; featureGroup: string; eventIds: string[] }[]
      >();
    const keyed = findings.map((f) => `${f.kind} ${f.account} ${f.action} ${name(f.featureGroup)}`);
    expect(keyed).toContain(`denied ${PARTNER} GetRecord customers`);
    expect(keyed).toContain(`no-current-grant ${PARTNER} GetRecord customers`);
    expect(keyed).toContain(`outside-organization ${PARTNER} GetRecord customers`);
    expect(keyed).toContain(`denied ${PARTNER} DescribeFeatureGroup customers`);
    expect(keyed).toContain(`denied ${CONSUMER} DescribeFeatureGroup customers`);
    expect(keyed).toContain(`no-current-grant ${CONSUMER} DescribeFeatureGroup customers`);
    expect(keyed).not.toContain(`no-current-grant ${CONSUMER} GetRecord transactions`);
    expect(keyed.filter((k) => k.startsWith(`outside-organization ${CONSUMER}`))).toEqual([]);
    for (const f of findings.filter((x) => x.kind === 'denied')) {
      expect(f.eventIds.length).toBeGreaterThan(0);
    }
  });

  it('--advise suggests read-only for the read-write grant that only read', async () => {
    const res = await as('auditor', ['audit', '--advise', '--since', '1h']);
    expect(res.code).toBe(0);
    const advice =
      res.json<{ principal: string; featureGroup: string; suggestion: string; command: string }[]>();
    expect(advice).toContainEqual(
      expect.objectContaining({
        principal: CONSUMER,
        featureGroup: TRANSACTIONS,
        suggestion: 'downgrade',
        command: `fshare grant transactions --to ${CONSUMER} --level read-only`,
      }),
    );
  });

  it.each([
    [OWNER, 'CreateResourceShare', 'customers', 1],
    // DisassociateResourceShare names only the share: the share index ties it to the group.
    [OWNER, 'DisassociateResourceShare', 'customers', 1],
    // The records service caches the schema, so the consumer describes customers at least once.
    [CONSUMER, 'DescribeFeatureGroup', `${OWNER}/customers`, 1],
  ])(
    'combined filters (account %s, event %s, feature group %s) return the same set from events and lake',
    async (account, event, group, atLeast) => {
      const filters = ['--since', '1h', '--account', account, '--event', event, '--feature-group', group];
      const fromEvents = events(await as('auditor', ['audit', '--source', 'events', ...filters]));
      const fromLake = events(await as('auditor', ['audit', '--source', 'lake', ...filters]));
      expect(fromEvents.length).toBeGreaterThanOrEqual(atLeast);
      expect(fromLake.map((e) => e.eventId).sort()).toEqual(fromEvents.map((e) => e.eventId).sort());
      expect(new Set(fromEvents.map((e) => `${e.account} ${e.action} ${name(e.featureGroup)}`))).toEqual(
        new Set([`${account} ${event} customers`]),
      );
    },
  );

  it('--summary pivots account × feature group × action', async () => {
    const res = await as('auditor', [
      'audit',
      '--summary',
      '--source',
      'lake',
      '--since',
      '1h',
      '--event',
      'GetRecord',
    ]);
    expect(res.code).toBe(0);
    const rows =
      res.json<
        { account: string; featureGroup: string; action: string; allowed: number; denied: number }[]
      >();
    expect(rows.map((r) => [r.account, name(r.featureGroup), r.allowed, r.denied])).toEqual([
      [CONSUMER, 'customers', 1, 0],
      [CONSUMER, 'transactions', 1, 0],
      [PARTNER, 'customers', 0, 1],
    ]);
  });

  it('prints a table on a TTY, NDJSON and CSV when asked', async () => {
    const tty = await as('auditor', ['audit', '--source', 'lake', '--since', '1h', '--event', 'PutRecord'], {
      tty: true,
    });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/^TIME\s+ACCOUNT\s+PRINCIPAL\s+ACTION/);
    expect(tty.stdout).toContain(`${CONSUMER}  role/data-scientist`);
    expect(tty.stdout).toContain(`${OWNER}/customers`);
    expect(tty.stdout).toMatch(/PutRecord\s+111111111111\/customers\s+-\s+denied/);
    const ndjson = await as('auditor', [
      '-o',
      'ndjson',
      'audit',
      '--source',
      'lake',
      '--since',
      '1h',
      '--event',
      'GetRecord',
    ]);
    expect(ndjson.code).toBe(0);
    const lines = ndjson.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect((JSON.parse(lines[0] ?? '{}') as AuditEvent).action).toBe('GetRecord');
    const csv = await as('auditor', [
      '-o',
      'csv',
      'audit',
      '--source',
      'lake',
      '--since',
      '1h',
      '--event',
      'GetRecord',
    ]);
    expect(csv.code).toBe(0);
    const [header, ...rows] = csv.stdout.trim().split('\n');
    expect(header).toBe(
      'time,account,recipientAccount,principal,principalRole,action,eventSource,featureGroup,recordId,resourceShare,grantees,outcome,errorCode,category,readOnly,eventId,sharedEventId,sourceIp,userAgent,region',
    );
    expect(rows).toHaveLength(3);
  });

  it('shows progress on a TTY while paging LookupEvents, and not when piped', async () => {
    const args = ['audit', '--source', 'events', '--since', '1h', '--event', 'CreateResourceShare'];
    const tty = await as('auditor', args, { tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/LookupEvents: \d+ requests, \d+ events read/);
    const piped = await as('auditor', args);
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toContain('LookupEvents:');
  });

  it('auto without a data store warns once and shows management events', async () => {
    const res = await as('consumer', ['audit', '--since', '1h']);
    expect(res.code).toBe(0);
    expect(res.stderr.match(/fshare audit setup/g)).toHaveLength(1);
    const all = res.json<AuditEvent[]>();
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((e) => e.category === 'management')).toBe(true);
  });

  it('audit setup is idempotent, and --event-data-store reads the store it names', async () => {
    const res = await as('auditor', ['audit', 'setup']);
    expect(res.code).toBe(0);
    const store = res.json<{ status: string; eventDataStoreArn: string; eventDataStoreId: string }>();
    expect(store.status).toBe('exists');
    for (const ref of [store.eventDataStoreArn, store.eventDataStoreId]) {
      const read = events(
        await as('auditor', [
          'audit',
          '--source',
          'lake',
          '--event-data-store',
          ref,
          '--since',
          '1h',
          '--event',
          'PutRecord',
        ]),
      );
      expect(read.map((e) => [e.account, e.outcome])).toEqual([[CONSUMER, 'denied']]);
    }
  });

  it('--source lake without an event data store exits 4 with the set-up command', async () => {
    const res = await as('consumer', ['-o', 'json', 'audit', '--source', 'lake']);
    expect(res.code).toBe(4);
    expect(JSON.parse(res.stderr) as unknown).toMatchObject({
      error: {
        code: 'FSHARE_NO_EVENT_DATA_STORE',
        hint: expect.stringMatching(/fshare (--sandbox )?audit setup/) as unknown,
      },
    });
  });

  it('bad input exits 2 before any call', async () => {
    for (const args of [
      ['audit', '--since', 'yesterday'],
      ['audit', '--account', '12'],
      ['audit', '--event', "GetRecord'"],
      ['audit', '--summary', '--advise'],
      ['audit', 'setup', '--retention-days', '3'],
    ]) {
      const res = await as('auditor', ['-o', 'json', ...args]);
      expect(res.code, args.join(' ')).toBe(2);
      expect(JSON.parse(res.stderr) as unknown).toMatchObject({
        error: { code: expect.stringMatching(/^FSHARE_/) },
      });
    }
  });
});

describe('the trail sources on the same story', () => {
  /** Every record call as [account, action, feature group, outcome, record, event id], sorted. */
  const recordCalls = (all: AuditEvent[]) =>
    all
      .filter((e) => e.category === 'data')
      .map((e) => [e.account, e.action, name(e.featureGroup), e.outcome, e.recordId, e.eventId].join(' '))
      .sort();

  it('--source s3 returns exactly the record calls Lake returns, with outcomes', async () => {
    const fromLake = recordCalls(events(await as('auditor', ['audit', '--source', 'lake', '--since', '1h'])));
    const res = await as('auditor', ['audit', '--source', 's3', '--since', '1h']);
    expect(recordCalls(events(res))).toEqual(fromLake);
    expect(fromLake).toHaveLength(4);
    expect(res.stderr).toMatch(/S3: read \d+ log file\(s\)/);
  });

  it('--source athena returns the same record calls, and reports the data scanned and its cost', async () => {
    const fromLake = recordCalls(events(await as('auditor', ['audit', '--source', 'lake', '--since', '1h'])));
    const res = await as('auditor', ['audit', '--source', 'athena', '--since', '1h']);
    expect(recordCalls(events(res))).toEqual(fromLake);
    expect(res.stderr).toMatch(/Athena scanned [\d.]+ [KMG]?B \(about \$[\d.]+ at \$5 per TB/);
  });

  it('--summary from Athena and from the files agrees with Lake', async () => {
    const summary = async (source: string) =>
      (
        await as('auditor', [
          'audit',
          '--summary',
          '--source',
          source,
          '--since',
          '1h',
          '--event',
          'getrecord',
        ])
      )
        .json<{ account: string; featureGroup: string; allowed: number; denied: number }[]>()
        .map((r) => [r.account, name(r.featureGroup), r.allowed, r.denied]);
    const lake = await summary('lake');
    expect(lake).toEqual([
      [CONSUMER, 'customers', 1, 0],
      [CONSUMER, 'transactions', 1, 0],
      [PARTNER, 'customers', 0, 1],
    ]);
    expect(await summary('s3')).toEqual(lake);
    expect(await summary('athena')).toEqual(lake);
  });

  it('leaves out fshare’s own polling by default; --all-events shows it', async () => {
    const polling = (all: AuditEvent[]) => all.filter((e) => e.action === 'GetResourceShareAssociations');
    expect(polling(events(await as('auditor', ['audit', '--source', 's3', '--since', '1h'])))).toEqual([]);
    const all = events(await as('auditor', ['audit', '--source', 's3', '--since', '1h', '--all-events']));
    expect(polling(all).length).toBeGreaterThan(0);
    expect(polling(all).every((e) => e.userAgent?.includes('fshare/') && e.readOnly === true)).toBe(true);
  });

  it('--summary grouped in Lake or Athena leaves out that polling too; --all-events counts it', async () => {
    const actions = async (source: string, extra: string[] = []) =>
      (await as('auditor', ['audit', '--summary', '--source', source, '--since', '1h', ...extra]))
        .json<{ action: string }[]>()
        .map((r) => r.action);
    for (const source of ['lake', 'athena']) {
      expect(await actions(source)).not.toContain('GetResourceShareAssociations');
      expect(await actions(source, ['--all-events'])).toContain('GetResourceShareAssociations');
    }
  });

  it.each([
    ['--since', 'yesterday'],
    ['--since', '2026-02-30'],
    ['--event', "GetRecord'--"],
    ['--account', '12345'],
    ['--table', 'logs; DROP TABLE x'],
  ])('a bad filter (%s %s) exits 2 and starts no Athena query', async (flag, value) => {
    const athena = await sdk('auditor').athena();
    const before = (await athena.listQueryExecutions({})).QueryExecutionIds ?? [];
    const res = await as('auditor', ['audit', '--source', 'athena', flag, value]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(flag);
    const after = (await athena.listQueryExecutions({})).QueryExecutionIds ?? [];
    expect(after).toEqual(before);
  });
});
