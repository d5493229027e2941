// Flags → input for every owner command (gh's TestNewCmd… style): no AWS, no context.
import { describe, expect, it } from 'vitest';
import { applyInput } from '../../../commands/apply.js';
import { grantInput } from '../../../commands/grant.js';
import { revokeInput } from '../../../commands/revoke.js';
import { UsageError } from '../../../src/errors.js';
import { parseWaitTimeout } from '../../../src/sharing/wait-flag.js';

describe('grant', () => {
  it('maps the flags', async () => {
    expect(
      await grantInput(['customers', 'orders'], { to: ['222222222222'], level: 'admin', discoverable: true }),
    ).toEqual({
      input: {
        featureGroups: ['customers', 'orders'],
        principals: ['222222222222'],
        level: 'admin',
        catalog: false,
        discoverable: true,
        allowExternal: false,
        expires: undefined,
      },
      options: { dryRun: false, wait: true, waitTimeoutMs: undefined },
    });
  });
  it('takes --catalog, --allow-external, --expires, --dry-run, --no-wait and --wait-timeout', async () => {
    expect(
      await grantInput([], {
        to: ['222222222222'],
        catalog: true,
        allowExternal: true,
        expires: '30d',
        dryRun: true,
        wait: false,
        waitTimeout: '90s',
      }),
    ).toMatchObject({
      input: { catalog: true, allowExternal: true, expires: '30d' },
      options: { dryRun: true, wait: false, waitTimeoutMs: 90_000 },
    });
  });
  it('refuses a bad --wait-timeout before anything else', async () => {
    await expect(grantInput(['customers'], { waitTimeout: '5 minutes' })).rejects.toBeInstanceOf(UsageError);
  });
});

describe('revoke', () => {
  it('maps the flags', async () => {
    expect(await revokeInput(['customers'], { from: ['222222222222'] })).toEqual({
      input: { featureGroups: ['customers'], principals: ['222222222222'], catalog: false },
      options: { dryRun: false, wait: true, waitTimeoutMs: undefined },
    });
    expect(
      await revokeInput([], { from: ['222222222222'], catalog: true, dryRun: true, wait: false }),
    ).toMatchObject({
      input: { catalog: true },
      options: { dryRun: true, wait: false },
    });
  });
});

describe('apply', () => {
  it('maps the flags', async () => {
    expect(await applyInput({ file: 'p.yaml' })).toEqual({
      file: 'p.yaml',
      prune: false,
      dryRun: false,
      wait: true,
      waitTimeoutMs: undefined,
    });
    expect(
      await applyInput({ file: '-', prune: true, dryRun: true, wait: false, waitTimeout: '2m' }),
    ).toEqual({
      file: '-',
      prune: true,
      dryRun: true,
      wait: false,
      waitTimeoutMs: 120_000,
    });
  });
});

describe('--wait-timeout', () => {
  it.each([
    ['0s', 0],
    ['45s', 45_000],
    ['10m', 600_000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseWaitTimeout(text)).toBe(ms);
  });
  it('refuses what is not a duration', () => {
    expect(() => parseWaitTimeout('0x10m')).toThrow(/--wait-timeout/);
  });
});
