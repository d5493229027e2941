/**
 * The SageMaker control plane (awsJson1_1) and the Feature Store runtime (restJson1). Both sign as
 * `sagemaker`; the wire layer tells them apart by the X-Amz-Target header. The runtime's HTTP
 * bindings are those of botocore's sagemaker-featurestore-runtime 2020-07-01 model (BatchWriteRecord,
 * ListRecords and UpdateRecord from the JS v3 client's model, which is newer).
 */
import type { ServiceDefinition } from '../types.js';
import {
  createFeatureGroup,
  deleteFeatureGroup,
  describeFeatureGroup,
  describeFeatureMetadata,
  listFeatureGroups,
  listResourceCatalogs,
  search,
  updateFeatureGroup,
  updateFeatureMetadata,
} from './control-plane.js';
import {
  batchGetRecord,
  batchWriteRecord,
  deleteRecord,
  getRecord,
  listRecords,
  putRecord,
  updateRecord,
} from './runtime.js';

export const sagemakerService: ServiceDefinition = {
  id: 'sagemaker',
  signingName: 'sagemaker',
  protocol: 'awsJson1_1',
  targetPrefix: 'SageMaker',
  eventSource: 'sagemaker.amazonaws.com',
  operations: {
    CreateFeatureGroup: { handler: createFeatureGroup },
    DescribeFeatureGroup: { handler: describeFeatureGroup },
    DeleteFeatureGroup: { handler: deleteFeatureGroup },
    ListFeatureGroups: { handler: listFeatureGroups },
    UpdateFeatureGroup: { handler: updateFeatureGroup },
    DescribeFeatureMetadata: { handler: describeFeatureMetadata },
    UpdateFeatureMetadata: { handler: updateFeatureMetadata },
    Search: { handler: search },
    ListResourceCatalogs: { handler: listResourceCatalogs },
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
    PutRecord: { handler: putRecord, http: { method: 'PUT', path: FEATURE_GROUP_PATH } },
    DeleteRecord: {
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
    BatchGetRecord: { handler: batchGetRecord, http: { method: 'POST', path: '/BatchGetRecord' } },
    BatchWriteRecord: { handler: batchWriteRecord, http: { method: 'POST', path: '/BatchWriteRecord' } },
    ListRecords: {
      handler: listRecords,
      http: { method: 'POST', path: `${FEATURE_GROUP_PATH}/ListRecords` },
    },
    UpdateRecord: { handler: updateRecord, http: { method: 'POST', path: `${FEATURE_GROUP_PATH}/Record` } },
  },
};
