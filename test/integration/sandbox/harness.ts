/**
 * A fresh sandbox in a temp FSHARE_HOME, and real SDK clients for its profiles wired through the
 * in-process request handler (the same path `fshare --sandbox` takes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RAMClient } from '@aws-sdk/client-ram';
import {
  SageMakerFeatureStoreRuntimeClient,
  GetRecordCommand,
} from '@aws-sdk/client-sagemaker-featurestore-runtime';
import { advanceSandboxClock, initSandbox, withInitialisedStore } from '../../../src/sandbox/admin.js';
import { closeSharedStores, sandboxClientConfig } from '../../../src/sandbox/client-config.js';

export const OWNER = '111111111111';
export const CONSUMER = '222222222222';
export const PARTNER = '333333333333';
export const CUSTOMERS_ARN = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/customers`;
export const TRANSACTIONS_ARN = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/transactions`;
export const CATALOG_ARN = `arn:aws:sagemaker:us-east-1:${OWNER}:sagemaker-catalog/DefaultFeatureGroupCatalog`;
export const PERMISSION = (name: string) => `arn:aws:ram::aws:permission/${name}`;
export const READ_ONLY = PERMISSION('AWSRAMPermissionSageMakerFeatureGroupReadOnly');
export const READ_WRITE = PERMISSION('AWSRAMPermissionSagemakerFeatureGroupReadWrite');

export interface Sandbox {
  home: string;
  env: Record<string, string>;
  ram(profile: string): Promise<RAMClient>;
  /** GetRecord of the seeded customer C0001 by ARN: 'ok' or the error name. */
  canGetRecord(profile: string): Promise<string>;
  advance(ms: number): void;
  dispose(): void;
}

export function createSandbox(options: { orgSharing?: boolean } = {}): Sandbox {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
  initSandbox(home, { orgSharing: options.orgSharing === true, force: false });
  const env = { FSHARE_HOME: home };
  const config = async (profile: string) => {
    const cfg = await sandboxClientConfig({ profile, endpointUrl: undefined, env });
    return {
      region: cfg.region,
      endpoint: cfg.endpoint,
      credentials: cfg.credentials,
      requestHandler: cfg.requestHandler as RAMClient['config']['requestHandler'],
      maxAttempts: 1,
    };
  };
  return {
    home,
    env,
    ram: async (profile) => new RAMClient(await config(profile)),
    canGetRecord: async (profile) => {
      const cfg = await config(profile);
      const client = new SageMakerFeatureStoreRuntimeClient({
        ...cfg,
        requestHandler: cfg.requestHandler as SageMakerFeatureStoreRuntimeClient['config']['requestHandler'],
      });
      try {
        const out = await client.send(
          new GetRecordCommand({ FeatureGroupName: CUSTOMERS_ARN, RecordIdentifierValueAsString: 'C0001' }),
        );
        return out.Record ? 'ok' : 'no record';
      } catch (error) {
        return error instanceof Error ? error.name : 'unknown';
      }
    },
    advance: (ms) => {
      withInitialisedStore(home, (db) => advanceSandboxClock(db, ms));
    },
    dispose: () => {
      closeSharedStores();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The error name a call fails with, or 'ok'. */
export async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.name : 'unknown';
  }
}
