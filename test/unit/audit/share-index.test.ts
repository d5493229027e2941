import { describe, expect, it } from 'vitest';
import type { RamPort } from '../../../src/aws/ports.js';
import { readShareIndexFrom, sharesReaching, withShareFeatureGroup } from '../../../src/audit/share-index.js';
import { normalizeRecord } from '../../../src/audit/normalize.js';
import { parseFeatureGroupRef } from '../../../src/permissions/arns.js';

const CUSTOMERS = 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers';
const TRANSACTIONS = 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/transactions';
const SHARE = (n: string) => `arn:aws:ram:us-east-1:111111111111:resource-share/${n}`;

describe('share index', () => {
  it('maps shares to the feature groups they reach, across pages and disassociated resources', async () => {
    const pages: Record<string, { resourceShareArn: string; associatedEntity: string; status: string }[]> = {
      '': [
        { resourceShareArn: SHARE('a'), associatedEntity: CUSTOMERS, status: 'ASSOCIATED' },
        { resourceShareArn: SHARE('b'), associatedEntity: TRANSACTIONS, status: 'DISASSOCIATED' },
      ],
      p2: [
        { resourceShareArn: SHARE('c'), associatedEntity: CUSTOMERS, status: 'ASSOCIATED' },
        { resourceShareArn: SHARE('c'), associatedEntity: TRANSACTIONS, status: 'ASSOCIATED' },
        {
          resourceShareArn: SHARE('d'),
          associatedEntity:
            'arn:aws:sagemaker:us-east-1:111111111111:sagemaker-catalog/DefaultFeatureGroupCatalog',
          status: 'ASSOCIATED',
        },
      ],
    };
    const ram = {
      getResourceShareAssociations: (input: { associationType?: string; nextToken?: string }) => {
        expect(input.associationType).toBe('RESOURCE');
        const token = input.nextToken ?? '';
        return Promise.resolve({
          resourceShareAssociations: pages[token],
          ...(token === '' ? { nextToken: 'p2' } : {}),
          $metadata: {},
        });
      },
    } as unknown as RamPort;
    const index = await readShareIndexFrom(ram);
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
