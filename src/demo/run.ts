/**
 * Runs the demo story on a fresh temporary sandbox, through the public CLI (the same main() a
 * person's shell would run), narrating each step.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { Context } from '../context.js';
import { FshareError } from '../errors.js';
import { demoStory, type DemoStep } from './story.js';

export interface DemoStepResult {
  actor: string;
  command: string;
  say: string;
  exitCode: number;
  expectedExit: number;
  ok: boolean;
  output: string;
  error: string;
  ms: number;
}

export interface DemoResult {
  home: string;
  kept: boolean;
  steps: DemoStepResult[];
  ok: boolean;
  seconds: number;
}

/** Each step's output is indented under its narration. */
export const INDENT = '  ';

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks).toString('utf8');
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export async function runDemo(ctx: Context, options: { keep: boolean }): Promise<DemoResult> {
  const { main } = await import('../cli/main.js');
  const home = mkdtempSync(join(tmpdir(), 'fshare-demo-'));
  const env = {
    ...ctx.env,
    FSHARE_HOME: home,
    FSHARE_SANDBOX: '1',
    ...(ctx.globals.color ? {} : { NO_COLOR: '1' }),
  };
  const narrate = ctx.globals.output === 'table' || ctx.globals.output === 'text';
  const started = performance.now();
  const results: DemoStepResult[] = [];

  const invoke = async (args: string[]) => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out = collect(stdout);
    const err = collect(stderr);
    const code = await main(args, {
      stdin: Readable.from([]),
      stdout,
      stderr,
      env,
      stdinIsTTY: false,
      stdoutIsTTY: narrate && ctx.io.stdoutIsTTY,
      stderrIsTTY: false,
      // Step output is indented by INDENT: render it that much narrower, or every full row wraps.
      columns: Math.max(40, ctx.io.columns - INDENT.length),
      signal: ctx.signal,
      commands: ctx.commands,
    });
    return { code, stdout: out(), stderr: err() };
  };

  try {
    const init = await invoke(['sandbox', 'init', '--quiet']);
    if (init.code !== 0) {
      throw new FshareError('FSHARE_DEMO_FAILED', `Could not create the demo sandbox: ${init.stderr.trim()}`);
    }
    if (narrate) {
      ctx.log.info(
        ctx.theme.bold(
          `A fresh sandbox in ${home}: owner 111111111111, consumer 222222222222, partner 333333333333.\n`,
        ),
      );
    }
    const steps: DemoStep[] = demoStory();
    for (const [index, step] of steps.entries()) {
      const args = ['--profile', step.actor, ...(narrate ? ['-o', 'table'] : ['-o', 'json']), ...step.args];
      const shown = `fshare --profile ${step.actor} ${step.args.map(quote).join(' ')}`;
      if (narrate) {
        ctx.log.info(`${ctx.theme.cyan(`${index + 1}/${steps.length}`)} ${step.say}`);
        ctx.log.info(ctx.theme.dim(`$ ${shown}`));
      }
      const t0 = performance.now();
      const res = await invoke(args);
      const ok = res.code === step.expectExit;
      results.push({
        actor: step.actor,
        command: shown,
        say: step.say,
        exitCode: res.code,
        expectedExit: step.expectExit,
        ok,
        output: res.stdout,
        error: res.stderr,
        ms: Math.round(performance.now() - t0),
      });
      if (narrate) {
        const body = `${res.stdout}${res.stderr}`.trimEnd();
        if (body) {
          ctx.log.info(body.replace(/^/gm, INDENT));
        }
        ctx.log.info(ok ? '' : ctx.theme.red(`  ✗ expected exit ${step.expectExit}, got ${res.code}\n`));
      }
      if (!ok) {
        break;
      }
    }
  } finally {
    if (!options.keep) {
      rmSync(home, { recursive: true, force: true });
    }
  }
  const allOk = results.length === demoStory().length && results.every((r) => r.ok);
  return {
    home,
    kept: options.keep,
    steps: results,
    ok: allOk,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
