import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetResourceSharesCommand, RAMClient } from '@aws-sdk/client-ram';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initSandbox, runningServer, storeFile, withInitialisedStore } from '../../../src/sandbox/admin.js';
import { closeSharedStores, sandboxClientConfig } from '../../../src/sandbox/client-config.js';
import { FaultInjector, faultSettings } from '../../../src/sandbox/faults.js';
import { startServer, type RunningServer } from '../../../src/sandbox/server.js';
import { runCli } from '../../helpers/run-cli.js';

let home: string;
let server: RunningServer | undefined;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
  initSandbox(home, { orgSharing: false, force: false });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  closeSharedStores();
  fs.rmSync(home, { recursive: true, force: true });
});

async function overHttp(profile: string) {
  const url = server?.url ?? '';
  const cfg = await sandboxClientConfig({ profile, endpointUrl: url, env: { FSHARE_HOME: home } });
  return { region: cfg.region, endpoint: cfg.endpoint, credentials: cfg.credentials, maxAttempts: 1 };
}

describe('startServer', () => {
  it('serves real SDK clients over HTTP on a free port and records its URL while running', async () => {
    server = await startServer({ storeFile: storeFile(home), host: '127.0.0.1', port: 0, faults: undefined });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(withInitialisedStore(home, (db) => runningServer(db)?.url)).toBe(server.url);
    const who = await new STSClient(await overHttp('consumer')).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe('222222222222');
    const shares = await new RAMClient(await overHttp('owner')).send(
      new GetResourceSharesCommand({ resourceOwner: 'SELF' }),
    );
    expect(shares.resourceShares).toEqual([]);
    await server.close();
    server = undefined;
    expect(withInitialisedStore(home, (db) => runningServer(db) ?? null)).toBeNull();
  });

  it('is what `fshare sandbox env` and `status` point at while it runs', async () => {
    server = await startServer({ storeFile: storeFile(home), host: '127.0.0.1', port: 0, faults: undefined });
    const env = await runCli(['sandbox', 'env', '--as', 'consumer'], { env: { FSHARE_HOME: home } });
    expect(env.code).toBe(0);
    expect(env.stdout).toContain(`AWS_ENDPOINT_URL=${server.url}`);
    expect(env.stderr).toBe('');
    const status = await runCli(['sandbox', 'status'], { env: { FSHARE_HOME: home } });
    expect(status.json<{ server: { url: string } | null }>().server?.url).toBe(server.url);
  });

  it('refuses a port that is taken, with a hint', async () => {
    server = await startServer({ storeFile: storeFile(home), host: '127.0.0.1', port: 0, faults: undefined });
    const err = await startServer({
      storeFile: storeFile(home),
      host: '127.0.0.1',
      port: server.port,
      faults: undefined,
    }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('FSHARE_SANDBOX_PORT_UNAVAILABLE');
    expect((err as { hint?: string }).hint).toContain('--port 0');
  });

  it('injects the same faults for the same seed', async () => {
    const run = async (seed: string) => {
      server = await startServer({
        storeFile: storeFile(home),
        host: '127.0.0.1',
        port: 0,
        faults: new FaultInjector(faultSettings({ throttleRate: '0.3', errorRate: '0.3', seed })),
      });
      const ram = new RAMClient(await overHttp('owner'));
      const outcomes: string[] = [];
      for (let i = 0; i < 12; i += 1) {
        outcomes.push(
          await ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' })).then(
            () => 'ok',
            (e: unknown) =>
              `${(e as Error).name}/${String((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode)}`,
          ),
        );
      }
      await server.close();
      server = undefined;
      return outcomes;
    };
    const first = await run('11');
    expect(await run('11')).toEqual(first);
    expect(first).toContain('ok');
    expect(first.some((o) => o === 'ThrottlingException/429')).toBe(true);
    expect(
      first.some((o) => /^(ServerInternalException\/500|ServiceUnavailableException\/503)$/.test(o)),
    ).toBe(true);
  });
});
