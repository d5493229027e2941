/**
 * A Context for unit tests: fake streams, a fixed clock, and AWS ports built from plain objects.
 * Every call to a fake port is recorded; a call to an operation the test did not fake rejects
 * with an error naming it, so a test never passes by accident on an unexpected call.
 */
import { PassThrough, Readable } from 'node:stream';
import { COMMANDS } from '../../commands/index.js';
import type { CallerIdentity, ClientFactory, ClientOptions } from '../../src/aws/client-factory.js';
import type {
  AthenaPort,
  CloudTrailPort,
  FeatureStorePort,
  OrganizationsPort,
  PortName,
  RamPort,
  S3Port,
  SageMakerPort,
  StsPort,
} from '../../src/aws/ports.js';
import type { GlobalOptions } from '../../src/cli/globals.js';
import {
  createLogger,
  createPrompter,
  createTheme,
  type Clock,
  type Context,
  type IOStreams,
} from '../../src/context.js';

/**
 * A port's operations, any subset, each returning its SDK output without the `$metadata` that
 * only real responses carry (a fake may still include it).
 */
export type FakePort<P> = {
  [K in keyof P]?: P[K] extends (input: infer I, options?: infer _O) => Promise<infer Out>
    ? (input: I) => Promise<Omit<Out, '$metadata'> & { $metadata?: unknown }>
    : never;
};

export interface FakePorts {
  ram?: FakePort<RamPort>;
  sagemaker?: FakePort<SageMakerPort>;
  featureStore?: FakePort<FeatureStorePort>;
  cloudTrail?: FakePort<CloudTrailPort>;
  sts?: FakePort<StsPort>;
  organizations?: FakePort<OrganizationsPort>;
  s3?: FakePort<S3Port>;
  athena?: FakePort<AthenaPort>;
}

export interface FakeCall {
  port: PortName;
  operation: string;
  input: unknown;
  /** The options the port was created with (region, maxAttempts). */
  client: ClientOptions;
}

export interface FakeContextOptions {
  ports?: FakePorts;
  /** Default: account 222222222222, a data-scientist role. */
  identity?: CallerIdentity;
  region?: string;
  mode?: 'aws' | 'sandbox';
  profile?: string;
  endpoint?: string;
  globals?: Partial<GlobalOptions>;
  tty?: boolean;
  env?: Record<string, string | undefined>;
  now?: Date;
  /** Makes region()/identity() reject, to test what happens without credentials. */
  baseError?: unknown;
}

export interface FakeContext {
  ctx: Context;
  calls: FakeCall[];
  stdout(): string;
  stderr(): string;
}

/** An error shaped like the SDK's: matched by `name`, with `$metadata` and `$fault`. */
export function awsError(name: string, message = name, status = 400): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId: 'req-test' },
  });
}

export const DEFAULT_IDENTITY: CallerIdentity = {
  account: '222222222222',
  arn: 'arn:aws:sts::222222222222:assumed-role/data-scientist/test',
  userId: 'AROATEST:test',
};

function fakePort<P extends object>(
  name: PortName,
  impl: FakePort<P> | undefined,
  client: ClientOptions,
  calls: FakeCall[],
): P {
  return new Proxy({} as P, {
    get(_target, prop) {
      if (typeof prop !== 'string' || prop === 'then') {
        return undefined;
      }
      const fn = (impl as Record<string, unknown> | undefined)?.[prop];
      return (input: unknown) => {
        calls.push({ port: name, operation: prop, input, client });
        if (typeof fn !== 'function') {
          return Promise.reject(new Error(`fake ${name}.${prop} is not implemented in this test`));
        }
        return (fn as (i: unknown) => Promise<unknown>)(input);
      };
    },
  });
}

export function fakeContext(options: FakeContextOptions = {}): FakeContext {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const tty = options.tty ?? false;
  const io: IOStreams = {
    stdin: Readable.from([]),
    stdout,
    stderr,
    stdinIsTTY: tty,
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    columns: 120,
  };
  const globals: GlobalOptions = {
    profile: options.profile,
    region: options.region,
    endpointUrl: options.endpoint,
    sandbox: options.mode === 'sandbox',
    output: tty ? 'table' : 'json',
    outputExplicit: false,
    color: false,
    debug: false,
    yes: false,
    quiet: false,
    wide: false,
    query: undefined,
    jsonFields: undefined,
    maxItems: undefined,
    pager: undefined,
    ...options.globals,
  };
  const theme = createTheme(false);
  const log = createLogger(io, theme, globals);
  const calls: FakeCall[] = [];
  const region = options.region ?? 'us-east-1';
  const base = async (): Promise<void> => {
    if (options.baseError !== undefined) {
      throw options.baseError;
    }
  };
  const ports = options.ports ?? {};
  const make =
    <P extends object>(name: PortName, impl: FakePort<P> | undefined) =>
    async (client: ClientOptions = {}): Promise<P> => {
      await base();
      return fakePort<P>(name, impl, client, calls);
    };
  const aws: ClientFactory = {
    mode: options.mode ?? 'aws',
    profile: options.profile,
    region: async () => {
      await base();
      return region;
    },
    endpoint: async () => {
      await base();
      return options.endpoint;
    },
    identity: async () => {
      await base();
      if (ports.sts?.getCallerIdentity) {
        const id = await ports.sts.getCallerIdentity({});
        return { account: id.Account ?? '', arn: id.Arn ?? '', userId: id.UserId ?? '' };
      }
      return options.identity ?? DEFAULT_IDENTITY;
    },
    ram: make<RamPort>('ram', ports.ram),
    sagemaker: make<SageMakerPort>('sagemaker', ports.sagemaker),
    featureStore: make<FeatureStorePort>('featureStore', ports.featureStore),
    cloudTrail: make<CloudTrailPort>('cloudTrail', ports.cloudTrail),
    sts: make<StsPort>('sts', ports.sts),
    organizations: make<OrganizationsPort>('organizations', ports.organizations),
    s3: make<S3Port>('s3', ports.s3),
    athena: make<AthenaPort>('athena', ports.athena),
  };
  const now = options.now ?? new Date('2026-01-15T12:00:00.000Z');
  const clock: Clock = { now: () => new Date(now), sleep: () => Promise.resolve() };
  const ctx: Context = {
    io,
    theme,
    clock,
    env: options.env ?? {},
    globals,
    aws,
    prompter: createPrompter(io, globals),
    log,
    signal: new AbortController().signal,
    commands: COMMANDS,
    showProgress: () => false,
  };
  return {
    ctx,
    calls,
    stdout: () => Buffer.concat(out).toString('utf8'),
    stderr: () => Buffer.concat(err).toString('utf8'),
  };
}
