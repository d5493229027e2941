/**
 * CloudTrail (awsJson1_1, X-Amz-Target CloudTrail_20131101.<Op>; the wire layer dispatches on the
 * text after the last '.', so botocore's long form arrives here too): LookupEvents, trails and Lake.
 */
import type { OperationContext, OperationHandler, ServiceDefinition, TrailInfo } from '../types.js';
import { SandboxServiceError } from '../types.js';
import { cancelQuery, describeQuery, getQueryResults, startQuery } from './lake.js';
import {
  createEventDataStore,
  deleteEventDataStore,
  getEventDataStore,
  listEventDataStores,
} from './lake-stores.js';
import { assertLakeCustomer } from './availability.js';
import { lookupEvents } from './lookup.js';
import { LOOKUP_EVENTS_LIMIT, takeToken } from './rate-limit.js';
import {
  createTrail,
  deleteTrail,
  describeTrails,
  getEventSelectors,
  getTrailStatus,
  listTrails,
  putEventSelectors,
  setLogging,
  throttle,
} from './trails/operations.js';
import { findTrail } from './trails/state.js';

export const TRAIL_TYPE = 'AWS::CloudTrail::Trail';

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
      ...trailOperations(realNow),
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

/** Trail APIs: each call's event names the trail as its resource; quotas on the real clock. */
function trailOperations(realNow: () => number): ServiceDefinition['operations'] {
  const op =
    (
      api: string,
      write: boolean,
      run: (
        input: Record<string, unknown>,
        ctx: OperationContext,
      ) => { output: Record<string, unknown>; arn?: string },
    ): OperationHandler =>
    (input, ctx) => {
      describeCall(ctx.trail, !write);
      throttle(ctx, api, realNow(), write);
      const result = run(input, ctx);
      if (result.arn !== undefined) {
        ctx.trail.resources = [
          { type: TRAIL_TYPE, ARN: result.arn, accountId: result.arn.split(':')[4] ?? '' },
        ];
      }
      return result.output;
    };
  const scope = (ctx: OperationContext): { accountId: string; region: string } => ({
    accountId: ctx.caller.accountId,
    region: ctx.region,
  });
  return {
    CreateTrail: {
      handler: op('CreateTrail', true, (input, ctx) => {
        const output = createTrail(ctx.db, input, ctx);
        return { output, arn: String(output.TrailARN) };
      }),
    },
    DescribeTrails: {
      handler: op('DescribeTrails', false, (input, ctx) => ({ output: describeTrails(ctx.db, input, ctx) })),
    },
    ListTrails: { handler: op('ListTrails', false, (_input, ctx) => ({ output: listTrails(ctx.db, ctx) })) },
    GetTrail: {
      handler: op('GetTrail', false, (input, ctx) => {
        const described = describeTrails(
          ctx.db,
          { trailNameList: [findTrail(ctx.db, input.Name, scope(ctx)).arn] },
          ctx,
        );
        const trail = (described.trailList as Record<string, unknown>[])[0] ?? {};
        return { output: { Trail: trail }, arn: String(trail.TrailARN) };
      }),
    },
    GetTrailStatus: {
      handler: op('GetTrailStatus', false, (input, ctx) => ({
        output: getTrailStatus(ctx.db, input, ctx),
        arn: findTrail(ctx.db, input.Name, scope(ctx)).arn,
      })),
    },
    StartLogging: {
      handler: op('StartLogging', true, (input, ctx) => ({
        output: {},
        arn: setLogging(ctx.db, input, ctx, true).arn,
      })),
    },
    StopLogging: {
      handler: op('StopLogging', true, (input, ctx) => ({
        output: {},
        arn: setLogging(ctx.db, input, ctx, false).arn,
      })),
    },
    DeleteTrail: {
      handler: op('DeleteTrail', true, (input, ctx) => ({
        output: {},
        arn: deleteTrail(ctx.db, input, ctx).arn,
      })),
    },
    PutEventSelectors: {
      handler: op('PutEventSelectors', true, (input, ctx) => {
        const output = putEventSelectors(ctx.db, input, ctx);
        return { output, arn: String(output.TrailARN) };
      }),
    },
    GetEventSelectors: {
      handler: op('GetEventSelectors', false, (input, ctx) => {
        const output = getEventSelectors(ctx.db, input, ctx);
        return { output, arn: String(output.TrailARN) };
      }),
    },
  };
}

export const cloudtrailService: ServiceDefinition = createCloudtrailService();
