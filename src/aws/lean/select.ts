/**
 * When the lean Feature Store transport is exactly what the SDK would do: static keys (from the
 * environment, or a profile holding only keys), and an endpoint the SDK would resolve to the same
 * URL without rules (an explicit one, or the standard `aws` partition's regional one). Anything
 * else (FIPS, dual-stack, a profile that assumes a role or uses SSO, the sandbox's in-process
 * handler, --debug) keeps today's SDK client. Pure: the shared files are read by the caller.
 */
import type { SharedFiles } from '../shared-config.js';
import type { StaticCredentials } from './sigv4.js';

export interface LeanSelectionInput {
  mode: 'aws' | 'sandbox';
  debug: boolean;
  /** --endpoint-url */
  endpointUrl: string | undefined;
  /** --profile */
  profile: string | undefined;
  region: string;
  env: Readonly<Record<string, string | undefined>>;
  files: SharedFiles;
}

export type LeanSelection =
  { lean: true; endpoint: URL; credentials: StaticCredentials } | { lean: false; reason: string };

/** The `aws` partition's region pattern (from the SDK's partitions data). */
const AWS_REGION = /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/;

/**
 * Settings that change the endpoint or the signing: the SDK decides those. (AWS_CA_BUNDLE and
 * ca_bundle are not among them: the JS SDK does not read either.)
 */
const ENV_SETTINGS = [
  'AWS_USE_FIPS_ENDPOINT',
  'AWS_USE_DUALSTACK_ENDPOINT',
  'AWS_AUTH_SCHEME_PREFERENCE',
  'AWS_SIGV4A_SIGNING_REGION_SET',
  // The app id is part of the SDK's User-Agent (CloudTrail shows it).
  'AWS_SDK_UA_APP_ID',
];
const PROFILE_SETTINGS = [
  'use_fips_endpoint',
  'use_dualstack_endpoint',
  'endpoint_url',
  'services',
  'ignore_configured_endpoint_urls',
  'auth_scheme_preference',
  'sigv4a_signing_region_set',
  'sdk_ua_app_id',
];
/** Profile keys that make the SDK's chain do more than read the keys. */
const NOT_STATIC = [
  'role_arn',
  'credential_source',
  'credential_process',
  'web_identity_token_file',
  'sso_session',
  'sso_start_url',
  'sso_account_id',
  'sso_role_name',
  'sso_region',
  'login_session',
];

const no = (reason: string): LeanSelection => ({ lean: false, reason });

function profileSection(files: SharedFiles, name: string): Map<string, string> {
  const fromConfig =
    files.config?.get(`profile ${name}`) ?? (name === 'default' ? files.config?.get('default') : undefined);
  // The SDK merges the two files per profile, the credentials file winning.
  return new Map([...(fromConfig ?? []), ...(files.credentials?.get(name) ?? [])]);
}

function endpointFrom(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const plain = (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
  return plain && url.search === '' && url.hash === '' ? url : undefined;
}

export function selectLeanFeatureStore(input: LeanSelectionInput): LeanSelection {
  if (input.mode === 'sandbox') {
    return no('sandbox mode');
  }
  if (input.debug) {
    return no('--debug');
  }
  const { env } = input;
  const setting = ENV_SETTINGS.find(
    (name) => env[name] !== undefined && env[name] !== '' && env[name] !== 'false',
  );
  if (setting) {
    return no(setting);
  }
  const profileName = input.profile ?? env.AWS_PROFILE ?? 'default';
  const profile = profileSection(input.files, profileName);
  const profileSetting = PROFILE_SETTINGS.find((key) => profile.has(key));
  if (profileSetting) {
    return no(`${profileSetting} in profile ${profileName}`);
  }
  // Adaptive retries rate-limit first attempts too, on the client; only the SDK does that.
  if ((env.AWS_RETRY_MODE ?? profile.get('retry_mode')) === 'adaptive') {
    return no('adaptive retry mode');
  }

  let credentials: StaticCredentials;
  if (!input.profile && !env.AWS_PROFILE && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  } else {
    const accessKeyId = profile.get('aws_access_key_id');
    const secretAccessKey = profile.get('aws_secret_access_key');
    if (!accessKeyId || !secretAccessKey) {
      return no(`no static keys for profile ${profileName}`);
    }
    const other = NOT_STATIC.find((key) => profile.has(key));
    if (other) {
      return no(`${other} in profile ${profileName}`);
    }
    const sessionToken = profile.get('aws_session_token');
    credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  }

  const ignore = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;
  if (ignore !== undefined && ignore !== 'true' && ignore !== 'false') {
    return no('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'); // the SDK rejects other values itself
  }
  const ignoreConfigured = ignore === 'true';
  const configured = ignoreConfigured
    ? undefined
    : env.AWS_ENDPOINT_URL_SAGEMAKER_FEATURESTORE_RUNTIME || env.AWS_ENDPOINT_URL || undefined;
  const explicit = input.endpointUrl ?? configured;
  if (explicit !== undefined) {
    const endpoint = endpointFrom(explicit);
    return endpoint ? { lean: true, endpoint, credentials } : no(`endpoint ${explicit}`);
  }
  if (!AWS_REGION.test(input.region)) {
    return no(`region ${input.region} is not in the aws partition`);
  }
  return {
    lean: true,
    endpoint: new URL(`https://featurestore-runtime.sagemaker.${input.region}.amazonaws.com`),
    credentials,
  };
}
