import { defineCommand } from '../src/cli/define-command.js';
import { awsErrorCode, isAccessDenied } from '../src/aws/errors.js';
import { FshareError, NotFoundError, UsageError } from '../src/errors.js';
import { encodeEventTime, formatEventTime } from '../src/records/codec.js';
import { featureByName } from '../src/records/schema.js';
import { deniedError, openTarget } from '../src/records/target.js';

const RULE =
  "AWS deletes a record only when the delete's event time is newer than the stored record's: an older soft delete is silently ignored, an older hard delete fails.";

/** Event times compare as instants: Unix seconds or ISO-8601, whichever the feature uses. */
function instant(text: string): number {
  return /^[-+]?\d/.test(text) && !text.includes('T') ? Number(text) * 1000 : Date.parse(text);
}

export default defineCommand({
  path: ['delete-record'],
  summary: 'Delete one record (soft or hard)',
  description: `Deletes one record. A soft delete (the default) nulls its features; --hard removes it.\n${RULE}\n--event-time defaults to now.`,
  examples: [
    'fshare delete-record customers C0001',
    'fshare delete-record 111111111111/customers C0001 --hard --event-time 2026-11-23T12:00:00Z',
  ],
  configure: (cmd) =>
    cmd
      .argument('<feature-group>', 'ARN, ACCOUNT/NAME or NAME')
      .argument('<record-id>', 'the record identifier value')
      .option(
        '--event-time <time>',
        "the delete's event time, in the event-time feature's format (default: now)",
      )
      .option('--hard', 'remove the record entirely (HardDelete) instead of nulling its features'),
  run: async ([text, id]: [string, string], opts: { eventTime?: string; hard?: boolean }, ctx) => {
    const { group, schema } = await openTarget(ctx, text);
    const eventDef = featureByName(schema).get(schema.eventTime);
    if (!eventDef) {
      throw new FshareError(
        'FSHARE_BAD_SCHEMA',
        `${group.arn} has no event-time feature "${schema.eventTime}".`,
      );
    }
    let eventTime = formatEventTime(eventDef, ctx.clock.now());
    if (opts.eventTime !== undefined) {
      const checked = encodeEventTime(
        eventDef,
        eventDef.type === 'String' ? opts.eventTime : opts.eventTime.trim(),
      );
      if ('error' in checked) {
        throw new UsageError(`--event-time: ${checked.error}.`, {
          code: 'FSHARE_BAD_EVENT_TIME',
          hint:
            eventDef.type === 'String'
              ? 'Use e.g. 2026-11-23T12:00:00Z.'
              : 'Use Unix seconds, e.g. 1767225600.',
        });
      }
      eventTime = checked.text;
    }
    const store = await ctx.aws.featureStore({ region: group.region });
    const call = { abortSignal: ctx.signal };
    let existing;
    try {
      existing = await store.getRecord(
        { FeatureGroupName: group.arn, RecordIdentifierValueAsString: id, FeatureNames: [schema.eventTime] },
        call,
      );
    } catch (error) {
      throw isAccessDenied(error) ? await deniedError(ctx, group, 'GetRecord', error) : error;
    }
    if (!existing.Record || existing.Record.length === 0) {
      throw new NotFoundError(`No record with ${schema.recordIdentifier} = "${id}" in ${group.arn}.`, {
        code: 'FSHARE_RECORD_NOT_FOUND',
        hint: 'Nothing to delete; check the identifier.',
      });
    }
    const stored = existing.Record.find((v) => v.FeatureName === schema.eventTime)?.ValueAsString;
    if (stored !== undefined && instant(eventTime) <= instant(stored)) {
      throw new UsageError(
        `The delete's event time ${eventTime} is not newer than the stored record's (${stored}).`,
        {
          code: 'FSHARE_STALE_EVENT_TIME',
          hint: `${RULE} Pass a later --event-time, or leave it out to use now.`,
        },
      );
    }
    try {
      await store.deleteRecord(
        {
          FeatureGroupName: group.arn,
          RecordIdentifierValueAsString: id,
          EventTime: eventTime,
          DeletionMode: opts.hard ? 'HardDelete' : 'SoftDelete',
        },
        call,
      );
    } catch (error) {
      if (isAccessDenied(error)) {
        throw await deniedError(ctx, group, 'DeleteRecord', error);
      }
      if (awsErrorCode(error) === 'ValidationError' && opts.hard) {
        throw new FshareError(
          'FSHARE_DELETE_REFUSED',
          `Feature Store refused the hard delete: ${(error as Error).message}`,
          1,
          {
            hint: RULE,
            cause: error,
          },
        );
      }
      throw error;
    }
    return {
      data: {
        featureGroupArn: group.arn,
        recordIdentifier: id,
        eventTime,
        mode: opts.hard ? 'hard' : 'soft',
        previousEventTime: stored ?? null,
      },
      lines: [
        `${opts.hard ? 'Hard' : 'Soft'}-deleted ${schema.recordIdentifier} = "${id}" in ${group.arn} at event time ${eventTime}.`,
      ],
      notes: [RULE],
    };
  },
});
