import { describe, expect, it } from 'vitest';
import { findCommandName } from '../../src/cli/command-name.js';
import { runCli } from '../helpers/run-cli.js';

describe('program assembly', () => {
  it('finds the command name after global options that take values', () => {
    expect(findCommandName(['--profile', 'owner', '-o', 'json', 'grant', 'x'])).toBe('grant');
    expect(findCommandName(['--sandbox', 'whoami'])).toBe('whoami');
    expect(findCommandName(['--debug'])).toBeUndefined();
  });

  it('prints the version', async () => {
    const res = await runCli(['--version']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('rejects an unknown option with exit 2 and a usage hint', async () => {
    const res = await runCli(['whoami', '--bogus']);
    expect(res.code).toBe(2);
    expect(JSON.parse(res.stderr)).toMatchObject({ error: { code: 'FSHARE_USAGE' } });
  });

  it('rejects an unknown output format with exit 2', async () => {
    const res = await runCli(['whoami', '-o', 'xml'], { tty: true });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('xml');
    expect(res.stderr).toContain('yaml');
  });

  it('names an unknown profile, exit 2, before any call', async () => {
    const res = await runCli(['whoami', '--profile', 'does-not-exist', '-o', 'json'], {
      env: {
        HOME: '/nonexistent',
        AWS_CONFIG_FILE: '/nonexistent/config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/creds',
      },
    });
    expect(res.code).toBe(2);
    expect(JSON.parse(res.stderr)).toMatchObject({ error: { code: 'FSHARE_UNKNOWN_PROFILE' } });
  });
});
