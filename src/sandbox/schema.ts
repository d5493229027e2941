/** Every domain's tables, applied in order when the store opens (CREATE … IF NOT EXISTS). */
import { coreSchema } from './core/schema.js';
import { ramSchema } from './ram/schema.js';
import { sagemakerSchema } from './sagemaker/schema.js';
import { cloudtrailSchema } from './cloudtrail/schema.js';
import { s3Schema } from './s3/schema.js';
import { athenaSchema } from './athena/schema.js';

export const SCHEMAS: readonly string[] = [
  coreSchema,
  ramSchema,
  sagemakerSchema,
  cloudtrailSchema,
  s3Schema,
  athenaSchema,
];
