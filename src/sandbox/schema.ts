/** Every domain's tables, applied in order when the store opens (CREATE … IF NOT EXISTS). */
import { coreSchema } from './core/schema.js';
import { ramSchema } from './ram/schema.js';
import { migrateSagemakerStore, sagemakerSchema } from './sagemaker/schema.js';
import { cloudtrailSchema } from './cloudtrail/schema.js';
import { s3Schema } from './s3/schema.js';
import { athenaSchema } from './athena/schema.js';
import type { Db } from './types.js';

export const SCHEMAS: readonly string[] = [
  coreSchema,
  ramSchema,
  sagemakerSchema,
  cloudtrailSchema,
  s3Schema,
  athenaSchema,
];

/**
 * Changes to tables an existing store already has (CREATE … IF NOT EXISTS leaves those alone),
 * run after SCHEMAS in the same transaction; each checks for itself whether it is needed.
 */
export const MIGRATIONS: readonly ((db: Db) => void)[] = [migrateSagemakerStore];
