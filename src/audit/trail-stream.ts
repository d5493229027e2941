/**
 * Opens the trail sources for `fshare audit`: finds the trail and its files (`--source s3`) or the
 * Athena table `audit setup` made (`--source athena`), and reports what was read on stderr
 * (Athena's data scanned and its price; the files and bytes read from S3).
 */
import type { Context } from '../context.js';
import { awsErrorCode } from '../aws/errors.js';
import { NotFoundError } from '../errors.js';
import type { ParsedAuditOptions } from './filters.js';
import { athenaCostUsd, formatBytes } from './athena/query.js';
import { athenaEvents, organizationAccounts, s3Events, type AthenaTarget } from './sources/trail.js';
import { listTrails, logLocationOf, pickAuditTrail, type TrailInfo } from './trail/find.js';
import { DEFAULT_DATABASE, DEFAULT_TABLE, DEFAULT_WORKGROUP } from './trail/layout.js';
import type { AuditEvent } from './types.js';

const SETUP_HINT = 'Run `fshare audit setup` to create a trail that logs them (docs/audit.md).';

export interface TrailStreamOptions {
  dataOnly: boolean;
  grouped: boolean;
  featureGroupShares: readonly string[];
  enrich: (event: AuditEvent) => AuditEvent;
  progress: { update(text: string): void; done(): void };
}

export function athenaTarget(parsed: ParsedAuditOptions): AthenaTarget {
  return {
    database: parsed.athena?.database ?? DEFAULT_DATABASE,
    table: parsed.athena?.table ?? DEFAULT_TABLE,
    workgroup: parsed.athena?.workgroup ?? DEFAULT_WORKGROUP,
  };
}

/** The Athena table, if it exists: and whether it spans several accounts (an organization table). */
export async function findAthenaTable(
  ctx: Context,
  target: AthenaTarget,
): Promise<{ found: boolean; multiAccount: boolean; problem?: string }> {
  try {
    const { TableMetadata } = await (
      await ctx.aws.athena()
    ).getTableMetadata({
      CatalogName: 'AwsDataCatalog',
      DatabaseName: target.database,
      TableName: target.table,
    });
    const keys = (TableMetadata?.PartitionKeys ?? []).map((k) => (k.Name ?? '').toLowerCase());
    return { found: true, multiAccount: keys.includes('account') };
  } catch (error) {
    const code = awsErrorCode(error);
    if (!code) {
      throw error;
    }
    return {
      found: false,
      multiAccount: false,
      problem: `the Athena table ${target.database}.${target.table} is not there (${code})`,
    };
  }
}

/**
 * The trail to read. With `ownOnly` (auto), only a trail of this account: a member account sees
 * its organization's trail, but the files are in the management account's bucket, which only the
 * management account may read by default.
 */
export async function findTrail(
  ctx: Context,
  options: { ownOnly?: boolean } = {},
): Promise<{ trail?: TrailInfo; problem?: string }> {
  try {
    let trails = await listTrails(await ctx.aws.cloudTrail(), await ctx.aws.region());
    if (options.ownOnly) {
      const { account } = await ctx.aws.identity();
      trails = trails.filter((t) => t.arn.split(':')[4] === account);
    }
    const trail = pickAuditTrail(trails);
    return trail ? { trail } : { problem: 'no trail of this account logs Feature Store record calls' };
  } catch (error) {
    return { problem: `trails could not be listed (${awsErrorCode(error) ?? 'error'})` };
  }
}

export async function openAthenaStream(
  ctx: Context,
  parsed: ParsedAuditOptions,
  options: TrailStreamOptions,
  known?: { multiAccount: boolean },
): Promise<AsyncIterator<AuditEvent>> {
  const target = athenaTarget(parsed);
  let multiAccount = known?.multiAccount;
  if (multiAccount === undefined) {
    const table = await findAthenaTable(ctx, target);
    if (!table.found) {
      throw new NotFoundError(`No Athena table to query: ${table.problem ?? 'not found'}.`, {
        code: 'FSHARE_NO_AUDIT_TABLE',
        hint: `${SETUP_HINT} Or pass --database/--table, or use --source s3 to read the files without Athena.`,
      });
    }
    multiAccount = table.multiAccount;
  }
  const port = await ctx.aws.athena({ maxAttempts: 3 });
  return athenaEvents(port, target, parsed.filters, {
    clock: ctx.clock,
    signal: ctx.signal,
    dataOnly: options.dataOnly,
    grouped: options.grouped,
    featureGroupShares: options.featureGroupShares,
    dedupeCopies: multiAccount,
    enrich: options.enrich,
    onStatus: (text) => options.progress.update(text),
    onDone: (outcome) => {
      options.progress.done();
      if (outcome.dataScannedBytes !== null) {
        ctx.log.info(
          `Athena scanned ${formatBytes(outcome.dataScannedBytes)} (about $${athenaCostUsd(outcome.dataScannedBytes).toFixed(6)} at $5 per TB, 10 MB minimum per query; query ${outcome.queryId}).`,
        );
      }
    },
  });
}

export async function openS3Stream(
  ctx: Context,
  parsed: ParsedAuditOptions,
  options: TrailStreamOptions,
  knownTrail?: TrailInfo,
): Promise<AsyncIterator<AuditEvent>> {
  const found = knownTrail ? { trail: knownTrail } : await findTrail(ctx);
  if (!found.trail) {
    throw new NotFoundError(`No trail to read: ${found.problem ?? 'none found'}.`, {
      code: 'FSHARE_NO_AUDIT_TRAIL',
      hint: SETUP_HINT,
    });
  }
  const trail = found.trail;
  const [identity, region] = await Promise.all([ctx.aws.identity(), ctx.aws.region()]);
  const location = await logLocationOf(trail, () => ctx.aws.organizations());
  const s3 = await ctx.aws.s3({ maxAttempts: 3 });
  const accounts = location.organizationId ? await organizationAccounts(s3, location) : [identity.account];
  const stats = { files: 0, bytes: 0, listCalls: 0 };
  const inner = s3Events(
    s3,
    location,
    accounts.length > 0 ? accounts : [identity.account],
    region,
    parsed.filters,
    {
      clock: ctx.clock,
      signal: ctx.signal,
      stats,
      dataOnly: options.dataOnly,
      grouped: options.grouped,
      featureGroupShares: options.featureGroupShares,
      dedupeCopies: location.organizationId !== undefined,
      enrich: options.enrich,
      onStatus: (text) => options.progress.update(text),
    },
  );
  return (async function* () {
    try {
      yield* inner;
    } finally {
      options.progress.done();
      ctx.log.info(
        `S3: read ${stats.files} log file(s), ${formatBytes(stats.bytes)}, from s3://${location.bucket} (${stats.listCalls} day folder(s) listed; no Athena charge).`,
      );
    }
  })();
}
