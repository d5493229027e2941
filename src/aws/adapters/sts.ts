import { GetCallerIdentityCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import type { StsPort } from '../ports.js';
import { bindPort } from './bind.js';

export function createStsPort(config: STSClientConfig): StsPort {
  return bindPort<StsPort>(new STSClient(config), { getCallerIdentity: GetCallerIdentityCommand });
}
