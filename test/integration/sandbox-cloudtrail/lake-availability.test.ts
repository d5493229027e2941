/**
 * CloudTrail Lake is closed to new customers: on a new sandbox CreateEventDataStore is refused;
 * `sandbox init --lake` makes the accounts existing customers. Driven with the unmodified SDK.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CloudTrailClient,
  CreateEventDataStoreCommand,
  ListEventDataStoresCommand,
} from '@aws-sdk/client-cloudtrail';
import { closeSharedStores, sandboxClientConfig } from '../../../src/sandbox/client-config.js';
import { runCli } from '../../helpers/run-cli.js';

const homes: string[] = [];

async function cloudtrailFor(initArgs: string[]): Promise<CloudTrailClient> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-lake-'));
  homes.push(home);
  const env = { FSHARE_HOME: home };
  const init = await runCli(['sandbox', 'init', ...initArgs, '-o', 'json'], { env });
  expect(init.code).toBe(0);
  expect(init.json<{ lake: boolean }>().lake).toBe(initArgs.includes('--lake'));
  const config = await sandboxClientConfig({ profile: 'owner', endpointUrl: undefined, env });
  return new CloudTrailClient({
    region: config.region,
    endpoint: config.endpoint,
    credentials: config.credentials,
    requestHandler: config.requestHandler as never,
    maxAttempts: 1,
  });
}

afterAll(() => {
  closeSharedStores();
  for (const home of homes) {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

describe('CloudTrail Lake availability', () => {
  it('refuses CreateEventDataStore on a new sandbox, as AWS does for new customers', async () => {
    const client = await cloudtrailFor([]);
    const error = await client.send(new CreateEventDataStoreCommand({ Name: 'audit' })).then(
      () => undefined,
      (e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode?: number } },
    );
    expect(error?.name).toBe('OperationNotPermittedException');
    expect(error?.message).toMatch(/no longer accepting new customers/);
    expect(error?.$metadata.httpStatusCode).toBe(400);
    const listed = await client.send(new ListEventDataStoresCommand({}));
    expect(listed.EventDataStores ?? []).toEqual([]);
  });

  it('lets existing Lake customers (init --lake) create stores; list items carry no BillingMode', async () => {
    const client = await cloudtrailFor(['--lake']);
    const created = await client.send(new CreateEventDataStoreCommand({ Name: 'audit' }));
    expect(created.EventDataStoreArn).toMatch(/^arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore\//);
    expect(created.BillingMode).toBe('EXTENDABLE_RETENTION_PRICING');
    const listed = await client.send(new ListEventDataStoresCommand({}));
    expect(listed.EventDataStores?.map((s) => s.Name)).toEqual(['audit']);
    expect(listed.EventDataStores?.[0]).not.toHaveProperty('BillingMode');
  });
});
