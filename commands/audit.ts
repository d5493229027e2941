import { Option } from 'commander';
import { defineCommand } from '../src/cli/define-command.js';
import { nextCommand } from '../src/cli/next-command.js';
import { UsageError } from '../src/errors.js';
import type { Column, CommandResult } from '../src/output/render.js';
import { parseAuditOptions, type RawAuditOptions } from '../src/audit/filters.js';
import { auditReport } from '../src/audit/report.js';
import {
  auditSetup,
  parseSetupOptions,
  setupView,
  DEFAULT_STORE_NAME,
  type RawSetupOptions,
} from '../src/audit/setup.js';

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
    'Sources: "events" is CloudTrail LookupEvents (management events only: RAM sharing and SageMaker control-plane calls, last 90 days). Record calls (GetRecord, PutRecord, DeleteRecord, BatchGetRecord) are CloudTrail data events, seen only by a trail or CloudTrail Lake: "athena" queries the trail\'s logs with Athena (the table `fshare audit setup` makes), "s3" reads the trail\'s log files directly and queries them on this machine, "lake" reads a CloudTrail Lake event data store. "auto" (the default) takes management events from LookupEvents and record calls from Lake if an event data store captures them, else from the trail (Athena, or its files). fshare\'s own read-only polling is left out unless --all-events. docs/audit.md compares the sources.',
  ].join('\n'),
  examples: [
    'fshare audit --since 7d',
    'fshare audit --source athena --feature-group customers --event GetRecord PutRecord',
    'fshare audit --source s3 --since 2h',
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
          .choices(['auto', 'events', 'athena', 's3', 'lake'])
          .default('auto'),
      )
      .option('--event-data-store <arn|id>', 'the CloudTrail Lake event data store to query')
      .option('--database <name>', 'Athena database (default: fshare_audit, made by `audit setup`)')
      .option('--table <name>', 'Athena table (default: cloudtrail_logs)')
      .option('--workgroup <name>', 'Athena workgroup (default: fshare-audit)')
      .option('--all-events', "include fshare's own read-only polling (left out by default)")
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

type SetupOpts = RawSetupOptions;

const SETUP_COLUMNS: Column[] = [
  { key: 'step', header: 'step', kind: 'id' },
  { key: 'status', header: 'status', kind: 'id' },
  { key: 'detail', header: 'detail', kind: 'text', priority: 1 },
  { key: 'call', header: 'call', kind: 'id' },
];

const setup = defineCommand<[], SetupOpts, Record<string, unknown>>({
  path: ['audit', 'setup'],
  summary: 'Set up record-level audit: CloudTrail Lake where the account has it, else a trail to S3 + Athena',
  description:
    'Keeps a CloudTrail Lake event data store that captures AWS::SageMaker::FeatureGroup data events (record reads and writes) where the account has one or may still create one. Lake is closed to new customers since 2026-05-31; everywhere else it builds the trail path: an S3 bucket with the policy CloudTrail needs, a trail that logs every Feature Store data event (added to an existing trail without dropping its selectors when the region already has 5 trails), logging started, and an Athena workgroup, database and partition-projected table over the logs. An organization trail when run by the management account. Idempotent; --dry-run shows the exact calls (with -o json, their inputs).',
  examples: [
    'fshare audit setup',
    'fshare audit setup --dry-run -o json',
    'fshare audit setup --path trail --bucket my-cloudtrail-logs',
    `fshare audit setup --path lake --name ${DEFAULT_STORE_NAME} --retention-days 365`,
  ],
  configure: (cmd) => {
    cmd
      .addOption(
        new Option('--path <path>', 'what to set up').choices(['auto', 'lake', 'trail']).default('auto'),
      )
      .option('--trail <name>', 'trail name (created, or an existing trail to add the selector to)')
      .option('--bucket <name>', 'S3 bucket for a new trail (default: fshare-audit-ACCOUNT-REGION)')
      .option('--database <name>', 'Athena (Glue) database')
      .option('--table <name>', 'Athena table')
      .option('--workgroup <name>', 'Athena workgroup (created with an output location in the bucket)')
      .option('--name <name>', 'CloudTrail Lake event data store name', DEFAULT_STORE_NAME)
      .option('--retention-days <n>', 'Lake: days to keep events (7-3653)')
      .option('--dry-run', 'show the calls it would make, change nothing');
  },
  run: async (_args, opts, ctx) => {
    const result = await auditSetup(ctx, parseSetupOptions(opts));
    const view = setupView(result, (command) => nextCommand(ctx.globals, command));
    return {
      data: result as unknown as Record<string, unknown>,
      table: { columns: SETUP_COLUMNS, rows: view.rows },
      lines: view.lines,
      notes: view.notes,
    };
  },
});

export default [audit, setup];
