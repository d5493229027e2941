import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';
import { runCli } from '../../helpers/run-cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-completion-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function hasShell(shell: string): boolean {
  return spawnSync(shell, ['-c', 'exit 0']).status === 0;
}

function syntaxCheck(shell: string, script: string): { status: number | null; stderr: string } {
  const file = path.join(tmp, `fshare.${shell}`);
  fs.writeFileSync(file, script);
  const res = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
  return { status: res.status, stderr: res.stderr };
}

describe.each(['bash', 'zsh', 'fish'] as const)('fshare completion %s', (shell) => {
  it('prints the script as it is, piped (no JSON), in -o json and on a TTY', async () => {
    const piped = await runCli(['completion', shell]);
    expect(piped.code).toBe(0);
    expect(piped.stdout.startsWith('{')).toBe(false);
    expect(piped.stdout).toContain(`fshare completion ${shell}`);
    const json = await runCli(['-o', 'json', 'completion', shell]);
    const tty = await runCli(['completion', shell], { tty: true });
    expect(json.code).toBe(0);
    expect(tty.code).toBe(0);
    expect(json.stdout).toBe(piped.stdout);
    expect(tty.stdout).toBe(piped.stdout);
  });

  it('mentions every registered command and the global options', async () => {
    const { stdout } = await runCli(['completion', shell]);
    for (const c of COMMANDS) {
      expect(stdout, c.name).toMatch(new RegExp(`(^|[\\s'(])${c.name}([\\s:)']|$)`, 'm'));
    }
    for (const flag of [
      'profile',
      'region',
      'endpoint-url',
      'sandbox',
      'output',
      'no-color',
      'debug',
      'quiet',
    ]) {
      expect(stdout, flag).toContain(flag);
    }
    // Value choices come from the option definitions, not a copy.
    expect(stdout).toContain('ndjson');
    expect(stdout).toContain('consumer-analyst');
  });

  it.runIf(hasShell(shell))('passes the shell’s own syntax check', async () => {
    const { stdout } = await runCli(['completion', shell]);
    const res = syntaxCheck(shell, stdout);
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
  });
});

describe('fshare completion: bash behaviour', () => {
  it.runIf(hasShell('bash'))('completes commands, command options and option values', async () => {
    const { stdout } = await runCli(['completion', 'bash']);
    const file = path.join(tmp, 'behave.bash');
    fs.writeFileSync(file, stdout);
    const complete = (line: string[]) => {
      const script = `source ${JSON.stringify(file)}
COMP_WORDS=(${line.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${line.length - 1}
_fshare; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return spawnSync('bash', ['-c', script], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    };
    expect(complete(['fshare', 'who'])).toEqual(['whoami']);
    expect(complete(['fshare', '--profile', 'owner', 'doc'])).toEqual(['doctor']);
    expect(complete(['fshare', '-o', 'cs'])).toEqual(['csv']);
    expect(complete(['fshare', '--profile', 'consumer-'])).toEqual(['consumer-analyst']);
    expect(complete(['fshare', 'grant', 'customers', '--level', 'read-'])).toEqual([
      'read-only',
      'read-write',
    ]);
    expect(complete(['fshare', 'completion', '--h'])).toContain('--help');
    expect(complete(['fshare', 'sandbox', ''])).toEqual(expect.arrayContaining(['init', 'serve', 'status']));
    expect(complete(['fshare', 'sandbox', 'init', '--o'])).toEqual(['--org-sharing', '--output']);
    // Plain arguments and free-form option values are left to bash's file completion.
    expect(complete(['fshare', 'import', 'customers', '--file', ''])).toEqual([]);
    expect(complete(['fshare', 'get-record', ''])).toEqual([]);
  });
});

describe('fshare completion: fish behaviour', () => {
  it.runIf(hasShell('fish'))(
    'completes commands, subcommands (without files) and option values',
    async () => {
      const { stdout } = await runCli(['completion', 'fish']);
      const file = path.join(tmp, 'behave.fish');
      fs.writeFileSync(file, stdout);
      const complete = (line: string) =>
        spawnSync(
          'fish',
          ['--no-config', '-c', `source ${JSON.stringify(file)}; complete -C ${JSON.stringify(line)}`],
          {
            encoding: 'utf8',
            cwd: tmp,
          },
        )
          .stdout.split('\n')
          .filter(Boolean)
          .map((l) => l.split('\t')[0] ?? '');
      expect(complete('fshare who')).toEqual(['whoami']);
      expect(complete('fshare -o cs')).toEqual(['csv']);
      const sandbox = complete('fshare sandbox ');
      expect(sandbox).toEqual(expect.arrayContaining(['init', 'serve', 'status', 'reset']));
      expect(sandbox.some((c) => c.endsWith('/') || c.includes('.'))).toBe(false);
      expect(complete('fshare sandbox init --')).toContain('--org-sharing');
    },
  );
});

describe('fshare completion: bad input', () => {
  it.each([['powershell'], ['BASH'], ['']])('refuses shell %j with exit 2', async (shell) => {
    const res = await runCli(['completion', shell]);
    expect(res.code).toBe(2);
    expect(JSON.parse(res.stderr)).toMatchObject({ error: { code: 'FSHARE_UNKNOWN_SHELL' } });
  });

  it('needs a shell (exit 2)', async () => {
    const res = await runCli(['completion'], { tty: true });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('shell');
  });
});
