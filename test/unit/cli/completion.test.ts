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
      // An empty home: no AWS profiles and no cached names beyond the sandbox's own.
      const env = { PATH: process.env.PATH ?? '', HOME: path.join(tmp, 'empty-home') };
      return spawnSync('bash', ['-c', script], { encoding: 'utf8', env }).stdout.split('\n').filter(Boolean);
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

describe('fshare completion: values read when completing (bash)', () => {
  const home = path.join(tmp, 'home');
  const fshareHome = path.join(tmp, 'fshare-home');
  fs.mkdirSync(path.join(home, '.aws'), { recursive: true });
  fs.mkdirSync(path.join(fshareHome, 'cache'), { recursive: true });
  fs.writeFileSync(
    path.join(home, '.aws', 'config'),
    '[default]\nregion = us-east-1\n[profile dev-admin]\nregion = eu-west-1\n[ profile  spaced ]\n[sso-session corp]\nsso_start_url = https://x\n[services local]\n',
  );
  fs.writeFileSync(path.join(home, '.aws', 'credentials'), '[ci-bot]\naws_access_key_id = AKIAEXAMPLE\n');
  const names = path.join(fshareHome, 'cache', 'feature-groups.txt');
  const schemas = path.join(fshareHome, 'cache', 'schemas.json');

  async function completer() {
    const { stdout } = await runCli(['completion', 'bash']);
    const file = path.join(tmp, 'values.bash');
    fs.writeFileSync(file, stdout);
    return (line: string[]) => {
      const script = `source ${JSON.stringify(file)}
COMP_WORDS=(${line.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${line.length - 1}
_fshare; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const env = { PATH: process.env.PATH ?? '', HOME: home, FSHARE_HOME: fshareHome };
      return spawnSync('bash', ['-c', script], { encoding: 'utf8', env })
        .stdout.split('\n')
        .filter(Boolean)
        .sort();
    };
  }

  it.runIf(hasShell('bash'))(
    'offers profiles from ~/.aws/config and ~/.aws/credentials and the sandbox’s',
    async () => {
      const complete = await completer();
      const all = complete(['fshare', '--profile', '']);
      expect(all).toEqual(
        [
          'auditor',
          'ci-bot',
          'consumer',
          'consumer-analyst',
          'default',
          'dev-admin',
          'owner',
          'partner',
          'spaced',
        ].sort(),
      );
      expect(complete(['fshare', 'whoami', '--profile', 'dev'])).toEqual(['dev-admin']);
    },
  );

  it.runIf(hasShell('bash'))(
    'offers cached feature-group names by argument position, operations for can, shells for completion',
    async () => {
      fs.writeFileSync(names, 'customers\n111111111111/customers\n');
      fs.writeFileSync(
        schemas,
        JSON.stringify({ entries: { 'arn:aws:sagemaker:us-east-1:333333333333:feature-group/orders': {} } }),
      );
      const complete = await completer();
      expect(complete(['fshare', 'get-record', 'cu'])).toEqual(['customers']);
      expect(complete(['fshare', 'get-record', ''])).toEqual([
        '111111111111/customers',
        '333333333333/orders',
        'customers',
        'orders',
      ]);
      // The record id after the group is not a feature group.
      expect(complete(['fshare', 'get-record', 'customers', ''])).toEqual([]);
      expect(complete(['fshare', 'can', 'get-r'])).toEqual(['get-record']);
      expect(complete(['fshare', 'can', 'get-record', '111'])).toEqual(['111111111111/customers']);
      expect(complete(['fshare', 'grant', 'customers', 'or'])).toEqual(['orders']);
      expect(complete(['fshare', 'grant', '--level', 'read-only', 'or'])).toEqual(['orders']);
      expect(complete(['fshare', 'completion', ''])).toEqual(['bash', 'fish', 'zsh']);
    },
  );

  it.runIf(hasShell('bash'))('offers no cached names once the cache is older than its TTL', async () => {
    fs.writeFileSync(names, 'customers\n');
    fs.writeFileSync(schemas, '{}');
    const old = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    fs.utimesSync(names, old, old);
    const complete = await completer();
    expect(complete(['fshare', 'describe', 'cu'])).toEqual([]);
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
