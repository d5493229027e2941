import { describe, expect, it } from 'vitest';
import type { AnyCommandSpec } from '../../../src/cli/define-command.js';
import { COMMANDS } from '../../../commands/index.js';
import { runCli } from '../../helpers/run-cli.js';

const PLACEHOLDER_SUMMARY = 'Not built yet';

const loaded = await Promise.all(
  COMMANDS.map(async (entry) => {
    const mod = await entry.load();
    const specs = (Array.isArray(mod.default) ? mod.default : [mod.default]) as AnyCommandSpec[];
    return { entry, specs };
  }),
);

describe('every registered command has help with an example', () => {
  for (const { entry, specs } of loaded) {
    const placeholder = specs.some((s) => s.summary === PLACEHOLDER_SUMMARY);
    // Placeholders are listed as skipped, by name, until their command lands; then this is strict.
    const test = placeholder ? it.skip : it;
    test(`${entry.name}: summary and at least one example per (sub)command`, () => {
      expect(specs.length).toBeGreaterThan(0);
      for (const spec of specs) {
        expect(spec.path[0], `${entry.name} spec path`).toBe(entry.name);
        if (spec.path.length === 1) {
          // Defined once, in commands/index.ts: a top-level spec leaves it out (or, until every
          // command drops its copy, repeats it exactly).
          expect([undefined, entry.summary], `${entry.name} summary is the registry's`).toContain(
            spec.summary,
          );
        } else {
          expect((spec.summary ?? '').trim(), `${spec.path.join(' ')} summary`).not.toBe('');
        }
        expect(spec.summary, `${spec.path.join(' ')} summary`).not.toBe(PLACEHOLDER_SUMMARY);
        expect(spec.examples.length, `${spec.path.join(' ')} examples`).toBeGreaterThan(0);
        for (const example of spec.examples) {
          expect(example, `${spec.path.join(' ')} example`).toMatch(/\bfshare /);
        }
      }
    });
  }
});

describe('--help output', () => {
  it('the root help lists every command and shows examples and exit codes', async () => {
    const res = await runCli(['--help'], { tty: true });
    expect(res.code).toBe(0);
    for (const { name } of COMMANDS) {
      expect(res.stdout).toMatch(new RegExp(`^\\s+${name}\\b`, 'm'));
    }
    expect(res.stdout).toContain('Examples:');
    expect(res.stdout).toContain('Exit codes:');
  });

  it('no arguments prints the root help, exit 0', async () => {
    const res = await runCli([]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Usage: fshare');
  });

  it.each(
    loaded
      .filter(({ specs }) => !specs.some((s) => s.summary === PLACEHOLDER_SUMMARY))
      .map((l) => [l.entry.name, l.specs]),
  )('`fshare %s --help` shows its examples, exit 0', async (name, specs) => {
    const top = specs.find((s) => s.path.length === 1) ?? specs[0];
    const res = await runCli([name, '--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`Usage: fshare ${name}`);
    if (top?.path.length === 1) {
      expect(res.stdout).toContain('Examples:');
      expect(res.stdout).toContain(top.examples[0] ?? '');
    }
  });
});

describe('help and usage errors', () => {
  it('`fshare help doctor` shows the real command help with examples, exit 0', async () => {
    const res = await runCli(['help', 'doctor']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Usage: fshare doctor');
    expect(res.stdout).toContain('Examples:');
  });

  it('an unknown command is one line, with the suggestion in the hint (exit 2)', async () => {
    const res = await runCli(['whoamii']);
    expect(res.code).toBe(2);
    const { error } = JSON.parse(res.stderr) as { error: { message: string; hint: string } };
    expect(error.message).toBe("unknown command 'whoamii'");
    expect(error.hint).toBe('Did you mean whoami? Run `fshare --help` for usage.');
  });

  it('an unknown option of a command suggests the right one', async () => {
    const res = await runCli(['completion', 'bash', '--hlep'], { tty: true });
    expect(res.code).toBe(2);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe("Error: unknown option '--hlep'");
    expect(lines[1]).toBe('Hint: Did you mean --help? Run `fshare completion --help` for usage.');
  });
});
