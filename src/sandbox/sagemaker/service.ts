/**
 * The SageMaker control plane (awsJson1_1) and the Feature Store runtime (restJson1). Both sign as
 * `sagemaker`; the wire layer tells them apart by the X-Amz-Target header. The runtime's HTTP
 * bindings are those of botocore's sagemaker-featurestore-runtime 2020-07-01 model (BatchWriteRecord,
 * ListRecords and UpdateRecord from the JS v3 client's model, which is newer).
 */
import type { ServiceDefinition } from '../types.js';
import { describeFeatureMetadata, listResourceCatalogs, search, updateFeatureMetadata } from './catalog.js';
import {
  createFeatureGroup,
  deleteFeatureGroup,
  describeFeatureGroup,
  listFeatureGroups,
  updateFeatureGroup,
} from './control-plane.js';
import { batchGetRecord, batchWriteRecord } from './runtime-batch.js';
import { deleteRecord, getRecord, listRecords, putRecord, updateRecord } from './runtime.js';

// Each operation's CloudTrail category and read-only flag are declared here, once.
const READ = { readOnly: true } as const;
const WRITE = { readOnly: false } as const;
const DATA_READ = { category: 'Data', readOnly: true } as const;
const DATA_WRITE = { category: 'Data', readOnly: false } as const;

export const sagemakerService: ServiceDefinition = {
  id: 'sagemaker',
  signingName: 'sagemaker',
  protocol: 'awsJson1_1',
  targetPrefix: 'SageMaker',
  eventSource: 'sagemaker.amazonaws.com',
  operations: {
    CreateFeatureGroup: { ...WRITE, handler: createFeatureGroup },
    DescribeFeatureGroup: { ...READ, handler: describeFeatureGroup },
    DeleteFeatureGroup: { ...WRITE, handler: deleteFeatureGroup },
    ListFeatureGroups: { ...READ, handler: listFeatureGroups },
    UpdateFeatureGroup: { ...WRITE, handler: updateFeatureGroup },
    DescribeFeatureMetadata: { ...READ, handler: describeFeatureMetadata },
    UpdateFeatureMetadata: { ...WRITE, handler: updateFeatureMetadata },
    Search: { ...READ, handler: search },
    ListResourceCatalogs: { ...READ, handler: listResourceCatalogs },
  },
};

const FEATURE_GROUP_PATH = '/FeatureGroup/{FeatureGroupName}';

export const featureStoreRuntimeService: ServiceDefinition = {
  id: 'featurestore',
  signingName: 'sagemaker',
  protocol: 'restJson1',
  eventSource: 'sagemaker.amazonaws.com',
  operations: {
    GetRecord: {
      ...DATA_READ,
      handler: getRecord,
      http: {
        method: 'GET',
        path: FEATURE_GROUP_PATH,
        query: {
          RecordIdentifierValueAsString: { member: 'RecordIdentifierValueAsString' },
          FeatureName: { member: 'FeatureNames', list: true },
          ExpirationTimeResponse: { member: 'ExpirationTimeResponse' },
        },
      },
    },
    PutRecord: { ...DATA_WRITE, handler: putRecord, http: { method: 'PUT', path: FEATURE_GROUP_PATH } },
    DeleteRecord: {
      ...DATA_WRITE,
      handler: deleteRecord,
      http: {
        method: 'DELETE',
        path: FEATURE_GROUP_PATH,
        query: {
          RecordIdentifierValueAsString: { member: 'RecordIdentifierValueAsString' },
          EventTime: { member: 'EventTime' },
          TargetStores: { member: 'TargetStores', list: true },
          DeletionMode: { member: 'DeletionMode' },
        },
      },
    },
    BatchGetRecord: {
      ...DATA_READ,
      handler: batchGetRecord,
      http: { method: 'POST', path: '/BatchGetRecord' },
    },
    BatchWriteRecord: {
      ...DATA_WRITE,
      handler: batchWriteRecord,
      http: { method: 'POST', path: '/BatchWriteRecord' },
    },
    ListRecords: {
      ...DATA_READ,
      handler: listRecords,
      http: { method: 'POST', path: `${FEATURE_GROUP_PATH}/ListRecords` },
    },
    UpdateRecord: {
      ...DATA_WRITE,
      handler: updateRecord,
      http: { method: 'POST', path: `${FEATURE_GROUP_PATH}/Record` },
    },
  },
};
