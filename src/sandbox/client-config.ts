/**
 * Contract between the AWS client factory and the sandbox: credentials for a sandbox profile, and
 * either the in-process request handler or the served endpoint. Implemented by the sandbox.
 */
import { FshareError } from '../errors.js';

export interface SandboxClientConfig {
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region: string;
  /** Always set: the served endpoint, or a placeholder URL for the in-process handler. */
  endpoint: string;
  /** The in-process handler; absent when talking to `fshare sandbox serve` over HTTP. */
  requestHandler?: unknown;
}

export function sandboxClientConfig(_options: {
  profile: string | undefined;
  endpointUrl: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
}): Promise<SandboxClientConfig> {
  return Promise.reject(new FshareError('FSHARE_NOT_BUILT', 'The sandbox is not built yet.'));
}
