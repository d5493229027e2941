// Issue 15: `invitations` in every output mode carries the level and the status as fields (no
// display text), the invitation ARN whole, and the hint it prints pastes and runs as printed.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';
import { sandboxWorld, type SandboxWorld } from '../../helpers/sandbox-world.js';

let world: SandboxWorld;
const as = (profile: string, args: string[], tty = false) => world.as(profile, args, { tty });
const ARN = /arn:aws:ram:us-east-1:111111111111:resource-share-invitation\/[0-9a-f-]{36}/;

beforeAll(async () => {
  world = await sandboxWorld('inv-out');
  await world.grant('customers', 'read-only');
});
afterAll(() => world.dispose());

describe('invitations output', () => {
  it('json: level and status are fields; every key present', async () => {
    const res = await as('consumer', ['invitations', '-o', 'json']);
    expect(res.code, res.stderr).toBe(0);
    const [row] = res.json<Record<string, unknown>[]>();
    expect(row).toMatchObject({ level: 'read-only', status: 'PENDING', ownerAccount: '111111111111' });
    expect(Object.keys(row ?? {}).sort()).toEqual(
      [
        'expiresAt',
        'featureGroups',
        'invitationArn',
        'invitedAt',
        'level',
        'ownerAccount',
        'shareArn',
        'shareName',
        'status',
      ].sort(),
    );
    expect(String(row?.invitationArn)).toMatch(new RegExp(`^${ARN.source}$`));
  });

  it('ndjson: one invitation per line', async () => {
    const res = await as('consumer', ['invitations', '-o', 'ndjson']);
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 'read-only', status: 'PENDING' });
  });

  it('csv: a level column and a status column with plain values', async () => {
    const res = await as('consumer', ['invitations', '-o', 'csv']);
    expect(res.code).toBe(0);
    const rows = parse(res.stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ level: 'read-only', status: 'PENDING', ownerAccount: '111111111111' });
    expect(rows[0]?.invitationArn).toMatch(new RegExp(`^${ARN.source}$`));
  });

  it.each([80, 140])('on a %i-column terminal the invitation ARN is shown whole', async (columns) => {
    const res = await world.as('consumer', ['invitations'], { tty: true, columns });
    expect(res.code).toBe(0);
    const arn =
      (await as('consumer', ['invitations'])).json<{ invitationArn: string }[]>()[0]?.invitationArn ?? '';
    // Whole on one line, or wrapped in pieces that join back to it: never cut with an ellipsis.
    const joined = res.stdout.replace(/\s+/g, '');
    expect(joined).toContain(arn);
  });

  it('the hint names the real ARN with this invocation’s flags, and runs as printed', async () => {
    const res = await as('consumer', ['invitations'], true);
    const command = /`(fshare [^`]+)`/.exec(res.stderr)?.[1] ?? '';
    expect(command).toMatch(new RegExp(`^fshare --sandbox --profile consumer accept ${ARN.source}$`));
    const accepted = await runCli(command.split(' ').slice(1), { env: { FSHARE_HOME: world.home } });
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.json<{ outcome: string }[]>()[0]?.outcome).toBe('accepted');
  });
});
