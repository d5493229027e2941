/** Questions other sandbox domains (RAM) ask about SageMaker resources. */
import type { Db } from '../types.js';
import { getFeatureGroupByArn } from './store.js';

export function featureGroupExists(db: Db, arn: string): boolean {
  return getFeatureGroupByArn(db, arn) !== undefined;
}
