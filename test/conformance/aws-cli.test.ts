/**
 * The AWS CLI (written by AWS, not us) against `fshare sandbox serve`: the RAM sharing story and
 * its denials. B and C extend the story below with SageMaker, the runtime and CloudTrail.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCommand, startServed, type Credentials, type Served } from './serve-harness.js';

const AWS_AVAILABLE = hasCommand('aws', ['--version']);
const OWNER = '111111111111';
const CONSUMER = '222222222222';
const CUSTOMERS_ARN = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/customers`;

let served: Served;

interface CliResult {
  code: number;
  json: Record<string, unknown>;
  stderr: string;
}

function aws(profile: string, args: string[], overrides: Partial<Credentials> = {}): CliResult {
  const res = spawnSync('aws', ['--endpoint-url', served.url, '--output', 'json', ...args], {
    env: served.clientEnv(profile, overrides),
    encoding: 'utf8',
  });
  const out = res.stdout.trim();
  return {
    code: res.status ?? -1,
    json: out === '' ? {} : (JSON.parse(out) as Record<string, unknown>),
    stderr: res.stderr,
  };
}

describe.skipIf(!AWS_AVAILABLE)(
  'the AWS CLI against fshare sandbox serve (skipped when `aws` is not on PATH)',
  // The AWS CLI takes seconds to start on a loaded machine; a step makes up to three calls.
  { timeout: 240_000 },
  () => {
    beforeAll(async () => {
      served = await startServed();
    });
    afterAll(async () => {
      await served.stop();
    });

    let shareArn = '';
    let invitationArn = '';

    it('owner: sts get-caller-identity', () => {
      const res = aws('owner', ['sts', 'get-caller-identity']);
      expect(res.code).toBe(0);
      expect(res.json).toMatchObject({
        Account: OWNER,
        Arn: `arn:aws:sts::${OWNER}:assumed-role/feature-engineer/fshare-sandbox`,
      });
    });

    it('owner: ram create-resource-share for customers with the consumer account', () => {
      const res = aws('owner', [
        'ram',
        'create-resource-share',
        '--name',
        'customers-read-only',
        '--resource-arns',
        CUSTOMERS_ARN,
        '--principals',
        CONSUMER,
        '--no-allow-external-principals',
        '--permission-arns',
        'arn:aws:ram::aws:permission/AWSRAMPermissionSageMakerFeatureGroupReadOnly',
        '--tags',
        'key=fshare:managed,value=true',
      ]);
      expect(res.code).toBe(0);
      const share = res.json.resourceShare as {
        resourceShareArn: string;
        status: string;
        allowExternalPrincipals: boolean;
      };
      expect(share.status).toBe('ACTIVE');
      expect(share.allowExternalPrincipals).toBe(false);
      shareArn = share.resourceShareArn;
    });

    it('consumer: ram get-resource-share-invitations shows one pending invitation', () => {
      const res = aws('consumer', ['ram', 'get-resource-share-invitations']);
      expect(res.code).toBe(0);
      const invitations = res.json.resourceShareInvitations as {
        resourceShareInvitationArn: string;
        status: string;
        resourceShareArn: string;
        senderAccountId: string;
      }[];
      expect(invitations).toHaveLength(1);
      expect(invitations[0]).toMatchObject({
        status: 'PENDING',
        resourceShareArn: shareArn,
        senderAccountId: OWNER,
      });
      invitationArn = invitations[0]?.resourceShareInvitationArn ?? '';
    });

    it('consumer: ram accept-resource-share-invitation, then a second accept fails', () => {
      const res = aws('consumer', [
        'ram',
        'accept-resource-share-invitation',
        '--resource-share-invitation-arn',
        invitationArn,
      ]);
      expect(res.code).toBe(0);
      expect((res.json.resourceShareInvitation as { status: string }).status).toBe('ACCEPTED');
      const again = aws('consumer', [
        'ram',
        'accept-resource-share-invitation',
        '--resource-share-invitation-arn',
        invitationArn,
      ]);
      expect(again.code).not.toBe(0);
      expect(again.stderr).toContain('ResourceShareInvitationAlreadyAcceptedException');
    });

    it('consumer: the share and the feature group now show under OTHER-ACCOUNTS', () => {
      const shares = aws('consumer', ['ram', 'get-resource-shares', '--resource-owner', 'OTHER-ACCOUNTS']);
      expect(
        (shares.json.resourceShares as { resourceShareArn: string }[]).map((s) => s.resourceShareArn),
      ).toEqual([shareArn]);
      const resources = aws('consumer', ['ram', 'list-resources', '--resource-owner', 'OTHER-ACCOUNTS']);
      expect(
        (resources.json.resources as { arn: string; type: string }[]).map((r) => [r.arn, r.type]),
      ).toEqual([[CUSTOMERS_ARN, 'sagemaker:FeatureGroup']]);
      const assoc = aws('owner', [
        'ram',
        'get-resource-share-associations',
        '--association-type',
        'PRINCIPAL',
      ]);
      expect(
        (assoc.json.resourceShareAssociations as { associatedEntity: string; status: string }[])[0],
      ).toMatchObject({
        associatedEntity: CONSUMER,
        status: 'ASSOCIATED',
      });
    });

    it('consumer: feature store get-record by ARN works', () => {
      const res = aws('consumer', [
        'sagemaker-featurestore-runtime',
        'get-record',
        '--feature-group-name',
        CUSTOMERS_ARN,
        '--record-identifier-value-as-string',
        'C0001',
      ]);
      expect(res.code).toBe(0);
      expect(JSON.stringify(res.json.Record)).toContain('C0001');
    });

    it('partner: sees no shares and is denied the record', () => {
      const shares = aws('partner', ['ram', 'get-resource-shares', '--resource-owner', 'OTHER-ACCOUNTS']);
      expect(shares.json.resourceShares).toEqual([]);
      const record = aws('partner', [
        'sagemaker-featurestore-runtime',
        'get-record',
        '--feature-group-name',
        CUSTOMERS_ARN,
        '--record-identifier-value-as-string',
        'C0001',
      ]);
      expect(record.code).not.toBe(0);
      expect(record.stderr).toContain('AccessForbidden');
    });

    it('partner: cannot be added to a share that refuses external principals', () => {
      const res = aws('owner', [
        'ram',
        'associate-resource-share',
        '--resource-share-arn',
        shareArn,
        '--principals',
        '333333333333',
      ]);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toContain('InvalidParameterException');
    });

    it('a wrong secret is refused', () => {
      const ram = aws('consumer', ['ram', 'get-resource-share-invitations'], {
        AWS_SECRET_ACCESS_KEY: 'x'.repeat(40),
      });
      expect(ram.code).not.toBe(0);
      expect(ram.stderr).toContain('InvalidSignatureException');
      const sts = aws('consumer', ['sts', 'get-caller-identity'], { AWS_SECRET_ACCESS_KEY: 'x'.repeat(40) });
      expect(sts.stderr).toContain('SignatureDoesNotMatch');
    });

    it('a revoked consumer loses the record at once', () => {
      const res = aws('owner', [
        'ram',
        'disassociate-resource-share',
        '--resource-share-arn',
        shareArn,
        '--principals',
        CONSUMER,
      ]);
      expect(res.code).toBe(0);
      const record = aws('consumer', [
        'sagemaker-featurestore-runtime',
        'get-record',
        '--feature-group-name',
        CUSTOMERS_ARN,
        '--record-identifier-value-as-string',
        'C0001',
      ]);
      expect(record.stderr).toContain('AccessForbidden');
    });

    // B and C: SageMaker (search, describe by ARN), runtime put/delete and CloudTrail lookup-events
    // steps of the story go here, against the same `served` sandbox.
  },
);
