import { defineCommand } from '../src/cli/define-command.js';
import { DELETE_RULE } from '../src/records/delete-rule.js';
import { deleteRecordResult } from '../src/records/present.js';
import { deleteRecord, type DeleteRecordInput } from '../src/records/single.js';

export interface DeleteRecordOptions {
  eventTime?: string;
  hard?: boolean;
  cache?: boolean;
}

/** argv → the service's input (no AWS call: parse tests use this). */
export function deleteRecordInput(
  featureGroup: string,
  id: string,
  opts: DeleteRecordOptions,
): DeleteRecordInput {
  return {
    featureGroup,
    id,
    eventTime: opts.eventTime,
    hard: opts.hard === true,
    cache: opts.cache !== false,
  };
}

export default defineCommand({
  path: ['delete-record'],
  description: `Deletes one record. A soft delete (the default) nulls its features; --hard removes it, after\nasking on a terminal (--yes skips the question; without a terminal --yes is required).\n${DELETE_RULE}\n--event-time defaults to now.`,
  examples: [
    'fshare delete-record customers C0001',
    'fshare delete-record 111111111111/customers C0001 --hard --yes --event-time 2026-11-23T12:00:00Z',
  ],
  configure: (cmd) =>
    cmd
      .argument('<feature-group>', 'ARN, ACCOUNT/NAME or NAME')
      .argument('<record-id>', 'the record identifier value')
      .option(
        '--event-time <time>',
        "the delete's event time, in the event-time feature's format (default: now)",
      )
      .option('--hard', 'remove the record entirely (HardDelete) instead of nulling its features')
      .option('--no-cache', 'describe the feature group again instead of using the cached schema'),
  run: async ([text, id]: [string, string], opts: DeleteRecordOptions, ctx) =>
    deleteRecordResult(await deleteRecord(ctx, deleteRecordInput(text, id, opts))),
});
