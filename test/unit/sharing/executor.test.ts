import { describe, expect, it } from 'vitest';
import { PartialFailureError } from '../../../src/errors.js';
import { carryOut } from '../../../src/sharing/carry-out.js';
import { callFor, executePlan } from '../../../src/sharing/executor.js';
import type { PlanAction } from '../../../src/sharing/planner.js';
import { awsError, fakeContext } from '../../helpers/fake-context.js';
import { PERMISSIONS, fgArn, snapshot } from './fixtures.js';

const SHARE = 'arn:aws:ram:us-east-1:111111111111:resource-share/s1';
const ROLE = 'arn:aws:iam::222222222222:role/analyst';
const ref = { key: 'customers read-only', name: 'fshare-customers-read-only', arn: SHARE };
const associate = (principals: string[]): PlanAction => ({
  type: 'associate',
  share: ref,
  principals,
  resourceArns: [],
  clientToken: 't-assoc',
});
const create: PlanAction = {
  type: 'create-share',
  share: { key: 'k', name: 'fshare-customers-read-only' },
  resourceArns: ['arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers'],
  principals: [],
  level: 'read-only',
  permissionArn: 'arn:aws:ram::aws:permission/AWSRAMPermissionSageMakerFeatureGroupReadOnly',
  tags: { 'fshare:managed': 'true', 'fshare:level': 'read-only', 'fshare:feature-group': 'customers' },
  allowExternalPrincipals: false,
  clientToken: 't-create',
};

/** An SDK-shaped output (the fakes return only what the code reads). */
const out = (value: object = {}): Promise<never> => Promise.resolve({ $metadata: {}, ...value } as never);

/** RAM that reports each principal's statuses in turn, one per poll. */
function polling(statuses: Record<string, string[]>) {
  const polls: Record<string, number> = {};
  return {
    associateResourceShare: () => out(),
    disassociateResourceShare: () => out(),
    getResourceShareAssociations: () =>
      out({
        resourceShareAssociations: Object.entries(statuses).map(([principal, list]) => {
          const i = polls[principal] ?? 0;
          polls[principal] = i + 1;
          return {
            associatedEntity: principal,
            resourceShareArn: SHARE,
            status: list[Math.min(i, list.length - 1)],
          };
        }),
      }),
  };
}

describe('callFor', () => {
  it('renders a new share’s ARN as a placeholder in a dry run, and the real one once created', () => {
    const action: PlanAction = {
      type: 'associate',
      share: { key: 'k', name: 'fshare-x-admin' },
      principals: ['222222222222'],
      resourceArns: [],
      clientToken: 't',
    };
    expect(callFor(action).parameters.resourceShareArn).toBe('<arn of new share fshare-x-admin>');
    expect(callFor(action, new Map([['k', SHARE]])).parameters.resourceShareArn).toBe(SHARE);
    expect(callFor(create)).toMatchObject({
      service: 'ram',
      operation: 'CreateResourceShare',
      parameters: { clientToken: 't-create', allowExternalPrincipals: false },
    });
  });
});

describe('executePlan', () => {
  it('waits until an IAM principal is ASSOCIATED', async () => {
    const f = fakeContext({
      ports: {
        ram: polling({ [ROLE]: ['ASSOCIATING', 'ASSOCIATING', 'ASSOCIATING', 'ASSOCIATING', 'ASSOCIATED'] }),
      },
    });
    const report = await executePlan(f.ctx, await f.ctx.aws.ram(), [associate([ROLE])], {
      wait: true,
      invitationPolls: 10,
    });
    expect(report.outcomes).toEqual([
      expect.objectContaining({ principal: ROLE, status: 'ASSOCIATED', invitationPending: false }),
    ]);
    expect(f.calls.filter((c) => c.operation === 'getResourceShareAssociations')).toHaveLength(5);
  });

  it('takes an account still ASSOCIATING after the grace polls as waiting for its invitation', async () => {
    const f = fakeContext({ ports: { ram: polling({ '222222222222': ['ASSOCIATING'] }) } });
    const report = await executePlan(f.ctx, await f.ctx.aws.ram(), [associate(['222222222222'])], {
      wait: true,
      invitationPolls: 2,
    });
    expect(report.outcomes).toEqual([
      expect.objectContaining({ status: 'ASSOCIATING', invitationPending: true }),
    ]);
    expect(f.calls.filter((c) => c.operation === 'getResourceShareAssociations')).toHaveLength(2);
  });

  it('--no-wait makes the calls and polls nothing', async () => {
    const f = fakeContext({ ports: { ram: polling({ [ROLE]: ['ASSOCIATING'] }) } });
    await executePlan(f.ctx, await f.ctx.aws.ram(), [associate([ROLE])], { wait: false });
    expect(f.calls.map((c) => c.operation)).toEqual(['associateResourceShare']);
  });

  it('stops waiting at the timeout and says so', async () => {
    const f = fakeContext({ ports: { ram: polling({ [ROLE]: ['ASSOCIATING'] }) } });
    let t = 0;
    f.ctx.clock = { now: () => new Date((t += 1000)), sleep: () => Promise.resolve() };
    const report = await executePlan(f.ctx, await f.ctx.aws.ram(), [associate([ROLE])], {
      wait: true,
      timeoutMs: 5000,
      invitationPolls: 100,
    });
    expect(report.timedOut).toBe(true);
  });

  it('a failure after some calls is a partial failure (exit 5) naming what was done', async () => {
    const f = fakeContext({
      ports: {
        ram: {
          ...polling({}),
          disassociateResourceShare: () => Promise.reject(awsError('InvalidParameterException', 'bad')),
        },
      },
    });
    const error = await executePlan(
      f.ctx,
      await f.ctx.aws.ram(),
      [
        associate([ROLE]),
        {
          type: 'disassociate',
          share: ref,
          principals: ['222222222222'],
          resourceArns: [],
          clientToken: 't2',
        },
      ],
      { wait: true },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialFailureError);
    expect((error as PartialFailureError).exitCode).toBe(5);
    expect((error as PartialFailureError).details).toMatchObject({
      done: [{ operation: 'AssociateResourceShare' }],
      notDone: [{ operation: 'DisassociateResourceShare' }],
    });
  });

  it('a create that succeeds makes no extra read (the minimum calls)', async () => {
    const f = fakeContext({
      ports: {
        ram: {
          createResourceShare: () => out({ resourceShare: { resourceShareArn: SHARE } }),
          getResourceShares: () => out({ resourceShares: [] }),
        },
      },
    });
    const report = await executePlan(f.ctx, await f.ctx.aws.ram(), [create], { wait: true });
    expect(report.created.get('k')).toBe(SHARE);
    expect(f.calls.map((c) => c.operation)).toEqual(['createResourceShare']);
  });

  it('a create that lost a race adds its own groups and principals to the surviving share', async () => {
    const f = fakeContext({
      ports: {
        ram: {
          createResourceShare: () => Promise.reject(awsError('IdempotentParameterMismatchException')),
          getResourceShares: () =>
            out({ resourceShares: [{ resourceShareArn: SHARE, creationTime: new Date(0) }] }),
          associateResourceShare: () => out(),
        },
      },
    });
    await executePlan(f.ctx, await f.ctx.aws.ram(), [create], { wait: false });
    expect(f.calls.find((c) => c.operation === 'associateResourceShare')?.input).toMatchObject({
      resourceShareArn: SHARE,
      resourceArns: ['arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers'],
    });
  });

  it('resends a throttled call at the paced rate until it succeeds', async () => {
    let attempts = 0;
    const f = fakeContext({
      ports: {
        ram: {
          associateResourceShare: () =>
            ++attempts < 3 ? Promise.reject(awsError('ThrottlingException', 'slow down')) : out(),
        },
      },
    });
    const report = await executePlan(f.ctx, await f.ctx.aws.ram(), [associate([ROLE])], { wait: false });
    expect(attempts).toBe(3);
    expect(report.calls).toHaveLength(1);
  });

  it('makes no call after the signal and reports what was done (exit 130)', async () => {
    const controller = new AbortController();
    const f = fakeContext({
      ports: {
        ram: {
          associateResourceShare: () => {
            controller.abort();
            return out();
          },
        },
      },
    });
    f.ctx.signal = controller.signal;
    const error = await executePlan(
      f.ctx,
      await f.ctx.aws.ram(),
      [associate([ROLE]), { ...associate(['222222222222']), share: { ...ref, arn: `${SHARE}-2` } }],
      { wait: false },
    ).catch((e: unknown) => e);
    expect((error as { exitCode?: number }).exitCode).toBe(130);
    expect(f.calls.filter((c) => c.operation === 'associateResourceShare')).toHaveLength(1);
    expect((error as { details?: { done: unknown[]; notDone: unknown[] } }).details?.notDone).toHaveLength(1);
  });
});

describe('executePlan: level moves', () => {
  const OLD = `${SHARE}-old`;
  const move: PlanAction[] = [
    associate(['222222222222']),
    {
      type: 'disassociate',
      share: { key: 'customers admin', name: 'fshare-customers-admin', arn: OLD },
      principals: ['222222222222', ROLE],
      resourceArns: [],
      clientToken: 't-dis',
      moves: [{ principal: '222222222222', to: ref, tagKey: 'fshare:expires:222222222222' }],
    },
    {
      type: 'untag',
      share: { key: 'customers admin', name: 'fshare-customers-admin', arn: OLD },
      keys: ['fshare:expires:222222222222'],
    },
  ];

  it('keeps the old association while the new one waits for its invitation', async () => {
    const f = fakeContext({
      ports: { ram: polling({ '222222222222': ['ASSOCIATING'], [ROLE]: ['DISASSOCIATED'] }) },
    });
    const report = await executePlan(f.ctx, await f.ctx.aws.ram(), move, { wait: true, invitationPolls: 1 });
    expect(report.deferred).toEqual([
      {
        principal: '222222222222',
        fromShare: 'fshare-customers-admin',
        toShare: 'fshare-customers-read-only',
      },
    ]);
    const dis = f.calls.filter((c) => c.operation === 'disassociateResourceShare').map((c) => c.input);
    expect(dis).toEqual([expect.objectContaining({ principals: [ROLE] })]);
    expect(dis[0]).not.toHaveProperty('clientToken', 't-dis');
    expect(f.calls.map((c) => c.operation)).not.toContain('untagResource');
  });

  it('completes the move once the new association is live', async () => {
    const f = fakeContext({
      ports: {
        ram: {
          associateResourceShare: () => out(),
          disassociateResourceShare: () => out(),
          untagResource: () => out(),
          // The new share holds the principal; the old one no longer lists anyone.
          getResourceShareAssociations: (input) =>
            out({
              resourceShareAssociations:
                input.resourceShareArns?.[0] === SHARE
                  ? [{ associatedEntity: '222222222222', resourceShareArn: SHARE, status: 'ASSOCIATED' }]
                  : [],
            }),
        },
      },
    });
    const report = await executePlan(f.ctx, await f.ctx.aws.ram(), move, { wait: true });
    expect(report.deferred).toEqual([]);
    expect(f.calls.filter((c) => c.operation === 'disassociateResourceShare').map((c) => c.input)).toEqual([
      expect.objectContaining({ principals: ['222222222222', ROLE], clientToken: 't-dis' }),
    ]);
    expect(report.outcomes.filter((o) => o.shareArn === OLD).map((o) => o.status)).toEqual([
      'DISASSOCIATED',
      'DISASSOCIATED',
    ]);
  });
});

describe('carryOut', () => {
  it('sends the writes through a RAM client making one attempt each: the paced retry sees every throttle', async () => {
    let attempts = 0;
    const f = fakeContext({
      ports: {
        ram: {
          createResourceShare: () =>
            ++attempts < 3
              ? Promise.reject(awsError('ThrottlingException', 'Rate exceeded', 429))
              : out({ resourceShare: { resourceShareArn: SHARE } }),
        },
      },
    });
    const state = {
      ram: await f.ctx.aws.ram(),
      snapshot: snapshot(),
      permissionArns: PERMISSIONS.permissionArns,
    };
    const desired = {
      featureGroups: [
        {
          arn: fgArn('customers'),
          name: 'customers',
          principals: new Map([[ROLE, { level: 'read-only' as const }]]),
          exclusive: false,
        },
      ],
      allowExternal: false,
    };
    const result = await carryOut(f.ctx, state, desired, { dryRun: false, wait: false });
    expect(result.calls.map((c) => c.operation)).toEqual(['CreateResourceShare']);
    const creates = f.calls.filter((c) => c.operation === 'createResourceShare');
    expect(creates).toHaveLength(3);
    expect(creates.map((c) => c.client.maxAttempts)).toEqual([1, 1, 1]);
  });
});
