// Per-invitation handling (issue 14): a failure on one invitation is that row's, the others go on;
// Ctrl-C stops before the next call and says what was not done.
import { describe, expect, it } from 'vitest';
import { runDecisions } from '../../../src/consumer/decisions.js';
import { levelFromShareName } from '../../../src/consumer/invitations.js';
import { awsError, fakeContext } from '../../helpers/fake-context.js';

const FG = 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers';
const inv = (n: number) => `arn:aws:ram:us-east-1:111111111111:resource-share-invitation/${n}`;
const share = (n: number) => `arn:aws:ram:us-east-1:111111111111:resource-share/${n}`;

function inbox(accept: (arn: string) => Promise<object>) {
  return fakeContext({
    ports: {
      ram: {
        getResourceShareInvitations: () =>
          Promise.resolve({
            resourceShareInvitations: [1, 2].map((n) => ({
              resourceShareInvitationArn: inv(n),
              resourceShareArn: share(n),
              resourceShareName: `fshare-read-only-22222222222${n}`,
              senderAccountId: '111111111111',
              status: 'PENDING',
              invitationTimestamp: new Date('2026-01-15T11:00:00Z'),
            })),
          }),
        listPendingInvitationResources: () => Promise.resolve({ resources: [{ arn: FG }] }),
        listResourceSharePermissions: () => Promise.reject(awsError('AccessDeniedException')),
        getResourceShares: () => Promise.resolve({ resourceShares: [] }),
        acceptResourceShareInvitation: (input) => accept(input.resourceShareInvitationArn ?? ''),
      },
      sagemaker: {
        describeFeatureGroup: () =>
          Promise.resolve({ FeatureGroupName: 'customers', FeatureGroupArn: FG } as never),
      },
    },
  });
}

const selection = { arns: [], all: true, from: undefined };

describe('runDecisions, one invitation at a time', () => {
  it('reports a failure on its own row and still accepts the others (exit 5 material)', async () => {
    const { ctx } = inbox((arn) =>
      arn === inv(1)
        ? Promise.reject(awsError('OperationNotPermittedException', 'not allowed for this one'))
        : Promise.resolve({}),
    );
    const run = await runDecisions(ctx, { decision: 'accept', selection, waitMs: 0 });
    expect(run.failed).toBe(1);
    expect(run.interrupted).toBe(false);
    const byArn = new Map(run.rows.map((r) => [r.invitationArn, r]));
    expect(byArn.get(inv(1))).toMatchObject({ outcome: 'failed' });
    expect(byArn.get(inv(1))?.message).toContain('not allowed for this one');
    expect(byArn.get(inv(2))).toMatchObject({ outcome: 'accepted', verified: true, level: 'read-only' });
  });

  it('stops at Ctrl-C: no call after the signal, the rest named as not done', async () => {
    const controller = new AbortController();
    const fake = inbox(() => {
      controller.abort();
      return Promise.resolve({});
    });
    const ctx = { ...fake.ctx, signal: controller.signal };
    const run = await runDecisions(ctx, { decision: 'accept', selection, waitMs: 0 });
    expect(run.interrupted).toBe(true);
    expect(run.rows).toHaveLength(1);
    expect(fake.calls.filter((c) => c.operation === 'acceptResourceShareInvitation')).toHaveLength(1);
    expect(run.notes.join(' ')).toMatch(/Interrupted: 1 invitation\(s\) not accepted/);
  });
});

describe('runDecisions, interrupted during a call', () => {
  it('reports what was done, the one in flight and the rest, and sends nothing more', async () => {
    const controller = new AbortController();
    let calls = 0;
    const fake = inbox((arn) => {
      calls++;
      if (arn === inv(2)) {
        controller.abort();
        return Promise.reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
      }
      return Promise.resolve({});
    });
    const ctx = { ...fake.ctx, signal: controller.signal };
    const run = await runDecisions(ctx, { decision: 'accept', selection, waitMs: 0 });
    expect(run.interrupted).toBe(true);
    // Only what finished is a row; the one in flight is in the notes, not claimed as done.
    expect(run.rows.map((r) => [r.invitationArn, r.outcome])).toEqual(
      run.rows.length === 1 ? [[inv(1), 'accepted']] : [],
    );
    expect(run.notes.join(' ')).toContain(`Interrupted while accepting ${inv(2)}`);
    expect(calls).toBeLessThanOrEqual(2);
  });
});

describe('levelFromShareName', () => {
  it.each([
    ['fshare-read-only-222222222222', 'read-only'],
    ['fshare-admin-role-analyst-1a2b3c4d', 'admin'],
    ['fshare-customers-read-write', 'read-write'],
    // An older-layout group whose name starts with a level's word: the suffix decides.
    ['fshare-admin-audit-read-only', 'read-only'],
    ['someone-elses-share-read-only', undefined],
    ['fshare-catalog', undefined],
  ])('%s → %s', (name, level) => {
    expect(levelFromShareName(name)).toBe(level);
  });
});
