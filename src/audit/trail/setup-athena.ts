/**
 * The Athena part of the trail path: a workgroup with an output location in the bucket, the
 * database, and AWS's partition-projected CloudTrail table over the trail's files.
 */
import type { Context } from '../../context.js';
import { awsErrorCode } from '../../aws/errors.js';
import { runAthenaQuery } from '../athena/query.js';
import {
  accountRegionPrefix,
  createDatabaseDdl,
  createTableDdl,
  dayPath,
  type LogLocation,
} from './layout.js';
import {
  stopIfInterrupted,
  type Org,
  type SetupStep,
  type StepStatus,
  type TrailSetupOptions,
} from './steps.js';

/** AWS's example projects from 2020/01/01; dates before any delivery just read nothing. */
const PROJECTION_START = '2020/01/01';

export async function athenaSetup(
  ctx: Context,
  options: TrailSetupOptions,
  location: LogLocation,
  account: string,
  region: string,
  org: Org | undefined,
  dry: boolean,
  prior: readonly SetupStep[],
): Promise<SetupStep[]> {
  const steps: SetupStep[] = [];
  const stopIfInterruptedHere = () => stopIfInterrupted(ctx, [...prior, ...steps]);
  const status = (s: StepStatus): StepStatus => (dry && s !== 'exists' ? 'planned' : s);
  const athena = await ctx.aws.athena();
  const output = `s3://${location.bucket}/athena-results/`;
  let workgroupExists = true;
  try {
    await athena.getWorkGroup({ WorkGroup: options.workgroup });
  } catch (error) {
    if (awsErrorCode(error) !== 'InvalidRequestException') {
      throw error;
    }
    workgroupExists = false;
  }
  if (workgroupExists) {
    steps.push({ step: 'Athena workgroup', status: 'exists', detail: options.workgroup });
  } else {
    const input = {
      Name: options.workgroup,
      Description: 'fshare audit queries over CloudTrail logs',
      Configuration: { ResultConfiguration: { OutputLocation: output } },
    };
    if (!dry) {
      stopIfInterruptedHere();
      await athena.createWorkGroup(input);
    }
    steps.push({
      step: 'Athena workgroup',
      status: status('created'),
      detail: `${options.workgroup}, results in ${output}`,
      call: { service: 'athena', operation: 'CreateWorkGroup', input },
    });
  }
  let tableExists = true;
  try {
    await athena.getTableMetadata({
      CatalogName: 'AwsDataCatalog',
      DatabaseName: options.database,
      TableName: options.table,
    });
  } catch (error) {
    const code = awsErrorCode(error);
    if (
      code !== 'MetadataException' &&
      code !== 'InvalidRequestException' &&
      code !== 'EntityNotFoundException'
    ) {
      throw error;
    }
    tableExists = false;
  }
  if (tableExists) {
    steps.push({ step: 'Athena table', status: 'exists', detail: `${options.database}.${options.table}` });
    return steps;
  }
  // AWS's example projects from 2020/01/01; dates before any delivery just read nothing.
  const today = dayPath(ctx.clock.now());
  const start = today < PROJECTION_START ? today : PROJECTION_START;
  const ddl: [string, string][] = [
    ['Athena database', createDatabaseDdl(options.database)],
    [
      'Athena table',
      createTableDdl({
        database: options.database,
        table: options.table,
        location,
        account,
        region,
        rangeStart: start,
        ...(location.organizationId && org ? { accounts: org.accounts } : {}),
      }),
    ],
  ];
  const where = location.organizationId
    ? `s3://${location.bucket}/${accountRegionPrefix(location, account, region).replace(`${account}/`, '<account>/')}`
    : `s3://${location.bucket}/${accountRegionPrefix(location, account, region)}`;
  for (const [step, sql] of ddl) {
    const input = { QueryString: sql, WorkGroup: options.workgroup };
    if (!dry) {
      stopIfInterruptedHere();
      await runAthenaQuery(
        athena,
        { sql, workgroup: options.workgroup },
        { clock: ctx.clock, signal: ctx.signal },
      );
    }
    steps.push({
      step,
      status: status('created'),
      detail:
        step === 'Athena table'
          ? `${options.database}.${options.table} over ${where} (partitions projected by day)`
          : options.database,
      call: { service: 'athena', operation: 'StartQueryExecution', input },
    });
  }
  return steps;
}
