import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OrganizationsClient, DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { GetResourceSharesCommand, RAMClient } from '@aws-sdk/client-ram';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initSandbox } from '../../../src/sandbox/admin.js';
import { closeSharedStores, sandboxClientConfig } from '../../../src/sandbox/client-config.js';
import { createInProcessHandler } from '../../../src/sandbox/in-process.js';
import { FaultInjector, faultSettings } from '../../../src/sandbox/faults.js';
import { openStore } from '../../../src/sandbox/store.js';
import { handleHttpRequest } from '../../../src/sandbox/wire/handle.js';
import { outcome } from './harness.js';

let home: string;
const env = () => ({ FSHARE_HOME: home });

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
  initSandbox(home, { orgSharing: false, force: false });
});
afterAll(() => {
  closeSharedStores();
  fs.rmSync(home, { recursive: true, force: true });
});

type Handler = RAMClient['config']['requestHandler'];

async function base(profile: string, credentials?: { accessKeyId: string; secretAccessKey: string }) {
  const cfg = await sandboxClientConfig({ profile, endpointUrl: undefined, env: env() });
  return {
    region: cfg.region,
    endpoint: cfg.endpoint,
    credentials: credentials ?? cfg.credentials,
    requestHandler: cfg.requestHandler as Handler,
    maxAttempts: 1,
  };
}

describe('the wire layer through real SDK clients', () => {
  it('answers STS GetCallerIdentity (awsQuery XML) per profile', async () => {
    for (const [profile, account, role] of [
      ['owner', '111111111111', 'feature-engineer'],
      ['auditor', '111111111111', 'auditor'],
      ['consumer-analyst', '222222222222', 'analyst'],
      ['partner', '333333333333', 'partner-engineer'],
    ] as const) {
      const out = await new STSClient(await base(profile)).send(new GetCallerIdentityCommand({}));
      expect(out.Account).toBe(account);
      expect(out.Arn).toBe(`arn:aws:sts::${account}:assumed-role/${role}/fshare-sandbox`);
      expect(out.UserId).toMatch(/^AROA[A-Z2-7]{17}:fshare-sandbox$/);
    }
  });

  it('describes the organization to members and refuses outsiders', async () => {
    const org = await new OrganizationsClient(await base('consumer')).send(
      new DescribeOrganizationCommand({}),
    );
    expect(org.Organization?.Id).toBe('o-fshare1sandbox');
    expect(org.Organization?.MasterAccountId).toBe('111111111111');
    expect(
      await outcome(new OrganizationsClient(await base('partner')).send(new DescribeOrganizationCommand({}))),
    ).toBe('AWSOrganizationsNotInUseException');
  });

  it.each([
    ['a wrong secret', 'RAM', 'InvalidSignatureException'],
    ['a wrong secret', 'STS', 'SignatureDoesNotMatch'],
    ['an unknown access key', 'RAM', 'UnrecognizedClientException'],
    ['an unknown access key', 'STS', 'InvalidClientTokenId'],
  ])('refuses %s on %s with %s', async (what, service, code) => {
    const real = await sandboxClientConfig({ profile: 'owner', endpointUrl: undefined, env: env() });
    const credentials =
      what === 'a wrong secret'
        ? {
            accessKeyId: real.credentials.accessKeyId,
            secretAccessKey: 'wrongwrongwrongwrongwrongwrongwrongwrong',
          }
        : { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: real.credentials.secretAccessKey };
    const cfg = await base('owner', credentials);
    const call =
      service === 'RAM'
        ? new RAMClient(cfg).send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }))
        : new STSClient(cfg).send(new GetCallerIdentityCommand({}));
    expect(await outcome(call)).toBe(code);
  });

  it('injects throttling from the FSHARE_SANDBOX_* settings, but never into STS', async () => {
    const db = openStore(path.join(home, 'sandbox.db'));
    try {
      const handler = createInProcessHandler(
        db,
        new FaultInjector(faultSettings({ throttleRate: '1', seed: '3' })),
      );
      const cfg = { ...(await base('owner')), requestHandler: handler as unknown as Handler };
      const err = await new RAMClient(cfg)
        .send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }))
        .catch((e: unknown) => e);
      expect((err as { name?: string }).name).toBe('ThrottlingException');
      expect((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(429);
      const who = await new STSClient(cfg).send(new GetCallerIdentityCommand({}));
      expect(who.Account).toBe('111111111111');
    } finally {
      db.close();
    }
  });
});

describe('handleHttpRequest on raw requests', () => {
  it('answers a request with no signature with MissingAuthenticationToken, in the guessed protocol', async () => {
    const db = openStore(path.join(home, 'sandbox.db'));
    try {
      const json = await handleHttpRequest(
        {
          method: 'POST',
          rawPath: '/',
          rawQuery: '',
          headers: { 'x-amz-target': 'SageMaker.ListFeatureGroups' },
          body: Buffer.from('{}'),
        },
        { db },
      );
      expect(json.status).toBe(403);
      expect(JSON.parse(json.body.toString()) as unknown).toMatchObject({
        __type: 'MissingAuthenticationTokenException',
      });
      expect(json.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
      expect(json.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
      const query = await handleHttpRequest(
        {
          method: 'POST',
          rawPath: '/',
          rawQuery: '',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: Buffer.from('Action=GetCallerIdentity&Version=2011-06-15'),
        },
        { db },
      );
      expect(query.body.toString()).toContain('<Code>MissingAuthenticationToken</Code>');
    } finally {
      db.close();
    }
  });

  it('answers a RAM path that matches no operation with UnknownOperationException', async () => {
    const cfg = await base('owner');
    const client = new RAMClient(cfg);
    // Re-point a real signed RAM request at a path RAM does not have.
    client.middlewareStack.add(
      (next) => (args) => {
        const req = args.request as { path: string };
        req.path = '/nosuchoperation';
        return next(args);
      },
      { step: 'build', name: 'rewritePath' },
    );
    expect(await outcome(client.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' })))).toBe(
      'UnknownOperationException',
    );
  });
});

describe('sandboxClientConfig', () => {
  it('refuses an unknown profile with a usage error listing the profiles', async () => {
    const err = await sandboxClientConfig({ profile: 'admin', endpointUrl: undefined, env: env() }).catch(
      (e: unknown) => e,
    );
    expect((err as { exitCode?: number }).exitCode).toBe(2);
    expect((err as { hint?: string }).hint).toContain('owner, auditor, consumer, consumer-analyst, partner');
  });

  it('tells to run `fshare sandbox init` when the sandbox is missing', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
    try {
      const err = await sandboxClientConfig({
        profile: 'owner',
        endpointUrl: undefined,
        env: { FSHARE_HOME: empty },
      }).catch((e: unknown) => e);
      expect((err as { code?: string }).code).toBe('FSHARE_SANDBOX_NOT_INITIALISED');
      expect((err as { hint?: string }).hint).toContain('fshare sandbox init');
    } finally {
      closeSharedStores();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('gives no handler when an endpoint URL is given (HTTP to `sandbox serve`)', async () => {
    const cfg = await sandboxClientConfig({
      profile: 'consumer',
      endpointUrl: 'http://127.0.0.1:4566',
      env: env(),
    });
    expect(cfg.endpoint).toBe('http://127.0.0.1:4566');
    expect(cfg.requestHandler).toBeUndefined();
    expect(cfg.credentials.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
  });
});
