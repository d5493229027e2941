import {
  CreateFeatureGroupCommand,
  DescribeFeatureGroupCommand,
  DescribeFeatureMetadataCommand,
  ListFeatureGroupsCommand,
  ListResourceCatalogsCommand,
  SageMakerClient,
  type SageMakerClientConfig,
  SearchCommand,
  UpdateFeatureGroupCommand,
  UpdateFeatureMetadataCommand,
} from '@aws-sdk/client-sagemaker';
import type { SageMakerPort } from '../ports.js';
import { bindPort } from './bind.js';

export function createSageMakerPort(config: SageMakerClientConfig): SageMakerPort {
  return bindPort<SageMakerPort>(new SageMakerClient(config), {
    createFeatureGroup: CreateFeatureGroupCommand,
    describeFeatureGroup: DescribeFeatureGroupCommand,
    describeFeatureMetadata: DescribeFeatureMetadataCommand,
    listFeatureGroups: ListFeatureGroupsCommand,
    updateFeatureGroup: UpdateFeatureGroupCommand,
    updateFeatureMetadata: UpdateFeatureMetadataCommand,
    search: SearchCommand,
    listResourceCatalogs: ListResourceCatalogsCommand,
  });
}
