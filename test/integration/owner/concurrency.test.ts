/**
 * Two `fshare grant` runs started at the same moment for the same group and level end with one
 * managed share: CreateResourceShare carries a clientToken derived from (account, region, group,
 * level), so RAM's idempotency collapses the two creates.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { clientsFor, createSandbox, type Sandbox } from './helpers.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = await createSandbox(['--org-sharing']);
});
afterEach(() => sb.cleanup());

async function managedShares(): Promise<{ name: string; principals: string[] }[]> {
  const ram = await clientsFor(sb, 'owner').ram();
  const shares = await ram.getResourceShares({ resourceOwner: 'SELF', resourceShareStatus: 'ACTIVE' });
  const out: { name: string; principals: string[] }[] = [];
  for (const s of shares.resourceShares ?? []) {
    const assoc = await ram.getResourceShareAssociations({
      associationType: 'PRINCIPAL',
      resourceShareArns: [s.resourceShareArn ?? ''],
    });
    out.push({
      name: s.name ?? '',
      principals: (assoc.resourceShareAssociations ?? [])
        .filter((a) => a.status === 'ASSOCIATED')
        .map((a) => a.associatedEntity ?? '')
        .sort(),
    });
  }
  return out;
}

it('two concurrent grants of the same principal end with one share', async () => {
  const runs = await Promise.all([
    sb.owner(['grant', 'customers', '--to', '222222222222', '--level', 'read-only']),
    sb.owner(['grant', 'customers', '--to', '222222222222', '--level', 'read-only']),
  ]);
  expect(runs.map((r) => r.code)).toEqual([0, 0]);
  expect(await managedShares()).toEqual([
    { name: 'fshare-customers-read-only', principals: ['222222222222'] },
  ]);
});

it('two concurrent grants of different principals end with one share holding both', async () => {
  const runs = await Promise.all([
    sb.owner(['grant', 'customers', '--to', '222222222222', '--level', 'read-write']),
    sb.owner([
      'grant',
      'customers',
      '--to',
      'arn:aws:iam::222222222222:role/analyst',
      '--level',
      'read-write',
    ]),
  ]);
  expect(runs.map((r) => r.code)).toEqual([0, 0]);
  expect(await managedShares()).toEqual([
    {
      name: 'fshare-customers-read-write',
      principals: ['222222222222', 'arn:aws:iam::222222222222:role/analyst'],
    },
  ]);
});
