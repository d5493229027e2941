/**
 * The SageMaker control plane and Feature Store runtime of `fshare sandbox serve`, driven by the
 * AWS CLI and boto3: owner shares → consumer accepts → cross-account search → describe by ARN →
 * get/put/delete record, plus the denials (partner without a share, read-only trying to write).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingPrerequisite, startServedSandbox, type ServedSandbox } from './helpers/served-sandbox.js';

const OWNER = '111111111111';
const CONSUMER = '222222222222';
const CUSTOMERS_ARN = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/customers`;
const TRANSACTIONS_ARN = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/transactions`;
const CATALOG_ARN = `arn:aws:sagemaker:us-east-1:${OWNER}:sagemaker-catalog/DefaultFeatureGroupCatalog`;
const permission = (name: string): string => `arn:aws:ram::aws:permission/${name}`;

const skipReason = missingPrerequisite({ aws: true, boto3: true });
if (skipReason) {
  process.stderr.write(`skipping SageMaker conformance tests: ${skipReason}\n`);
}

// Each AWS CLI or python3 start costs seconds on a loaded machine: give every step room.
describe.skipIf(skipReason !== undefined)(
  'SageMaker and Feature Store runtime over HTTP (AWS CLI, boto3)',
  { timeout: 240_000 },
  () => {
    let sandbox: ServedSandbox;

    beforeAll(async () => {
      sandbox = await startServedSandbox();
    }, 120_000);

    afterAll(async () => {
      await sandbox.stop();
    }, 60_000);

    it('before any share: partner and consumer are denied with the services’ error codes', () => {
      const describe = sandbox.aws('partner', [
        'sagemaker',
        'describe-feature-group',
        '--feature-group-name',
        CUSTOMERS_ARN,
      ]);
      expect(describe.ok).toBe(false);
      expect(describe.code).toBe('AccessDeniedException');
      expect(describe.message).toContain('sagemaker:DescribeFeatureGroup');
      const get = sandbox.boto3('partner', 'sagemaker-featurestore-runtime', 'get_record', {
        FeatureGroupName: CUSTOMERS_ARN,
        RecordIdentifierValueAsString: 'C0001',
      });
      expect(get).toMatchObject({ ok: false, code: 'AccessForbidden', status: 403 });
      const search = sandbox.boto3('consumer', 'sagemaker', 'search', {
        Resource: 'FeatureGroup',
        CrossAccountFilterOption: 'CrossAccount',
      });
      expect(search).toMatchObject({ ok: true, response: { Results: [] } });
    });

    it('owner shares (AWS CLI), consumer accepts (boto3), then searches cross-account and describes by ARN', () => {
      const readOnly = sandbox.aws('owner', [
        'ram',
        'create-resource-share',
        '--name',
        'customers-read-only',
        '--resource-arns',
        CUSTOMERS_ARN,
        '--principals',
        CONSUMER,
        '--permission-arns',
        permission('AWSRAMPermissionSageMakerFeatureGroupReadOnly'),
      ]);
      expect(readOnly.ok).toBe(true);
      const catalog = sandbox.aws('owner', [
        'ram',
        'create-resource-share',
        '--name',
        'catalog',
        '--resource-arns',
        CATALOG_ARN,
        '--principals',
        CONSUMER,
        '--permission-arns',
        permission('AWSRAMPermissionSageMakerCatalogResourceSearch'),
      ]);
      expect(catalog.ok).toBe(true);

      const invitations = sandbox.boto3('consumer', 'ram', 'get_resource_share_invitations');
      const pending = (
        (invitations.response?.resourceShareInvitations ?? []) as {
          status: string;
          resourceShareInvitationArn: string;
        }[]
      ).filter((i) => i.status === 'PENDING');
      expect(pending).toHaveLength(2);
      for (const invitation of pending) {
        expect(
          sandbox.boto3('consumer', 'ram', 'accept_resource_share_invitation', {
            resourceShareInvitationArn: invitation.resourceShareInvitationArn,
          }).ok,
        ).toBe(true);
      }

      const search = sandbox.boto3('consumer', 'sagemaker', 'search', {
        Resource: 'FeatureGroup',
        CrossAccountFilterOption: 'CrossAccount',
        SearchExpression: { Filters: [{ Name: 'FeatureGroupName', Operator: 'Contains', Value: 'ers' }] },
      });
      const results = (search.response?.Results ?? []) as {
        FeatureGroup: { FeatureGroupArn: string; Tags?: unknown };
      }[];
      expect(results.map((r) => r.FeatureGroup.FeatureGroupArn)).toEqual([CUSTOMERS_ARN]);
      expect(results[0]?.FeatureGroup.Tags).toBeUndefined();
      const viaCli = sandbox.aws('consumer', [
        'sagemaker',
        'search',
        '--resource',
        'FeatureGroup',
        '--cross-account-filter-option',
        'CrossAccount',
      ]);
      const cliArns = (
        (viaCli.response?.Results ?? []) as { FeatureGroup: { FeatureGroupArn: string } }[]
      ).map((r) => r.FeatureGroup.FeatureGroupArn);
      expect(cliArns.sort()).toEqual([CUSTOMERS_ARN, TRANSACTIONS_ARN]);
      const sameAccount = sandbox.aws('consumer', ['sagemaker', 'search', '--resource', 'FeatureGroup']);
      expect(sameAccount.response?.Results).toEqual([]);

      const described = sandbox.aws('consumer', [
        'sagemaker',
        'describe-feature-group',
        '--feature-group-name',
        CUSTOMERS_ARN,
      ]);
      expect(described.response).toMatchObject({
        FeatureGroupName: 'customers',
        FeatureGroupArn: CUSTOMERS_ARN,
        RecordIdentifierFeatureName: 'customer_id',
      });
      const byName = sandbox.aws('consumer', [
        'sagemaker',
        'describe-feature-group',
        '--feature-group-name',
        'customers',
      ]);
      expect(byName.code).toBe('ResourceNotFound');
      const otherGroup = sandbox.aws('consumer', [
        'sagemaker',
        'describe-feature-group',
        '--feature-group-name',
        TRANSACTIONS_ARN,
      ]);
      expect(otherGroup.code).toBe('AccessDeniedException');
    });

    it('consumer reads by ARN (AWS CLI and boto3) but a read-only share refuses PutRecord', () => {
      const cli = sandbox.aws('consumer', [
        'sagemaker-featurestore-runtime',
        'get-record',
        '--feature-group-name',
        CUSTOMERS_ARN,
        '--record-identifier-value-as-string',
        'C0001',
        '--feature-names',
        'customer_id',
        'preferred_categories',
      ]);
      const record = cli.response?.Record as {
        FeatureName: string;
        ValueAsString?: string;
        ValueAsStringList?: string[];
      }[];
      expect(record[0]).toEqual({ FeatureName: 'customer_id', ValueAsString: 'C0001' });
      expect(record[1]?.FeatureName).toBe('preferred_categories');
      expect(Array.isArray(record[1]?.ValueAsStringList)).toBe(true);
      const missing = sandbox.boto3('consumer', 'sagemaker-featurestore-runtime', 'get_record', {
        FeatureGroupName: CUSTOMERS_ARN,
        RecordIdentifierValueAsString: 'nobody',
      });
      expect(missing).toEqual({ ok: true, response: {} });
      const put = sandbox.boto3('consumer', 'sagemaker-featurestore-runtime', 'put_record', {
        FeatureGroupName: CUSTOMERS_ARN,
        Record: [
          { FeatureName: 'customer_id', ValueAsString: 'C9000' },
          { FeatureName: 'event_time', ValueAsString: '1700000000' },
        ],
      });
      expect(put).toMatchObject({ ok: false, code: 'AccessForbidden', status: 403 });
      expect(put.message).toContain('sagemaker:PutRecord');
      const batch = sandbox.boto3('consumer', 'sagemaker-featurestore-runtime', 'batch_get_record', {
        Identifiers: [
          { FeatureGroupName: CUSTOMERS_ARN, RecordIdentifiersValueAsString: ['C0002'] },
          { FeatureGroupName: TRANSACTIONS_ARN, RecordIdentifiersValueAsString: ['T00001'] },
        ],
      });
      expect(
        (batch.response?.Records as { RecordIdentifierValueAsString: string }[]).map(
          (r) => r.RecordIdentifierValueAsString,
        ),
      ).toEqual(['C0002']);
      expect((batch.response?.Errors as { ErrorCode: string }[]).map((e) => e.ErrorCode)).toEqual([
        'AccessForbidden',
      ]);
      expect(batch.response?.UnprocessedIdentifiers).toEqual([]);
    });

    it('owner puts and deletes with the EventTime rule (boto3 and AWS CLI)', () => {
      const record = [
        { FeatureName: 'customer_id', ValueAsString: 'C8000' },
        { FeatureName: 'event_time', ValueAsString: '1700000000.5' },
        { FeatureName: 'segment', ValueAsString: 'vip' },
      ];
      expect(
        sandbox.boto3('owner', 'sagemaker-featurestore-runtime', 'put_record', {
          FeatureGroupName: 'customers',
          Record: record,
        }).ok,
      ).toBe(true);
      const invalid = sandbox.boto3('owner', 'sagemaker-featurestore-runtime', 'put_record', {
        FeatureGroupName: 'customers',
        Record: [...record.slice(0, 2), { FeatureName: 'age', ValueAsString: 'forty' }],
      });
      expect(invalid).toMatchObject({ ok: false, code: 'ValidationError', status: 400 });
      const older = sandbox.aws('owner', [
        'sagemaker-featurestore-runtime',
        'delete-record',
        '--feature-group-name',
        'customers',
        '--record-identifier-value-as-string',
        'C8000',
        '--event-time',
        '1700000000',
        '--deletion-mode',
        'HardDelete',
      ]);
      expect(older.code).toBe('ValidationError');
      const soft = sandbox.aws('owner', [
        'sagemaker-featurestore-runtime',
        'delete-record',
        '--feature-group-name',
        CUSTOMERS_ARN,
        '--record-identifier-value-as-string',
        'C8000',
        '--event-time',
        '1700000001',
      ]);
      expect(soft.ok).toBe(true);
      const after = sandbox.aws('owner', [
        'sagemaker-featurestore-runtime',
        'get-record',
        '--feature-group-name',
        'customers',
        '--record-identifier-value-as-string',
        'C8000',
      ]);
      expect(after).toEqual({ ok: true, response: {} });
    });

    it('a revoked consumer is denied on its next call (AWS CLI)', () => {
      const shares = sandbox.boto3('owner', 'ram', 'get_resource_shares', {
        resourceOwner: 'SELF',
        name: 'customers-read-only',
      });
      const shareArn = ((shares.response?.resourceShares ?? []) as { resourceShareArn: string }[])[0]
        ?.resourceShareArn;
      expect(shareArn).toBeDefined();
      const revoked = sandbox.aws('owner', [
        'ram',
        'disassociate-resource-share',
        '--resource-share-arn',
        shareArn ?? '',
        '--principals',
        CONSUMER,
      ]);
      expect(revoked.ok).toBe(true);
      const get = sandbox.aws('consumer', [
        'sagemaker-featurestore-runtime',
        'get-record',
        '--feature-group-name',
        CUSTOMERS_ARN,
        '--record-identifier-value-as-string',
        'C0001',
      ]);
      expect(get.code).toBe('AccessForbidden');
    });
  },
);
