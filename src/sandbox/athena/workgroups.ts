/** Athena workgroups: `primary` always exists; others are created with their result configuration. */
import { SandboxServiceError, type Db, type OperationInput } from '../types.js';
import type { Scope } from './catalog.js';

export const PRIMARY = 'primary';
export const ENGINE_VERSION = {
  SelectedEngineVersion: 'AUTO',
  EffectiveEngineVersion: 'Athena engine version 3',
};

export interface WorkGroupRow {
  name: string;
  description: string | null;
  configuration: string;
  state: string;
  created_ms: number;
}

export interface WorkGroupConfig {
  ResultConfiguration?: { OutputLocation?: string; ExpectedBucketOwner?: string };
  EnforceWorkGroupConfiguration?: boolean;
  PublishCloudWatchMetricsEnabled?: boolean;
  BytesScannedCutoffPerQuery?: number;
  RequesterPaysEnabled?: boolean;
}

export const invalidRequest = (message: string, code = 'INVALID_INPUT'): SandboxServiceError =>
  Object.assign(new SandboxServiceError('InvalidRequestException', message), { athenaErrorCode: code });

export function findWorkGroup(db: Db, scope: Scope, name: string): WorkGroupRow | undefined {
  const row = db
    .prepare(
      'SELECT name, description, configuration, state, created_ms FROM athena_workgroups WHERE account_id = ? AND region = ? AND name = ?',
    )
    .get(scope.accountId, scope.region, name) as WorkGroupRow | undefined;
  if (row === undefined && name === PRIMARY) {
    return { name: PRIMARY, description: null, configuration: '{}', state: 'ENABLED', created_ms: 0 };
  }
  return row;
}

export function requireWorkGroup(db: Db, scope: Scope, name: unknown): WorkGroupRow {
  const wanted = typeof name === 'string' && name !== '' ? name : PRIMARY;
  const row = findWorkGroup(db, scope, wanted);
  if (!row) {
    throw invalidRequest(`WorkGroup ${wanted} is not found.`);
  }
  return row;
}

export const configOf = (row: WorkGroupRow): WorkGroupConfig =>
  JSON.parse(row.configuration) as WorkGroupConfig;

function workGroupView(row: WorkGroupRow): Record<string, unknown> {
  const config = configOf(row);
  return {
    Name: row.name,
    State: row.state,
    Configuration: {
      ...config,
      EnforceWorkGroupConfiguration: config.EnforceWorkGroupConfiguration ?? row.name !== PRIMARY,
      PublishCloudWatchMetricsEnabled: config.PublishCloudWatchMetricsEnabled ?? false,
      RequesterPaysEnabled: config.RequesterPaysEnabled ?? false,
      EngineVersion: ENGINE_VERSION,
    },
    ...(row.description ? { Description: row.description } : {}),
    CreationTime: new Date(row.created_ms),
  };
}

const NAME = /^[a-zA-Z0-9._-]{1,128}$/;

function saveWorkGroup(db: Db, scope: Scope, row: WorkGroupRow): void {
  db.prepare(
    `INSERT INTO athena_workgroups (account_id, region, name, description, configuration, state, created_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, region, name) DO UPDATE SET description = excluded.description,
       configuration = excluded.configuration, state = excluded.state`,
  ).run(
    scope.accountId,
    scope.region,
    row.name,
    row.description,
    row.configuration,
    row.state,
    row.created_ms,
  );
}

export function createWorkGroup(db: Db, scope: Scope, input: OperationInput, nowMs: number): void {
  const name = input.Name;
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw invalidRequest(
      'WorkGroup name must be 1-128 characters of letters, numbers, periods, dashes and underscores.',
    );
  }
  if (findWorkGroup(db, scope, name)) {
    throw invalidRequest('WorkGroup is already created', 'ALREADY_EXISTS');
  }
  const configuration = (input.Configuration ?? {}) as WorkGroupConfig;
  saveWorkGroup(db, scope, {
    name,
    description: typeof input.Description === 'string' ? input.Description : null,
    configuration: JSON.stringify({
      ...(configuration.ResultConfiguration
        ? { ResultConfiguration: configuration.ResultConfiguration }
        : {}),
      EnforceWorkGroupConfiguration: configuration.EnforceWorkGroupConfiguration ?? true,
      PublishCloudWatchMetricsEnabled: configuration.PublishCloudWatchMetricsEnabled ?? true,
      ...(configuration.BytesScannedCutoffPerQuery === undefined
        ? {}
        : { BytesScannedCutoffPerQuery: configuration.BytesScannedCutoffPerQuery }),
      RequesterPaysEnabled: configuration.RequesterPaysEnabled ?? false,
    }),
    state: 'ENABLED',
    created_ms: nowMs,
  });
}

export function updateWorkGroup(db: Db, scope: Scope, input: OperationInput): void {
  const row = requireWorkGroup(db, scope, input.WorkGroup);
  const config = configOf(row);
  const updates = (input.ConfigurationUpdates ?? {}) as {
    ResultConfigurationUpdates?: { OutputLocation?: string; RemoveOutputLocation?: boolean };
    EnforceWorkGroupConfiguration?: boolean;
    PublishCloudWatchMetricsEnabled?: boolean;
    BytesScannedCutoffPerQuery?: number;
  };
  const result = { ...(config.ResultConfiguration ?? {}) };
  if (updates.ResultConfigurationUpdates?.OutputLocation !== undefined) {
    result.OutputLocation = updates.ResultConfigurationUpdates.OutputLocation;
  }
  if (updates.ResultConfigurationUpdates?.RemoveOutputLocation === true) {
    delete result.OutputLocation;
  }
  const next: WorkGroupConfig = {
    ...config,
    ResultConfiguration: result,
    ...(updates.EnforceWorkGroupConfiguration === undefined
      ? {}
      : { EnforceWorkGroupConfiguration: updates.EnforceWorkGroupConfiguration }),
    ...(updates.PublishCloudWatchMetricsEnabled === undefined
      ? {}
      : { PublishCloudWatchMetricsEnabled: updates.PublishCloudWatchMetricsEnabled }),
    ...(updates.BytesScannedCutoffPerQuery === undefined
      ? {}
      : { BytesScannedCutoffPerQuery: updates.BytesScannedCutoffPerQuery }),
  };
  saveWorkGroup(db, scope, {
    ...row,
    description: typeof input.Description === 'string' ? input.Description : row.description,
    configuration: JSON.stringify(next),
    state: input.State === 'DISABLED' || input.State === 'ENABLED' ? input.State : row.state,
  });
}

export function getWorkGroup(db: Db, scope: Scope, input: OperationInput): Record<string, unknown> {
  return { WorkGroup: workGroupView(requireWorkGroup(db, scope, input.WorkGroup)) };
}

export function listWorkGroups(db: Db, scope: Scope): Record<string, unknown> {
  const rows = db
    .prepare(
      'SELECT name, description, configuration, state, created_ms FROM athena_workgroups WHERE account_id = ? AND region = ? ORDER BY name',
    )
    .all(scope.accountId, scope.region) as WorkGroupRow[];
  const all = rows.some((r) => r.name === PRIMARY)
    ? rows
    : [findWorkGroup(db, scope, PRIMARY) as WorkGroupRow, ...rows];
  return {
    WorkGroups: all.map((r) => ({
      Name: r.name,
      State: r.state,
      ...(r.description ? { Description: r.description } : {}),
      CreationTime: new Date(r.created_ms),
      EngineVersion: ENGINE_VERSION,
    })),
  };
}

export function deleteWorkGroup(db: Db, scope: Scope, input: OperationInput): void {
  const row = requireWorkGroup(db, scope, input.WorkGroup);
  if (row.name === PRIMARY) {
    throw invalidRequest('The primary workgroup cannot be deleted.');
  }
  db.prepare('DELETE FROM athena_workgroups WHERE account_id = ? AND region = ? AND name = ?').run(
    scope.accountId,
    scope.region,
    row.name,
  );
}
