/**
 * Contract between the AWS client factory and the sandbox: credentials for a sandbox profile, and
 * either the in-process request handler or the served endpoint. Implemented by the sandbox.
 */
import { FshareError, UsageError } from '../errors.js';
import { SANDBOX_PROFILES, SANDBOX_REGION, principalByProfile } from './core/principals.js';
import { FaultInjector, FaultSettingsError, faultSettingsFromEnv, hasFaults } from './faults.js';
import { createInProcessHandler } from './in-process.js';
import { didYouMean } from '../cli/did-you-mean.js';
import { isInitialised, openStore, storePath } from './store.js';
import type { Db } from './types.js';

export interface SandboxClientConfig {
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region: string;
  /** Always set: the served endpoint, or a placeholder URL for the in-process handler. */
  endpoint: string;
  /** The in-process handler; absent when talking to `fshare sandbox serve` over HTTP. */
  requestHandler?: unknown;
}

/** The in-process handler's endpoint: never resolved, it only fills the Host header that is signed. */
export const IN_PROCESS_ENDPOINT = 'http://sandbox.fshare.localhost';

const openStores = new Map<string, Db>();

/** One connection per store file per process, shared by every client. */
export function sharedStore(file: string): Db {
  let db = openStores.get(file);
  if (!db?.open) {
    db = openStore(file);
    openStores.set(file, db);
  }
  return db;
}

/** Before a store file is deleted (`init --force`, `reset`), so no client keeps using the old world. */
export function closeSharedStore(file: string): void {
  const db = openStores.get(file);
  if (db?.open) {
    db.close();
  }
  openStores.delete(file);
}

export function closeSharedStores(): void {
  for (const db of openStores.values()) {
    if (db.open) {
      db.close();
    }
  }
  openStores.clear();
}

export function profileNames(): string {
  return SANDBOX_PROFILES.map((p) => p.profile).join(', ');
}

export function assertSandboxProfile(profile: string): void {
  if (!SANDBOX_PROFILES.some((p) => p.profile === profile)) {
    throw new UsageError(`"${profile}" is not a sandbox profile.`, {
      code: 'FSHARE_SANDBOX_UNKNOWN_PROFILE',
      hint: [
        didYouMean(
          profile,
          SANDBOX_PROFILES.map((p) => p.profile),
        ),
        `Use one of: ${profileNames()}.`,
      ]
        .filter(Boolean)
        .join(' '),
    });
  }
}

export class SandboxNotInitialisedError extends FshareError {
  override name = 'SandboxNotInitialisedError';
  constructor(file: string) {
    super('FSHARE_SANDBOX_NOT_INITIALISED', `The sandbox at ${file} has not been set up.`, 1, {
      hint: 'Run `fshare sandbox init` first (add --org-sharing for the organization-sharing variant).',
    });
  }
}

export function sandboxClientConfig(options: {
  profile: string | undefined;
  endpointUrl: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
}): Promise<SandboxClientConfig> {
  try {
    const profile = options.profile ?? 'owner';
    assertSandboxProfile(profile);
    const file = storePath(options.env);
    const db = sharedStore(file);
    if (!isInitialised(db)) {
      throw new SandboxNotInitialisedError(file);
    }
    const principal = principalByProfile(db, profile);
    if (!principal) {
      throw new SandboxNotInitialisedError(file);
    }
    const credentials = { accessKeyId: principal.accessKeyId, secretAccessKey: principal.secretAccessKey };
    if (options.endpointUrl !== undefined) {
      return Promise.resolve({ credentials, region: SANDBOX_REGION, endpoint: options.endpointUrl });
    }
    let faults: FaultInjector | undefined;
    try {
      const settings = faultSettingsFromEnv(options.env);
      faults = hasFaults(settings) ? new FaultInjector(settings) : undefined;
    } catch (error) {
      if (error instanceof FaultSettingsError) {
        throw new UsageError(error.message, {
          code: 'FSHARE_SANDBOX_BAD_FAULTS',
          hint: 'Fix or unset FSHARE_SANDBOX_LATENCY, FSHARE_SANDBOX_THROTTLE_RATE, FSHARE_SANDBOX_ERROR_RATE, FSHARE_SANDBOX_SEED.',
        });
      }
      throw error;
    }
    return Promise.resolve({
      credentials,
      region: SANDBOX_REGION,
      endpoint: IN_PROCESS_ENDPOINT,
      requestHandler: createInProcessHandler(db, faults),
    });
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
