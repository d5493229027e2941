import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listProfiles } from '../../../src/aws/shared-config.js';
import { runCli } from '../../helpers/run-cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-profiles-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const config = path.join(dir, 'config');
const credentials = path.join(dir, 'credentials');
fs.writeFileSync(
  config,
  '[default]\nregion = us-east-1\n[profile data-prod]\nregion = eu-west-1\n[sso-session corp]\nsso_region = us-east-1\n',
);
fs.writeFileSync(credentials, '[data-dev]\naws_access_key_id = AKIAEXAMPLE\n');
const env = { HOME: dir, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };

describe('AWS profiles', () => {
  it('lists the profiles of both files, not sso-session sections', () => {
    expect(listProfiles(env)).toEqual(['data-dev', 'data-prod', 'default']);
  });

  it('a mistyped --profile suggests the nearest one (exit 2, nothing sent)', async () => {
    const res = await runCli(['--profile', 'data-prd', 'whoami'], { env });
    expect(res.code).toBe(2);
    const { error } = JSON.parse(res.stderr) as { error: { code: string; hint: string } };
    expect(error.code).toBe('FSHARE_UNKNOWN_PROFILE');
    expect(error.hint).toMatch(/^Did you mean data-prod( or data-dev)?\?/);
  });
});
