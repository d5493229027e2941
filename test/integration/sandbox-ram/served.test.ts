/**
 * boto3 over HTTP against `fshare sandbox serve`: ListPermissionAssociations, the RAM quotas and
 * request rate as another SDK sees them (codes and HTTP status on the wire), and Organizations
 * ListAccounts paging through boto3's own paginator. Skipped, saying why, without boto3.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withInitialisedStore } from '../../../src/sandbox/admin.js';
import { setRamLimits } from '../../../src/sandbox/ram/models/limits.js';
import { hasCommand, startServed, type Served } from '../../conformance/serve-harness.js';

const BOTO3_AVAILABLE = hasCommand('python3', ['-c', 'import boto3']);

const SCRIPT = String.raw`
import json, os, boto3, botocore
from botocore.config import Config

url = os.environ['SANDBOX_URL']
keys = json.loads(os.environ['SANDBOX_KEYS'])
cfg = Config(retries={'max_attempts': 1, 'mode': 'standard'})
OWNER, CONSUMER = '111111111111', '222222222222'
ARN = 'arn:aws:sagemaker:us-east-1:%s:feature-group/customers' % OWNER
RO = 'arn:aws:ram::aws:permission/AWSRAMPermissionSageMakerFeatureGroupReadOnly'

def client(service, profile):
    k = keys[profile]
    return boto3.client(service, endpoint_url=url, region_name='us-east-1', config=cfg,
                        aws_access_key_id=k['AWS_ACCESS_KEY_ID'], aws_secret_access_key=k['AWS_SECRET_ACCESS_KEY'])

def error(call):
    try:
        call()
        return ['ok', 200]
    except botocore.exceptions.ClientError as e:
        return [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]

ram = client('ram', 'owner')
out = {}
share = ram.create_resource_share(name='served', resourceArns=[ARN], principals=[CONSUMER])['resourceShare']
out['shareArn'] = share['resourceShareArn']
assoc = ram.list_permission_associations(permissionArn=RO)['permissions']
out['associations'] = [[a['resourceShareArn'], a['status'], type(a['lastUpdatedTime']).__name__] for a in assoc]
roles = ['arn:aws:iam::%s:role/r%d' % (CONSUMER, i) for i in range(3)]
out['pendingQuota'] = error(lambda: ram.associate_resource_share(resourceShareArn=share['resourceShareArn'], principals=roles))
out['tags'] = error(lambda: ram.tag_resource(resourceShareArn=share['resourceShareArn'],
                                             tags=[{'key': 'k%d' % i, 'value': 'v'} for i in range(51)]))
out['throttled'] = [error(lambda: ram.get_resource_shares(resourceOwner='SELF')) for _ in range(3)]
org = client('organizations', 'owner')
pages = org.get_paginator('list_accounts').paginate(PaginationConfig={'PageSize': 1})
out['accountPages'] = [[a['Id'] for a in page['Accounts']] for page in pages]
out['garbageToken'] = error(lambda: org.list_accounts(NextToken='garbage'))
print(json.dumps(out))
`;

let served: Served;

describe.skipIf(!BOTO3_AVAILABLE)(
  'RAM and Organizations over HTTP through boto3 (skipped without boto3)',
  { timeout: 120_000 },
  () => {
    beforeAll(async () => {
      served = await startServed();
      // Small limits so the script reaches them: 2 pending invitations, 2 reads after its first.
      withInitialisedStore(served.home, (db) =>
        setRamLimits(db, { pendingInvitationsPerAccount: 2, readBurst: 3, readRatePerSecond: 0.0001 }),
      );
    });
    afterAll(async () => {
      await served.stop();
    });

    it('answers with RAM’s and Organizations’ codes and HTTP statuses', () => {
      const keys = Object.fromEntries(['owner', 'consumer'].map((p) => [p, served.credentials(p)]));
      const res = spawnSync('python3', ['-c', SCRIPT], {
        env: { ...served.clientEnv('owner'), SANDBOX_URL: served.url, SANDBOX_KEYS: JSON.stringify(keys) },
        encoding: 'utf8',
      });
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
      const out = JSON.parse(res.stdout) as Record<string, unknown>;
      expect(out).toMatchObject({
        associations: [[out.shareArn, 'ASSOCIATED', 'datetime']],
        // One invitation is out (the consumer account); three more roles would make four.
        pendingQuota: ['ResourceShareLimitExceededException', 400],
        tags: ['TagLimitExceededException', 400],
        // ListPermissionAssociations took the first read token.
        throttled: [
          ['ok', 200],
          ['ok', 200],
          ['ThrottlingException', 429],
        ],
        accountPages: [['111111111111'], ['222222222222']],
        garbageToken: ['InvalidInputException', 400],
      });
    });
  },
);
