/**
 * Athena (awsJson1_1, X-Amz-Target AmazonAthena.<Op>, signing name `athena`): queries on the
 * sandbox's DuckDB engine, workgroups, and the Glue Data Catalog that Athena's DDL writes.
 */
import {
  SandboxServiceError,
  type OperationContext,
  type OperationHandler,
  type OperationInput,
  type ServiceDefinition,
} from '../types.js';
import {
  DEFAULT_DATABASE,
  databaseExists,
  getTable,
  listDatabases,
  listTables,
  type Scope,
  type TableDefinition,
} from './catalog.js';
import { getQueryExecution, scheduleQuery, startQueryExecution } from './queries.js';
import { getQueryResults, listQueryExecutions, stopQueryExecution } from './query-results.js';
import {
  createWorkGroup,
  deleteWorkGroup,
  getWorkGroup,
  invalidRequest,
  listWorkGroups,
  updateWorkGroup,
} from './workgroups.js';

const CATALOG = 'AwsDataCatalog';
const scopeOf = (ctx: OperationContext): Scope => ({ accountId: ctx.caller.accountId, region: ctx.region });

function requireCatalog(input: OperationInput): void {
  const name = input.CatalogName;
  if (typeof name !== 'string' || name.toLowerCase() !== CATALOG.toLowerCase()) {
    throw invalidRequest(`Catalog ${String(name)} was not found.`);
  }
}

function requireDatabase(ctx: OperationContext, input: OperationInput): string {
  requireCatalog(input);
  const name = typeof input.DatabaseName === 'string' ? input.DatabaseName.toLowerCase() : '';
  if (!databaseExists(ctx.db, scopeOf(ctx), name)) {
    throw new MetadataError(`Database ${name} not found.`);
  }
  return name;
}

class MetadataError extends Error {}

function tableView(table: TableDefinition): Record<string, unknown> {
  return {
    Name: table.name,
    CreateTime: new Date(table.createdMs),
    TableType: 'EXTERNAL_TABLE',
    Columns: table.columns.map((c) => ({
      Name: c.name,
      Type: c.type,
      ...(c.comment ? { Comment: c.comment } : {}),
    })),
    PartitionKeys: table.partitionKeys.map((c) => ({ Name: c.name, Type: c.type })),
    Parameters: {
      EXTERNAL: 'TRUE',
      ...(table.location ? { location: table.location } : {}),
      ...(table.inputFormat ? { inputformat: table.inputFormat } : {}),
      ...(table.outputFormat ? { outputformat: table.outputFormat } : {}),
      ...(table.serde ? { 'serde.serialization.lib': table.serde } : {}),
      ...table.properties,
    },
  };
}

/** MetadataException is Athena's modelled catalog error. */
const metadata =
  (run: OperationHandler): OperationHandler =>
  (input, ctx) => {
    try {
      return run(input, ctx);
    } catch (error) {
      if (error instanceof MetadataError) {
        throw new SandboxServiceError('MetadataException', error.message);
      }
      throw error;
    }
  };

function page<T>(items: T[], input: OperationInput, max: number): { items: T[]; next?: string } {
  const limit = typeof input.MaxResults === 'number' ? input.MaxResults : max;
  const offset =
    typeof input.NextToken === 'string' ? Number(Buffer.from(input.NextToken, 'base64url').toString()) : 0;
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > max) {
    throw invalidRequest('MaxResults or NextToken is not valid.');
  }
  return {
    items: items.slice(offset, offset + limit),
    ...(offset + limit < items.length
      ? { next: Buffer.from(String(offset + limit)).toString('base64url') }
      : {}),
  };
}

export const athenaService: ServiceDefinition = {
  id: 'athena',
  signingName: 'athena',
  protocol: 'awsJson1_1',
  targetPrefix: 'AmazonAthena',
  eventSource: 'athena.amazonaws.com',
  operations: {
    StartQueryExecution: {
      readOnly: false,
      handler: (input, ctx) => {
        const id = startQueryExecution(ctx.db, scopeOf(ctx), ctx.caller, input, ctx.now.getTime());
        scheduleQuery(ctx.db, id);
        ctx.trail.responseElements = { queryExecutionId: id };
        return { QueryExecutionId: id };
      },
    },
    GetQueryExecution: {
      readOnly: true,
      handler: (input, ctx) => getQueryExecution(ctx.db, scopeOf(ctx), input),
    },
    GetQueryResults: {
      readOnly: true,
      handler: (input, ctx) => getQueryResults(ctx.db, scopeOf(ctx), ctx.caller, input),
    },
    StopQueryExecution: {
      readOnly: false,
      handler: (input, ctx) => {
        stopQueryExecution(ctx.db, scopeOf(ctx), input, ctx.now.getTime());
        return {};
      },
    },
    ListQueryExecutions: {
      readOnly: true,
      handler: (input, ctx) => listQueryExecutions(ctx.db, scopeOf(ctx), input),
    },
    CreateWorkGroup: {
      readOnly: false,
      handler: (input, ctx) => {
        createWorkGroup(ctx.db, scopeOf(ctx), input, ctx.now.getTime());
        return {};
      },
    },
    UpdateWorkGroup: {
      readOnly: false,
      handler: (input, ctx) => {
        updateWorkGroup(ctx.db, scopeOf(ctx), input);
        return {};
      },
    },
    DeleteWorkGroup: {
      readOnly: false,
      handler: (input, ctx) => {
        deleteWorkGroup(ctx.db, scopeOf(ctx), input);
        return {};
      },
    },
    GetWorkGroup: { readOnly: true, handler: (input, ctx) => getWorkGroup(ctx.db, scopeOf(ctx), input) },
    ListWorkGroups: { readOnly: true, handler: (_input, ctx) => listWorkGroups(ctx.db, scopeOf(ctx)) },
    ListDataCatalogs: {
      readOnly: true,
      handler: () => ({ DataCatalogsSummary: [{ CatalogName: CATALOG, Type: 'GLUE' }] }),
    },
    ListDatabases: {
      readOnly: true,
      handler: metadata((input, ctx) => {
        requireCatalog(input);
        const { items, next } = page(listDatabases(ctx.db, scopeOf(ctx)), input, 50);
        return {
          DatabaseList: items.map((d) => ({
            Name: d.name,
            ...(d.description ? { Description: d.description } : {}),
          })),
          ...(next === undefined ? {} : { NextToken: next }),
        };
      }),
    },
    GetDatabase: {
      readOnly: true,
      handler: metadata((input, ctx) => {
        const name = requireDatabase(ctx, input);
        return { Database: { Name: name } };
      }),
    },
    ListTableMetadata: {
      readOnly: true,
      handler: metadata((input, ctx) => {
        const database = requireDatabase(ctx, input);
        const expression =
          typeof input.Expression === 'string'
            ? new RegExp(`^${input.Expression.replace(/\*/g, '.*')}$`, 'i')
            : undefined;
        const tables = listTables(ctx.db, scopeOf(ctx), database).filter(
          (t) => !expression || expression.test(t.name),
        );
        const { items, next } = page(tables, input, 50);
        return {
          TableMetadataList: items.map(tableView),
          ...(next === undefined ? {} : { NextToken: next }),
        };
      }),
    },
    GetTableMetadata: {
      readOnly: true,
      handler: metadata((input, ctx) => {
        const database = requireDatabase(ctx, input);
        const name = typeof input.TableName === 'string' ? input.TableName.toLowerCase() : '';
        const table = getTable(ctx.db, scopeOf(ctx), database === '' ? DEFAULT_DATABASE : database, name);
        if (!table) {
          throw new MetadataError(`Table ${name} not found.`);
        }
        return { TableMetadata: tableView(table) };
      }),
    },
  },
};
