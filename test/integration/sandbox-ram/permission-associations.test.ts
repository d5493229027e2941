import {
  AssociateResourceSharePermissionCommand,
  CreateResourceShareCommand,
  DeleteResourceShareCommand,
  GetResourceSharesCommand,
  ListPermissionAssociationsCommand,
  type RAMClient,
} from '@aws-sdk/client-ram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CONSUMER,
  CUSTOMERS_ARN,
  READ_ONLY,
  READ_WRITE,
  TRANSACTIONS_ARN,
  createSandbox,
  outcome,
  type Sandbox,
} from '../sandbox/harness.js';

let sb: Sandbox;
let owner: RAMClient;

async function share(name: string, resourceArn: string, permissionArn?: string): Promise<string> {
  const out = await owner.send(
    new CreateResourceShareCommand({
      name,
      resourceArns: [resourceArn],
      principals: [CONSUMER],
      ...(permissionArn ? { permissionArns: [permissionArn] } : {}),
    }),
  );
  return out.resourceShare?.resourceShareArn ?? '';
}

async function allAssociations(permissionArn: string, maxResults?: number): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const out = await owner.send(
      new ListPermissionAssociationsCommand({ permissionArn, maxResults, nextToken }),
    );
    arns.push(...(out.permissions ?? []).map((p) => p.resourceShareArn ?? ''));
    nextToken = out.nextToken;
  } while (nextToken);
  return arns;
}

describe('RAM ListPermissionAssociations in the sandbox', () => {
  beforeEach(async () => {
    sb = createSandbox();
    owner = await sb.ram('owner');
  });
  afterEach(() => sb.dispose());

  it('lists the shares that use a managed permission, with AWS shape, and only those', async () => {
    const ro = await share('customers-ro', CUSTOMERS_ARN);
    const rw = await share('transactions-rw', TRANSACTIONS_ARN, READ_WRITE);
    const out = await owner.send(new ListPermissionAssociationsCommand({ permissionArn: READ_WRITE }));
    expect(out.permissions).toHaveLength(1);
    const [association] = out.permissions ?? [];
    expect(association).toMatchObject({
      arn: READ_WRITE,
      permissionVersion: '1',
      defaultVersion: true,
      resourceType: 'sagemaker:FeatureGroup',
      status: 'ASSOCIATED',
      featureSet: 'STANDARD',
      resourceShareArn: rw,
    });
    expect(association?.lastUpdatedTime).toBeInstanceOf(Date);
    expect(await allAssociations(READ_ONLY)).toEqual([ro]);
  });

  it('follows a permission replaced on a share and leaves deleted shares out', async () => {
    const a = await share('a', CUSTOMERS_ARN);
    const b = await share('b', TRANSACTIONS_ARN);
    await owner.send(
      new AssociateResourceSharePermissionCommand({
        resourceShareArn: a,
        permissionArn: READ_WRITE,
        replace: true,
      }),
    );
    expect(await allAssociations(READ_ONLY)).toEqual([b]);
    expect(await allAssociations(READ_WRITE)).toEqual([a]);
    await owner.send(new DeleteResourceShareCommand({ resourceShareArn: b }));
    expect(await allAssociations(READ_ONLY)).toEqual([]);
  });

  it('pages with maxResults and a token bound to the parameters', async () => {
    const arns = [
      await share('s1', CUSTOMERS_ARN),
      await share('s2', TRANSACTIONS_ARN),
      await share('s3', CUSTOMERS_ARN),
    ];
    const first = await owner.send(
      new ListPermissionAssociationsCommand({ permissionArn: READ_ONLY, maxResults: 2 }),
    );
    expect(first.permissions).toHaveLength(2);
    expect(first.nextToken).toBeDefined();
    expect(await allAssociations(READ_ONLY, 1)).toEqual(arns);
    expect(
      await outcome(
        owner.send(
          new ListPermissionAssociationsCommand({ permissionArn: READ_WRITE, nextToken: first.nextToken }),
        ),
      ),
    ).toBe('InvalidNextTokenException');
    expect(
      await outcome(
        owner.send(new ListPermissionAssociationsCommand({ permissionArn: READ_ONLY, maxResults: 501 })),
      ),
    ).toBe('InvalidParameterException');
  });

  it('refuses a malformed permission ARN and shows nothing of other accounts', async () => {
    await share('customers-ro', CUSTOMERS_ARN);
    expect(await outcome(owner.send(new ListPermissionAssociationsCommand({ permissionArn: 'nope' })))).toBe(
      'MalformedArnException',
    );
    const consumer = await sb.ram('consumer');
    const out = await consumer.send(new ListPermissionAssociationsCommand({ permissionArn: READ_ONLY }));
    expect(out.permissions).toEqual([]);
  });

  it('GetResourceShares filters by permissionArn', async () => {
    const ro = await share('customers-ro', CUSTOMERS_ARN);
    const rw = await share('transactions-rw', TRANSACTIONS_ARN, READ_WRITE);
    const byPermission = async (permissionArn: string) =>
      (
        (await owner.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', permissionArn })))
          .resourceShares ?? []
      ).map((s) => s.resourceShareArn);
    expect(await byPermission(READ_ONLY)).toEqual([ro]);
    expect(await byPermission(READ_WRITE)).toEqual([rw]);
  });
});
