/**
 * An in-memory sandbox store with the seeded feature groups, fake callers for the five sandbox
 * profiles, and a way to call a handler as a given caller at a given sandbox time.
 */
import { openStore } from '../../../../src/sandbox/store.js';
import { SANDBOX_PROFILES, roleArnOf } from '../../../../src/sandbox/core/principals.js';
import { seedFeatureStore } from '../../../../src/sandbox/sagemaker/seed.js';
import type {
  Caller,
  Db,
  OperationContext,
  OperationHandler,
  OperationInput,
  OperationOutput,
} from '../../../../src/sandbox/types.js';
import { SandboxServiceError } from '../../../../src/sandbox/types.js';
import { featureStoreRuntimeService, sagemakerService } from '../../../../src/sandbox/sagemaker/service.js';
import { initialTrail } from '../../../../src/sandbox/wire/trail.js';

export const SEED_TIME = new Date('2026-01-01T00:00:00Z');
export const OWNER = '111111111111';
export const CONSUMER = '222222222222';
export const PARTNER = '333333333333';
export const CUSTOMERS_ARN = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/customers`;
export const TRANSACTIONS_ARN = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/transactions`;

export function seededDb(): Db {
  const db = openStore(':memory:');
  seedFeatureStore(db, { now: SEED_TIME });
  return db;
}

export function callerFor(profile: string): Caller {
  const definition = SANDBOX_PROFILES.find((p) => p.profile === profile);
  if (!definition) {
    throw new Error(`unknown profile ${profile}`);
  }
  return {
    profile,
    accountId: definition.accountId,
    roleName: definition.roleName,
    roleArn: roleArnOf(definition.accountId, definition.roleName),
    accessKeyId: `AKIATEST${profile.toUpperCase().replace(/-/g, '')}`,
    secretAccessKey: 'secret',
    arn: `arn:aws:sts::${definition.accountId}:assumed-role/${definition.roleName}/fshare-sandbox`,
    userId: `AROATEST:${profile}`,
    sourceIpAddress: '127.0.0.1',
    userAgent: 'vitest',
  };
}

/** The trail the wire layer starts a handler with, from the operation table that lists it. */
function trailOf(handler: OperationHandler | undefined): OperationContext['trail'] {
  for (const service of [sagemakerService, featureStoreRuntimeService]) {
    for (const [operation, definition] of Object.entries(service.operations)) {
      if (definition.handler === handler) {
        return initialTrail(operation, definition);
      }
    }
  }
  return { eventCategory: 'Management', readOnly: true, resources: [] };
}

export function contextFor(
  db: Db,
  profile: string,
  now: Date = SEED_TIME,
  handler?: OperationHandler,
): OperationContext {
  return {
    db,
    caller: callerFor(profile),
    region: 'us-east-1',
    now,
    requestId: 'test-request',
    trail: trailOf(handler),
  };
}

export interface Invocation {
  output: OperationOutput;
  ctx: OperationContext;
}

export function invoke(
  handler: OperationHandler,
  db: Db,
  profile: string,
  input: OperationInput,
  now: Date = SEED_TIME,
): Invocation {
  const ctx = contextFor(db, profile, now, handler);
  return { output: handler(input, ctx), ctx };
}

/** The modelled error a call throws; fails the test when the call succeeds. */
export function errorOf(call: () => unknown): SandboxServiceError {
  try {
    call();
  } catch (error) {
    if (error instanceof SandboxServiceError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the call to throw a SandboxServiceError');
}

export function fv(
  name: string,
  value: string | string[],
): { FeatureName: string; ValueAsString?: string; ValueAsStringList?: string[] } {
  return Array.isArray(value)
    ? { FeatureName: name, ValueAsStringList: value }
    : { FeatureName: name, ValueAsString: value };
}

export function customer(
  id: string,
  eventTime: string,
  overrides: Record<string, string | string[]> = {},
): ReturnType<typeof fv>[] {
  const values: Record<string, string | string[]> = {
    customer_id: id,
    event_time: eventTime,
    age: '40',
    lifetime_value: '12.5',
    segment: 'vip',
    country: 'US',
    preferred_categories: ['books'],
    ...overrides,
  };
  return Object.entries(values).map(([k, v]) => fv(k, v));
}
