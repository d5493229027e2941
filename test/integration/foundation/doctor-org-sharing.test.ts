// doctor's organization check reads RAM organization sharing through Organizations
// (ListAWSServiceAccessForOrganization), which only the management account may call.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSharedStores } from '../../../src/sandbox/client-config.js';
import { runCli } from '../../helpers/run-cli.js';

let home: string;
const env = () => ({ FSHARE_HOME: home });

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-doctor-org-'));
});
afterEach(() => {
  closeSharedStores();
  fs.rmSync(home, { recursive: true, force: true });
});

async function organizationDetail(profile: string): Promise<string> {
  const res = await runCli(['--sandbox', '--profile', profile, 'doctor', '-o', 'json'], { env: env() });
  const checks = res.json<{ checks: { check: string; detail: string }[] }>().checks;
  return checks.find((c) => c.check === 'organization')?.detail ?? '';
}

describe('doctor: RAM organization sharing', () => {
  it('says off, then on, to the management account', async () => {
    await runCli(['sandbox', 'init'], { env: env() });
    expect(await organizationDetail('owner')).toContain('RAM sharing with the organization is off');
    await runCli(['sandbox', 'init', '--org-sharing'], { env: env() });
    expect(await organizationDetail('owner')).toContain('RAM sharing with the organization is on');
  });

  it('says a member account cannot tell', async () => {
    await runCli(['sandbox', 'init', '--org-sharing'], { env: env() });
    expect(await organizationDetail('consumer')).toContain('can be read only by the management account');
  });
});
