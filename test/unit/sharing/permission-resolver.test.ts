import { describe, expect, it } from 'vitest';
import type { RamPort } from '../../../src/aws/ports.js';
import { LEVEL_TABLE, LEVELS } from '../../../src/permissions/levels.js';
import {
  actionsFromPermissionDocument,
  levelOfPermission,
  resolvePermissions,
} from '../../../src/sharing/permission-resolver.js';
import { awsError } from '../../helpers/fake-context.js';

type ListOut = Awaited<ReturnType<RamPort['listPermissions']>>;
type ListIn = Parameters<RamPort['listPermissions']>[0];
type GetOut = Awaited<ReturnType<RamPort['getPermission']>>;

const LIVE = [
  { name: 'AWSRAMPermissionSageMakerCatalogResourceSearch', resourceType: 'sagemaker:SagemakerCatalog' },
  // AWS's live spelling differs from the documented one for these three.
  { name: 'AWSRAMPermissionSagemakerFeatureGroupReadOnly', resourceType: 'sagemaker:FeatureGroup' },
  { name: 'AWSRAMPermissionSageMakerFeatureGroupReadWrite', resourceType: 'sagemaker:FeatureGroup' },
  { name: 'AWSRAMPermissionSageMakerFeatureGroupAdmin', resourceType: 'sagemaker:FeatureGroup' },
];
const OTHERS = ['AWSRAMDefaultPermissionGlueTable', 'AWSRAMDefaultPermissionSageMakerPipeline'];

function fakeRam(
  options: {
    names?: { name: string; resourceType?: string }[];
    pageSize?: number;
    listError?: Error;
    getError?: Error;
    documents?: Record<string, string>;
  } = {},
) {
  const all = [...OTHERS.map((name) => ({ name })), ...(options.names ?? LIVE)].map((p) => ({
    ...p,
    arn: `arn:aws:ram::aws:permission/${p.name}`,
    version: '2',
    defaultVersion: true,
    permissionType: 'AWS_MANAGED' as const,
  }));
  const listCalls: ListIn[] = [];
  const getCalls: string[] = [];
  const pageSize = options.pageSize ?? 2;
  const ram = {
    listPermissions: (input: ListIn): Promise<ListOut> => {
      listCalls.push(input);
      if (options.listError) {
        return Promise.reject(options.listError);
      }
      const start = Number(input.nextToken ?? '0');
      const page = all.slice(start, start + pageSize);
      const next = start + pageSize < all.length ? String(start + pageSize) : undefined;
      return Promise.resolve({ permissions: page, ...(next ? { nextToken: next } : {}), $metadata: {} });
    },
    getPermission: (input: { permissionArn: string | undefined }): Promise<GetOut> => {
      getCalls.push(input.permissionArn ?? '');
      if (options.getError) {
        return Promise.reject(options.getError);
      }
      const name = (input.permissionArn ?? '').split('/').pop() ?? '';
      const doc =
        options.documents?.[name] ??
        JSON.stringify({ Effect: 'Allow', Action: [`sagemaker:Live${name.slice(-6)}`] });
      return Promise.resolve({ permission: { arn: input.permissionArn, permission: doc }, $metadata: {} });
    },
  } as unknown as RamPort;
  return { ram, listCalls, getCalls };
}

describe('resolvePermissions', () => {
  it('pages ListPermissions(AWS_MANAGED) and matches names case-insensitively', async () => {
    const { ram, listCalls } = fakeRam();
    const resolved = await resolvePermissions(ram);
    expect(listCalls.length).toBe(3);
    expect(listCalls.every((c) => c.permissionType === 'AWS_MANAGED')).toBe(true);
    expect(listCalls.map((c) => c.nextToken)).toEqual([undefined, '2', '4']);
    expect(resolved.fallbacks).toEqual([]);
    expect(resolved.problems).toEqual([]);
    expect(resolved.byLevel['read-only'].arn).toBe(
      'arn:aws:ram::aws:permission/AWSRAMPermissionSagemakerFeatureGroupReadOnly',
    );
    expect(resolved.byLevel['read-write'].arn).toBe(
      'arn:aws:ram::aws:permission/AWSRAMPermissionSageMakerFeatureGroupReadWrite',
    );
    expect(resolved.byLevel.admin.resourceType).toBe('sagemaker:FeatureGroup');
    expect(resolved.byLevel.discover.version).toBe('2');
    for (const level of LEVELS) {
      expect(resolved.byLevel[level].fallback).toBe(false);
    }
  });

  it('reads the live actions from GetPermission', async () => {
    const { ram, getCalls } = fakeRam({
      documents: {
        AWSRAMPermissionSagemakerFeatureGroupReadOnly: JSON.stringify({
          Effect: 'Allow',
          Action: ['sagemaker:GetRecord', 'sagemaker:ListRecords'],
        }),
      },
    });
    const resolved = await resolvePermissions(ram);
    expect(getCalls.length).toBe(4);
    expect(resolved.byLevel['read-only'].actions).toEqual(['sagemaker:GetRecord', 'sagemaker:ListRecords']);
    expect(resolved.byLevel['read-only'].actionsSource).toBe('live');
  });

  it('falls back to the documented name for a level RAM does not list, and says so', async () => {
    const { ram } = fakeRam({ names: LIVE.filter((p) => !p.name.endsWith('Admin')) });
    const resolved = await resolvePermissions(ram);
    expect(resolved.fallbacks).toEqual(['admin']);
    expect(resolved.byLevel.admin).toMatchObject({
      fallback: true,
      arn: `arn:aws:ram::aws:permission/${LEVEL_TABLE.admin.permissionName}`,
      actions: LEVEL_TABLE.admin.actions,
      actionsSource: 'documented',
    });
    expect(resolved.byLevel['read-only'].fallback).toBe(false);
    expect(resolved.problems.join(' ')).toMatch(/admin/);
  });

  it('falls back for every level when ListPermissions is denied', async () => {
    const { ram, getCalls } = fakeRam({ listError: awsError('AccessDeniedException', 'no', 403) });
    const resolved = await resolvePermissions(ram, { partition: 'aws-cn' });
    expect(resolved.fallbacks).toEqual([...LEVELS]);
    expect(getCalls).toEqual([]);
    for (const level of LEVELS) {
      expect(resolved.byLevel[level].arn).toBe(
        `arn:aws-cn:ram::aws:permission/${LEVEL_TABLE[level].permissionName}`,
      );
    }
    expect(resolved.problems.join(' ')).toMatch(/ListPermissions was denied/);
  });

  it('keeps live ARNs with documented actions when GetPermission is denied', async () => {
    const { ram } = fakeRam({ getError: awsError('AccessDeniedException', 'no', 403) });
    const resolved = await resolvePermissions(ram);
    expect(resolved.fallbacks).toEqual([]);
    expect(resolved.byLevel['read-write'].actionsSource).toBe('documented');
    expect(resolved.byLevel['read-write'].actions).toEqual(LEVEL_TABLE['read-write'].actions);
    expect(resolved.problems.join(' ')).toMatch(/GetPermission was denied/);
  });

  it('skips GetPermission when actions are not wanted', async () => {
    const { ram, getCalls } = fakeRam();
    const resolved = await resolvePermissions(ram, { withActions: false });
    expect(getCalls).toEqual([]);
    expect(resolved.byLevel.admin.actionsSource).toBe('documented');
  });

  it('rethrows errors that are not access denied', async () => {
    const { ram } = fakeRam({ listError: awsError('InternalFailure', 'boom', 500) });
    await expect(resolvePermissions(ram)).rejects.toMatchObject({ name: 'InternalFailure' });
  });

  it('asks RAM once per client (cached per run), and again for a new client', async () => {
    const first = fakeRam();
    await resolvePermissions(first.ram);
    await resolvePermissions(first.ram);
    expect(first.listCalls.length).toBe(3);
    const second = fakeRam();
    await resolvePermissions(second.ram);
    expect(second.listCalls.length).toBe(3);
  });

  it('does not cache a failure', async () => {
    let fail = true;
    const { ram, listCalls } = fakeRam();
    const flaky = {
      ...ram,
      listPermissions: (input: ListIn) =>
        fail ? Promise.reject(awsError('ThrottlingException', 'slow', 400)) : ram.listPermissions(input),
    } as RamPort;
    await expect(resolvePermissions(flaky)).rejects.toMatchObject({ name: 'ThrottlingException' });
    fail = false;
    const resolved = await resolvePermissions(flaky);
    expect(resolved.fallbacks).toEqual([]);
    expect(listCalls.length).toBe(3);
  });

  it('passes a resource type filter through', async () => {
    const { ram, listCalls } = fakeRam();
    await resolvePermissions(ram, { resourceType: 'sagemaker:FeatureGroup', withActions: false });
    expect(listCalls[0]?.resourceType).toBe('sagemaker:FeatureGroup');
  });
});

describe('levelOfPermission', () => {
  it.each([
    ['arn:aws:ram::aws:permission/AWSRAMPermissionSagemakerFeatureGroupReadOnly', 'read-only'],
    ['arn:aws:ram::aws:permission/AWSRAMPermissionSageMakerFeatureGroupReadOnly', 'read-only'],
    ['arn:aws:ram::aws:permission/AWSRAMPermissionSageMakerFeatureGroupAdmin', 'admin'],
    ['arn:aws:ram:us-east-1:111111111111:permission/MyCustomPermission', undefined],
  ])('%s → %s', async (arn, level) => {
    const resolved = await resolvePermissions(fakeRam().ram, { withActions: false });
    expect(levelOfPermission(resolved, arn)).toBe(level);
  });
});

describe('actionsFromPermissionDocument', () => {
  it.each<[string, string[] | undefined]>([
    [
      '{"Effect":"Allow","Action":["sagemaker:GetRecord","sagemaker:BatchGetRecord"]}',
      ['sagemaker:GetRecord', 'sagemaker:BatchGetRecord'],
    ],
    ['{"Effect":"Allow","Action":"sagemaker:Search"}', ['sagemaker:Search']],
    [
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["a:B"]},{"Effect":"Deny","Action":["a:C"]}]}',
      ['a:B'],
    ],
    ['{"Statement":{"Effect":"Allow","Action":["a:B","a:B"]}}', ['a:B']],
    ['{"Effect":"Allow"}', undefined],
    ['not json', undefined],
    ['null', undefined],
  ])('%s', (doc, expected) => {
    expect(actionsFromPermissionDocument(doc)).toEqual(expected);
  });
});
