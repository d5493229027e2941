/**
 * Two `fshare grant` child processes (the built bin) started at the same moment for the same group
 * and level, against one sandbox home, end with one managed share.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clientsFor, type Sandbox } from './helpers.js';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'bin', 'fshare');
let home: string;

function fshare(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        FSHARE_HOME: home,
        NO_COLOR: '1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
  }
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-'));
  expect((await fshare(['sandbox', 'init', '--org-sharing'])).code).toBe(0);
}, 120_000);
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

it('two processes granting at once leave one managed share', async () => {
  const args = [
    '--sandbox',
    '--profile',
    'owner',
    'grant',
    '--level',
    'admin',
    '--to',
    '222222222222',
    '--no-wait',
  ];
  const runs = await Promise.all([fshare([...args, 'transactions']), fshare([...args, 'customers'])]);
  expect(
    runs.map((r) => r.code),
    runs.map((r) => r.stderr).join('\n'),
  ).toEqual([0, 0]);
  const sandbox = { home } as Sandbox;
  const ram = await clientsFor(sandbox, 'owner').ram();
  const shares = await ram.getResourceShares({ resourceOwner: 'SELF', resourceShareStatus: 'ACTIVE' });
  expect((shares.resourceShares ?? []).map((s) => s.name)).toEqual(['fshare-admin-222222222222']);
  const assoc = await ram.getResourceShareAssociations({
    associationType: 'RESOURCE',
    resourceShareArns: [shares.resourceShares?.[0]?.resourceShareArn ?? ''],
  });
  expect(
    (assoc.resourceShareAssociations ?? []).map((a) => a.associatedEntity?.replace(/^.*\//, '')).sort(),
  ).toEqual(['customers', 'transactions']);
}, 60_000);
