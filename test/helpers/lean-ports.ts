/** The lean Feature Store port and today's SDK port on the same endpoint, keys and retries. */
import { createFeatureStorePort } from '../../src/aws/adapters/feature-store.js';
import { createLeanFeatureStorePort } from '../../src/aws/lean/feature-store.js';
import type { FeatureStorePort } from '../../src/aws/ports.js';

export interface PortPair {
  lean: FeatureStorePort;
  sdk: FeatureStorePort;
}

export function leanAndSdkPorts(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  maxAttempts: number,
): PortPair {
  const sdkConfig = {
    region: 'us-east-1',
    credentials,
    endpoint,
    maxAttempts,
    requestHandler: { connectionTimeout: 5000 },
  };
  return {
    lean: createLeanFeatureStorePort({
      endpoint: new URL(endpoint),
      region: 'us-east-1',
      credentials,
      userAgent: 'fshare/0.0.0-test',
      maxSockets: 4,
      connectionTimeoutMs: 5000,
      sdkConfig,
    }),
    sdk: createFeatureStorePort(sdkConfig),
  };
}
