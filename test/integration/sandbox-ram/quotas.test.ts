/**
 * RAM's quotas in the sandbox: AWS's defaults where a test can reach them (20 pending invitations,
 * 50 tags, 100 per call), small overrides (setRamLimits) for the rest. A refused call changes nothing.
 */
import {
  AcceptResourceShareInvitationCommand,
  AssociateResourceShareCommand,
  CreateResourceShareCommand,
  DeleteResourceShareCommand,
  GetResourceShareInvitationsCommand,
  GetResourceSharesCommand,
  TagResourceCommand,
  type RAMClient,
} from '@aws-sdk/client-ram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withInitialisedStore } from '../../../src/sandbox/admin.js';
import { AWS_RAM_LIMITS, setRamLimits, type RamLimits } from '../../../src/sandbox/ram/models/limits.js';
import {
  CONSUMER,
  CUSTOMERS_ARN,
  OWNER,
  TRANSACTIONS_ARN,
  createSandbox,
  outcome,
  type Sandbox,
} from '../sandbox/harness.js';

const HOUR = 3_600_000;
const role = (n: number) => `arn:aws:iam::${CONSUMER}:role/analyst-${n}`;
const roles = (from: number, count: number) => Array.from({ length: count }, (_, i) => role(from + i));

let sb: Sandbox;
let owner: RAMClient;
let consumer: RAMClient;

function limit(overrides: Partial<RamLimits>): void {
  withInitialisedStore(sb.home, (db) => setRamLimits(db, overrides));
}

async function create(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const out = await owner.send(new CreateResourceShareCommand({ name, ...extra }));
  return out.resourceShare?.resourceShareArn ?? '';
}

async function ownShareNames(): Promise<string[]> {
  const out = await owner.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', maxResults: 500 }));
  return (out.resourceShares ?? []).map((s) => s.name ?? '').sort();
}

async function pendingReceived(): Promise<string[]> {
  const out = await consumer.send(new GetResourceShareInvitationsCommand({ maxResults: 500 }));
  return (out.resourceShareInvitations ?? [])
    .filter((i) => i.status === 'PENDING')
    .map((i) => i.resourceShareInvitationArn ?? '');
}

describe('RAM quotas in the sandbox (organization sharing off)', () => {
  beforeEach(async () => {
    sb = createSandbox();
    owner = await sb.ram('owner');
    consumer = await sb.ram('consumer');
  });
  afterEach(() => sb.dispose());

  it('defaults to AWS’s documented quotas', () => {
    expect(AWS_RAM_LIMITS).toMatchObject({
      resourceSharesPerRegion: 25_000,
      resourcesPerShare: 5_000,
      principalsPerShare: 5_000,
      resourcesPerRegion: 25_000,
      principalsPerRegion: 25_000,
      pendingInvitationsPerAccount: 20,
      tagsPerShare: 50,
      entitiesPerCall: 100,
    });
  });

  it('allows 20 pending invitations per sharing account and refuses the 21st, writing nothing', async () => {
    await create('twenty', { resourceArns: [CUSTOMERS_ARN], principals: roles(1, 20) });
    expect(await pendingReceived()).toHaveLength(20);
    const share = await create('one-more', { resourceArns: [TRANSACTIONS_ARN] });
    expect(
      await outcome(
        owner.send(new AssociateResourceShareCommand({ resourceShareArn: share, principals: [role(21)] })),
      ),
    ).toBe('ResourceShareLimitExceededException');
    expect(
      await outcome(owner.send(new CreateResourceShareCommand({ name: 'refused', principals: [role(22)] }))),
    ).toBe('ResourceShareLimitExceededException');
    expect(await pendingReceived()).toHaveLength(20);
    expect(await ownShareNames()).toEqual(['one-more', 'twenty']);
  });

  it('counts only pending invitations: accepted and expired ones free a place', async () => {
    limit({ pendingInvitationsPerAccount: 2 });
    const share = await create('two', { resourceArns: [CUSTOMERS_ARN], principals: roles(1, 2) });
    const more = (n: number) =>
      outcome(
        owner.send(new AssociateResourceShareCommand({ resourceShareArn: share, principals: [role(n)] })),
      );
    expect(await more(3)).toBe('ResourceShareLimitExceededException');
    const [first] = await pendingReceived();
    await consumer.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: first }));
    expect(await more(3)).toBe('ok');
    expect(await more(4)).toBe('ResourceShareLimitExceededException');
    sb.advance(13 * HOUR);
    expect(await more(4)).toBe('ok');
    expect(await more(5)).toBe('ok');
    expect(await more(6)).toBe('ResourceShareLimitExceededException');
  });

  it('re-associating a principal that already accepted sends no new invitation', async () => {
    limit({ pendingInvitationsPerAccount: 1 });
    const share = await create('accepted', { resourceArns: [CUSTOMERS_ARN], principals: [CONSUMER] });
    const [invitation] = await pendingReceived();
    await consumer.send(new AcceptResourceShareInvitationCommand({ resourceShareInvitationArn: invitation }));
    await owner.send(
      new AssociateResourceShareCommand({
        resourceShareArn: share,
        resourceArns: [TRANSACTIONS_ARN],
        principals: [CONSUMER],
      }),
    );
    expect(await pendingReceived()).toEqual([]);
    expect(await more()).toBe('ok');
    async function more(): Promise<string> {
      return outcome(
        owner.send(new AssociateResourceShareCommand({ resourceShareArn: share, principals: [role(1)] })),
      );
    }
  });

  it('limits resource and principal associations per share', async () => {
    limit({ resourcesPerShare: 1, principalsPerShare: 2 });
    const share = await create('small', { resourceArns: [CUSTOMERS_ARN], principals: roles(1, 2) });
    expect(
      await outcome(
        owner.send(
          new AssociateResourceShareCommand({ resourceShareArn: share, resourceArns: [TRANSACTIONS_ARN] }),
        ),
      ),
    ).toBe('ResourceShareLimitExceededException');
    expect(
      await outcome(
        owner.send(new AssociateResourceShareCommand({ resourceShareArn: share, principals: [role(3)] })),
      ),
    ).toBe('ResourceShareLimitExceededException');
    // Associating what is already there adds nothing, so it stays within the quota.
    expect(
      await outcome(
        owner.send(
          new AssociateResourceShareCommand({
            resourceShareArn: share,
            resourceArns: [CUSTOMERS_ARN],
            principals: [role(1)],
          }),
        ),
      ),
    ).toBe('ok');
    expect(
      await outcome(
        owner.send(new CreateResourceShareCommand({ name: 'too-many', principals: roles(10, 3) })),
      ),
    ).toBe('ResourceShareLimitExceededException');
  });

  it('limits resource and principal associations per region across the account’s shares', async () => {
    limit({ resourcesPerRegion: 2, principalsPerRegion: 3 });
    await create('a', { resourceArns: [CUSTOMERS_ARN], principals: roles(1, 2) });
    await create('b', { resourceArns: [TRANSACTIONS_ARN], principals: [role(3)] });
    expect(
      await outcome(owner.send(new CreateResourceShareCommand({ name: 'c', principals: [role(4)] }))),
    ).toBe('ResourceShareLimitExceededException');
    expect(
      await outcome(owner.send(new CreateResourceShareCommand({ name: 'd', resourceArns: [CUSTOMERS_ARN] }))),
    ).toBe('ResourceShareLimitExceededException');
    expect(await ownShareNames()).toEqual(['a', 'b']);
  });

  it('limits resource shares per region; a deleted share frees its place', async () => {
    limit({ resourceSharesPerRegion: 2 });
    const first = await create('one');
    await create('two');
    expect(await outcome(create('three'))).toBe('ResourceShareLimitExceededException');
    await owner.send(new DeleteResourceShareCommand({ resourceShareArn: first }));
    expect(await outcome(create('three'))).toBe('ok');
  });

  it('allows 50 tags per share and refuses the 51st', async () => {
    const tags = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ key: `k${from + i}`, value: 'v' }));
    expect(await outcome(create('fifty-one', { tags: tags(1, 51) }))).toBe('TagLimitExceededException');
    const share = await create('fifty', { tags: tags(1, 50) });
    expect(
      await outcome(owner.send(new TagResourceCommand({ resourceShareArn: share, tags: tags(51, 1) }))),
    ).toBe('TagLimitExceededException');
    // Re-tagging an existing key does not add a tag.
    expect(
      await outcome(owner.send(new TagResourceCommand({ resourceShareArn: share, tags: tags(50, 1) }))),
    ).toBe('ok');
    expect(await ownShareNames()).toEqual(['fifty']);
  });

  it('takes at most 100 resources and 100 principals per call', async () => {
    const share = await create('per-call', { resourceArns: [CUSTOMERS_ARN] });
    const fakeGroups = Array.from(
      { length: 101 },
      (_, i) => `arn:aws:sagemaker:us-east-1:${OWNER}:feature-group/g${i}`,
    );
    expect(
      await outcome(
        owner.send(new AssociateResourceShareCommand({ resourceShareArn: share, principals: roles(1, 101) })),
      ),
    ).toBe('ResourceShareLimitExceededException');
    expect(
      await outcome(
        owner.send(new AssociateResourceShareCommand({ resourceShareArn: share, resourceArns: fakeGroups })),
      ),
    ).toBe('ResourceShareLimitExceededException');
    // 100 passes the per-call check and reaches validation (the groups do not exist).
    expect(
      await outcome(
        owner.send(
          new AssociateResourceShareCommand({
            resourceShareArn: share,
            resourceArns: fakeGroups.slice(0, 100),
          }),
        ),
      ),
    ).toBe('UnknownResourceException');
  });
});

describe('RAM request rate in the sandbox (assumed, configurable)', () => {
  beforeEach(async () => {
    sb = createSandbox();
    owner = await sb.ram('owner');
    consumer = await sb.ram('consumer');
  });
  afterEach(() => sb.dispose());

  it('throttles an account past its burst with ThrottlingException 429, per family and per account', async () => {
    limit({ writeBurst: 3, writeRatePerSecond: 0.0001, readBurst: 2, readRatePerSecond: 0.0001 });
    for (const name of ['a', 'b', 'c']) {
      await create(name);
    }
    const error = await owner.send(new CreateResourceShareCommand({ name: 'd' })).catch((e: unknown) => e);
    expect((error as Error).name).toBe('ThrottlingException');
    expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(429);
    // Reads draw from their own bucket; the throttled create wrote nothing.
    expect(await ownShareNames()).toEqual(['a', 'b', 'c']);
    expect(await outcome(ownShareNames())).toBe('ok');
    expect(await outcome(ownShareNames())).toBe('ThrottlingException');
    // Another account has its own buckets.
    expect(await outcome(consumer.send(new GetResourceShareInvitationsCommand({})))).toBe('ok');
  });

  it('refills at the configured rate, on the sandbox clock', async () => {
    // One token per 1,000 s: real time between the calls cannot refill it, the sandbox clock can.
    limit({ writeBurst: 1, writeRatePerSecond: 0.001 });
    await create('a');
    expect(await outcome(create('b'))).toBe('ThrottlingException');
    sb.advance(1_000_000);
    expect(await outcome(create('b'))).toBe('ok');
    expect(await outcome(create('c'))).toBe('ThrottlingException');
  });
});
