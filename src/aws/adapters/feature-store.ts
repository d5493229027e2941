import {
  BatchGetRecordCommand,
  BatchWriteRecordCommand,
  DeleteRecordCommand,
  GetRecordCommand,
  ListRecordsCommand,
  PutRecordCommand,
  SageMakerFeatureStoreRuntimeClient,
  type SageMakerFeatureStoreRuntimeClientConfig,
} from '@aws-sdk/client-sagemaker-featurestore-runtime';
import type { FeatureStorePort } from '../ports.js';
import { bindPort } from './bind.js';

export function createFeatureStorePort(config: SageMakerFeatureStoreRuntimeClientConfig): FeatureStorePort {
  return bindPort<FeatureStorePort>(new SageMakerFeatureStoreRuntimeClient(config), {
    getRecord: GetRecordCommand,
    putRecord: PutRecordCommand,
    deleteRecord: DeleteRecordCommand,
    batchGetRecord: BatchGetRecordCommand,
    batchWriteRecord: BatchWriteRecordCommand,
    listRecords: ListRecordsCommand,
  });
}
