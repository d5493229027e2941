import {
  CloudTrailClient,
  type CloudTrailClientConfig,
  CreateEventDataStoreCommand,
  CreateTrailCommand,
  DescribeQueryCommand,
  DescribeTrailsCommand,
  GetEventDataStoreCommand,
  GetEventSelectorsCommand,
  GetQueryResultsCommand,
  GetTrailStatusCommand,
  ListEventDataStoresCommand,
  LookupEventsCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudtrail';
import type { CloudTrailPort } from '../ports.js';
import { bindPort } from './bind.js';

export function createCloudTrailPort(config: CloudTrailClientConfig): CloudTrailPort {
  return bindPort<CloudTrailPort>(new CloudTrailClient(config), {
    lookupEvents: LookupEventsCommand,
    listEventDataStores: ListEventDataStoresCommand,
    createEventDataStore: CreateEventDataStoreCommand,
    getEventDataStore: GetEventDataStoreCommand,
    startQuery: StartQueryCommand,
    describeQuery: DescribeQueryCommand,
    getQueryResults: GetQueryResultsCommand,
    describeTrails: DescribeTrailsCommand,
    createTrail: CreateTrailCommand,
    getEventSelectors: GetEventSelectorsCommand,
    putEventSelectors: PutEventSelectorsCommand,
    startLogging: StartLoggingCommand,
    getTrailStatus: GetTrailStatusCommand,
  });
}
