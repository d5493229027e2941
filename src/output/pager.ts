/**
 * Table output through the pager named by FSHARE_PAGER or AWS_PAGER, only on a terminal (the
 * globals leave `pager` unset in a pipe) and only when asked: fshare has no default pager.
 */
import { spawn } from 'node:child_process';
import type { Context } from '../context.js';

export async function pageText(pager: string, text: string, ctx: Context): Promise<void> {
  await new Promise<void>((resolve) => {
    // The pager is a command line (`less -R`), run by the shell as git and the AWS CLI do.
    const child = spawn(pager, { shell: true, stdio: ['pipe', 'inherit', 'inherit'], env: { ...ctx.env } });
    child.on('error', () => {
      ctx.io.stdout.write(text);
      resolve();
    });
    child.on('close', (code) => {
      // 127: the shell found no such command. The output is not lost: it goes to stdout.
      if (code === 127) {
        ctx.io.stdout.write(text);
      }
      resolve();
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(text);
  });
}
