import { describe, expect, it } from 'vitest';
import type { RamPort, SageMakerPort } from '../../../src/aws/ports.js';
import { NotFoundError, UsageError } from '../../../src/errors.js';
import { resolveFeatureGroup } from '../../../src/consumer/resolve-feature-group.js';
import { awsError, fakeContext, type FakePorts } from '../../helpers/fake-context.js';

const ME = '222222222222';
const OWNER = '111111111111';
const PARTNER = '333333333333';
const fg = (account: string, name: string, region = 'us-east-1') =>
  `arn:aws:sagemaker:${region}:${account}:feature-group/${name}`;

const INVITATION = `arn:aws:ram:us-east-1:${OWNER}:resource-share-invitation/inv-`;

type SearchOut = Awaited<ReturnType<SageMakerPort['search']>>;
type ListResourcesOut = Awaited<ReturnType<RamPort['listResources']>>;

function world(options: {
  own?: string[];
  ramShared?: string[];
  searchable?: string[];
  ramDenied?: boolean;
  searchDenied?: boolean;
  /** Feature groups behind a pending invitation (invisible to ListResources and Search). */
  pending?: string[];
}): FakePorts {
  return {
    sagemaker: {
      describeFeatureGroup: (input) => {
        const name = input.FeatureGroupName ?? '';
        if (options.own?.includes(name)) {
          return Promise.resolve({ FeatureGroupArn: fg(ME, name) } as Awaited<
            ReturnType<SageMakerPort['describeFeatureGroup']>
          >);
        }
        return Promise.reject(awsError('ResourceNotFound', `Resource Not Found: ${name}`, 404));
      },
      listFeatureGroups: () =>
        Promise.resolve({
          FeatureGroupSummaries: (options.own ?? []).map((name) => ({
            FeatureGroupName: name,
            FeatureGroupArn: fg(ME, name),
            CreationTime: new Date(0),
          })),
        }),
      search: (input) => {
        if (options.searchDenied) {
          return Promise.reject(awsError('AccessDeniedException', 'denied', 403));
        }
        // Two pages, to prove paging: the first result alone, then the rest.
        const all = (options.searchable ?? []).map((arn) => ({ FeatureGroup: { FeatureGroupArn: arn } }));
        const out: SearchOut = input.NextToken
          ? { Results: all.slice(1), $metadata: {} }
          : { Results: all.slice(0, 1), ...(all.length > 1 ? { NextToken: 'p2' } : {}), $metadata: {} };
        return Promise.resolve(out);
      },
    },
    ram: {
      getResourceShareInvitations: () =>
        Promise.resolve({
          resourceShareInvitations: (options.pending ?? []).map((arn, i) => ({
            resourceShareInvitationArn: `${INVITATION}${i}`,
            resourceShareName: `fshare-read-only-${ME}`,
            senderAccountId: arn.split(':')[4],
            status: 'PENDING',
            invitationTimestamp: new Date('2026-01-15T11:00:00Z'),
          })),
        }),
      listPendingInvitationResources: (input) => {
        const i = Number((input.resourceShareInvitationArn ?? '').slice(INVITATION.length));
        return Promise.resolve({ resources: [{ arn: options.pending?.[i] }] });
      },
      listResources: (input) => {
        if (options.ramDenied) {
          return Promise.reject(awsError('AccessDeniedException', 'denied', 403));
        }
        expect(input.resourceOwner).toBe('OTHER-ACCOUNTS');
        const all = (options.ramShared ?? []).map((arn) => ({ arn }));
        const out: ListResourcesOut = input.nextToken
          ? { resources: all.slice(1), $metadata: {} }
          : { resources: all.slice(0, 1), ...(all.length > 1 ? { nextToken: 'p2' } : {}), $metadata: {} };
        return Promise.resolve(out);
      },
    },
  };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('resolveFeatureGroup', () => {
  it('takes an ARN as it is, with its own region and account, without any SageMaker call', async () => {
    const { ctx, calls } = fakeContext({ region: 'us-east-1' });
    const g = await resolveFeatureGroup(ctx, fg(OWNER, 'customers', 'eu-west-1'));
    expect(g).toEqual({
      arn: fg(OWNER, 'customers', 'eu-west-1'),
      name: 'customers',
      account: OWNER,
      region: 'eu-west-1',
      own: false,
    });
    expect(calls).toEqual([]);
  });

  it('marks an ARN in the caller’s account as own', async () => {
    const { ctx } = fakeContext();
    expect((await resolveFeatureGroup(ctx, fg(ME, 'x'))).own).toBe(true);
  });

  it('builds ACCOUNT/NAME in the client’s region and partition', async () => {
    const { ctx, calls } = fakeContext({ region: 'cn-north-1' });
    const g = await resolveFeatureGroup(ctx, `${OWNER}/customers`);
    expect(g).toEqual({
      arn: `arn:aws-cn:sagemaker:cn-north-1:${OWNER}:feature-group/customers`,
      name: 'customers',
      account: OWNER,
      region: 'cn-north-1',
      own: false,
    });
    expect(calls).toEqual([]);
  });

  it('finds a bare name in the caller’s own account first', async () => {
    const { ctx, calls } = fakeContext({
      ports: world({ own: ['customers'], ramShared: [fg(OWNER, 'customers')] }),
    });
    const g = await resolveFeatureGroup(ctx, 'customers');
    expect(g).toMatchObject({ arn: fg(ME, 'customers'), account: ME, own: true });
    expect(calls.map((c) => c.operation)).toEqual(['describeFeatureGroup']);
  });

  it('then a unique match among groups shared through RAM', async () => {
    const { ctx } = fakeContext({
      ports: world({ ramShared: [fg(OWNER, 'transactions'), fg(OWNER, 'customers')] }),
    });
    const g = await resolveFeatureGroup(ctx, 'customers');
    expect(g).toEqual({
      arn: fg(OWNER, 'customers'),
      name: 'customers',
      account: OWNER,
      region: 'us-east-1',
      own: false,
    });
  });

  it('or made discoverable (Search CrossAccount), deduplicated with RAM', async () => {
    const { ctx, calls } = fakeContext({
      ports: world({
        ramShared: [fg(OWNER, 'customers')],
        searchable: [fg(OWNER, 'customers'), fg(OWNER, 'other')],
      }),
    });
    const g = await resolveFeatureGroup(ctx, 'customers');
    expect(g.arn).toBe(fg(OWNER, 'customers'));
    const search = calls.find((c) => c.operation === 'search');
    expect(search?.input).toMatchObject({
      Resource: 'FeatureGroup',
      CrossAccountFilterOption: 'CrossAccount',
    });
  });

  it('refuses an ambiguous name, listing the candidates (exit 2)', async () => {
    const { ctx } = fakeContext({
      ports: world({
        ramShared: [fg(OWNER, 'customers')],
        searchable: [fg(PARTNER, 'customers', 'eu-west-1')],
      }),
    });
    const err = await caught(resolveFeatureGroup(ctx, 'customers'));
    expect(err).toBeInstanceOf(UsageError);
    const e = err as UsageError;
    expect(e.code).toBe('FSHARE_AMBIGUOUS_FEATURE_GROUP');
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(fg(OWNER, 'customers'));
    expect(e.message).toContain(fg(PARTNER, 'customers', 'eu-west-1'));
    expect(e.hint).toMatch(/ARN/);
  });

  it('reports nothing found as NotFoundError (exit 4) pointing at discover', async () => {
    const { ctx } = fakeContext({ ports: world({ ramShared: [fg(OWNER, 'transactions')] }) });
    const err = await caught(resolveFeatureGroup(ctx, 'customers'));
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).exitCode).toBe(4);
    expect((err as NotFoundError).hint).toContain('fshare discover');
  });

  it('still uses one source when the other is denied', async () => {
    const { ctx } = fakeContext({ ports: world({ ramDenied: true, searchable: [fg(OWNER, 'customers')] }) });
    expect((await resolveFeatureGroup(ctx, 'customers')).arn).toBe(fg(OWNER, 'customers'));
  });

  it('with ownOnly, refuses another account’s group and does not search shares', async () => {
    const { ctx, calls } = fakeContext({ ports: world({ ramShared: [fg(OWNER, 'customers')] }) });
    const err = await caught(resolveFeatureGroup(ctx, 'customers', { ownOnly: true }));
    expect(err).toBeInstanceOf(NotFoundError);
    // Only the caller's own account is asked (the listing is for did-you-mean); no share is searched.
    expect(calls.map((c) => c.operation)).toEqual(['describeFeatureGroup', 'listFeatureGroups']);
    const foreign = await caught(resolveFeatureGroup(ctx, `${OWNER}/customers`, { ownOnly: true }));
    expect(foreign).toBeInstanceOf(UsageError);
    expect((foreign as UsageError).code).toBe('FSHARE_NOT_OWN_FEATURE_GROUP');
  });

  it('rethrows unexpected errors from the own-account lookup', async () => {
    const { ctx } = fakeContext({
      ports: {
        sagemaker: { describeFeatureGroup: () => Promise.reject(awsError('InternalFailure', 'x', 500)) },
      },
    });
    await expect(resolveFeatureGroup(ctx, 'customers')).rejects.toMatchObject({ name: 'InternalFailure' });
  });

  it.each(['', ' customers', '1111111111111/customers', 'arn:aws:s3:::bucket', 'a/b/c'])(
    'refuses %j with a UsageError before any call',
    async (text) => {
      const { ctx, calls } = fakeContext({ baseError: new Error('no AWS call should be made') });
      const err = await caught(resolveFeatureGroup(ctx, text));
      expect(err).toBeInstanceOf(UsageError);
      expect(calls).toEqual([]);
    },
  );

  it('finds a group behind a pending invitation, and says which invitation to accept', async () => {
    const { ctx } = fakeContext({ ports: world({ pending: [fg(OWNER, 'customers')] }) });
    const g = await resolveFeatureGroup(ctx, 'customers');
    expect(g).toMatchObject({
      arn: fg(OWNER, 'customers'),
      own: false,
      pendingInvitation: { invitationArn: `${INVITATION}0` },
    });
  });

  it('suggests a close name among own and shared groups when nothing matches', async () => {
    const { ctx } = fakeContext({
      ports: world({ own: ['orders'], ramShared: [fg(OWNER, 'customers')] }),
    });
    const typo = await caught(resolveFeatureGroup(ctx, 'custmers'));
    expect(typo).toBeInstanceOf(NotFoundError);
    expect((typo as NotFoundError).hint).toMatch(/^Did you mean "customers"\?/);
    const own = await caught(resolveFeatureGroup(ctx, 'ordrs'));
    expect((own as NotFoundError).hint).toMatch(/^Did you mean "orders"\?/);
    const far = await caught(resolveFeatureGroup(ctx, 'zzzzzzzz'));
    expect((far as NotFoundError).hint).not.toContain('Did you mean');
  });

  it('with ownOnly, an ARN or ACCOUNT/NAME must exist: exit 4 with a suggestion, nothing else sent', async () => {
    const { ctx, calls } = fakeContext({ ports: world({ own: ['customers'] }) });
    const missing = await caught(resolveFeatureGroup(ctx, fg(ME, 'custmers'), { ownOnly: true }));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).hint).toContain('Did you mean "customers"?');
    expect(calls.every((c) => c.port === 'sagemaker')).toBe(true);
    const found = await resolveFeatureGroup(ctx, `${ME}/customers`, { ownOnly: true });
    expect(found).toMatchObject({
      arn: fg(ME, 'customers'),
      own: true,
      described: { FeatureGroupArn: fg(ME, 'customers') },
    });
  });

  it('with ownOnly, an ARN in another region is refused (exit 2) before any call', async () => {
    const { ctx, calls } = fakeContext({ region: 'us-east-1', ports: world({ own: ['customers'] }) });
    const err = await caught(resolveFeatureGroup(ctx, fg(ME, 'customers', 'eu-west-1'), { ownOnly: true }));
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).code).toBe('FSHARE_REGION_MISMATCH');
    expect((err as UsageError).hint).toContain('--region eu-west-1');
    expect(calls.filter((c) => c.port !== 'sts')).toEqual([]);
  });
});
