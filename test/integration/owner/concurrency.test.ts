/**
 * Two `fshare grant` runs started at the same moment for the same principal and level end with one
 * managed share: CreateResourceShare carries a clientToken derived from (account, region,
 * principal, level), so RAM's idempotency collapses the two creates; when the runs carry other
 * groups, the second gets IdempotentParameterMismatch and adds its groups to the first's share.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { clientsFor, createSandbox, type Sandbox } from './helpers.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = await createSandbox(['--org-sharing']);
});
afterEach(() => sb.cleanup());

async function managedShares(): Promise<{ name: string; principals: string[]; resources: string[] }[]> {
  const ram = await clientsFor(sb, 'owner').ram();
  const shares = await ram.getResourceShares({ resourceOwner: 'SELF', resourceShareStatus: 'ACTIVE' });
  const out: { name: string; principals: string[]; resources: string[] }[] = [];
  for (const s of shares.resourceShares ?? []) {
    const of = async (associationType: 'PRINCIPAL' | 'RESOURCE') =>
      (
        (
          await ram.getResourceShareAssociations({
            associationType,
            resourceShareArns: [s.resourceShareArn ?? ''],
          })
        ).resourceShareAssociations ?? []
      )
        .filter((a) => a.status === 'ASSOCIATED')
        .map((a) => (a.associatedEntity ?? '').replace(/^.*feature-group\//, ''))
        .sort();
    out.push({ name: s.name ?? '', principals: await of('PRINCIPAL'), resources: await of('RESOURCE') });
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
    { name: 'fshare-read-only-222222222222', principals: ['222222222222'], resources: ['customers'] },
  ]);
});

it('two concurrent grants of different groups to one principal end with one share holding both', async () => {
  const runs = await Promise.all([
    sb.owner(['grant', 'customers', '--to', '222222222222', '--level', 'read-write']),
    sb.owner(['grant', 'transactions', '--to', '222222222222', '--level', 'read-write']),
  ]);
  expect(
    runs.map((r) => r.code),
    runs.map((r) => r.stderr).join('\n'),
  ).toEqual([0, 0]);
  expect(await managedShares()).toEqual([
    {
      name: 'fshare-read-write-222222222222',
      principals: ['222222222222'],
      resources: ['customers', 'transactions'],
    },
  ]);
});
