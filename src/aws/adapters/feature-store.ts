import {
  BatchGetRecordCommand,
  BatchWriteRecordCommand,
  DeleteRecordCommand,
  GetRecordCommand,
  ListRecordsCommand,
  PutRecordCommand,
  SageMakerFeatureStoreRuntimeClient,
  type SageMakerFeatureStoreRuntimeClientConfig,
} from '@aws-sdk/client-sagemaker-featurestore-runtime';
import type { FeatureStorePort } from '../ports.js';
import { bindPort } from './bind.js';

interface HttpResponseLike {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}
interface SerdeContext {
  streamCollector: (body: unknown) => Promise<Uint8Array>;
}
interface SerializingProtocol {
  serializeRequest(
    schema: { name?: string } | undefined,
    input: unknown,
    context: unknown,
  ): Promise<{ body?: unknown }>;
  deserializeResponse(
    schema: { name?: string } | undefined,
    context: SerdeContext,
    response: HttpResponseLike,
  ): Promise<unknown>;
  deserializeMetadata(response: HttpResponseLike): Record<string, unknown>;
}

/**
 * The bulk operations' bodies, whose wire shape is exactly their input's (REST-JSON, no renamed
 * members, no timestamps or blobs): the SDK's schema-driven serialiser costs ~15 µs per record,
 * JSON.stringify well under one. The SDK still builds the request (endpoint, path, headers, from an
 * empty input) and signs and sends it; only the body text is produced natively. A test checks
 * the bodies are byte-for-byte what the SDK would send, and that the outputs read the same.
 */
const EMPTY_INPUT: Record<string, unknown> = {
  BatchWriteRecord: { Entries: [] },
  BatchGetRecord: { Identifiers: [] },
};
/** Outputs that are plain JSON as the wire has them; error answers still go through the SDK. */
const NATIVE_OUTPUT = new Set(['BatchWriteRecord', 'BatchGetRecord', 'ListRecords']);

export function nativeJsonBodies(client: { config: { protocol?: unknown } }): void {
  const protocol = client.config.protocol as SerializingProtocol | undefined;
  if (!protocol || typeof protocol.serializeRequest !== 'function') {
    return;
  }
  const original = protocol.serializeRequest.bind(protocol);
  // The SDK's serialiser costs ~0.2 ms a call even for an empty input; the request it builds for
  // an operation (endpoint, path, headers) is the same every time for one client, so it is built
  // once and copied, with the body set.
  const templates = new Map<string, Promise<Record<string, unknown>>>();
  protocol.serializeRequest = async (schema, input, context) => {
    const name = schema?.name;
    const empty = name === undefined ? undefined : EMPTY_INPUT[name];
    if (name === undefined || empty === undefined) {
      return original(schema, input, context);
    }
    let template = templates.get(name);
    if (!template) {
      template = original(schema, empty, context) as Promise<Record<string, unknown>>;
      templates.set(name, template);
      template.catch(() => templates.delete(name));
    }
    const base = await template;
    const request = Object.assign(
      Object.create(Object.getPrototypeOf(base) as object) as Record<string, unknown>,
      base,
      {
        headers: { ...(base.headers as Record<string, string>) },
        query: { ...(base.query as Record<string, string>) },
        body: JSON.stringify(input),
      },
    );
    return request;
  };
  const originalRead = protocol.deserializeResponse.bind(protocol);
  protocol.deserializeResponse = async (schema, context, response) => {
    if (response.statusCode >= 300 || !NATIVE_OUTPUT.has(schema?.name ?? '')) {
      return originalRead(schema, context, response);
    }
    const bytes =
      response.body instanceof Uint8Array ? response.body : await context.streamCollector(response.body);
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    const data = (text.trim() === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
    data.$metadata = protocol.deserializeMetadata(response);
    return data;
  };
}

/** The SDK commands the port uses, by port method. */
const COMMANDS = {
  getRecord: GetRecordCommand,
  putRecord: PutRecordCommand,
  deleteRecord: DeleteRecordCommand,
  batchGetRecord: BatchGetRecordCommand,
  batchWriteRecord: BatchWriteRecordCommand,
  listRecords: ListRecordsCommand,
};

/** Today's configured client (also the lean port's fallback for anything but a 2xx answer). */
export function createFeatureStoreClient(config: SageMakerFeatureStoreRuntimeClientConfig): {
  client: SageMakerFeatureStoreRuntimeClient;
  commands: Record<keyof FeatureStorePort, unknown>;
} {
  // cacheMiddleware: the middleware stack is resolved once per operation, not on every call (bulk
  // paths send thousands; resolving cost ~100 µs a call).
  const client = new SageMakerFeatureStoreRuntimeClient({ ...config, cacheMiddleware: true });
  nativeJsonBodies(client);
  return {
    client,
    commands: COMMANDS,
  };
}

export function createFeatureStorePort(config: SageMakerFeatureStoreRuntimeClientConfig): FeatureStorePort {
  return bindPort<FeatureStorePort>(createFeatureStoreClient(config).client, COMMANDS);
}
