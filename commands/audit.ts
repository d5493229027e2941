import { Option } from 'commander';
import { defineCommand } from '../src/cli/define-command.js';
import { UsageError } from '../src/errors.js';
import type { Column, CommandResult } from '../src/output/render.js';
import { parseAuditOptions, type RawAuditOptions } from '../src/audit/filters.js';
import { auditReport } from '../src/audit/report.js';
import { auditSetup, parseSetupOptions, DEFAULT_STORE_NAME } from '../src/audit/setup.js';

interface AuditOpts extends RawAuditOptions {
  summary?: boolean;
  anomalies?: boolean;
  advise?: boolean;
}

const audit = defineCommand<[], AuditOpts, Record<string, unknown>>({
  path: ['audit'],
  summary: 'Who read, wrote or changed which feature group (CloudTrail)',
  description: [
    'Who discovered, read, wrote or changed which feature group, and who granted whom.',
    '',
    'Sources: "events" is CloudTrail LookupEvents (management events only: RAM sharing and SageMaker control-plane calls, last 90 days, paced under 2 requests/s); "lake" is CloudTrail Lake (also the record calls GetRecord, PutRecord, DeleteRecord and BatchGetRecord, which are data events); "auto" (the default) combines both when an event data store captures Feature Store data events (see `fshare audit setup`). docs/audit.md has the details.',
  ].join('\n'),
  examples: [
    'fshare audit --since 7d',
    'fshare audit --source lake --feature-group customers --event GetRecord PutRecord',
    'fshare audit --account 222222222222 --since 2026-01-01T00:00:00Z --until 2026-01-31T00:00:00Z',
    'fshare audit --summary --since 30d',
    'fshare audit --anomalies',
    'fshare audit --advise --since 30d',
    'fshare audit setup',
  ],
  configure: (cmd) => {
    cmd
      .option(
        '--since <when>',
        'start of the window: a duration ago (24h, 7d, 30m) or an ISO-8601 time',
        '24h',
      )
      .option('--until <when>', 'end of the window (default: now)')
      .option('--feature-group <fg>', 'only this feature group (ARN, ACCOUNT/NAME or NAME)')
      .option('--account <id>', "only calls made from this account (the caller's account)")
      .option('--principal <arn>', 'only calls by this IAM role/user, assumed-role session, or account')
      .option('--event <name...>', 'only these event names (e.g. GetRecord AssociateResourceShare)')
      .addOption(
        new Option('--source <source>', 'where events come from')
          .choices(['auto', 'events', 'lake'])
          .default('auto'),
      )
      .option('--event-data-store <arn|id>', 'the CloudTrail Lake event data store to query')
      .option('--limit <n>', 'at most this many events (newest first)')
      .option('--summary', 'pivot: account × feature group × action, allowed/denied, first/last seen')
      .option(
        '--anomalies',
        'denied calls, calls without a grant, writes above the level, changes outside fshare, outside the organization',
      )
      .option('--advise', 'least-privilege advice from usage, with the fshare command to apply it');
  },
  run: async (_args, opts, ctx): Promise<CommandResult<Record<string, unknown>>> => {
    const modes = (['summary', 'anomalies', 'advise'] as const).filter((m) => opts[m] === true);
    if (modes.length > 1) {
      throw new UsageError(`--${modes.join(' and --')} cannot be combined.`, {
        hint: 'Run one report at a time.',
        code: 'FSHARE_CONFLICTING_FLAGS',
      });
    }
    const parsed = parseAuditOptions(opts, ctx.clock.now());
    return auditReport(ctx, parsed, modes[0] ?? 'events');
  },
});

interface SetupOpts {
  name?: string;
  retentionDays?: string;
  dryRun?: boolean;
}

const SETUP_COLUMNS: Column[] = [
  { key: 'status', header: 'status' },
  { key: 'name', header: 'name' },
  { key: 'eventDataStoreId', header: 'event data store' },
];

const setup = defineCommand<[], SetupOpts, Record<string, unknown>>({
  path: ['audit', 'setup'],
  summary: 'Create (or find) the CloudTrail Lake event data store for auditing',
  description:
    'Creates, or finds, an event data store whose advanced event selectors capture AWS::SageMaker::FeatureGroup data events (record reads and writes) and RAM + SageMaker management events. Idempotent. CloudTrail Lake is closed to new customers from 2026-05-31; where it is not available, docs/audit.md describes the trail-to-S3 alternative.',
  examples: [
    'fshare audit setup',
    'fshare audit setup --dry-run',
    `fshare audit setup --name ${DEFAULT_STORE_NAME} --retention-days 365`,
  ],
  configure: (cmd) => {
    cmd
      .option('--name <name>', 'event data store name', DEFAULT_STORE_NAME)
      .option('--retention-days <n>', 'days to keep events (7-3653; default: the service default)')
      .option('--dry-run', 'show what would be created, create nothing');
  },
  run: async (_args, opts, ctx) => {
    const options = parseSetupOptions(opts);
    const res = await auditSetup(ctx, options);
    const verb = res.status === 'created' ? 'Created' : res.status === 'exists' ? 'Found' : 'Would create';
    return {
      data: res,
      table: { columns: SETUP_COLUMNS, rows: [res as unknown as Record<string, unknown>] },
      lines: [
        `${verb} event data store "${res.name}"${res.eventDataStoreArn ? ` (${res.eventDataStoreArn})` : ''}.`,
      ],
      notes: [`Next: ${res.next}`],
    };
  },
});

export default [audit, setup];
