import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';

const FG = 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers';
let home: string;
const env = () => ({ FSHARE_HOME: home });
const as = (profile: string, args: string[], options: { tty?: boolean } = {}) =>
  runCli(['--sandbox', '--profile', profile, ...args], { env: env(), ...options });

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
  expect((await runCli(['--sandbox', 'sandbox', 'init'], { env: env() })).code).toBe(0);
  const grant = await as('owner', ['grant', 'customers', '--to', '222222222222', '--level', 'read-only']);
  expect(grant.code, grant.stderr).toBe(0);
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('the seed story, consumer side', () => {
  it('lists the pending invitation in every output mode', async () => {
    const tty = await as('consumer', ['invitations'], { tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/111111111111\s+fshare-/);
    expect(tty.stdout).toMatch(/PENDING/);
    const piped = await as('consumer', ['invitations']);
    expect(piped.code).toBe(0);
    const [invitation] = piped.json<
      {
        ownerAccount: string;
        status: string;
        featureGroups: string[];
        expiresAt: string;
        invitedAt: string;
      }[]
    >();
    expect(invitation).toMatchObject({
      ownerAccount: '111111111111',
      status: 'PENDING',
      featureGroups: [FG],
    });
    expect(Date.parse(invitation?.expiresAt ?? '') - Date.parse(invitation?.invitedAt ?? '')).toBe(
      12 * 3600 * 1000,
    );
    const csv = await as('consumer', ['invitations', '-o', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe(
      'ownerAccount,shareName,featureGroups,level,status,expiresAt,invitationArn',
    );
  });

  it('before accepting: can says the invitation is pending, on the consumer side', async () => {
    const res = await as('consumer', ['can', 'get-record', '111111111111/customers', '-o', 'json']);
    expect(res.code).toBe(3);
    expect(res.json()).toMatchObject({
      allowed: false,
      missingOn: 'consumer',
      nextStep: expect.stringMatching(/^fshare --sandbox --profile consumer accept arn:aws:ram:/) as unknown,
    });
  });

  it('accept with no argument and no terminal is a usage error naming --all / --from', async () => {
    const res = await as('consumer', ['accept']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--all/);
    expect(res.stderr).toMatch(/--from/);
  });

  it('accepts, verifies access and says what the consumer can now do', async () => {
    const res = await as('consumer', ['accept', '--from', '111111111111', '--wait', '0']);
    expect(res.code, res.stderr).toBe(0);
    const [row] =
      res.json<
        { outcome: string; verified: boolean; level: string; canNow: string[]; featureGroups: string[] }[]
      >();
    expect(row).toMatchObject({
      outcome: 'accepted',
      verified: true,
      level: 'read-only',
      featureGroups: [FG],
    });
    expect(row?.canNow).toContain('GetRecord');
    expect(row?.canNow).not.toContain('PutRecord');
    const again = await as('consumer', ['accept', '--all', '--wait', '0'], { tty: true });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/No pending invitations/);
  });

  it('accepting the same invitation ARN again is success', async () => {
    const all = (await as('consumer', ['invitations', '--all'])).json<{ invitationArn: string }[]>();
    const arn = all[0]?.invitationArn ?? '';
    const res = await as('consumer', ['accept', arn, '--wait', '0']);
    expect(res.code).toBe(0);
    expect(res.json<{ outcome: string }[]>()[0]?.outcome).toBe('already-accepted');
  });

  it('discovers the shared group with its level', async () => {
    const res = await as('consumer', ['discover']);
    expect(res.code).toBe(0);
    expect(res.json<{ arn: string; level: string; accessible: boolean }[]>()).toContainEqual(
      expect.objectContaining({ arn: FG, level: 'read-only', accessible: true }),
    );
    const tty = await as('consumer', ['discover', '--owner', '111111111111'], { tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/customers\s+us-east-1\s+read-only/);
    expect((await as('consumer', ['discover', '--owner', '12'])).code).toBe(2);
  });

  it('describes the group by bare name: schema, owner, level', async () => {
    const res = await as('consumer', ['describe', 'customers']);
    expect(res.code).toBe(0);
    const data = res.json<{
      ownerAccount: string;
      yourLevel: string;
      recordIdentifier: string;
      features: { name: string; collectionType: string | null }[];
    }>();
    expect(data).toMatchObject({
      ownerAccount: '111111111111',
      yourLevel: 'read-only',
      recordIdentifier: 'customer_id',
    });
    expect(data.features.some((f) => f.collectionType === 'List')).toBe(true);
    const tty = await as('consumer', ['describe', 'customers'], { tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/your level: read-only/);
    expect(tty.stdout).toMatch(/List<String>/);
  });

  it('gets a record by bare name, typed, in every mode; a missing one is exit 4', async () => {
    const json = await as('consumer', ['get-record', 'customers', 'C0001', '-o', 'json']);
    expect(json.code).toBe(0);
    const record = json.json<Record<string, unknown>>();
    expect(record.customer_id).toBe('C0001');
    expect(Number.isInteger(record.age)).toBe(true);
    expect(typeof record.lifetime_value).toBe('number');
    expect(Array.isArray(record.preferred_categories)).toBe(true);
    const tty = await as('consumer', ['get-record', 'customers', 'C0001'], { tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/age\s+\d+\s+Integral/);
    const csv = await as('consumer', ['get-record', 'customers', 'C0001', '--features', 'age', '-o', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toMatch(/^feature,value,type\n/);
    const missing = await as('consumer', ['get-record', 'customers', 'NO-SUCH-ID']);
    expect(missing.code).toBe(4);
    expect(missing.stdout).toBe('');
    const badFeature = await as('consumer', ['get-record', 'customers', 'C0001', '--features', 'nope']);
    expect(badFeature.code).toBe(2);
    expect(badFeature.stderr).toMatch(/nope/);
  });

  it('batch-get streams records and reports missing ids with exit 5', async () => {
    const ok = await as('consumer', ['batch-get', 'customers', '--ids', 'C0001,C0002', '-o', 'ndjson']);
    expect(ok.code).toBe(0);
    expect(
      ok.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { customer_id: string }).customer_id),
    ).toEqual(['C0001', 'C0002']);
    const partial = await as('consumer', ['batch-get', 'customers', '--ids', 'C0003,NOPE']);
    expect(partial.code).toBe(5);
    expect(partial.json<{ customer_id: string }[]>().map((r) => r.customer_id)).toEqual(['C0003']);
    expect(partial.stderr).toMatch(/NOPE: no such record/);
    expect(partial.stderr).toMatch(/1 of 2 identifiers was not read\./);
    expect((await as('consumer', ['batch-get', 'customers'])).code).toBe(2);
  });

  it('a read-only consumer writing gets exit 3 and the grant --level read-write hint', async () => {
    const res = await as('consumer', [
      'put-record',
      'customers',
      '--record',
      '{"customer_id":"X1","event_time":1767225600}',
    ]);
    expect(res.code).toBe(3);
    // The hint pastes as printed: it carries this invocation's --sandbox.
    expect(res.stderr).toMatch(/fshare --sandbox grant customers --to 222222222222 --level read-write/);
    const can = await as('consumer', ['can', 'put-record', 'customers'], { tty: true });
    expect(can.code).toBe(3);
    expect(can.stdout).toMatch(/--level read-write/);
  });

  it('the partner, with nothing shared, is denied with exit 3 and a hint', async () => {
    const res = await as('partner', ['get-record', '111111111111/customers', 'C0001', '-o', 'json']);
    expect(res.code).toBe(3);
    const error = (JSON.parse(res.stderr) as { error: { code: string; hint: string } }).error;
    expect(error.hint).toMatch(/fshare --sandbox grant customers --to 333333333333/);
  });

  it('put-record validates against the schema and names the field (exit 2, nothing sent)', async () => {
    const bad = await as('owner', [
      'put-record',
      'customers',
      '--record',
      '{"customer_id":"V1","event_time":1767225600,"age":"old"}',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/feature \\?"age\\?"/);
    expect((await as('owner', ['get-record', 'customers', 'V1'])).code).toBe(4);
    const good = await as('owner', [
      'put-record',
      'customers',
      '--record',
      '{"customer_id":"V1","age":7}',
      '--event-time-now',
      '--ttl',
      '7d',
    ]);
    expect(good.code, good.stderr).toBe(0);
    expect(
      (await as('owner', ['get-record', 'customers', 'V1', '-o', 'json'])).json<{ age: number }>().age,
    ).toBe(7);
  });

  it('delete-record refuses a stale event time and deletes with a newer one', async () => {
    const stale = await as('owner', ['delete-record', 'customers', 'V1', '--event-time', '1']);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toMatch(/newer/);
    const hard = await as('owner', ['delete-record', 'customers', 'V1', '--hard', '--yes']);
    expect(hard.code, hard.stderr).toBe(0);
    expect((await as('owner', ['get-record', 'customers', 'V1'])).code).toBe(4);
    expect((await as('owner', ['delete-record', 'customers', 'V1'])).code).toBe(4);
  });
});

describe('organization sharing', () => {
  let orgHome: string;
  beforeAll(async () => {
    orgHome = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
    expect(
      (await runCli(['--sandbox', 'sandbox', 'init', '--org-sharing'], { env: { FSHARE_HOME: orgHome } }))
        .code,
    ).toBe(0);
    const grant = await runCli(
      [
        '--sandbox',
        '--profile',
        'owner',
        'grant',
        'customers',
        '--to',
        '222222222222',
        '--level',
        'read-write',
      ],
      {
        env: { FSHARE_HOME: orgHome },
      },
    );
    expect(grant.code, grant.stderr).toBe(0);
  });
  afterAll(() => fs.rmSync(orgHome, { recursive: true, force: true }));

  it('accept says no invitation is needed and access is live', async () => {
    const res = await runCli(['--sandbox', '--profile', 'consumer', 'accept', '--all', '--wait', '0'], {
      env: { FSHARE_HOME: orgHome },
      tty: true,
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/No invitation is needed/);
    expect(res.stdout).toMatch(/live \(organization sharing\)/);
  });
});

describe('an expired invitation', () => {
  let expiredHome: string;
  const run = (profile: string, args: string[], tty = false) =>
    runCli(['--sandbox', '--profile', profile, ...args], { env: { FSHARE_HOME: expiredHome }, tty });
  beforeAll(async () => {
    expiredHome = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
    expect((await runCli(['--sandbox', 'sandbox', 'init'], { env: { FSHARE_HOME: expiredHome } })).code).toBe(
      0,
    );
    expect(
      (await run('owner', ['grant', 'customers', '--to', '222222222222', '--level', 'read-only'])).code,
    ).toBe(0);
    expect(
      (
        await runCli(['--sandbox', 'sandbox', 'clock', '--advance', '13h'], {
          env: { FSHARE_HOME: expiredHome },
        })
      ).code,
    ).toBe(0);
  });
  afterAll(() => fs.rmSync(expiredHome, { recursive: true, force: true }));

  it('says the owner must grant again and shows the command (exit 5)', async () => {
    const all = (await run('consumer', ['invitations', '--all'])).json<
      { invitationArn: string; status: string }[]
    >();
    expect(all.map((i) => i.status)).toEqual(['EXPIRED']);
    const res = await run('consumer', ['accept', all[0]?.invitationArn ?? '', '--wait', '0'], true);
    expect(res.code).toBe(5);
    expect(res.stdout).toMatch(/expired/);
    expect(res.stderr).toMatch(
      /owner \(account 111111111111\) must grant again: `fshare grant \S+ --to 222222222222 --level read-only`/,
    );
  });
});
