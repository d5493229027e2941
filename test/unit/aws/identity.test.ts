import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveEndpoint, whoami } from '../../../src/aws/identity.js';
import { fakeContext } from '../../helpers/fake-context.js';

describe('the endpoint whoami and doctor show is the one calls go to', () => {
  it('--endpoint-url first', async () => {
    const { ctx } = fakeContext({ endpoint: 'http://127.0.0.1:4566', env: { AWS_ENDPOINT_URL: 'http://x' } });
    expect(await resolveEndpoint(ctx, 'sts')).toEqual({
      url: 'http://127.0.0.1:4566',
      source: '--endpoint-url',
    });
  });

  it('then AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL', async () => {
    const both = fakeContext({ env: { AWS_ENDPOINT_URL: 'http://all', AWS_ENDPOINT_URL_STS: 'http://sts' } });
    expect(await resolveEndpoint(both.ctx, 'sts')).toEqual({
      url: 'http://sts',
      source: 'AWS_ENDPOINT_URL_STS',
    });
    expect(await resolveEndpoint(both.ctx, 'ram')).toEqual({ url: 'http://all', source: 'AWS_ENDPOINT_URL' });
  });

  it('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS turns the variables off, as in the SDK', async () => {
    const { ctx } = fakeContext({
      env: { AWS_ENDPOINT_URL: 'http://all', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
    });
    const got = await resolveEndpoint(ctx, 'sts');
    expect(got.source).toBe('the AWS default');
    expect(got.url).toMatch(/^https:\/\/sts\.[a-z0-9-]+\.amazonaws\.com$/);
  });

  it("then the profile's endpoint_url", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-ep-'));
    try {
      const config = path.join(dir, 'config');
      fs.writeFileSync(config, '[profile local]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:9000\n');
      const { ctx } = fakeContext({ profile: 'local', env: { AWS_CONFIG_FILE: config } });
      expect(await resolveEndpoint(ctx, 'sts')).toEqual({
        url: 'http://127.0.0.1:9000',
        source: 'endpoint_url in profile local',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('whoami includes the endpoint and where it came from', async () => {
    const { ctx } = fakeContext({ env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' } });
    const me = await whoami(ctx);
    expect(me.endpoint).toBe('http://127.0.0.1:4566');
    expect(me.endpointSource).toBe('AWS_ENDPOINT_URL');
    expect(me.account).toMatch(/^\d{12}$/);
  });
});
