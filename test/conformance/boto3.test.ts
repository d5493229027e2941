/**
 * boto3 (python3) against `fshare sandbox serve`: the sharing story through another SDK's
 * serialisers and SigV4 signer.
 */
import { spawnSync } from 'node:child_process';
import { GetResourceSharesCommand, RAMClient } from '@aws-sdk/client-ram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCommand, startServed, type Served } from './serve-harness.js';

const BOTO3_AVAILABLE = hasCommand('python3', ['-c', 'import boto3']);

const SCRIPT = String.raw`
import json, os, sys, boto3, botocore
from botocore.config import Config

url = os.environ['SANDBOX_URL']
keys = json.loads(os.environ['SANDBOX_KEYS'])
cfg = Config(retries={'max_attempts': 1, 'mode': 'standard'}, inject_host_prefix=False)
OWNER, CONSUMER = '111111111111', '222222222222'
ARN = 'arn:aws:sagemaker:us-east-1:%s:feature-group/customers' % OWNER

def client(service, profile, secret=None):
    k = keys[profile]
    return boto3.client(service, endpoint_url=url, region_name='us-east-1', config=cfg,
                        aws_access_key_id=k['AWS_ACCESS_KEY_ID'],
                        aws_secret_access_key=secret or k['AWS_SECRET_ACCESS_KEY'])

def code(call):
    try:
        call()
        return 'ok'
    except botocore.exceptions.ClientError as e:
        return e.response['Error']['Code']

out = {}
out['whoami'] = client('sts', 'consumer').get_caller_identity()['Account']
share = client('ram', 'owner').create_resource_share(name='boto3-share', resourceArns=[ARN], principals=[CONSUMER],
                                                      clientToken='boto3-token')['resourceShare']
out['shareArn'] = share['resourceShareArn']
out['creationTimeType'] = type(share['creationTime']).__name__
again = client('ram', 'owner').create_resource_share(name='boto3-share', resourceArns=[ARN], principals=[CONSUMER],
                                                      clientToken='boto3-token')['resourceShare']
out['idempotent'] = again['resourceShareArn'] == share['resourceShareArn']
out['mismatch'] = code(lambda: client('ram', 'owner').create_resource_share(name='other', clientToken='boto3-token'))
consumer_ram = client('ram', 'consumer')
pages = consumer_ram.get_paginator('get_resource_share_invitations').paginate()
invitations = [i for p in pages for i in p['resourceShareInvitations']]
out['invitations'] = [i['status'] for i in invitations]
inv = invitations[0]['resourceShareInvitationArn']
out['accept'] = consumer_ram.accept_resource_share_invitation(resourceShareInvitationArn=inv)['resourceShareInvitation']['status']
out['acceptAgain'] = code(lambda: consumer_ram.accept_resource_share_invitation(resourceShareInvitationArn=inv))
out['otherShares'] = [s['resourceShareArn'] for s in consumer_ram.get_resource_shares(resourceOwner='OTHER-ACCOUNTS')['resourceShares']]
fs = lambda p: client('sagemaker-featurestore-runtime', p)
rec = fs('consumer').get_record(FeatureGroupName=ARN, RecordIdentifierValueAsString='C0001')
out['record'] = {f['FeatureName']: f.get('ValueAsString', f.get('ValueAsStringList')) for f in rec.get('Record', [])}.get('customer_id')
out['partnerRecord'] = code(lambda: fs('partner').get_record(FeatureGroupName=ARN, RecordIdentifierValueAsString='C0001'))
out['wrongSecret'] = code(lambda: client('ram', 'consumer', secret='y' * 40).get_resource_shares(resourceOwner='SELF'))
out['badToken'] = code(lambda: client('ram', 'owner').get_resource_shares(resourceOwner='SELF', nextToken='forged'))
out['partnerOrg'] = code(lambda: client('organizations', 'partner').describe_organization())
print(json.dumps(out))
`;

let served: Served;

describe.skipIf(!BOTO3_AVAILABLE)(
  'boto3 against fshare sandbox serve (skipped when python3 has no boto3)',
  { timeout: 240_000 },
  () => {
    beforeAll(async () => {
      served = await startServed();
    });
    afterAll(async () => {
      await served.stop();
    });

    it('runs the owner → invitation → accept story, with the denials', async () => {
      const keys = Object.fromEntries(
        ['owner', 'consumer', 'partner'].map((p) => [p, served.credentials(p)]),
      );
      const res = spawnSync('python3', ['-c', SCRIPT], {
        env: { ...served.clientEnv('owner'), SANDBOX_URL: served.url, SANDBOX_KEYS: JSON.stringify(keys) },
        encoding: 'utf8',
      });
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
      const out = JSON.parse(res.stdout) as Record<string, unknown>;
      expect(out).toMatchObject({
        whoami: '222222222222',
        creationTimeType: 'datetime',
        idempotent: true,
        mismatch: 'IdempotentParameterMismatchException',
        invitations: ['PENDING'],
        accept: 'ACCEPTED',
        acceptAgain: 'ResourceShareInvitationAlreadyAcceptedException',
        otherShares: [out.shareArn],
        record: 'C0001',
        partnerRecord: 'AccessForbidden',
        wrongSecret: 'InvalidSignatureException',
        badToken: 'InvalidNextTokenException',
        partnerOrg: 'AWSOrganizationsNotInUseException',
      });

      // The JS SDK over HTTP sees the same world as boto3 did.
      const creds = served.credentials('consumer');
      const js = new RAMClient({
        endpoint: served.url,
        region: 'us-east-1',
        maxAttempts: 1,
        credentials: { accessKeyId: creds.AWS_ACCESS_KEY_ID, secretAccessKey: creds.AWS_SECRET_ACCESS_KEY },
      });
      const theirs = await js.send(new GetResourceSharesCommand({ resourceOwner: 'OTHER-ACCOUNTS' }));
      expect(theirs.resourceShares?.map((s) => s.resourceShareArn)).toEqual(out.otherShares);
    });
  },
);
