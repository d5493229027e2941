import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, suggest } from '../../../src/cli/did-you-mean.js';
import { runCli } from '../../helpers/run-cli.js';

describe('did you mean', () => {
  it('measures edits, a swap counting one', () => {
    expect(editDistance('grnat', 'grant')).toBe(1);
    expect(editDistance('setp', 'setup')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(3);
  });

  it('suggests only what is close', () => {
    expect(suggest('ownr', ['owner', 'auditor', 'consumer'])).toEqual(['owner']);
    expect(didYouMean('consumr', ['consumer', 'consumer-analyst'])).toBe('Did you mean consumer?');
    expect(didYouMean('zzzz', ['owner', 'auditor'])).toBe('');
  });
});

describe('usage errors suggest the command meant (exit 2)', () => {
  it('`fshare help nosuch` exits 2 and names the nearest command', async () => {
    const res = await runCli(['help', 'whoamj']);
    expect(res.code).toBe(2);
    const { error } = JSON.parse(res.stderr) as { error: { message: string; hint: string } };
    expect(error.message).toBe("unknown command 'whoamj'");
    expect(error.hint).toContain('Did you mean whoami?');
  });

  it('`fshare help` alone still prints the root help, exit 0', async () => {
    const res = await runCli(['help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Usage: fshare');
  });

  it('`fshare audit setp` suggests `setup`', async () => {
    const res = await runCli(['audit', 'setp'], { tty: true });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("Error: unknown command 'setp' for 'fshare audit'");
    expect(res.stderr).toContain('Did you mean setup?');
  });

  it('`fshare grnat` suggests `grant`', async () => {
    const res = await runCli(['grnat'], { tty: true });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Did you mean grant?');
  });
});
