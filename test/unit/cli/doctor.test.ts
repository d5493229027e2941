import { describe, expect, it } from 'vitest';
import doctor from '../../../commands/doctor.js';
import type { FakePorts } from '../../helpers/fake-context.js';
import { awsError, fakeContext } from '../../helpers/fake-context.js';
import { render } from '../../../src/output/render.js';
import type { DoctorReport } from '../../../src/doctor/checks.js';
import type { OutputFormat } from '../../../src/cli/globals.js';

const PERMS = [
  'AWSRAMPermissionSageMakerCatalogResourceSearch',
  'AWSRAMPermissionSageMakerFeatureGroupReadOnly',
  'AWSRAMPermissionSagemakerFeatureGroupReadWrite',
  'AWSRAMPermissionSagemakerFeatureGroupAdmin',
];

function healthy(overrides: FakePorts = {}): FakePorts {
  return {
    sts: {
      getCallerIdentity: () =>
        Promise.resolve({
          Account: '111111111111',
          Arn: 'arn:aws:sts::111111111111:assumed-role/feature-engineer/s',
          UserId: 'AROA:s',
          $metadata: {},
        }),
    },
    ram: {
      listPermissions: () =>
        Promise.resolve({
          permissions: PERMS.map((name) => ({ name, arn: `arn:aws:ram::aws:permission/${name}` })),
          $metadata: {},
        }),
      getPermission: () =>
        Promise.resolve({
          permission: { permission: '{"Effect":"Allow","Action":["sagemaker:GetRecord"]}' },
          $metadata: {},
        }),
    },
    organizations: {
      describeOrganization: () =>
        Promise.resolve({
          Organization: { Id: 'o-fshare1sandbox', MasterAccountId: '111111111111' },
          $metadata: {},
        }),
    },
    cloudTrail: {
      listEventDataStores: () =>
        Promise.resolve({
          EventDataStores: [{ EventDataStoreArn: 'arn:eds/1', Name: 'fshare-audit' }],
          $metadata: {},
        }),
      getEventDataStore: () =>
        Promise.resolve({
          Status: 'ENABLED',
          AdvancedEventSelectors: [
            {
              Name: 'fg',
              FieldSelectors: [
                { Field: 'eventCategory', Equals: ['Data'] },
                { Field: 'resources.type', Equals: ['AWS::SageMaker::FeatureGroup'] },
              ],
            },
          ],
          $metadata: {},
        }),
    },
    ...overrides,
  };
}

async function runDoctorCommand(
  ports: FakePorts,
  output: OutputFormat,
  tty = output === 'table',
  extra = {},
) {
  const fake = fakeContext({ ports, tty, globals: { output }, ...extra });
  const res = await doctor.run([], {}, fake.ctx);
  await render(res, fake.ctx);
  return { res, code: res.exitCode ?? 0, stdout: fake.stdout(), stderr: fake.stderr() };
}

function statuses(report: DoctorReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.check, c.status]));
}

describe('fshare doctor', () => {
  it('all ok: exit 0, every check listed (json)', async () => {
    const { code, stdout } = await runDoctorCommand(healthy(), 'json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as DoctorReport;
    expect(report.ok).toBe(true);
    expect(statuses(report)).toEqual({
      credentials: 'ok',
      region: 'ok',
      mode: 'ok',
      'ram permissions': 'ok',
      organization: 'ok',
      'audit data events': 'ok',
    });
    expect(report.checks[0]?.detail).toContain('111111111111');
  });

  it('prints one line per check on a TTY', async () => {
    const { code, stdout } = await runDoctorCommand(healthy(), 'table');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^ok\s+credentials\s+arn:aws:sts::111111111111/);
    expect(stdout).toContain('o-fshare1sandbox');
  });

  it('missing audit store and fallback permissions are warnings: exit 0, hints on stderr', async () => {
    const ports = healthy({
      cloudTrail: {
        listEventDataStores: () => Promise.resolve({ EventDataStores: [], $metadata: {} }),
        describeTrails: () => Promise.resolve({ trailList: [], $metadata: {} }),
      },
      ram: { listPermissions: () => Promise.reject(awsError('AccessDeniedException', 'no', 403)) },
    });
    const { code, stdout, stderr } = await runDoctorCommand(ports, 'table');
    expect(code).toBe(0);
    expect(stdout).toMatch(/warn\s+audit data events/);
    expect(stdout).toMatch(/warn\s+ram permissions/);
    expect(stderr).toContain('fshare audit setup');
  });

  it('a store that captures other data events only is a warning', async () => {
    const ports = healthy({
      cloudTrail: {
        describeTrails: () => Promise.resolve({ trailList: [], $metadata: {} }),
        listEventDataStores: () =>
          Promise.resolve({ EventDataStores: [{ EventDataStoreArn: 'a', Name: 'other' }], $metadata: {} }),
        getEventDataStore: () =>
          Promise.resolve({
            Status: 'ENABLED',
            AdvancedEventSelectors: [
              { FieldSelectors: [{ Field: 'resources.type', Equals: ['AWS::S3::Object'] }] },
            ],
            $metadata: {},
          }),
      },
    });
    const { res } = await runDoctorCommand(ports, 'json');
    expect(statuses(res.data as DoctorReport)['audit data events']).toBe('warn');
  });

  it('not in an organization is a warning', async () => {
    const ports = healthy({
      organizations: {
        describeOrganization: () => Promise.reject(awsError('AWSOrganizationsNotInUseException')),
      },
    });
    const { res, code } = await runDoctorCommand(ports, 'json');
    expect(code).toBe(0);
    expect(statuses(res.data as DoctorReport).organization).toBe('warn');
  });

  it('failed credentials are one root cause: the AWS checks are skipped, not failed again', async () => {
    const ports = healthy({
      sts: { getCallerIdentity: () => Promise.reject(awsError('ExpiredToken', 'expired', 403)) },
    });
    const { code, stdout, stderr } = await runDoctorCommand(ports, 'table', true, { profile: 'dev' });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^fail\s+credentials/m);
    for (const check of ['ram permissions', 'organization', 'audit data events']) {
      expect(stdout).toMatch(new RegExp(`^skip\\s+${check}\\s+not checked: needs credentials`, 'm'));
    }
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('aws sso login --profile dev');
  });

  it('a failing check does not stop the independent ones; exit 1 (json and csv)', async () => {
    const ports = healthy({
      ram: {
        listPermissions: () =>
          Promise.reject(awsError('ExpiredToken', 'The security token has expired', 403)),
      },
      organizations: {
        describeOrganization: () => Promise.reject(awsError('ServiceUnavailableException', 'down', 503)),
      },
    });
    const json = await runDoctorCommand(ports, 'json', false, { profile: 'dev' });
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as DoctorReport;
    expect(report.ok).toBe(false);
    expect(statuses(report)).toMatchObject({
      credentials: 'ok',
      organization: 'fail',
      'ram permissions': 'fail',
      'audit data events': 'ok',
    });

    const csv = await runDoctorCommand(ports, 'csv', false);
    expect(csv.code).toBe(1);
    expect(csv.stdout.split('\n')[0]).toBe('check,status,detail,hint');
    expect(csv.stdout).toMatch(/^organization,fail,/m);
  });

  it('one cause failing several checks gives one hint naming them all', async () => {
    const unreachable = () =>
      Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const ports = healthy({
      organizations: { describeOrganization: unreachable },
      cloudTrail: { listEventDataStores: unreachable },
    });
    const { code, stderr } = await runDoctorCommand(ports, 'table', true, { endpoint: 'http://127.0.0.1:9' });
    expect(code).toBe(1);
    const notes = stderr.trim().split('\n');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^organization, audit data events: Check --endpoint-url/);
  });

  it('in sandbox mode, reports the mode and checks the sandbox store', async () => {
    const { res, code } = await runDoctorCommand(healthy(), 'json', false, {
      mode: 'sandbox',
      profile: 'consumer',
      env: { FSHARE_HOME: '/nonexistent/fshare-doctor-test' },
    });
    const checks = (res.data as DoctorReport).checks;
    expect(checks.find((c) => c.check === 'mode')?.detail).toMatch(
      /^sandbox \(in-process\), profile consumer/,
    );
    const sandbox = checks.find((c) => c.check === 'sandbox');
    expect(sandbox?.status).toBe('fail');
    expect(sandbox?.hint).toContain('fshare sandbox init');
    expect(code).toBe(1);
  });

  it('outside sandbox mode there is no sandbox check', async () => {
    const { res } = await runDoctorCommand(healthy(), 'json');
    expect((res.data as DoctorReport).checks.map((c) => c.check)).not.toContain('sandbox');
  });
});

describe('fshare doctor -o text', () => {
  it('is TSV with a header: one line per check, never the prose lines', async () => {
    const { code, stdout } = await runDoctorCommand(healthy(), 'text');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('check\tstatus\tdetail\thint');
    expect(lines).toHaveLength(7);
    expect(lines[1]).toMatch(/^credentials\tok\t/);
  });
});
