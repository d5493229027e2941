/**
 * CloudTrail of `fshare sandbox serve`, driven by the AWS CLI and boto3 (both send botocore's long
 * X-Amz-Target form, com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Op>): lookup-events
 * shows management events and never record reads; Lake stores get the data events their selectors
 * ask for, delivered to both accounts of a cross-account read; Lake queries run for real.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  missingPrerequisite,
  startServedSandbox,
  type Outcome,
  type ServedSandbox,
} from './helpers/served-sandbox.js';

const OWNER = '111111111111';
const CONSUMER = '222222222222';
const CUSTOMERS_ARN = `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/customers`;
const FEATURE_GROUP_DATA = [
  {
    Name: 'feature group data events',
    FieldSelectors: [
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: ['AWS::SageMaker::FeatureGroup'] },
    ],
  },
];

const skipReason = missingPrerequisite({ aws: true, boto3: true });
if (skipReason) {
  process.stderr.write(`skipping CloudTrail conformance tests: ${skipReason}\n`);
}

type Rows = Record<string, string | null>[][];

describe.skipIf(skipReason !== undefined)(
  'CloudTrail over HTTP (AWS CLI, boto3)',
  { timeout: 240_000 },
  () => {
    let sandbox: ServedSandbox;
    const stores: Record<string, string> = {};

    function ok(outcome: Outcome): Record<string, unknown> {
      expect(outcome, JSON.stringify(outcome)).toMatchObject({ ok: true });
      return outcome.response ?? {};
    }

    /** start-query → describe-query until done → get-query-results, all with the AWS CLI. */
    function cliQuery(profile: string, statement: string): Rows {
      const queryId = String(
        ok(sandbox.aws(profile, ['cloudtrail', 'start-query', '--query-statement', statement])).QueryId,
      );
      let status = 'QUEUED';
      for (let i = 0; i < 10 && (status === 'QUEUED' || status === 'RUNNING'); i++) {
        status = String(
          ok(sandbox.aws(profile, ['cloudtrail', 'describe-query', '--query-id', queryId])).QueryStatus,
        );
      }
      expect(status).toBe('FINISHED');
      const results = ok(sandbox.aws(profile, ['cloudtrail', 'get-query-results', '--query-id', queryId]));
      expect(results.QueryStatus).toBe('FINISHED');
      return results.QueryResultRows as Rows;
    }

    beforeAll(async () => {
      sandbox = await startServedSandbox({ lake: true });
      for (const [profile, name] of [
        ['owner', 'owner-fg-data'],
        ['consumer', 'consumer-fg-data'],
      ] as const) {
        const created = ok(
          sandbox.boto3(profile, 'cloudtrail', 'create_event_data_store', {
            Name: name,
            AdvancedEventSelectors: FEATURE_GROUP_DATA,
          }),
        );
        expect(created.EventDataStoreArn).toMatch(
          new RegExp(`^arn:aws:cloudtrail:us-east-1:\\d{12}:eventdatastore/[0-9a-f-]{36}$`),
        );
        stores[profile] = String(created.EventDataStoreArn).split('/')[1] ?? '';
      }
      ok(sandbox.aws('owner', ['sagemaker', 'describe-feature-group', '--feature-group-name', 'customers']));
      ok(
        sandbox.aws('owner', [
          'sagemaker-featurestore-runtime',
          'get-record',
          '--feature-group-name',
          'customers',
          '--record-identifier-value-as-string',
          'C0001',
        ]),
      );
      ok(
        sandbox.aws('owner', [
          'ram',
          'create-resource-share',
          '--name',
          'customers-read-only',
          '--resource-arns',
          CUSTOMERS_ARN,
          '--principals',
          CONSUMER,
          '--permission-arns',
          'arn:aws:ram::aws:permission/AWSRAMPermissionSageMakerFeatureGroupReadOnly',
        ]),
      );
      const invitations = ok(sandbox.boto3('consumer', 'ram', 'get_resource_share_invitations'));
      for (const invitation of invitations.resourceShareInvitations as {
        resourceShareInvitationArn: string;
      }[]) {
        ok(
          sandbox.boto3('consumer', 'ram', 'accept_resource_share_invitation', {
            resourceShareInvitationArn: invitation.resourceShareInvitationArn,
          }),
        );
      }
      ok(
        sandbox.boto3('consumer', 'sagemaker-featurestore-runtime', 'get_record', {
          FeatureGroupName: CUSTOMERS_ARN,
          RecordIdentifierValueAsString: 'C0002',
        }),
      );
    }, 180_000);

    afterAll(async () => {
      await sandbox.stop();
    }, 60_000);

    it('aws cloudtrail lookup-events: management events with the record as a JSON string, never GetRecord', () => {
      const out = ok(
        sandbox.aws('owner', [
          'cloudtrail',
          'lookup-events',
          '--lookup-attributes',
          'AttributeKey=EventSource,AttributeValue=sagemaker.amazonaws.com',
        ]),
      );
      const events = out.Events as { EventName: string; CloudTrailEvent: string; EventTime: string }[];
      expect(events.map((e) => e.EventName)).toEqual(['DescribeFeatureGroup']);
      expect(JSON.parse(events[0]?.CloudTrailEvent ?? '{}')).toMatchObject({
        eventSource: 'sagemaker.amazonaws.com',
        eventName: 'DescribeFeatureGroup',
        recipientAccountId: OWNER,
        eventCategory: 'Management',
      });
      const reads = ok(
        sandbox.aws('owner', [
          'cloudtrail',
          'lookup-events',
          '--lookup-attributes',
          'AttributeKey=EventName,AttributeValue=GetRecord',
        ]),
      );
      expect(reads.Events).toEqual([]);
    });

    it('boto3 lookup_events: pages of MaxResults, and InvalidLookupAttributesException for two attributes', () => {
      const page = ok(sandbox.boto3('owner', 'cloudtrail', 'lookup_events', { MaxResults: 1 }));
      expect(page.Events).toHaveLength(1);
      expect(typeof page.NextToken).toBe('string');
      const next = ok(
        sandbox.boto3('owner', 'cloudtrail', 'lookup_events', { MaxResults: 1, NextToken: page.NextToken }),
      );
      expect((next.Events as { EventId: string }[])[0]?.EventId).not.toBe(
        (page.Events as { EventId: string }[])[0]?.EventId,
      );
      const rebound = sandbox.boto3('owner', 'cloudtrail', 'lookup_events', {
        MaxResults: 1,
        NextToken: page.NextToken,
        LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'true' }],
      });
      expect(rebound).toMatchObject({ ok: false, code: 'InvalidNextTokenException', status: 400 });
      const two = sandbox.boto3('owner', 'cloudtrail', 'lookup_events', {
        LookupAttributes: [
          { AttributeKey: 'EventName', AttributeValue: 'GetRecord' },
          { AttributeKey: 'ReadOnly', AttributeValue: 'true' },
        ],
      });
      expect(two).toMatchObject({ ok: false, code: 'InvalidLookupAttributesException', status: 400 });
    });

    it("Lake (AWS CLI): the consumer's cross-account GetRecord reaches both accounts' stores with one sharedEventID", () => {
      const sql = (id: string): string =>
        `SELECT userIdentity.accountId, recipientAccountId, sharedEventID, element_at(requestParameters, 'featureGroupName') AS fg FROM ${id} WHERE eventName = 'GetRecord' AND userIdentity.accountId = '${CONSUMER}'`;
      const ownerRows = cliQuery('owner', sql(stores.owner ?? ''));
      const consumerRows = cliQuery('consumer', sql(stores.consumer ?? ''));
      expect(ownerRows).toHaveLength(1);
      expect(consumerRows).toHaveLength(1);
      expect(ownerRows[0]?.[1]).toEqual({ recipientAccountId: OWNER });
      expect(consumerRows[0]?.[1]).toEqual({ recipientAccountId: CONSUMER });
      expect(ownerRows[0]?.[2]?.sharedEventID).toMatch(/^[0-9a-f-]{36}$/);
      expect(ownerRows[0]?.[2]).toEqual(consumerRows[0]?.[2]);
    });

    it("Lake (boto3): AWS's sample count query runs, and a non-SELECT is InvalidQueryStatementException", () => {
      const started = ok(
        sandbox.boto3('owner', 'cloudtrail', 'start_query', {
          QueryStatement: `SELECT eventSource, eventName, COUNT(*) AS apiCount FROM ${stores.owner ?? ''} WHERE eventTime > '2023-01-01 00:00:00' GROUP BY eventSource, eventName ORDER BY apiCount DESC`,
        }),
      );
      let described: Record<string, unknown> = {};
      for (let i = 0; i < 10; i++) {
        described = ok(sandbox.boto3('owner', 'cloudtrail', 'describe_query', { QueryId: started.QueryId }));
        if (described.QueryStatus !== 'RUNNING' && described.QueryStatus !== 'QUEUED') {
          break;
        }
      }
      expect(described.QueryStatus).toBe('FINISHED');
      const results = ok(
        sandbox.boto3('owner', 'cloudtrail', 'get_query_results', { QueryId: started.QueryId }),
      );
      expect(results.QueryResultRows).toEqual([
        [{ eventSource: 'sagemaker.amazonaws.com' }, { eventName: 'GetRecord' }, { apiCount: '2' }],
      ]);
      const refused = sandbox.boto3('owner', 'cloudtrail', 'start_query', {
        QueryStatement: `DROP TABLE ${stores.owner ?? ''}`,
      });
      expect(refused).toMatchObject({ ok: false, code: 'InvalidQueryStatementException', status: 400 });
    });
  },
);
