/** The services the sandbox serves, routed by signing name (and X-Amz-Target for SageMaker). */
import { athenaService } from './athena/service.js';
import { cloudtrailService } from './cloudtrail/service.js';
import { organizationsService } from './core/organizations.js';
import { stsService } from './core/sts.js';
import { ramService } from './ram/service.js';
import { featureStoreRuntimeService, sagemakerService } from './sagemaker/service.js';
import type { ServiceDefinition } from './types.js';

export const SERVICES: readonly ServiceDefinition[] = [
  stsService,
  organizationsService,
  ramService,
  sagemakerService,
  featureStoreRuntimeService,
  cloudtrailService,
  athenaService,
];
