/**
 * `import`: checks the paths (input readable, rejects writable) before any call, takes the
 * checkpoint lock, opens the target (schema from the cache when fresh), runs the engine with a
 * progress line, and turns the first access denial into exit 3.
 */
import * as path from 'node:path';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import type { CommandResult } from '../output/render.js';
import { checkProgressFlag, formatProgress, openStatusLine } from '../ui/progress.js';
import { explainDenial } from './access.js';
import { checkpointPathFor, ImportLock } from './bulk/checkpoint.js';
import { runImport, type ImportSummary } from './bulk/import.js';
import { checkInputFile, checkOutputFile } from './inputs.js';
import { parseConcurrency } from './options.js';
import { formatForPath, type InputFormat } from './rows.js';
import { fshareHome, SchemaCache } from './schema-cache.js';
import { openTarget } from './target.js';

export interface ImportFlags {
  file: string;
  format?: string;
  concurrency?: string;
  resume?: boolean;
  rejects?: string;
  progress?: string;
  cache?: boolean;
}

export interface ImportInput {
  featureGroup: string;
  file: string;
  format: InputFormat;
  concurrency: number;
  resume: boolean;
  rejectsPath: string;
  progress?: string | undefined;
  cache: boolean;
}

function stdinFormat(flags: ImportFlags): InputFormat {
  if (flags.format !== 'csv' && flags.format !== 'jsonl') {
    throw new UsageError('--file - (stdin) needs --format csv or --format jsonl.', {
      code: 'FSHARE_BAD_INPUT_FORMAT',
      hint: 'A file name says its format; stdin does not: add --format.',
    });
  }
  if (flags.resume) {
    throw new UsageError('--resume needs a file: input from stdin has no checkpoint.', {
      hint: 'Save the input to a file and import that to be able to resume.',
    });
  }
  return flags.format;
}

/** argv → input: every path and number checked here, before any call. */
export function importInput(featureGroup: string, flags: ImportFlags): ImportInput {
  const fromStdin = flags.file === '-';
  const format = fromStdin ? stdinFormat(flags) : formatForPath(flags.file);
  const concurrency = parseConcurrency(flags.concurrency, 8);
  if (!fromStdin) {
    checkInputFile(flags.file, '--file');
  }
  const rejectsPath = flags.rejects ?? (fromStdin ? 'stdin.rejects.jsonl' : `${flags.file}.rejects.jsonl`);
  checkOutputFile(rejectsPath, '--rejects');
  checkProgressFlag(flags.progress);
  return {
    featureGroup,
    file: flags.file,
    format,
    concurrency,
    resume: flags.resume === true,
    rejectsPath,
    progress: flags.progress,
    cache: flags.cache !== false,
  };
}

export async function importRecords(ctx: Context, input: ImportInput): Promise<ImportSummary> {
  const fromStdin = input.file === '-';
  const checkpointPath = checkpointPathFor(input.file, fshareHome(ctx.env));
  const lock = fromStdin ? undefined : ImportLock.acquire(checkpointPath, process.pid, ctx.clock.now());
  try {
    const target = await openTarget(ctx, input.featureGroup, { cache: input.cache });
    const { group, schema } = target;
    // maxAttempts 1: the engine's own retry loop must see every throttle to adapt its concurrency.
    const store = await ctx.aws.featureStore({ region: group.region, maxAttempts: 1 });
    const line = openStatusLine(ctx, 'import', { progress: input.progress });
    const now = () => ctx.clock.now().getTime();
    try {
      const summary = await runImport(
        {
          featureStore: store,
          sleep: (ms, signal) => ctx.clock.sleep(ms, signal),
          now,
          signal: ctx.signal,
          warn: (message) => ctx.log.warn(message),
        },
        {
          featureGroupArn: group.arn,
          schema,
          file: input.file,
          format: input.format,
          concurrency: input.concurrency,
          resume: input.resume,
          rejectsPath: input.rejectsPath,
          checkpointPath,
          ...(fromStdin ? { stdin: ctx.io.stdin } : {}),
          onProgress: (p) => {
            const snapshot = {
              label: 'import',
              done: p.bytesRead,
              total: p.totalBytes,
              count: p.sent,
              elapsedMs: p.elapsedMs,
              extra: [
                `sent ${p.sent}`,
                `rejected ${p.rejected}`,
                `retried ${p.retried}`,
                `${p.concurrency} in flight`,
              ],
            };
            line.update((width) => formatProgress(snapshot, width), { ...p });
          },
        },
      );
      // Rejected rows may mean the group changed since its schema was cached: the next run
      // describes it again rather than rejecting the same rows the same way.
      if (target.fromCache && summary.rejected > 0) {
        SchemaCache.for(ctx).forget(group.arn);
      }
      return summary;
    } catch (error) {
      throw await explainDenial(ctx, group, 'PutRecord', error);
    } finally {
      line.done();
    }
  } finally {
    lock?.release();
  }
}

export function importResult(s: ImportSummary, rejectsPath: string): CommandResult {
  const lines = [
    `Imported ${s.file} into ${s.featureGroupArn}`,
    `  read ${s.read}${s.skipped > 0 ? ` (${s.skipped} already done in an earlier run)` : ''} · sent ${s.sent} · rejected ${s.rejected} · retried ${s.retried}`,
    `  ${s.elapsedSeconds.toFixed(1)}s · ${s.recordsPerSecond} records/s · ${s.writeOperation} · peak concurrency ${s.peakConcurrency}`,
  ];
  if (s.rejected === 0) {
    return { data: s, lines };
  }
  return {
    data: s,
    lines,
    warnings: [
      `${s.rejected === 1 ? '1 row was' : `${s.rejected} rows were`} rejected; each is in ${path.normalize(rejectsPath)} with its line number and reason.`,
    ],
    exitCode: 5,
  };
}
