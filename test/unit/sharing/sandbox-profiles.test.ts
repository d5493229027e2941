import { describe, expect, it } from 'vitest';
import { sandboxProfileFor } from '../../../src/sandbox/accounts.js';

describe('sandboxProfileFor (next-step commands in the sandbox)', () => {
  it.each([
    ['222222222222', 'consumer'],
    ['arn:aws:iam::222222222222:role/data-scientist', 'consumer'],
    ['arn:aws:iam::222222222222:role/analyst', 'consumer-analyst'],
    ['arn:aws:iam::222222222222:role/team-007', 'consumer'],
    ['333333333333', 'partner'],
    ['arn:aws:iam::333333333333:role/partner-3', 'partner'],
  ])('%s → %s', (principal, profile) => {
    expect(sandboxProfileFor(principal)).toBe(profile);
  });
  it('knows no profile for an account outside the sandbox or an OU', () => {
    expect(sandboxProfileFor('444444444444')).toBeUndefined();
    expect(
      sandboxProfileFor('arn:aws:organizations::111111111111:ou/o-fshare1sandbox/ou-fsh1-consumer1'),
    ).toBeUndefined();
  });
});
