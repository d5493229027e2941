import Database from 'better-sqlite3';
import { cloudtrailSchema } from '../../../../src/sandbox/cloudtrail/schema.js';
import { cloudtrailService } from '../../../../src/sandbox/cloudtrail/service.js';
import type {
  Caller,
  Db,
  RecordedCall,
  ServiceDefinition,
  TrailInfo,
} from '../../../../src/sandbox/types.js';

export function memoryDb(): Db {
  const db = new Database(':memory:');
  db.exec(cloudtrailSchema);
  return db;
}

export function callerOf(profile: 'owner' | 'consumer' | 'auditor' | 'partner'): Caller {
  const table = {
    owner: { accountId: '111111111111', roleName: 'feature-engineer', key: 'AKIAOWNER0000000001' },
    auditor: { accountId: '111111111111', roleName: 'auditor', key: 'AKIAAUDIT0000000001' },
    consumer: { accountId: '222222222222', roleName: 'data-scientist', key: 'AKIACONSUMER0000001' },
    partner: { accountId: '333333333333', roleName: 'partner-engineer', key: 'AKIAPARTNER00000001' },
  }[profile];
  return {
    profile,
    accountId: table.accountId,
    roleName: table.roleName,
    roleArn: `arn:aws:iam::${table.accountId}:role/${table.roleName}`,
    accessKeyId: table.key,
    secretAccessKey: 'secret',
    arn: `arn:aws:sts::${table.accountId}:assumed-role/${table.roleName}/fshare-sandbox`,
    userId: `AROA${profile.toUpperCase()}EXAMPLE:fshare-sandbox`,
    sourceIpAddress: '127.0.0.1',
    userAgent: 'aws-sdk-js/3.0.0',
  };
}

const sagemakerStub: ServiceDefinition = {
  id: 'sagemaker',
  signingName: 'sagemaker',
  protocol: 'awsJson1_1',
  targetPrefix: 'SageMaker',
  eventSource: 'sagemaker.amazonaws.com',
  operations: {},
};

const ramStub: ServiceDefinition = {
  id: 'ram',
  signingName: 'ram',
  protocol: 'restJson1',
  eventSource: 'ram.amazonaws.com',
  operations: {},
};

export const SERVICES = { sagemaker: sagemakerStub, ram: ramStub, cloudtrail: cloudtrailService };

export const FG_ARN = 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers';

/** A GetRecord (data event) on the owner's `customers` group by `caller`. */
export function getRecordCall(caller: Caller, time: Date, extra: Partial<RecordedCall> = {}): RecordedCall {
  const trail: TrailInfo = {
    eventCategory: 'Data',
    readOnly: true,
    resources: [{ accountId: '111111111111', type: 'AWS::SageMaker::FeatureGroup', ARN: FG_ARN }],
    ownerAccountId: '111111111111',
    requestParameters: { featureGroupName: FG_ARN, recordIdentifierValueAsString: 'c-1' },
  };
  return {
    service: sagemakerStub,
    operation: 'GetRecord',
    caller,
    region: 'us-east-1',
    time,
    requestId: 'req-1',
    input: { FeatureGroupName: FG_ARN, RecordIdentifierValueAsString: 'c-1' },
    trail,
    ...extra,
  };
}

/** A management event: RAM CreateResourceShare by `caller` in its own account. */
export function ramCall(caller: Caller, time: Date, operation = 'CreateResourceShare'): RecordedCall {
  return {
    service: ramStub,
    operation,
    caller,
    region: 'us-east-1',
    time,
    requestId: `req-${operation}`,
    input: { name: 'fshare-customers-read-only', allowExternalPrincipals: false },
    trail: {
      eventCategory: 'Management',
      readOnly: operation.startsWith('Get') || operation.startsWith('List'),
      resources: [],
      responseElements: { resourceShare: { name: 'fshare-customers-read-only', status: 'ACTIVE' } },
    },
  };
}
