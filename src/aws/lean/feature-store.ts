/**
 * The Feature Store runtime port on the lean transport: a 2xx answer is read with JSON.parse and
 * nothing of the SDK is loaded. Any other outcome (a non-2xx answer, a connection error) is handed
 * to today's SDK client, whose request handler replays that outcome as its first attempt and
 * sends any retry itself: the exception classes, `$metadata`, codes and retries are the SDK's,
 * and a plain denial costs no second request.
 */
import type { CallOptions, FeatureStorePort } from '../ports.js';
import { abortError, LeanTransport, type LeanResponse } from './http.js';
import { canonicalQuery, escapeUri, signRequest, type StaticCredentials } from './sigv4.js';

/** The SDK's signing name for the runtime (its endpoint is featurestore-runtime.sagemaker.*). */
const SIGNING_SERVICE = 'sagemaker';

export interface LeanFeatureStoreConfig {
  /** Where requests go: the regional endpoint, or an explicit one (its path is a prefix). */
  endpoint: URL;
  region: string;
  credentials: StaticCredentials;
  userAgent: string;
  maxSockets: number;
  connectionTimeoutMs: number;
  /** Today's SDK port config (region, credentials, endpoint, maxAttempts, ...), for the fallback. */
  sdkConfig: Record<string, unknown>;
  now?: () => Date;
}

type Query = Record<string, string | readonly string[]>;
interface LeanCall {
  op: keyof typeof COMMANDS;
  method: string;
  path: string;
  query: Query;
  body: string | undefined;
}

/** The port's methods (each has an SDK command of the same name in the adapter, the fallback). */
const COMMANDS = {
  getRecord: true,
  putRecord: true,
  deleteRecord: true,
  batchGetRecord: true,
  batchWriteRecord: true,
  listRecords: true,
} as const;

/** What the SDK's first attempt "receives": the answer already on hand, or the error. */
export interface Replay {
  response?: LeanResponse;
  error?: unknown;
  used: boolean;
}
/** The send() option that carries a replay; the SDK passes send() options to the handler as is. */
export const REPLAY = 'fshareLeanReplay';

interface SdkSend {
  send(command: unknown, options: Record<string, unknown>): Promise<unknown>;
  config: { systemClockOffset?: number };
}

function groupPath(name: string | undefined): string {
  return `/FeatureGroup/${escapeUri(name ?? '')}`;
}

function setQuery(query: Query, key: string, value: string | readonly string[] | undefined): void {
  if (value !== undefined) {
    query[key] = value;
  }
}

/** Each operation's request as the SDK's REST-JSON serialiser builds it (labels, query, body). */
export function leanCall(op: keyof typeof COMMANDS, input: Record<string, unknown>): LeanCall {
  const s = (k: string) => input[k] as string | undefined;
  const list = (k: string) => input[k] as readonly string[] | undefined;
  const query: Query = {};
  switch (op) {
    case 'getRecord':
      setQuery(query, 'RecordIdentifierValueAsString', s('RecordIdentifierValueAsString'));
      setQuery(query, 'FeatureName', list('FeatureNames'));
      setQuery(query, 'ExpirationTimeResponse', s('ExpirationTimeResponse'));
      return { op, method: 'GET', path: groupPath(s('FeatureGroupName')), query, body: undefined };
    case 'deleteRecord':
      setQuery(query, 'RecordIdentifierValueAsString', s('RecordIdentifierValueAsString'));
      setQuery(query, 'EventTime', s('EventTime'));
      setQuery(query, 'TargetStores', list('TargetStores'));
      setQuery(query, 'DeletionMode', s('DeletionMode'));
      return { op, method: 'DELETE', path: groupPath(s('FeatureGroupName')), query, body: undefined };
    case 'putRecord': {
      const { Record, TargetStores, TtlDuration } = input;
      const body = JSON.stringify({ Record, TargetStores, TtlDuration });
      return { op, method: 'PUT', path: groupPath(s('FeatureGroupName')), query, body };
    }
    case 'listRecords': {
      const { FeatureGroupName: _name, ...rest } = input;
      const body = JSON.stringify(rest);
      return { op, method: 'POST', path: `${groupPath(s('FeatureGroupName'))}/ListRecords`, query, body };
    }
    case 'batchGetRecord':
      return { op, method: 'POST', path: '/BatchGetRecord', query, body: JSON.stringify(input) };
    case 'batchWriteRecord':
      return { op, method: 'POST', path: '/BatchWriteRecord', query, body: JSON.stringify(input) };
  }
}

/**
 * The SDK's clock-skew rule for an answer: later requests are signed at the server's time (its
 * Date header), unless the answer came from a cache (Age) or took over 15 minutes.
 */
export function updatedClockOffset(
  headers: Record<string, string>,
  offsetMs: number,
  sentAt: number,
  receivedAt: number,
): number {
  const serverTime = headers.date === undefined ? NaN : Date.parse(headers.date);
  if (headers.age !== undefined || Number.isNaN(serverTime) || receivedAt - sentAt > 900_000) {
    return offsetMs;
  }
  return serverTime - receivedAt;
}

/** The SDK's `$metadata` for an answer read on the first attempt. */
function metadata(response: LeanResponse): Record<string, unknown> {
  const h = response.headers;
  return {
    httpStatusCode: response.statusCode,
    requestId: h['x-amzn-requestid'] ?? h['x-amzn-request-id'] ?? h['x-amz-request-id'],
    extendedRequestId: h['x-amz-id-2'],
    cfId: h['x-amz-cf-id'],
    attempts: 1,
    totalRetryDelay: 0,
  };
}

export function createLeanFeatureStorePort(config: LeanFeatureStoreConfig): FeatureStorePort {
  const transport = new LeanTransport({
    maxSockets: config.maxSockets,
    connectionTimeoutMs: config.connectionTimeoutMs,
  });
  const now = config.now ?? (() => new Date());
  const prefix = config.endpoint.pathname.replace(/\/+$/, '');
  const host = config.endpoint.host;
  const shortAgent = config.userAgent.split(' ')[0] ?? '';
  let sdk:
    Promise<{ client: SdkSend; commands: Record<string, new (input: unknown) => unknown> }> | undefined;
  let clockOffsetMs = 0;

  const loadSdk = () => {
    sdk ??= (async () => {
      const adapter = await import('../adapters/feature-store.js');
      const { NodeHttpHandler } = await import('@smithy/node-http-handler');
      const inner = (config.sdkConfig.requestHandler ?? {}) as Record<string, unknown>;
      const real = new NodeHttpHandler(inner);
      const handler = {
        metadata: { handlerProtocol: 'http/1.1' },
        handle(request: unknown, options?: Record<string, unknown>) {
          const replay = options?.[REPLAY] as Replay | undefined;
          if (replay && !replay.used) {
            replay.used = true;
            return replay.response
              ? Promise.resolve({ response: sdkResponse(replay.response) })
              : Promise.reject(replay.error);
          }
          return real.handle(request as never, options as never);
        },
        updateHttpClientConfig: (key: never, value: never) => real.updateHttpClientConfig(key, value),
        httpHandlerConfigs: () => real.httpHandlerConfigs(),
        destroy: () => real.destroy(),
      };
      const made = adapter.createFeatureStoreClient({ ...config.sdkConfig, requestHandler: handler });
      return { client: made.client as unknown as SdkSend, commands: made.commands as never };
    })();
    return sdk;
  };

  const fallback = async (call: LeanCall, input: unknown, replay: Replay, signal?: AbortSignal) => {
    const { client, commands } = await loadSdk();
    const Command = commands[call.op];
    if (!Command) {
      throw replay.error ?? new Error(`No SDK command for ${call.op}`);
    }
    try {
      return await client.send(new Command(input), {
        ...(signal ? { abortSignal: signal } : {}),
        [REPLAY]: replay,
      });
    } finally {
      // A skew the SDK learnt (from a RequestTimeTooSkewed answer) applies to later lean calls too.
      clockOffsetMs = client.config.systemClockOffset ?? clockOffsetMs;
    }
  };

  const run = async (op: keyof typeof COMMANDS, input: Record<string, unknown>, options?: CallOptions) => {
    const signal = options?.abortSignal;
    if (signal?.aborted) {
      throw abortError();
    }
    const call = leanCall(op, input);
    const qs = canonicalQuery(call.query);
    const path = `${prefix}${call.path}`;
    const headers: Record<string, string> = { 'x-amz-user-agent': shortAgent };
    const body = call.body === undefined ? undefined : Buffer.from(call.body);
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(body.byteLength);
    }
    const sentAt = now().getTime();
    const signed = signRequest(
      { method: call.method, host, path, query: call.query, headers, body },
      config.credentials,
      config.region,
      SIGNING_SERVICE,
      new Date(sentAt + clockOffsetMs),
    );
    signed['user-agent'] = config.userAgent;
    let response: LeanResponse;
    try {
      response = await transport.send(
        {
          url: config.endpoint,
          method: call.method,
          pathAndQuery: qs ? `${path}?${qs}` : path,
          headers: signed,
          body,
        },
        signal,
      );
    } catch (error) {
      if ((error as Error).name === 'AbortError') {
        throw error;
      }
      return fallback(call, input, { error, used: false }, signal);
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      return fallback(call, input, { response, used: false }, signal);
    }
    clockOffsetMs = updatedClockOffset(response.headers, clockOffsetMs, sentAt, now().getTime());
    const text = response.body.toString('utf8');
    let data: Record<string, unknown>;
    try {
      data = (text.trim() === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
    } catch {
      // Not JSON: the SDK's deserialiser reports that (with the raw response attached).
      return fallback(call, input, { response, used: false }, signal);
    }
    data.$metadata = metadata(response);
    return data;
  };

  const port = {} as Record<string, unknown>;
  for (const op of Object.keys(COMMANDS) as (keyof typeof COMMANDS)[]) {
    port[op] = (input: Record<string, unknown>, options?: CallOptions) => run(op, input, options);
  }
  return port as unknown as FeatureStorePort;
}

/** The answer in the shape the SDK's deserialisers read (a body they can collect). */
function sdkResponse(response: LeanResponse): Record<string, unknown> {
  return {
    statusCode: response.statusCode,
    reason: undefined,
    headers: response.headers,
    body: new Uint8Array(response.body),
  };
}
