import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createSandbox, mutatingRamCalls, type Sandbox } from './helpers.js';

const EXAMPLE = path.join(import.meta.dirname, '../../../fixtures/policies/example.yaml');
const OU_ARN = 'arn:aws:organizations::111111111111:ou/o-fshare1sandbox/ou-fsh1-consumer1';

interface PlanJson {
  pending: boolean;
  changes: {
    kind: string;
    symbol: string;
    featureGroup: string | null;
    principal: string;
    from: string[];
    to: string | null;
  }[];
}

let sb: Sandbox;
beforeEach(async () => {
  sb = await createSandbox(['--org-sharing']);
});
afterEach(() => sb.cleanup());

it('plan lists every change, apply converges, a second plan shows none (--exit-code 6 then 0)', async () => {
  const before = await sb.owner(['plan', '-f', EXAMPLE, '--exit-code']);
  expect(before.code).toBe(6);
  const plan = before.json<PlanJson>();
  expect(plan.pending).toBe(true);
  expect(
    plan.changes.map((c) => `${c.symbol} ${c.featureGroup ?? 'catalog'} ${c.principal} ${c.to ?? ''}`),
  ).toEqual([
    '+ customers 222222222222 read-only',
    '+ customers arn:aws:iam::222222222222:role/analyst read-write',
    `+ transactions ${OU_ARN} admin`,
    '+ catalog 222222222222 discover',
  ]);
  expect(await mutatingRamCalls(sb)).toEqual([]);

  const tty = await sb.owner(['plan', '-f', EXAMPLE], { tty: true });
  expect(tty.code).toBe(0);
  expect(tty.stdout).toContain('+ customers 222222222222 read-only');
  expect(tty.stdout).toContain('Plan: 4 to grant, 0 to move, 0 to revoke.');

  const apply = await sb.owner(['apply', '-f', EXAMPLE, '--yes']);
  expect(apply.code, apply.stderr).toBe(0);
  expect(apply.json<PlanJson>().changes).toHaveLength(4);

  const after = await sb.owner(['plan', '-f', EXAMPLE, '--exit-code']);
  expect(after.code).toBe(0);
  expect(after.json<PlanJson>()).toMatchObject({ pending: false, changes: [] });
  const again = await sb.owner(['apply', '-f', EXAMPLE, '--yes'], { tty: true });
  expect(again.code).toBe(0);
  expect(again.stdout).toContain('No changes');
  const edited = path.join(sb.home, 'more.yaml');
  fs.writeFileSync(edited, 'feature-groups:\n  transactions:\n    read-only: ["222222222222"]\n');
  const more = await sb.owner(['apply', '-f', edited, '--yes'], { tty: true });
  expect(more.code, more.stderr).toBe(0);
  expect(more.stdout).toContain('Apply complete: 1 granted, 0 moved, 0 revoked.');
});

it('a level move in the policy is a ~ line; without --prune nothing else is revoked, with --prune it is', async () => {
  expect((await sb.owner(['apply', '-f', EXAMPLE, '--yes'])).code).toBe(0);
  expect(
    (
      await sb.owner([
        'grant',
        'customers',
        '--to',
        'arn:aws:iam::222222222222:role/data-scientist',
        '--level',
        'read-only',
      ])
    ).code,
  ).toBe(0);
  const edited = path.join(sb.home, 'policy.yaml');
  fs.writeFileSync(
    edited,
    [
      'feature-groups:',
      '  customers:',
      '    admin: ["222222222222"]',
      '    read-write: ["arn:aws:iam::222222222222:role/analyst"]',
      '',
    ].join('\n'),
  );
  const plain = (await sb.owner(['plan', '-f', edited])).json<PlanJson>();
  expect(plain.changes.map((c) => `${c.symbol} ${c.principal} ${c.from.join('+')}→${c.to ?? ''}`)).toEqual([
    '~ 222222222222 read-only→admin',
  ]);
  const pruned = (await sb.owner(['plan', '-f', edited, '--prune'])).json<PlanJson>();
  expect(pruned.changes.map((c) => `${c.symbol} ${c.featureGroup ?? 'catalog'} ${c.principal}`)).toEqual([
    '~ customers 222222222222',
    '- customers arn:aws:iam::222222222222:role/data-scientist',
    '- catalog 222222222222',
  ]);
  const apply = await sb.owner(['apply', '-f', edited, '--prune', '--yes']);
  expect(apply.code, apply.stderr).toBe(0);
  expect((await sb.owner(['plan', '-f', edited, '--prune', '--exit-code'])).code).toBe(0);
});

it('apply asks on a terminal and refuses in a pipe without --yes (exit 2, nothing changed)', async () => {
  const piped = await sb.owner(['apply', '-f', EXAMPLE]);
  expect(piped.code).toBe(2);
  expect(piped.stderr).toContain('--yes');
  const declined = await sb.owner(['apply', '-f', EXAMPLE], { tty: true, stdin: 'n\n' });
  // Declining is an interruption by the user: what was not done is said, exit 130.
  expect(declined.code).toBe(130);
  expect(declined.stderr).toContain('nothing was changed');
  expect(await mutatingRamCalls(sb)).toEqual([]);
  const dry = await sb.owner(['apply', '-f', EXAMPLE, '--dry-run']);
  expect(dry.code).toBe(0);
  expect(dry.json<{ calls: unknown[] }>().calls.length).toBeGreaterThan(0);
  expect(await mutatingRamCalls(sb)).toEqual([]);
});

it('on a colour terminal plan colours + green, - red; piped it stays plain', async () => {
  expect((await sb.owner(['apply', '-f', EXAMPLE, '--yes'])).code).toBe(0);
  const edited = path.join(sb.home, 'colour.yaml');
  fs.writeFileSync(
    edited,
    'feature-groups:\n  customers:\n    read-only: ["arn:aws:iam::222222222222:role/data-scientist"]\n',
  );
  const tty = await sb.owner(['plan', '-f', edited, '--prune'], { tty: true, env: { NO_COLOR: '' } });
  expect(tty.code).toBe(0);
  const ESC = '\u001b';
  expect(tty.stdout).toContain(
    `${ESC}[32m+ customers arn:aws:iam::222222222222:role/data-scientist read-only${ESC}[39m`,
  );
  expect(tty.stdout).toContain(`${ESC}[31m- customers 222222222222 read-only${ESC}[39m`);
  expect(tty.stdout).toContain('Plan: 1 to grant, 0 to move, 3 to revoke.');
  const piped = await sb.owner(['-o', 'json', 'plan', '-f', edited, '--prune']);
  expect(piped.stdout).not.toContain(ESC);
});
