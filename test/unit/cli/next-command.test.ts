import { describe, expect, it } from 'vitest';
import {
  nextCommand,
  shellQuote,
  withNextCommands,
  type InvocationGlobals,
} from '../../../src/cli/next-command.js';

const plain: InvocationGlobals = {
  sandbox: false,
  profile: undefined,
  region: undefined,
  endpointUrl: undefined,
};
const sandboxConsumer: InvocationGlobals = { ...plain, sandbox: true, profile: 'consumer' };

describe('nextCommand', () => {
  it('adds nothing when no global flag was in effect', () => {
    expect(nextCommand(plain, 'fshare accept --all')).toBe('fshare accept --all');
  });

  it("adds this invocation's --sandbox and --profile for the person's own next step", () => {
    expect(nextCommand(sandboxConsumer, 'fshare accept --all')).toBe(
      'fshare --sandbox --profile consumer accept --all',
    );
  });

  it('adds --region and --endpoint-url, quoting values the shell would split', () => {
    const g = { ...plain, profile: 'my team', region: 'eu-west-1', endpointUrl: 'http://127.0.0.1:4566' };
    expect(nextCommand(g, 'fshare whoami')).toBe(
      "fshare --profile 'my team' --region eu-west-1 --endpoint-url http://127.0.0.1:4566 whoami",
    );
  });

  it("leaves out our profile for someone else's step, or uses the one named", () => {
    const cmd = 'fshare grant customers --to 222222222222 --level read-write';
    expect(nextCommand(sandboxConsumer, cmd, { actor: 'other' })).toBe(
      'fshare --sandbox grant customers --to 222222222222 --level read-write',
    );
    expect(nextCommand(sandboxConsumer, cmd, { actor: 'other', profile: 'owner' })).toBe(
      'fshare --sandbox --profile owner grant customers --to 222222222222 --level read-write',
    );
  });

  it('does not repeat a flag the command already has', () => {
    expect(
      nextCommand({ ...sandboxConsumer, region: 'us-east-1' }, 'fshare --region eu-west-1 describe x'),
    ).toBe('fshare --sandbox --profile consumer --region eu-west-1 describe x');
    expect(nextCommand(sandboxConsumer, 'fshare --profile=owner shares')).toBe(
      'fshare --sandbox --profile=owner shares',
    );
  });

  it('adds no AWS flags to commands that never call AWS (sandbox admin, completion, demo)', () => {
    expect(nextCommand(sandboxConsumer, 'fshare sandbox reset --yes')).toBe('fshare sandbox reset --yes');
    expect(nextCommand(sandboxConsumer, 'fshare completion bash')).toBe('fshare completion bash');
    expect(nextCommand(sandboxConsumer, 'fshare sandboxes')).toBe(
      'fshare --sandbox --profile consumer sandboxes',
    );
  });

  it('leaves text that is not an fshare command alone', () => {
    expect(nextCommand(sandboxConsumer, 'aws sso login')).toBe('aws sso login');
    expect(nextCommand(sandboxConsumer, 'fshared x')).toBe('fshared x');
  });

  it('withNextCommands rewrites each backquoted fshare command in a hint', () => {
    const hint = 'Run `fshare invitations`, then `fshare accept --all`; or `aws ram get-resource-shares`.';
    expect(withNextCommands(sandboxConsumer, hint)).toBe(
      'Run `fshare --sandbox --profile consumer invitations`, then `fshare --sandbox --profile consumer accept --all`; or `aws ram get-resource-shares`.',
    );
  });

  it('shellQuote quotes only when needed, and escapes single quotes', () => {
    expect(shellQuote('owner')).toBe('owner');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
