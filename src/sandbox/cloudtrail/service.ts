/**
 * CloudTrail (awsJson1_1, X-Amz-Target CloudTrail_20131101.<Op>; the wire layer dispatches on the
 * text after the last '.', so botocore's long form arrives here too): LookupEvents and Lake.
 */
import type { OperationContext, OperationHandler, ServiceDefinition, TrailInfo } from '../types.js';
import { SandboxServiceError } from '../types.js';
import {
  cancelQuery,
  createEventDataStore,
  deleteEventDataStore,
  describeQuery,
  getEventDataStore,
  getQueryResults,
  listEventDataStores,
  startQuery,
} from './lake.js';
import { assertLakeCustomer } from './availability.js';
import { lookupEvents } from './lookup.js';
import { LOOKUP_EVENTS_LIMIT, takeToken } from './rate-limit.js';

export const EVENT_DATA_STORE_TYPE = 'AWS::CloudTrail::EventDataStore';

export interface CloudtrailServiceOptions {
  /** The real clock for rate limits (the sandbox's business clock can be moved; quotas cannot). */
  realNow?: () => number;
}

function describeCall(trail: TrailInfo, readOnly: boolean, storeArn?: string, accountId?: string): void {
  trail.eventCategory = 'Management';
  trail.readOnly = readOnly;
  trail.resources =
    storeArn === undefined
      ? []
      : [{ type: EVENT_DATA_STORE_TYPE, ARN: storeArn, ...(accountId ? { accountId } : {}) }];
}

function scopeOf(ctx: OperationContext): { accountId: string; region: string; nowMs: number } {
  return { accountId: ctx.caller.accountId, region: ctx.region, nowMs: ctx.now.getTime() };
}

export function createCloudtrailService(options: CloudtrailServiceOptions = {}): ServiceDefinition {
  const realNow = options.realNow ?? ((): number => Date.now());

  const lookup: OperationHandler = (input, ctx) => {
    describeCall(ctx.trail, true);
    const allowed = takeToken(
      ctx.db,
      { accountId: ctx.caller.accountId, region: ctx.region, api: 'LookupEvents' },
      realNow(),
      LOOKUP_EVENTS_LIMIT,
    );
    if (!allowed) {
      throw new SandboxServiceError('ThrottlingException', 'Rate exceeded', 400);
    }
    return lookupEvents(ctx.db, input, scopeOf(ctx));
  };

  const withStore =
    (
      readOnly: boolean,
      run: (
        input: Record<string, unknown>,
        ctx: OperationContext,
      ) => { output: Record<string, unknown>; storeArn?: string; responseElements?: Record<string, unknown> },
    ): OperationHandler =>
    (input, ctx) => {
      describeCall(ctx.trail, readOnly);
      const result = run(input, ctx);
      describeCall(ctx.trail, readOnly, result.storeArn, ctx.caller.accountId);
      if (result.responseElements !== undefined) {
        ctx.trail.responseElements = result.responseElements;
      }
      return result.output;
    };

  return {
    id: 'cloudtrail',
    signingName: 'cloudtrail',
    protocol: 'awsJson1_1',
    targetPrefix: 'CloudTrail_20131101',
    eventSource: 'cloudtrail.amazonaws.com',
    operations: {
      LookupEvents: { handler: lookup },
      CreateEventDataStore: {
        handler: withStore(false, (input, ctx) => {
          assertLakeCustomer(ctx.db, ctx.caller.accountId);
          const output = createEventDataStore(ctx.db, input, scopeOf(ctx));
          return {
            output,
            storeArn: String(output.EventDataStoreArn),
            responseElements: {
              eventDataStoreArn: output.EventDataStoreArn,
              name: output.Name,
              status: output.Status,
            },
          };
        }),
      },
      ListEventDataStores: {
        handler: withStore(true, (input, ctx) => ({
          output: listEventDataStores(ctx.db, input, scopeOf(ctx)),
        })),
      },
      GetEventDataStore: {
        handler: withStore(true, (input, ctx) => {
          const output = getEventDataStore(ctx.db, input, scopeOf(ctx));
          return { output, storeArn: String(output.EventDataStoreArn) };
        }),
      },
      DeleteEventDataStore: {
        handler: withStore(false, (input, ctx) => {
          const result = deleteEventDataStore(ctx.db, input, scopeOf(ctx));
          return { output: {}, storeArn: result.arn };
        }),
      },
      StartQuery: {
        handler: withStore(false, (input, ctx) => {
          const result = startQuery(ctx.db, input, scopeOf(ctx));
          return {
            output: { QueryId: result.queryId },
            storeArn: result.storeArn,
            responseElements: { queryId: result.queryId },
          };
        }),
      },
      DescribeQuery: {
        handler: withStore(true, (input, ctx) => {
          const result = describeQuery(ctx.db, input, scopeOf(ctx));
          return { output: result.output, storeArn: result.storeArn };
        }),
      },
      GetQueryResults: {
        handler: withStore(true, (input, ctx) => {
          const result = getQueryResults(ctx.db, input, scopeOf(ctx));
          return { output: result.output, storeArn: result.storeArn };
        }),
      },
      CancelQuery: {
        handler: withStore(false, (input, ctx) => {
          const result = cancelQuery(ctx.db, input, scopeOf(ctx));
          return { output: result.output, storeArn: result.storeArn };
        }),
      },
    },
  };
}

export const cloudtrailService: ServiceDefinition = createCloudtrailService();
