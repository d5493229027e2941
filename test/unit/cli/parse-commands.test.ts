/**
 * Cheap parse tests (gh's TestNewCmd… style): flags → what `run` receives, nothing run. One
 * table-driven test parses every example in every registered command's help, so each example a
 * person copies from `--help` is at least a valid command line.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';
import type { AnyCommandSpec } from '../../../src/cli/define-command.js';
import { exampleArgv, parseCommand } from '../../helpers/parse-command.js';

const loaded = await Promise.all(
  COMMANDS.map(async (entry) => {
    const mod = await entry.load();
    return (Array.isArray(mod.default) ? mod.default : [mod.default]) as AnyCommandSpec[];
  }),
);
const examples = loaded.flat().flatMap((spec) => spec.examples.map((e) => [spec.path.join(' '), e] as const));

describe('every help example parses', () => {
  it('there are examples to parse', () => {
    expect(examples.length).toBeGreaterThan(40);
  });

  it.each(examples)('%s: %s', async (path, example) => {
    const argv = exampleArgv(example);
    const parsed = await parseCommand(argv);
    // A parent's help may show its subcommands' examples (`fshare audit setup` under audit).
    expect(`${parsed.path.join(' ')} `.startsWith(`${path} `)).toBe(true);
  });
});

describe('exampleArgv', () => {
  it('finds fshare inside pipelines and substitutions', () => {
    expect(exampleArgv('cat r.json | fshare put-record customers --file -')).toEqual([
      'put-record',
      'customers',
      '--file',
      '-',
    ]);
    expect(exampleArgv('eval "$(fshare sandbox env --as consumer)"')).toEqual([
      'sandbox',
      'env',
      '--as',
      'consumer',
    ]);
    expect(exampleArgv('source <(fshare completion bash)')).toEqual(['completion', 'bash']);
  });

  it('drops fshare, redirections and pipes; keeps quoted words whole', () => {
    expect(exampleArgv(`fshare completion zsh > "\${fpath[1]}/_fshare"`)).toEqual(['completion', 'zsh']);
    expect(exampleArgv(`fshare put-record customers --record '{"a": 1}' | jq .`)).toEqual([
      'put-record',
      'customers',
      '--record',
      '{"a": 1}',
    ]);
  });
});

describe('whoami and doctor (TestNewCmd…)', () => {
  it('whoami takes no arguments; global flags reach the globals', async () => {
    const parsed = await parseCommand(['--sandbox', '--profile', 'consumer', 'whoami', '-o', 'json']);
    expect(parsed.path).toEqual(['whoami']);
    expect(parsed.args).toEqual([]);
    expect(parsed.globals).toMatchObject({ sandbox: true, profile: 'consumer', output: 'json' });
  });

  it('whoami with an argument is a usage error', async () => {
    await expect(parseCommand(['whoami', 'extra'])).rejects.toMatchObject({
      code: 'FSHARE_USAGE',
      exitCode: 2,
    });
  });

  it('doctor accepts the output options anywhere on the line', async () => {
    const parsed = await parseCommand(['doctor', '--query', 'checks[].status', '--max-items', '3', '--wide']);
    expect(parsed.path).toEqual(['doctor']);
    expect(parsed.globals).toMatchObject({ query: 'checks[].status', maxItems: 3, wide: true });
  });

  it('an unknown flag is a usage error naming it', async () => {
    await expect(parseCommand(['doctor', '--verbose'])).rejects.toMatchObject({
      message: "unknown option '--verbose'",
    });
  });
});

describe('global output options through the program', () => {
  it('a bad --query is bad input: exit 2 before the command runs', async () => {
    const { runCli } = await import('../../helpers/run-cli.js');
    // No sandbox exists under this FSHARE_HOME: had the command run, it would fail differently.
    const res = await runCli(['--sandbox', '--query', 'entries[', 'whoami'], {
      env: { FSHARE_HOME: '/nonexistent/fshare-query-test' },
    });
    expect(res.code).toBe(2);
    expect(JSON.parse(res.stderr)).toMatchObject({ error: { code: 'FSHARE_BAD_QUERY' } });
  });
});
