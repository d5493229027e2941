// Which configurations take the lean Feature Store transport and which keep the SDK client.
import { describe, expect, it } from 'vitest';
import { selectLeanFeatureStore, type LeanSelectionInput } from '../../../src/aws/lean/select.js';
import { parseIni } from '../../../src/aws/shared-config.js';

const KEYS = { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'envsecret' };

function input(
  over: Partial<LeanSelectionInput> & { config?: string; credentials?: string } = {},
): LeanSelectionInput {
  const { config, credentials, ...rest } = over;
  return {
    mode: 'aws',
    debug: false,
    endpointUrl: undefined,
    profile: undefined,
    region: 'us-east-1',
    env: KEYS,
    files: {
      config: config === undefined ? undefined : parseIni(config),
      credentials: credentials === undefined ? undefined : parseIni(credentials),
    },
    ...rest,
  };
}

const endpointOf = (i: LeanSelectionInput) => {
  const s = selectLeanFeatureStore(i);
  return s.lean ? s.endpoint.href : `SDK: ${s.reason}`;
};

describe('selectLeanFeatureStore', () => {
  it('env keys and a standard region: the regional endpoint, the env keys (and session token)', () => {
    const s = selectLeanFeatureStore(
      input({ env: { ...KEYS, AWS_SESSION_TOKEN: 'tok' }, region: 'eu-west-2' }),
    );
    expect(s).toEqual({
      lean: true,
      endpoint: new URL('https://featurestore-runtime.sagemaker.eu-west-2.amazonaws.com'),
      credentials: { accessKeyId: 'AKIDENV', secretAccessKey: 'envsecret', sessionToken: 'tok' },
    });
  });

  it('explicit endpoints in the SDK’s order: --endpoint-url, the service variable, AWS_ENDPOINT_URL', () => {
    const env = {
      ...KEYS,
      AWS_ENDPOINT_URL: 'http://general:1/',
      AWS_ENDPOINT_URL_SAGEMAKER_FEATURESTORE_RUNTIME: 'http://specific:2/p',
    };
    expect(endpointOf(input({ env, endpointUrl: 'http://flag:3' }))).toBe('http://flag:3/');
    expect(endpointOf(input({ env }))).toBe('http://specific:2/p');
    expect(endpointOf(input({ env: { ...KEYS, AWS_ENDPOINT_URL: 'http://general:1/' } }))).toBe(
      'http://general:1/',
    );
    expect(endpointOf(input({ env: { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' } }))).toBe(
      'https://featurestore-runtime.sagemaker.us-east-1.amazonaws.com/',
    );
    // --endpoint-url is not a configured endpoint: it is used even when configured ones are ignored.
    expect(
      endpointOf(
        input({ env: { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, endpointUrl: 'http://flag:3' }),
      ),
    ).toBe('http://flag:3/');
  });

  it.each([
    ['sandbox mode', { mode: 'sandbox' as const }],
    ['--debug', { debug: true }],
    ['FIPS', { env: { ...KEYS, AWS_USE_FIPS_ENDPOINT: 'true' } }],
    ['dual-stack', { env: { ...KEYS, AWS_USE_DUALSTACK_ENDPOINT: 'true' } }],
    ['an auth scheme preference', { env: { ...KEYS, AWS_AUTH_SCHEME_PREFERENCE: 'sigv4a' } }],
    ['adaptive retries', { env: { ...KEYS, AWS_RETRY_MODE: 'adaptive' } }],
    ['adaptive retries in the profile', { config: '[default]\nretry_mode = adaptive\n' }],
    ['an SDK app id (part of the User-Agent)', { env: { ...KEYS, AWS_SDK_UA_APP_ID: 'app' } }],
    ['a China region', { region: 'cn-north-1' }],
    ['a GovCloud region', { region: 'us-gov-west-1' }],
    ['an ISO region', { region: 'us-iso-east-1' }],
    ['a FIPS pseudo-region', { region: 'fips-us-east-1' }],
    ['an endpoint with credentials in it', { endpointUrl: 'http://u:p@host' }],
    ['a non-HTTP endpoint', { endpointUrl: 'ftp://host' }],
    ['no keys at all', { env: {} }],
    ['AWS_PROFILE with env keys (the SDK skips env keys then)', { env: { ...KEYS, AWS_PROFILE: 'p' } }],
    [
      '--profile naming a profile without keys',
      { profile: 'p', config: '[profile p]\nregion = us-east-1\n' },
    ],
    [
      'an assume-role profile',
      {
        profile: 'p',
        credentials: '[p]\naws_access_key_id = A\naws_secret_access_key = S\n',
        config: '[profile p]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = q\n',
      },
    ],
    [
      'an SSO profile',
      {
        profile: 'p',
        credentials: '[p]\naws_access_key_id = A\naws_secret_access_key = S\n',
        config: '[profile p]\nsso_session = s\n',
      },
    ],
    [
      'a credential_process profile',
      {
        profile: 'p',
        config: '[profile p]\naws_access_key_id = A\naws_secret_access_key = S\ncredential_process = x\n',
      },
    ],
    ['FIPS in the profile', { config: '[default]\nuse_fips_endpoint = true\n' }],
    ['an endpoint_url in the profile', { config: '[default]\nendpoint_url = http://x\n' }],
    [
      'a services section',
      {
        config:
          '[default]\nservices = s\n[services s]\nsagemaker_featurestore_runtime =\n  endpoint_url = http://x\n',
      },
    ],
  ])('keeps the SDK client for %s', (_why, over) => {
    expect(selectLeanFeatureStore(input(over as Partial<LeanSelectionInput>)).lean).toBe(false);
  });

  it('reads static keys of a profile from the shared files, the credentials file winning', () => {
    const s = selectLeanFeatureStore(
      input({
        env: {},
        profile: 'dev',
        config:
          '[profile dev]\nregion = us-west-2\naws_access_key_id = FROMCONFIG\naws_secret_access_key = cfgsecret\n',
        credentials:
          '[dev]\naws_access_key_id = FROMCREDS\naws_secret_access_key = credsecret\naws_session_token = t\n',
      }),
    );
    expect(s.lean && s.credentials).toEqual({
      accessKeyId: 'FROMCREDS',
      secretAccessKey: 'credsecret',
      sessionToken: 't',
    });
    const byDefault = selectLeanFeatureStore(
      input({ env: {}, credentials: '[default]\naws_access_key_id = D\naws_secret_access_key = d\n' }),
    );
    expect(byDefault.lean && byDefault.credentials.accessKeyId).toBe('D');
    const byEnvProfile = selectLeanFeatureStore(
      input({
        env: { ...KEYS, AWS_PROFILE: 'dev' },
        credentials: '[dev]\naws_access_key_id = P\naws_secret_access_key = p\n',
      }),
    );
    expect(byEnvProfile.lean && byEnvProfile.credentials.accessKeyId).toBe('P');
  });
});
