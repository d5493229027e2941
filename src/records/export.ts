/** `export`: flags → input, and the --file path (checked before any call, written synchronously). */
import type { Context } from '../context.js';
import type { CommandResult } from '../output/render.js';
import { checkOutputFile } from './inputs.js';
import { parseConcurrency } from './options.js';
import { exportFileResult, TTY_DEFAULT_LIMIT } from './present.js';
import { exportRecords, decodeStartingToken, type ExportInput } from './read-many.js';
import { recordFileFormat, writeRecordFile, type RecordFileFormat } from './record-file.js';

export interface ExportOptions {
  file?: string;
  concurrency?: string;
  startingToken?: string;
  progress?: string;
  cache?: boolean;
}

export interface ExportCommandInput extends ExportInput {
  file?: string | undefined;
  fileFormat?: RecordFileFormat | undefined;
  /** A terminal table with no --max-items: only the first TTY_DEFAULT_LIMIT are shown. */
  limitedByDefault: boolean;
}

/** argv → input. No AWS call: the output path and the token are checked here. */
export function exportInput(
  featureGroup: string,
  opts: ExportOptions,
  ctx: Pick<Context, 'globals' | 'io'>,
): ExportCommandInput {
  const fileFormat = opts.file === undefined ? undefined : recordFileFormat(opts.file, '--file');
  if (opts.file !== undefined) {
    checkOutputFile(opts.file, '--file');
  }
  if (opts.startingToken !== undefined) {
    decodeStartingToken(opts.startingToken);
  }
  // --max-items is global (every list has it); for export it also stops the listing itself.
  let maxItems = ctx.globals.maxItems;
  const limitedByDefault =
    maxItems === undefined && opts.file === undefined && ctx.io.stdoutIsTTY && ctx.globals.output === 'table';
  if (limitedByDefault) {
    maxItems = TTY_DEFAULT_LIMIT;
  }
  return {
    featureGroup,
    cache: opts.cache !== false,
    concurrency: parseConcurrency(opts.concurrency, 4, 16),
    maxItems,
    startingToken: opts.startingToken,
    progress: opts.progress,
    file: opts.file,
    fileFormat,
    limitedByDefault,
  };
}

export async function exportToFile(ctx: Context, input: ExportCommandInput): Promise<CommandResult> {
  const file = input.file ?? '';
  const stream = await exportRecords(ctx, { ...input, toStdout: false });
  const started = ctx.clock.now().getTime();
  const exported = await writeRecordFile(file, input.fileFormat ?? 'jsonl', stream.columns, stream.batches);
  return exportFileResult({
    featureGroupArn: stream.target.group.arn,
    file,
    exported,
    failed: stream.stats.failed.length,
    elapsedSeconds: (ctx.clock.now().getTime() - started) / 1000,
    nextToken: stream.nextToken() ?? null,
  });
}
