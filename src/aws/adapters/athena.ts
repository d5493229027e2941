import {
  AthenaClient,
  type AthenaClientConfig,
  CreateWorkGroupCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  GetWorkGroupCommand,
  ListQueryExecutionsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { AthenaPort } from '../ports.js';
import { bindPort } from './bind.js';

export function createAthenaPort(config: AthenaClientConfig): AthenaPort {
  return bindPort<AthenaPort>(new AthenaClient(config), {
    startQueryExecution: StartQueryExecutionCommand,
    getQueryExecution: GetQueryExecutionCommand,
    getQueryResults: GetQueryResultsCommand,
    stopQueryExecution: StopQueryExecutionCommand,
    getWorkGroup: GetWorkGroupCommand,
    createWorkGroup: CreateWorkGroupCommand,
    getTableMetadata: GetTableMetadataCommand,
    listQueryExecutions: ListQueryExecutionsCommand,
  });
}
