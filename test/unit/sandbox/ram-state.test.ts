import { describe, expect, it } from 'vitest';
import { INVITATION_TTL_MS, effectiveStatus, type AssociationRow } from '../../../src/sandbox/ram/state.js';

const T0 = Date.UTC(2026, 0, 1);
const now = new Date(T0 + 60_000);

function row(overrides: Partial<AssociationRow>): AssociationRow {
  return {
    share_arn: 's',
    association_type: 'PRINCIPAL',
    entity: '222222222222',
    status: 'ASSOCIATING',
    status_message: null,
    external: 0,
    invitation_arn: null,
    creation_time: T0,
    last_updated_time: T0,
    ...overrides,
  };
}

describe('effectiveStatus', () => {
  it.each([
    ['ASSOCIATING without invitation', row({}), now, 'ASSOCIATED'],
    [
      'ASSOCIATING, invitation pending',
      row({ invitation_arn: 'i', invitation_status: 'PENDING', invitation_time: T0 }),
      now,
      'ASSOCIATING',
    ],
    [
      'ASSOCIATING, invitation accepted',
      row({ invitation_arn: 'i', invitation_status: 'ACCEPTED', invitation_time: T0 }),
      now,
      'ASSOCIATED',
    ],
    [
      'ASSOCIATING, invitation rejected',
      row({ invitation_arn: 'i', invitation_status: 'REJECTED', invitation_time: T0 }),
      now,
      'DISASSOCIATED',
    ],
    [
      'ASSOCIATING, pending invitation past 12 h',
      row({ invitation_arn: 'i', invitation_status: 'PENDING', invitation_time: T0 }),
      new Date(T0 + INVITATION_TTL_MS),
      'DISASSOCIATED',
    ],
    [
      'ASSOCIATING, pending invitation just before 12 h',
      row({ invitation_arn: 'i', invitation_status: 'PENDING', invitation_time: T0 }),
      new Date(T0 + INVITATION_TTL_MS - 1),
      'ASSOCIATING',
    ],
    ['DISASSOCIATING (revocation is immediate)', row({ status: 'DISASSOCIATING' }), now, 'DISASSOCIATED'],
    ['ASSOCIATED', row({ status: 'ASSOCIATED' }), now, 'ASSOCIATED'],
    ['DISASSOCIATED', row({ status: 'DISASSOCIATED' }), now, 'DISASSOCIATED'],
  ])('%s → %s', (_name, r, at, expected) => {
    expect(effectiveStatus(r, at)).toBe(expected);
  });
});
