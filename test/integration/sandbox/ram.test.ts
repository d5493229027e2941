import {
  AcceptResourceShareInvitationCommand,
  AssociateResourceShareCommand,
  AssociateResourceSharePermissionCommand,
  CreateResourceShareCommand,
  DeleteResourceShareCommand,
  DisassociateResourceShareCommand,
  EnableSharingWithAwsOrganizationCommand,
  GetPermissionCommand,
  GetResourceShareAssociationsCommand,
  GetResourceShareInvitationsCommand,
  GetResourceSharesCommand,
  ListPendingInvitationResourcesCommand,
  ListPermissionsCommand,
  ListPrincipalsCommand,
  ListResourceSharePermissionsCommand,
  ListResourceTypesCommand,
  ListResourcesCommand,
  RejectResourceShareInvitationCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type RAMClient,
} from '@aws-sdk/client-ram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CATALOG_ARN,
  CONSUMER,
  CUSTOMERS_ARN,
  OWNER,
  PARTNER,
  READ_ONLY,
  READ_WRITE,
  TRANSACTIONS_ARN,
  createSandbox,
  outcome,
  type Sandbox,
} from './harness.js';

const HOUR = 3_600_000;
let sb: Sandbox;
let owner: RAMClient;
let consumer: RAMClient;

async function share(principals: string[], extra: Record<string, unknown> = {}): Promise<string> {
  const out = await owner.send(
    new CreateResourceShareCommand({
      name: 'customers-ro',
      resourceArns: [CUSTOMERS_ARN],
      principals,
      ...extra,
    }),
  );
  return out.resourceShare?.resourceShareArn ?? '';
}

async function pendingInvitation(client: RAMClient): Promise<string> {
  const out = await client.send(new GetResourceShareInvitationsCommand({}));
  const pending = (out.resourceShareInvitations ?? []).find((i) => i.status === 'PENDING');
  return pending?.resourceShareInvitationArn ?? '';
}

async function principalStatus(shareArn: string, principal: string): Promise<string | undefined> {
  const out = await owner.send(
    new GetResourceShareAssociationsCommand({
      associationType: 'PRINCIPAL',
      resourceShareArns: [shareArn],
      principal,
    }),
  );
  return out.resourceShareAssociations?.[0]?.status;
}

describe('RAM in the sandbox (organization sharing off)', () => {
  beforeEach(async () => {
    sb = createSandbox();
    owner = await sb.ram('owner');
    consumer = await sb.ram('consumer');
  });
  afterEach(() => sb.dispose());

  it('invites, accepts, grants access, and revokes immediately', async () => {
    const arn = await share([CONSUMER]);
    expect(arn).toMatch(/^arn:aws:ram:us-east-1:111111111111:resource-share\//);
    expect(await principalStatus(arn, CONSUMER)).toBe('ASSOCIATING');
    expect(await sb.canGetRecord('consumer')).toBe('AccessForbidden');
    expect(
      (await consumer.send(new GetResourceSharesCommand({ resourceOwner: 'OTHER-ACCOUNTS' }))).resourceShares,
    ).toEqual([]);

    const invitation = await pendingInvitation(consumer);
    expect(invitation).toMatch(/resource-share-invitation\//);
    const pendingResources = await consumer.send(
      new ListPendingInvitationResourcesCommand({ resourceShareInvitationArn: invitation }),
    );
    expect(pendingResources.resources?.map((r) => [r.arn, r.type])).toEqual([
      [CUSTOMERS_ARN, 'sagemaker:FeatureGroup'],
    ]);

    const accepted = await consumer.send(
      new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: invitation }),
    );
    expect(accepted.resourceShareInvitation?.status).toBe('ACCEPTED');
    expect(accepted.resourceShareInvitation?.senderAccountId).toBe(OWNER);
    expect(
      await outcome(
        consumer.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: invitation })),
      ),
    ).toBe('ResourceShareInvitationAlreadyAcceptedException');
    expect(await principalStatus(arn, CONSUMER)).toBe('ASSOCIATED');
    const theirs = await consumer.send(new GetResourceSharesCommand({ resourceOwner: 'OTHER-ACCOUNTS' }));
    expect(theirs.resourceShares?.map((s) => s.resourceShareArn)).toEqual([arn]);
    const resources = await consumer.send(new ListResourcesCommand({ resourceOwner: 'OTHER-ACCOUNTS' }));
    expect(resources.resources?.map((r) => r.arn)).toEqual([CUSTOMERS_ARN]);

    expect(await sb.canGetRecord('consumer')).toBe('ok');
    expect(await sb.canGetRecord('consumer-analyst')).toBe('ok');
    expect(await sb.canGetRecord('partner')).toBe('AccessForbidden');

    const revoked = await owner.send(
      new DisassociateResourceShareCommand({ resourceShareArn: arn, principals: [CONSUMER] }),
    );
    expect(revoked.resourceShareAssociations?.[0]?.status).toBe('DISASSOCIATING');
    expect(await sb.canGetRecord('consumer')).toBe('AccessForbidden');
    expect(await principalStatus(arn, CONSUMER)).toBe('DISASSOCIATED');
  });

  it('expires an unanswered invitation after 12 hours of sandbox clock', async () => {
    const arn = await share([CONSUMER]);
    const invitation = await pendingInvitation(consumer);
    sb.advance(11 * HOUR);
    expect(await pendingInvitation(consumer)).toBe(invitation);
    sb.advance(2 * HOUR);
    expect(
      await outcome(
        consumer.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: invitation })),
      ),
    ).toBe('ResourceShareInvitationExpiredException');
    const all = await consumer.send(new GetResourceShareInvitationsCommand({}));
    expect(all.resourceShareInvitations?.map((i) => i.status)).toEqual(['EXPIRED']);
    expect(await principalStatus(arn, CONSUMER)).toBe('DISASSOCIATED');
    expect(await sb.canGetRecord('consumer')).toBe('AccessForbidden');
  });

  it('rejects an invitation, and then refuses to accept it', async () => {
    const arn = await share([CONSUMER]);
    const invitation = await pendingInvitation(consumer);
    const rejected = await consumer.send(
      new RejectResourceShareInvitationCommand({ resourceShareInvitationArn: invitation }),
    );
    expect(rejected.resourceShareInvitation?.status).toBe('REJECTED');
    expect(
      await outcome(
        consumer.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: invitation })),
      ),
    ).toBe('ResourceShareInvitationAlreadyRejectedException');
    expect(await principalStatus(arn, CONSUMER)).toBe('DISASSOCIATED');
  });

  it('does not let another account answer an invitation', async () => {
    await share([CONSUMER]);
    const invitation = await pendingInvitation(consumer);
    const partner = await sb.ram('partner');
    expect(
      await outcome(
        partner.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: invitation })),
      ),
    ).toBe('ResourceShareInvitationArnNotFoundException');
  });

  it('reaches only the named role when the principal is an IAM role', async () => {
    await share([`arn:aws:iam::${CONSUMER}:role/analyst`]);
    const invitation = await pendingInvitation(consumer);
    await consumer.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: invitation }));
    expect(await sb.canGetRecord('consumer-analyst')).toBe('ok');
    expect(await sb.canGetRecord('consumer')).toBe('AccessForbidden');
  });

  const refusals: [string, () => Promise<unknown>, string][] = [
    [
      'an account outside the organization when external principals are not allowed',
      () => share([PARTNER], { allowExternalPrincipals: false }),
      'InvalidParameterException',
    ],
    [
      'an IAM role on a catalog share',
      () =>
        owner.send(
          new CreateResourceShareCommand({
            name: 'cat',
            resourceArns: [CATALOG_ARN],
            principals: [`arn:aws:iam::${CONSUMER}:role/analyst`],
          }),
        ),
      'OperationNotPermittedException',
    ],
    [
      'the organization while organization sharing is off',
      () => share(['arn:aws:organizations::111111111111:organization/o-fshare1sandbox']),
      'OperationNotPermittedException',
    ],
    [
      'a feature group that does not exist',
      () =>
        owner.send(
          new CreateResourceShareCommand({
            name: 'x',
            resourceArns: [`arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/nope`],
          }),
        ),
      'UnknownResourceException',
    ],
    [
      'two permissions for one resource type',
      () => share([CONSUMER], { permissionArns: [READ_ONLY, READ_WRITE] }),
      'InvalidParameterException',
    ],
    ['a malformed principal', () => share(['not-an-account']), 'MalformedArnException'],
    [
      'a malformed share ARN',
      () =>
        owner.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', resourceShareArns: ['arn:nope'] })),
      'MalformedArnException',
    ],
    [
      'sharing-with-organization enabled by a member account',
      async () => (await sb.ram('consumer')).send(new EnableSharingWithAwsOrganizationCommand({})),
      'OperationNotPermittedException',
    ],
  ];
  it.each(refusals)('refuses %s', async (_name, call, code) => {
    expect(await outcome(call())).toBe(code);
  });

  it('shares with an account outside the organization by invitation when external principals are allowed', async () => {
    const arn = await share([PARTNER]);
    const partner = await sb.ram('partner');
    const invitation = await pendingInvitation(partner);
    const assoc = await owner.send(
      new GetResourceShareAssociationsCommand({ associationType: 'PRINCIPAL', resourceShareArns: [arn] }),
    );
    expect(assoc.resourceShareAssociations?.map((a) => [a.associatedEntity, a.external])).toEqual([
      [PARTNER, true],
    ]);
    await partner.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: invitation }));
    expect(await sb.canGetRecord('partner')).toBe('ok');
  });

  it('makes clientToken idempotent and refuses the token with other parameters', async () => {
    const input = { name: 'idem', resourceArns: [CUSTOMERS_ARN], clientToken: 'token-1' };
    const first = await owner.send(new CreateResourceShareCommand(input));
    const again = await owner.send(new CreateResourceShareCommand(input));
    expect(again.resourceShare?.resourceShareArn).toBe(first.resourceShare?.resourceShareArn);
    expect(again.clientToken).toBe('token-1');
    expect(again.resourceShare?.creationTime).toEqual(first.resourceShare?.creationTime);
    expect(await outcome(owner.send(new CreateResourceShareCommand({ ...input, name: 'other' })))).toBe(
      'IdempotentParameterMismatchException',
    );
    const mine = await owner.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }));
    expect(mine.resourceShares?.length).toBe(1);
  });

  it('keeps one permission per resource type and replaces it only with replace=true', async () => {
    const arn = await share([CONSUMER]);
    const before = await owner.send(new ListResourceSharePermissionsCommand({ resourceShareArn: arn }));
    expect(before.permissions?.map((p) => p.name)).toEqual(['AWSRAMPermissionSageMakerFeatureGroupReadOnly']);
    expect(
      await outcome(
        owner.send(
          new AssociateResourceSharePermissionCommand({ resourceShareArn: arn, permissionArn: READ_WRITE }),
        ),
      ),
    ).toBe('InvalidParameterException');
    const replaced = await owner.send(
      new AssociateResourceSharePermissionCommand({
        resourceShareArn: arn,
        permissionArn: READ_WRITE,
        replace: true,
      }),
    );
    expect(replaced.returnValue).toBe(true);
    const after = await owner.send(new ListResourceSharePermissionsCommand({ resourceShareArn: arn }));
    expect(after.permissions?.map((p) => p.name)).toEqual(['AWSRAMPermissionSagemakerFeatureGroupReadWrite']);
  });

  it('pages with small default pages and refuses a forged or mismatched nextToken', async () => {
    for (let i = 0; i < 7; i += 1) {
      await owner.send(new CreateResourceShareCommand({ name: `s${i}`, resourceArns: [TRANSACTIONS_ARN] }));
    }
    const first = await owner.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }));
    expect(first.resourceShares?.length).toBe(5);
    expect(first.nextToken).toBeTruthy();
    const second = await owner.send(
      new GetResourceSharesCommand({ resourceOwner: 'SELF', nextToken: first.nextToken }),
    );
    expect(second.resourceShares?.map((s) => s.name)).toEqual(['s5', 's6']);
    expect(second.nextToken).toBeUndefined();
    expect(
      await outcome(owner.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', nextToken: 'forged' }))),
    ).toBe('InvalidNextTokenException');
    expect(
      await outcome(
        owner.send(
          new GetResourceSharesCommand({ resourceOwner: 'SELF', name: 's1', nextToken: first.nextToken }),
        ),
      ),
    ).toBe('InvalidNextTokenException');
    const big = await owner.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', maxResults: 100 }));
    expect(big.resourceShares?.length).toBe(7);
  });

  it('filters shares by tags and name, and tags and untags', async () => {
    const arn = await share([CONSUMER], {
      tags: [
        { key: 'fshare:managed', value: 'true' },
        { key: 'fshare:level', value: 'read-only' },
      ],
    });
    await owner.send(new CreateResourceShareCommand({ name: 'untagged', resourceArns: [TRANSACTIONS_ARN] }));
    const byTag = await owner.send(
      new GetResourceSharesCommand({
        resourceOwner: 'SELF',
        tagFilters: [{ tagKey: 'fshare:level', tagValues: ['read-only'] }],
      }),
    );
    expect(byTag.resourceShares?.map((s) => s.resourceShareArn)).toEqual([arn]);
    const none = await owner.send(
      new GetResourceSharesCommand({
        resourceOwner: 'SELF',
        tagFilters: [{ tagKey: 'fshare:level', tagValues: ['admin'] }],
      }),
    );
    expect(none.resourceShares).toEqual([]);
    await owner.send(new TagResourceCommand({ resourceShareArn: arn, tags: [{ key: 'team', value: 'ml' }] }));
    await owner.send(new UntagResourceCommand({ resourceShareArn: arn, tagKeys: ['fshare:managed'] }));
    const byName = await owner.send(
      new GetResourceSharesCommand({ resourceOwner: 'SELF', name: 'customers-ro' }),
    );
    expect(byName.resourceShares?.[0]?.tags).toEqual([
      { key: 'fshare:level', value: 'read-only' },
      { key: 'team', value: 'ml' },
    ]);
  });

  it('deleting a share takes access away', async () => {
    const arn = await share([CONSUMER]);
    await consumer.send(
      new AcceptResourceShareInvitationCommand({
        resourceShareInvitationArn: await pendingInvitation(consumer),
      }),
    );
    expect(await sb.canGetRecord('consumer')).toBe('ok');
    const deleted = await owner.send(new DeleteResourceShareCommand({ resourceShareArn: arn }));
    expect(deleted.returnValue).toBe(true);
    expect(await sb.canGetRecord('consumer')).toBe('AccessForbidden');
    const mine = await owner.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }));
    expect(mine.resourceShares).toEqual([]);
  });

  it('lists the managed permissions, their actions and the resource types', async () => {
    const perms = await owner.send(
      new ListPermissionsCommand({ resourceType: 'SAGEMAKER:FEATUREGROUP', maxResults: 50 }),
    );
    expect(perms.permissions?.map((p) => p.name)).toEqual([
      'AWSRAMPermissionSageMakerFeatureGroupReadOnly',
      'AWSRAMPermissionSagemakerFeatureGroupReadWrite',
      'AWSRAMPermissionSagemakerFeatureGroupAdmin',
    ]);
    const rw = await owner.send(new GetPermissionCommand({ permissionArn: READ_WRITE }));
    const doc = JSON.parse(rw.permission?.permission ?? '{}') as { Action?: string[] };
    expect(doc.Action).toContain('sagemaker:PutRecord');
    expect(doc.Action).not.toContain('sagemaker:UpdateFeatureGroup');
    const types = await owner.send(new ListResourceTypesCommand({}));
    expect(types.resourceTypes?.map((t) => t.resourceType).sort()).toEqual([
      'sagemaker:FeatureGroup',
      'sagemaker:SagemakerCatalog',
    ]);
  });

  it('lists principals and resources of own shares', async () => {
    const arn = await share([CONSUMER, PARTNER]);
    await owner.send(
      new AssociateResourceShareCommand({ resourceShareArn: arn, resourceArns: [TRANSACTIONS_ARN] }),
    );
    const resources = await owner.send(
      new ListResourcesCommand({ resourceOwner: 'SELF', resourceShareArns: [arn] }),
    );
    expect(resources.resources?.map((r) => r.arn).sort()).toEqual([CUSTOMERS_ARN, TRANSACTIONS_ARN]);
    // Principals waiting on an invitation are not listed until they accept.
    const before = await owner.send(new ListPrincipalsCommand({ resourceOwner: 'SELF' }));
    expect(before.principals).toEqual([]);
    await consumer.send(
      new AcceptResourceShareInvitationCommand({
        resourceShareInvitationArn: await pendingInvitation(consumer),
      }),
    );
    const after = await owner.send(
      new ListPrincipalsCommand({ resourceOwner: 'SELF', resourceArn: CUSTOMERS_ARN }),
    );
    expect(after.principals?.map((p) => [p.id, p.external])).toEqual([[CONSUMER, false]]);
  });
});

describe('RAM in the sandbox (organization sharing on)', () => {
  beforeEach(async () => {
    sb = createSandbox({ orgSharing: true });
    owner = await sb.ram('owner');
    consumer = await sb.ram('consumer');
  });
  afterEach(() => sb.dispose());

  it.each([
    ['the consumer account', CONSUMER],
    ['the organization', 'arn:aws:organizations::111111111111:organization/o-fshare1sandbox'],
    ['the consumer OU', 'arn:aws:organizations::111111111111:ou/o-fshare1sandbox/ou-fsh1-consumer1'],
  ])('shares with %s without an invitation', async (_name, principal) => {
    const arn = await share([principal]);
    expect(
      (await consumer.send(new GetResourceShareInvitationsCommand({}))).resourceShareInvitations,
    ).toEqual([]);
    expect(await principalStatus(arn, principal)).toBe('ASSOCIATED');
    expect(await sb.canGetRecord('consumer')).toBe('ok');
    expect(await sb.canGetRecord('partner')).toBe('AccessForbidden');
  });

  it('still invites accounts outside the organization', async () => {
    await share([PARTNER]);
    expect(await pendingInvitation(await sb.ram('partner'))).toMatch(/resource-share-invitation\//);
  });

  it('lets the management account enable sharing (idempotently)', async () => {
    const out = await owner.send(new EnableSharingWithAwsOrganizationCommand({}));
    expect(out.returnValue).toBe(true);
  });
});
