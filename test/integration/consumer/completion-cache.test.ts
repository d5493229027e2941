// Issue 15: discover leaves the feature-group names in $FSHARE_HOME/cache for shell completion
// (so the completion script never calls AWS), private to the user.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxWorld, type SandboxWorld } from '../../helpers/sandbox-world.js';

let world: SandboxWorld;
const as = (profile: string, args: string[]) => world.as(profile, args);

beforeAll(async () => {
  world = await sandboxWorld('names');
  await world.grant('customers', 'read-only', []);
  expect((await as('consumer', ['accept', '--all'])).code).toBe(0);
});
afterAll(() => world.dispose());

describe('the completion name cache', () => {
  it('discover writes NAME and ACCOUNT/NAME of what it lists, 0600 in a 0700 directory', async () => {
    const file = path.join(world.home, 'cache', 'feature-groups.txt');
    expect(fs.existsSync(file)).toBe(false);
    const res = await as('consumer', ['discover']);
    expect(res.code, res.stderr).toBe(0);
    const listed = res.json<{ name: string; ownerAccount: string }[]>();
    expect(listed.length).toBeGreaterThan(0);
    const words = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
    for (const g of listed) {
      expect(words).toContain(g.name);
      expect(words).toContain(`${g.ownerAccount}/${g.name}`);
    }
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });
});
