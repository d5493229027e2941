import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTheme, redact } from '../../../src/context.js';
import { NotFoundError, UsageError } from '../../../src/errors.js';
import { renderError } from '../../../src/output/errors.js';
import type { OutputFormat } from '../../../src/cli/globals.js';
import { awsError } from '../../helpers/fake-context.js';
import { runCli } from '../../helpers/run-cli.js';

function renderTo(error: unknown, output: OutputFormat, debug = false, profile?: string) {
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stderr.on('data', (c: Buffer) => chunks.push(c));
  const code = renderError(error, {
    output,
    debug,
    theme: createTheme(false),
    stderr,
    ...(profile ? { mapContext: { profile } } : {}),
  });
  return { code, text: Buffer.concat(chunks).toString('utf8') };
}

describe('renderError', () => {
  it('prints one line of what went wrong and one of what to do, no stack', () => {
    const { code, text } = renderTo(
      new NotFoundError('No feature group "x".', { hint: 'Run `fshare discover`.' }),
      'table',
    );
    expect(code).toBe(4);
    expect(text).toBe('Error: No feature group "x".\nHint: Run `fshare discover`.\n');
  });

  it.each(['json', 'ndjson'] as const)('-o %s prints {"error":{code,message,hint}} on one line', (output) => {
    const { code, text } = renderTo(
      new UsageError('Bad level "x".', { hint: 'Use read-only.', code: 'FSHARE_BAD_LEVEL' }),
      output,
    );
    expect(code).toBe(2);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(text)).toEqual({
      error: { code: 'FSHARE_BAD_LEVEL', message: 'Bad level "x".', hint: 'Use read-only.' },
    });
  });

  it('maps AWS errors and includes their details in JSON', () => {
    const { code, text } = renderTo(awsError('AccessDeniedException', 'not authorized', 403), 'json');
    expect(code).toBe(3);
    expect(JSON.parse(text)).toMatchObject({
      error: {
        code: 'FSHARE_AWS_ACCESS_DENIED',
        details: { awsCode: 'AccessDeniedException', requestId: 'req-test' },
      },
    });
  });

  it('names the profile in credential hints', () => {
    const { text } = renderTo(awsError('ExpiredToken', 'expired', 403), 'table', false, 'prod');
    expect(text).toContain('aws sso login --profile prod');
  });

  it('has no stack trace without --debug and one with it', () => {
    const error = new TypeError('boom');
    expect(renderTo(error, 'table').text).not.toMatch(/\n\s+at /);
    expect(renderTo(error, 'json').text).not.toMatch(/\s+at /);
    const debug = renderTo(error, 'table', true).text;
    expect(debug).toMatch(/\n\s+at /);
    expect(debug).toContain('TypeError: boom');
  });
});

describe('redact', () => {
  it.each([
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI'],
    ['"secretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', 'wJalrXUtnFEMI'],
    ['AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI'],
    ['x-amz-security-token: IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJH', 'IQoJb3JpZ2lu'],
    ['"SessionToken": "FwoGZXIvYXdzEBYaDHqa0AP1/example+token=="', 'FwoGZXIvYXdz'],
    [
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260115/us-east-1/sagemaker/aws4_request, SignedHeaders=host;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024',
      'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024',
    ],
    ['Credential=ASIAXXXXEXAMPLEKEYID/20260115/us-east-1/ram/aws4_request', 'EXAMPLEKEYID'],
  ])('hides the secret in %s', (text, secret) => {
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).toContain('****');
  });

  it('keeps the access key prefix (useful to tell keys apart) and text without secrets', () => {
    expect(redact('Credential=AKIAIOSFODNN7EXAMPLE/2026')).toContain('Credential=AKIAIOSF');
    expect(redact('GET /feature-group/customers 200')).toBe('GET /feature-group/customers 200');
  });
});

describe('errors through main()', () => {
  it('a usage error on a TTY: two lines, exit 2, nothing on stdout', async () => {
    const res = await runCli(['completion', 'tcsh'], { tty: true });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Error: .*tcsh/);
    expect(lines[1]).toMatch(/^Hint: /);
  });

  it('--debug adds a stack trace to an unexpected failure', async () => {
    const env = {
      HOME: '/nonexistent',
      AWS_CONFIG_FILE: '/nonexistent/c',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/k',
    };
    const plain = await runCli(['whoami', '--region', 'us-east-1', '--profile', 'nope'], { env, tty: true });
    const debug = await runCli(['whoami', '--region', 'us-east-1', '--profile', 'nope', '--debug'], {
      env,
      tty: true,
    });
    expect(plain.code).toBe(2);
    expect(debug.code).toBe(2);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('error format and interrupts', () => {
  it('errors are JSON only for -o json/ndjson or a stderr that is not a terminal', async () => {
    const { errorOutputFor } = await import('../../../src/output/errors.js');
    expect(errorOutputFor(undefined, true)).toBe('table');
    expect(errorOutputFor('csv', true)).toBe('table');
    expect(errorOutputFor('json', true)).toBe('json');
    expect(errorOutputFor('ndjson', true)).toBe('ndjson');
    expect(errorOutputFor(undefined, false)).toBe('json');
  });

  it('an aborted SDK request (AbortError) is an interrupt: exit 130, no "bug" hint', () => {
    const abort = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    const { code, text } = renderTo(abort, 'json');
    expect(code).toBe(130);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'FSHARE_INTERRUPTED' } });
    expect(text).not.toContain('bug');
  });

  it('a declined confirmation is said softly: no "Error:", exit 130', async () => {
    const { CancelledError } = await import('../../../src/errors.js');
    const { code, text } = renderTo(new CancelledError('Not revoked: nothing was changed.'), 'table');
    expect(code).toBe(130);
    expect(text).toBe('Not revoked: nothing was changed.\n');
  });

  it('hint commands carry this invocation’s --sandbox and --region', () => {
    const stderr = new PassThrough();
    const chunks: Buffer[] = [];
    stderr.on('data', (c: Buffer) => chunks.push(c));
    renderError(new NotFoundError('No feature group "x".', { hint: 'Run `fshare discover`.' }), {
      output: 'table',
      debug: false,
      theme: createTheme(false),
      stderr,
      globals: { sandbox: true, profile: 'consumer', region: 'eu-west-1', endpointUrl: undefined },
    });
    expect(Buffer.concat(chunks).toString('utf8')).toContain(
      'Hint: Run `fshare --sandbox --region eu-west-1 discover`.',
    );
  });

  it('piped stdout with a terminal stderr prints errors for a person (not JSON)', async () => {
    const { PassThrough: P } = await import('node:stream');
    const { main } = await import('../../../src/cli/main.js');
    const { COMMANDS } = await import('../../../commands/index.js');
    const stderr = new P();
    const chunks: Buffer[] = [];
    stderr.on('data', (c: Buffer) => chunks.push(c));
    const code = await main(['whoamii'], {
      stdin: new P(),
      stdout: new P(),
      stderr,
      env: { NO_COLOR: '1' },
      stdinIsTTY: false,
      stdoutIsTTY: false,
      stderrIsTTY: true,
      columns: 80,
      commands: COMMANDS,
    });
    expect(code).toBe(2);
    expect(Buffer.concat(chunks).toString('utf8')).toMatch(/^Error: unknown command 'whoamii'\n/);
  });
});
