import { describe, expect, it } from 'vitest';
import {
  shareIndexFromSnapshot,
  sharesReaching,
  withShareFeatureGroup,
} from '../../../src/audit/share-index.js';
import { normalizeRecord } from '../../../src/audit/normalize.js';
import { parseFeatureGroupRef } from '../../../src/permissions/arns.js';
import type { ShareState } from '../../../src/sharing/snapshot.js';

const CUSTOMERS = 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers';
const TRANSACTIONS = 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/transactions';
const CATALOG = 'arn:aws:sagemaker:us-east-1:111111111111:sagemaker-catalog/DefaultFeatureGroupCatalog';
const SHARE = (n: string) => `arn:aws:ram:us-east-1:111111111111:resource-share/${n}`;

function share(name: string, resources: [string, string][]): ShareState {
  return {
    arn: SHARE(name),
    name,
    status: 'ACTIVE',
    allowExternalPrincipals: false,
    tags: {},
    permissions: [],
    principals: [],
    resources: resources.map(([arn, status]) => ({ arn, status })),
  };
}

describe('share index (from the owner snapshot)', () => {
  it('maps shares to the feature groups they reach, disassociated ones included', () => {
    const index = shareIndexFromSnapshot({
      account: '111111111111',
      region: 'us-east-1',
      partition: 'aws',
      shares: [
        share('a', [[CUSTOMERS, 'ASSOCIATED']]),
        share('b', [[TRANSACTIONS, 'DISASSOCIATED']]),
        share('c', [
          [CUSTOMERS, 'ASSOCIATED'],
          [TRANSACTIONS, 'ASSOCIATED'],
        ]),
        share('d', [[CATALOG, 'ASSOCIATED']]),
      ],
    });
    expect(Object.fromEntries(index)).toEqual({
      [SHARE('a')]: [CUSTOMERS],
      [SHARE('b')]: [TRANSACTIONS],
      [SHARE('c')]: [CUSTOMERS, TRANSACTIONS],
    });
    // A share reaching two groups is ambiguous: neither filled in nor matched.
    expect(sharesReaching(index, parseFeatureGroupRef('customers'))).toEqual([SHARE('a')]);
    const revoke = normalizeRecord({
      eventName: 'DisassociateResourceShare',
      eventSource: 'ram.amazonaws.com',
      requestParameters: { resourceShareArn: SHARE('b'), principals: ['222222222222'] },
    });
    expect(withShareFeatureGroup(index, revoke).featureGroup).toBe(TRANSACTIONS);
    const ambiguous = { ...revoke, resourceShare: SHARE('c') };
    expect(withShareFeatureGroup(index, ambiguous).featureGroup).toBeNull();
  });
});
