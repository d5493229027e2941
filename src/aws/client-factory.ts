/**
 * One client per (service, region, retry mode), created on first use. Every client shares one
 * credential provider (so SSO and assume-role resolve once), and in sandbox mode every client is
 * routed through the sandbox's request handler. Nothing here is imported by commands that do not
 * call AWS: the SDK modules are loaded lazily.
 */
import type { Logger } from '../logging.js';
import type { GlobalOptions } from '../cli/globals.js';
import { UsageError } from '../errors.js';
import { USER_AGENT_PRODUCT, VERSION } from '../version.js';
import type {
  AthenaPort,
  CloudTrailPort,
  FeatureStorePort,
  OrganizationsPort,
  RamPort,
  S3Port,
  SageMakerPort,
  StsPort,
} from './ports.js';
import { didYouMean } from '../cli/did-you-mean.js';
import { selectLeanFeatureStore } from './lean/select.js';
import { listProfiles, profileExists, readSharedFiles, resolveRegionFromConfig } from './shared-config.js';

/** How long to wait for a TCP connection before an attempt fails (and is retried). */
export const CONNECTION_TIMEOUT_MS = 5_000;

/** Sockets per host for the lean Feature Store transport: the bulk commands' highest --concurrency. */
const LEAN_MAX_SOCKETS = 64;
/** The lean transport's User-Agent: fshare's product, as the SDK appends it, so CloudTrail shows it. */
const LEAN_USER_AGENT = `${USER_AGENT_PRODUCT}/${VERSION} ua/2.1 os/${process.platform} lang/js md/nodejs#${process.versions.node} api/sagemaker-featurestore-runtime`;

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export interface ClientOptions {
  region?: string;
  /** SDK attempts per call. Bulk engines pass 1 and do their own retries with backoff. */
  maxAttempts?: number;
}

export interface ClientFactory {
  readonly mode: 'aws' | 'sandbox';
  /** The profile in use (sandbox profiles are owner, consumer, ...). */
  readonly profile: string | undefined;
  region(): Promise<string>;
  /** The endpoint clients talk to, when overridden (--endpoint-url, or the sandbox). */
  endpoint(): Promise<string | undefined>;
  identity(): Promise<CallerIdentity>;
  sts(options?: ClientOptions): Promise<StsPort>;
  ram(options?: ClientOptions): Promise<RamPort>;
  sagemaker(options?: ClientOptions): Promise<SageMakerPort>;
  featureStore(options?: ClientOptions): Promise<FeatureStorePort>;
  cloudTrail(options?: ClientOptions): Promise<CloudTrailPort>;
  organizations(options?: ClientOptions): Promise<OrganizationsPort>;
  s3(options?: ClientOptions): Promise<S3Port>;
  athena(options?: ClientOptions): Promise<AthenaPort>;
}

interface BaseConfig {
  region: string;
  credentials: unknown;
  endpoint?: string;
  requestHandler?: unknown;
}

export interface ClientFactoryDeps {
  globals: GlobalOptions;
  env: Readonly<Record<string, string | undefined>>;
  log: Logger;
}

/**
 * Static keys from the environment when no profile is named (what the SDK's chain would pick
 * first anyway) skip loading the whole provider chain; everything else goes through the chain.
 */
function credentialProvider(
  profile: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): unknown {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!profile && !env.AWS_PROFILE && accessKeyId && secretAccessKey) {
    return {
      accessKeyId,
      secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  // The chain (~100 KB of providers) is loaded when a client first signs, not when it is
  // configured: the lean Feature Store path may never need it.
  type Provider = (props?: unknown) => Promise<unknown>;
  let chain: Promise<Provider> | undefined;
  return async (props?: unknown) => {
    chain ??= import('@aws-sdk/credential-providers').then(
      ({ fromNodeProviderChain }) => fromNodeProviderChain(profile ? { profile } : {}) as Provider,
    );
    return (await chain)(props);
  };
}

export function createClientFactory({ globals, env, log }: ClientFactoryDeps): ClientFactory {
  const mode = globals.sandbox ? 'sandbox' : 'aws';
  let base: Promise<BaseConfig> | undefined;
  const ports = new Map<string, Promise<unknown>>();
  let identity: Promise<CallerIdentity> | undefined;

  const loadBase = (): Promise<BaseConfig> => {
    base ??= (async () => {
      if (mode === 'sandbox') {
        const { sandboxClientConfig } = await import('../sandbox/client-config.js');
        const cfg = await sandboxClientConfig({
          profile: globals.profile,
          endpointUrl: globals.endpointUrl,
          env,
        });
        const region = globals.region ?? cfg.region;
        return {
          region,
          credentials: cfg.credentials,
          endpoint: cfg.endpoint,
          requestHandler: cfg.requestHandler,
        };
      }
      if (globals.profile && !env.AWS_ACCESS_KEY_ID && !profileExists(env, globals.profile)) {
        throw new UsageError(
          `The AWS profile "${globals.profile}" is not in ~/.aws/config or ~/.aws/credentials.`,
          {
            code: 'FSHARE_UNKNOWN_PROFILE',
            hint: `${didYouMean(globals.profile, listProfiles(env)) || 'Check the name with `aws configure list-profiles`.'} Or add --sandbox to use a sandbox profile.`,
          },
        );
      }
      const region = globals.region ?? resolveRegionFromConfig(env, globals.profile);
      if (!region) {
        throw new UsageError('No AWS region is set.', {
          code: 'FSHARE_NO_REGION',
          hint: 'Pass --region us-east-1, set AWS_REGION, or add region to your profile in ~/.aws/config.',
        });
      }
      const credentials = credentialProvider(globals.profile, env);
      const cfg: BaseConfig = { region, credentials };
      const endpoint = globals.endpointUrl;
      if (endpoint) {
        cfg.endpoint = endpoint;
      }
      return cfg;
    })();
    return base;
  };

  async function clientConfig(options: ClientOptions): Promise<Record<string, unknown>> {
    const b = await loadBase();
    const cfg: Record<string, unknown> = {
      region: options.region ?? b.region,
      credentials: b.credentials,
      customUserAgent: [[USER_AGENT_PRODUCT, VERSION]],
    };
    if (b.endpoint) {
      cfg.endpoint = b.endpoint;
    }
    if (options.maxAttempts !== undefined) {
      cfg.maxAttempts = options.maxAttempts;
    }
    let handler = b.requestHandler;
    if (globals.debug) {
      const { wireLoggingHandler } = await import('./wire-log.js');
      handler = await wireLoggingHandler(handler, log, CONNECTION_TIMEOUT_MS);
    }
    // Without a connection timeout an unreachable (blackholed) endpoint hangs for the OS's TCP
    // timeout on every attempt; no AWS endpoint takes seconds to accept a connection.
    cfg.requestHandler = handler ?? { connectionTimeout: CONNECTION_TIMEOUT_MS };
    return cfg;
  }

  function cached<P>(
    name: string,
    options: ClientOptions,
    create: (cfg: Record<string, unknown>) => Promise<P>,
  ): Promise<P> {
    const key = `${name}|${options.region ?? ''}|${options.maxAttempts ?? ''}`;
    let port = ports.get(key) as Promise<P> | undefined;
    if (!port) {
      port = clientConfig(options).then(create);
      ports.set(key, port);
    }
    return port;
  }

  const factory: ClientFactory = {
    mode,
    profile: globals.profile ?? (mode === 'sandbox' ? 'owner' : undefined),
    region: async () => (await loadBase()).region,
    endpoint: async () => (await loadBase()).endpoint,
    identity: () => {
      identity ??= (async () => {
        const sts = await factory.sts();
        const out = await sts.getCallerIdentity({});
        return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
      })();
      return identity;
    },
    sts: (options = {}) =>
      cached('sts', options, async (cfg) => (await import('./adapters/sts.js')).createStsPort(cfg)),
    ram: (options = {}) =>
      cached('ram', options, async (cfg) => (await import('./adapters/ram.js')).createRamPort(cfg)),
    sagemaker: (options = {}) =>
      cached('sagemaker', options, async (cfg) =>
        (await import('./adapters/sagemaker.js')).createSageMakerPort(cfg),
      ),
    featureStore: (options = {}) =>
      cached('featureStore', options, async (cfg) => {
        const selection = selectLeanFeatureStore({
          mode,
          debug: globals.debug,
          endpointUrl: globals.endpointUrl,
          profile: globals.profile,
          region: cfg.region as string,
          env,
          files: readSharedFiles(env),
        });
        if (selection.lean) {
          const { createLeanFeatureStorePort } = await import('./lean/feature-store.js');
          return createLeanFeatureStorePort({
            endpoint: selection.endpoint,
            region: cfg.region as string,
            credentials: selection.credentials,
            userAgent: LEAN_USER_AGENT,
            maxSockets: LEAN_MAX_SOCKETS,
            connectionTimeoutMs: CONNECTION_TIMEOUT_MS,
            sdkConfig: { ...cfg, credentials: selection.credentials },
          });
        }
        return (await import('./adapters/feature-store.js')).createFeatureStorePort(cfg);
      }),
    cloudTrail: (options = {}) =>
      cached('cloudTrail', options, async (cfg) =>
        (await import('./adapters/cloudtrail.js')).createCloudTrailPort(cfg),
      ),
    organizations: (options = {}) =>
      cached('organizations', options, async (cfg) =>
        (await import('./adapters/organizations.js')).createOrganizationsPort(cfg),
      ),
    s3: (options = {}) =>
      cached('s3', options, async (cfg) => (await import('./adapters/s3.js')).createS3Port(cfg)),
    athena: (options = {}) =>
      cached('athena', options, async (cfg) => (await import('./adapters/athena.js')).createAthenaPort(cfg)),
  };
  return factory;
}
