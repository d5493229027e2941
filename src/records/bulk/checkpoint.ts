/**
 * The import checkpoint file: which rows of which input file were acknowledged for which feature
 * group. Written atomically (temp file + rename) after every acknowledged batch, so a crash or
 * SIGKILL loses at most the batches that were in flight.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../../errors.js';
import type { LedgerState } from './progress-ledger.js';

export interface CheckpointFile {
  version: 1;
  input: { path: string; size: number; mtimeMs: number };
  featureGroupArn: string;
  ledger: LedgerState;
  updatedAt: string;
}

/** Next to the input when that directory is writable, else under $FSHARE_HOME/checkpoints. */
export function checkpointPathFor(inputPath: string, fshareHome: string): string {
  const absolute = path.resolve(inputPath);
  const beside = `${absolute}.fshare-checkpoint.json`;
  try {
    fs.accessSync(path.dirname(absolute), fs.constants.W_OK);
    return beside;
  } catch {
    const key = createHash('sha256').update(absolute).digest('hex').slice(0, 16);
    return path.join(fshareHome, 'checkpoints', `${path.basename(absolute)}.${key}.json`);
  }
}

export function loadCheckpoint(file: string): CheckpointFile | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<CheckpointFile>;
    if (
      parsed.version !== 1 ||
      typeof parsed.featureGroupArn !== 'string' ||
      typeof parsed.ledger?.watermark !== 'number' ||
      !Array.isArray(parsed.ledger.done)
    ) {
      throw new Error('unexpected shape');
    }
    return parsed as CheckpointFile;
  } catch {
    throw new UsageError(`The checkpoint ${file} is unreadable.`, {
      code: 'FSHARE_BAD_CHECKPOINT',
      hint: 'Delete it and run the import again without --resume (writes are idempotent overwrites).',
    });
  }
}

/** Refuses a checkpoint that belongs to another file, another version of it, or another group. */
export function assertCheckpointMatches(
  checkpoint: CheckpointFile,
  input: { size: number; mtimeMs: number },
  featureGroupArn: string,
  file: string,
): void {
  const problems: string[] = [];
  if (checkpoint.featureGroupArn !== featureGroupArn) {
    problems.push(`it was written for ${checkpoint.featureGroupArn}`);
  }
  if (
    checkpoint.input.size !== input.size ||
    Math.trunc(checkpoint.input.mtimeMs) !== Math.trunc(input.mtimeMs)
  ) {
    problems.push('the input file has changed since');
  }
  if (problems.length > 0) {
    throw new UsageError(`Cannot resume from ${file}: ${problems.join(' and ')}.`, {
      code: 'FSHARE_CHECKPOINT_MISMATCH',
      hint: 'Run without --resume to start over (the old checkpoint is replaced).',
    });
  }
}

export function saveCheckpoint(file: string, checkpoint: CheckpointFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(checkpoint));
  fs.renameSync(temp, file);
}

export function removeCheckpoint(file: string): void {
  fs.rmSync(file, { force: true });
}
