/**
 * The `lake` source: CloudTrail Lake. StartQuery → DescribeQuery polling (with backoff) →
 * GetQueryResults paging; rows are normalised and yielded one page at a time.
 */
import { paginate } from '../../aws/paginate.js';
import type { Clock } from '../../context.js';
import type { CloudTrailPort } from '../../aws/ports.js';
import { ServiceError } from '../../errors.js';
import { eventDataStoreId, matchesFilters } from '../filters.js';
import { buildLakeQuery, type LakeQueryOptions } from '../lake-sql.js';
import { normalizeLakeRow } from '../normalize.js';
import type { AuditEvent, AuditFilters } from '../types.js';

/** The SDK's selector type, reached through the port so only src/aws names the SDK. */
export type AdvancedEventSelector = NonNullable<
  Awaited<ReturnType<CloudTrailPort['getEventDataStore']>>['AdvancedEventSelectors']
>[number];

const FIRST_POLL_MS = 200;
const MAX_POLL_MS = 5_000;
const MAX_WAIT_MS = 30 * 60_000;

export interface LakeOptions extends LakeQueryOptions {
  clock: Clock;
  signal?: AbortSignal;
  onStatus?: (status: string, elapsedMs: number) => void;
  enrich?: (event: AuditEvent) => AuditEvent;
}

export async function* lakeEvents(
  port: CloudTrailPort,
  store: string,
  filters: AuditFilters,
  options: LakeOptions,
): AsyncGenerator<AuditEvent> {
  const call = options.signal ? { abortSignal: options.signal } : {};
  const statement = buildLakeQuery(eventDataStoreId(store), filters, options);
  const started = await port.startQuery({ QueryStatement: statement }, call);
  const queryId = started.QueryId;
  if (!queryId) {
    throw new ServiceError('FSHARE_LAKE_NO_QUERY_ID', 'CloudTrail Lake did not return a query ID.');
  }
  const t0 = options.clock.now().getTime();
  let delay = FIRST_POLL_MS;
  for (;;) {
    const described = await port.describeQuery({ QueryId: queryId }, call);
    const status = described.QueryStatus ?? 'QUEUED';
    options.onStatus?.(status, options.clock.now().getTime() - t0);
    if (status === 'FINISHED') {
      break;
    }
    if (status === 'FAILED' || status === 'CANCELLED' || status === 'TIMED_OUT') {
      throw new ServiceError(
        'FSHARE_LAKE_QUERY_FAILED',
        `The CloudTrail Lake query ${status.toLowerCase().replace('_', ' ')}${described.ErrorMessage ? `: ${described.ErrorMessage}` : '.'}`,
        {
          hint: 'Run again with --debug to see the SQL; check the event data store with `fshare audit setup --dry-run`.',
          details: { queryId, status },
        },
      );
    }
    if (options.clock.now().getTime() - t0 > MAX_WAIT_MS) {
      throw new ServiceError(
        'FSHARE_LAKE_QUERY_SLOW',
        `The CloudTrail Lake query ${queryId} is still ${status}.`,
        {
          hint: 'Narrow the window with --since/--until, or try again later.',
          details: { queryId, status },
        },
      );
    }
    await options.clock.sleep(delay, options.signal);
    delay = Math.min(MAX_POLL_MS, Math.round(delay * 1.6));
  }
  for await (const row of paginate(
    port.getQueryResults,
    { QueryId: queryId, MaxQueryResults: 1000 },
    { items: (page) => page.QueryResultRows, token: 'NextToken', call },
  )) {
    const normalized = normalizeLakeRow(row);
    const event = options.enrich ? options.enrich(normalized) : normalized;
    if (matchesFilters(filters, event)) {
      yield event;
    }
  }
}

export interface StoreInfo {
  arn: string;
  id: string;
  name: string;
  status: string;
  capturesFeatureGroupData: boolean;
  capturesManagement: boolean;
}

function equalsField(selector: AdvancedEventSelector, field: string, value: string): boolean {
  return (selector.FieldSelectors ?? []).some(
    (f) => f.Field === field && (f.Equals ?? []).some((v) => v === value),
  );
}

/** Whether a store's advanced selectors catch Feature Store record calls (data events). */
export function selectorsCaptureFeatureGroupData(selectors: readonly AdvancedEventSelector[]): boolean {
  return selectors.some(
    (s) =>
      equalsField(s, 'eventCategory', 'Data') &&
      equalsField(s, 'resources.type', 'AWS::SageMaker::FeatureGroup'),
  );
}

export function selectorsCaptureManagement(selectors: readonly AdvancedEventSelector[]): boolean {
  return selectors.length === 0 || selectors.some((s) => equalsField(s, 'eventCategory', 'Management'));
}

/** Every event data store of the account, with what its selectors capture. */
export async function listStores(port: CloudTrailPort): Promise<StoreInfo[]> {
  const stores: StoreInfo[] = [];
  for await (const summary of paginate(
    port.listEventDataStores,
    {},
    { items: (page) => page.EventDataStores, token: 'NextToken' },
  )) {
    const arn = summary.EventDataStoreArn;
    if (!arn) {
      continue;
    }
    // ListEventDataStores no longer returns selectors reliably; GetEventDataStore does.
    const full = await port.getEventDataStore({ EventDataStore: arn });
    const selectors = full.AdvancedEventSelectors ?? [];
    stores.push({
      arn,
      id: arn.split('/').pop() ?? arn,
      name: full.Name ?? summary.Name ?? '',
      status: full.Status ?? summary.Status ?? 'UNKNOWN',
      capturesFeatureGroupData: selectorsCaptureFeatureGroupData(selectors),
      capturesManagement: selectorsCaptureManagement(selectors),
    });
  }
  return stores;
}

const USABLE = new Set(['ENABLED', 'STARTING_INGESTION', 'STOPPED_INGESTION', 'STOPPING_INGESTION']);

/** The store to read data events from: fshare's own when present, else any enabled one that captures them. */
export function pickDataStore(
  stores: readonly StoreInfo[],
  preferredName = 'fshare-audit',
): StoreInfo | undefined {
  const candidates = stores.filter((s) => s.capturesFeatureGroupData && USABLE.has(s.status));
  return candidates.find((s) => s.name === preferredName) ?? candidates[0];
}
