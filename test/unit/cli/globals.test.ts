import { describe, expect, it } from 'vitest';
import { findCommandName } from '../../../src/cli/command-name.js';
import { resolveGlobals, type RawGlobalOptions } from '../../../src/cli/globals.js';
import { UsageError } from '../../../src/errors.js';

describe('resolveGlobals', () => {
  it.each<[RawGlobalOptions, boolean, string]>([
    [{}, true, 'table'],
    [{}, false, 'json'],
    [{ output: 'csv' }, true, 'csv'],
    [{ output: 'table' }, false, 'table'],
    [{ output: 'ndjson' }, false, 'ndjson'],
  ])('%j with stdout TTY %s → output %s', (raw, tty, output) => {
    const g = resolveGlobals(raw, {}, tty);
    expect(g.output).toBe(output);
    expect(g.outputExplicit).toBe(raw.output !== undefined);
  });

  it.each<[RawGlobalOptions, Record<string, string>, boolean, boolean]>([
    [{}, {}, true, true],
    [{}, {}, false, false],
    [{ color: false }, {}, true, false],
    [{}, { NO_COLOR: '1' }, true, false],
    [{}, { NO_COLOR: '' }, true, true],
    [{}, { FORCE_COLOR: '1' }, false, true],
    [{}, { FORCE_COLOR: '0' }, false, false],
  ])('colour: %j env %j TTY %s → %s', (raw, env, tty, color) => {
    expect(resolveGlobals(raw, env, tty).color).toBe(color);
  });

  it.each<[RawGlobalOptions, Record<string, string>, boolean]>([
    [{}, {}, false],
    [{ sandbox: true }, {}, true],
    [{}, { FSHARE_SANDBOX: '1' }, true],
    [{}, { FSHARE_SANDBOX: 'true' }, true],
    [{}, { FSHARE_SANDBOX: '0' }, false],
  ])('sandbox: %j env %j → %s', (raw, env, sandbox) => {
    expect(resolveGlobals(raw, env, false).sandbox).toBe(sandbox);
  });

  it.each<[RawGlobalOptions, Record<string, string>, boolean, string]>([
    [{}, { AWS_DEFAULT_OUTPUT: 'json' }, true, 'json'],
    [{}, { AWS_DEFAULT_OUTPUT: 'yaml-stream' }, true, 'yaml'],
    [{}, { AWS_DEFAULT_OUTPUT: 'text' }, false, 'text'],
    [{}, { AWS_DEFAULT_OUTPUT: 'bogus' }, true, 'table'],
    [{ output: 'csv' }, { AWS_DEFAULT_OUTPUT: 'json' }, true, 'csv'],
    [{ json: 'name,arn' }, {}, true, 'json'],
    [{ json: 'name', output: 'yaml' }, {}, true, 'yaml'],
  ])('output: %j env %j TTY %s → %s', (raw, env, tty, output) => {
    expect(resolveGlobals(raw, env, tty).output).toBe(output);
  });

  it('reads --json fields, --max-items, --wide, --query', () => {
    const g = resolveGlobals({ json: 'name, arn', maxItems: '25', wide: true, query: '[].name' }, {}, true);
    expect(g.jsonFields).toEqual(['name', 'arn']);
    expect(g.maxItems).toBe(25);
    expect(g.wide).toBe(true);
    expect(g.query).toBe('[].name');
  });

  it('a pager only on a terminal, and only when FSHARE_PAGER or AWS_PAGER names one', () => {
    expect(resolveGlobals({}, {}, true).pager).toBeUndefined();
    expect(resolveGlobals({}, { AWS_PAGER: 'less -R' }, true).pager).toBe('less -R');
    expect(resolveGlobals({}, { FSHARE_PAGER: 'more', AWS_PAGER: 'less' }, true).pager).toBe('more');
    expect(resolveGlobals({}, { FSHARE_PAGER: 'more' }, false).pager).toBeUndefined();
    expect(resolveGlobals({}, { AWS_PAGER: '' }, true).pager).toBeUndefined();
  });

  it('takes the profile from AWS_PROFILE unless --profile is given', () => {
    expect(resolveGlobals({}, { AWS_PROFILE: 'dev' }, false).profile).toBe('dev');
    expect(resolveGlobals({ profile: 'prod' }, { AWS_PROFILE: 'dev' }, false).profile).toBe('prod');
  });

  it.each<[RawGlobalOptions, RegExp]>([
    [{ output: 'xml' }, /xml/],
    [{ maxItems: '0' }, /max-items/],
    [{ maxItems: '0x10' }, /max-items/],
    [{ json: ' , ' }, /--json/],
    [{ json: 'name', output: 'csv' }, /does not apply to -o csv/],
    [{ query: '[0]', output: 'table' }, /does not apply to -o table/],
    [{ region: 'US-EAST-1' }, /region/],
    [{ region: 'useast1' }, /region/],
    [{ endpointUrl: 'localhost:4566' }, /endpoint-url/],
    [{ endpointUrl: 'ftp://127.0.0.1' }, /http or https/],
    [{ endpointUrl: 'not a url' }, /not a URL/],
  ])('refuses %j with a UsageError', (raw, message) => {
    expect(() => resolveGlobals(raw, {}, false)).toThrow(UsageError);
    expect(() => resolveGlobals(raw, {}, false)).toThrow(message);
  });

  it.each(['us-east-1', 'eu-west-2', 'us-gov-west-1', 'cn-north-1', 'ap-southeast-3'])(
    'accepts region %s',
    (region) => {
      expect(resolveGlobals({ region }, {}, false).region).toBe(region);
    },
  );
});

describe('findCommandName', () => {
  it.each<[string[], string | undefined]>([
    [['grant', 'x'], 'grant'],
    [['--profile', 'owner', 'grant'], 'grant'],
    [['--region', 'us-east-1', '-o', 'json', 'whoami'], 'whoami'],
    [['--endpoint-url', 'http://x', '--sandbox', 'doctor'], 'doctor'],
    [['--output', 'csv', 'shares'], 'shares'],
    [['--output=csv', 'shares'], 'shares'],
    [['--debug', '--', 'whoami'], 'whoami'],
    [['--debug'], undefined],
    [[], undefined],
  ])('%j → %s', (args, name) => {
    expect(findCommandName(args)).toBe(name);
  });
});
