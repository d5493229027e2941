// Flags → input for every consumer command (gh's TestNewCmd… style): no AWS, no context.
import { describe, expect, it } from 'vitest';
import { completionInput } from '../../../commands/completion.js';
import { discoverInput } from '../../../commands/discover.js';
import { operationFrom } from '../../../src/consumer/my-access.js';
import { decisionInput, inCi, presentInvitations } from '../../../src/consumer/present.js';
import type { Invitation } from '../../../src/consumer/invitations.js';
import { UsageError } from '../../../src/errors.js';

const INV =
  'arn:aws:ram:us-east-1:111111111111:resource-share-invitation/0f5e2d7c-1111-4a3b-9c8d-aaaaaaaaaaaa';
const terminal = { stdinIsTTY: true, stderrIsTTY: true };
const pipe = { stdinIsTTY: false, stderrIsTTY: false };

function usage(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('accept / reject', () => {
  it('maps ARNs, --all, --from and --wait', () => {
    expect(decisionInput('accept', [INV], {}, pipe)).toEqual({
      decision: 'accept',
      selection: { arns: [INV], all: false, from: undefined },
      waitMs: 10_000,
      interactive: false,
    });
    expect(decisionInput('reject', [], { all: true, wait: '0' }, pipe)).toMatchObject({
      selection: { all: true },
      waitMs: 0,
    });
    expect(decisionInput('accept', [], { from: '111111111111', wait: '2.5' }, pipe)).toMatchObject({
      selection: { from: '111111111111' },
      waitMs: 2500,
    });
  });

  it('picks interactively only on a terminal', () => {
    expect(decisionInput('accept', [], {}, terminal).interactive).toBe(true);
    expect(usage(() => decisionInput('reject', [], {}, pipe)).code).toBe('FSHARE_NON_INTERACTIVE');
    // Under CI ink draws nothing until it exits: the picker would wait on a blank screen.
    const ci = usage(() => decisionInput('accept', [], {}, { ...terminal, ci: true }));
    expect(ci.code).toBe('FSHARE_NON_INTERACTIVE');
    expect(ci.message).toContain('CI');
    expect(inCi({ CI: 'true' })).toBe(true);
    expect(inCi({ CI: '' })).toBe(true);
    expect(inCi({ CI: 'false', CONTINUOUS_INTEGRATION: '0' })).toBe(false);
    expect(inCi({})).toBe(false);
  });

  it.each([
    [['not-an-arn'], {}],
    [[INV], { all: true }],
    [[], { from: '1111' }],
    [[], { all: true, wait: '0x10' }],
    [[], { all: true, wait: '1e2' }],
    [[], { all: true, wait: '601' }],
    [[], { all: true, wait: '-1' }],
  ])('refuses %j %j before any call', (arns, flags) => {
    usage(() => decisionInput('accept', arns, flags, terminal));
  });
});

describe('invitations', () => {
  const invitation: Invitation = {
    invitationArn: INV,
    shareArn: 'arn:aws:ram:us-east-1:111111111111:resource-share/s1',
    shareName: 'fshare-read-only-222222222222',
    ownerAccount: '111111111111',
    status: 'PENDING',
    invitedAt: undefined,
    expiresAt: undefined,
    featureGroups: [],
    level: null,
  };
  it('keeps every field in the data and names the real ARN, with this invocation’s flags', () => {
    const res = presentInvitations([invitation], false, { sandbox: true, profile: 'consumer' } as never);
    expect(res.data).toEqual([{ ...invitation, invitedAt: null, expiresAt: null }]);
    expect(res.notes).toEqual([`Accept it with \`fshare --sandbox --profile consumer accept ${INV}\`.`]);
    expect(presentInvitations([], false, {} as never).notes).toEqual([]);
  });
});

describe('discover', () => {
  it('maps --owner and --name; refuses a bad account', () => {
    expect(discoverInput({ owner: '111111111111', name: 'cust' })).toEqual({
      owner: '111111111111',
      name: 'cust',
    });
    expect(discoverInput({})).toEqual({ owner: undefined, name: undefined });
    usage(() => discoverInput({ owner: '11111111111' }));
  });
});

describe('can', () => {
  it('takes an operation in any spelling', async () => {
    for (const text of ['get-record', 'GetRecord', 'getrecord', 'sagemaker:GetRecord']) {
      expect(await operationFrom(text)).toBe('GetRecord');
    }
  });
  it('refuses an unknown one with the likeliest meant', async () => {
    const error = await operationFrom('put-recrod').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).hint).toMatch(/^Did you mean "put-record"\?/);
    const far = await operationFrom('launch-rockets').catch((e: unknown) => e);
    expect((far as UsageError).hint).not.toContain('Did you mean');
  });
});

describe('completion', () => {
  it('takes bash, zsh and fish only', () => {
    expect(completionInput('zsh')).toBe('zsh');
    expect(usage(() => completionInput('powershell')).code).toBe('FSHARE_UNKNOWN_SHELL');
    usage(() => completionInput('BASH'));
  });
});
