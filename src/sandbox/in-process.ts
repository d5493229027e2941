/**
 * The SDK `requestHandler` for `--sandbox`: the SDK builds and signs a real HTTP request, and this
 * hands it to the same wire layer the HTTP server uses, without a socket.
 */
import { Readable } from 'node:stream';
import { HttpResponse, type HttpRequest } from '@smithy/core/protocols';
import { escapeUri } from '@smithy/core/protocols';
import type { FaultInjector } from './faults.js';
import { storeFailure } from './store.js';
import type { Db } from './types.js';
import { admit, bodyTooLarge, lowerCaseHeaders } from './wire/admission.js';
import { handleHttpRequest } from './wire/handle.js';

function rawQueryOf(query: HttpRequest['query']): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined) {
      parts.push(escapeUri(key));
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      parts.push(`${escapeUri(key)}=${escapeUri(item)}`);
    }
  }
  return parts.join('&');
}

function bodyBytes(body: unknown): Buffer {
  if (body === undefined || body === null) {
    return Buffer.alloc(0);
  }
  if (typeof body === 'string') {
    return Buffer.from(body, 'utf8');
  }
  if (body instanceof Uint8Array) {
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }
  throw new Error('The sandbox handler only accepts string or byte request bodies.');
}

/** A locked or damaged store ends the command with its typed error, not an SDK retry of a 500. */
async function guardStoreAsync<T>(file: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw storeFailure(error, file) ?? error;
  }
}

export interface InProcessHandler {
  handle(request: HttpRequest, options?: { abortSignal?: AbortSignal }): Promise<{ response: HttpResponse }>;
  updateHttpClientConfig(key: never, value: never): void;
  httpHandlerConfigs(): Record<string, unknown>;
  destroy(): void;
}

export function createInProcessHandler(db: Db, faults: FaultInjector | undefined): InProcessHandler {
  return {
    async handle(request) {
      const headers = lowerCaseHeaders(request.headers);
      const body = bodyBytes(request.body);
      const admission = admit(db, headers);
      // The same per-service body cap as over HTTP, so a request too large for AWS fails here too.
      const res =
        admission.admitted && body.length > admission.bodyLimit
          ? bodyTooLarge(headers, admission.bodyLimit, new Date())
          : await guardStoreAsync(db.name, () =>
              handleHttpRequest(
                {
                  method: request.method,
                  rawPath: request.path,
                  rawQuery: rawQueryOf(request.query),
                  headers,
                  body,
                },
                { db, faults },
              ),
            );
      // S3's streaming outputs (GetObject's Body) need a stream; every other reply is read whole.
      const responseBody = 'x-amz-id-2' in res.headers ? Readable.from([res.body]) : res.body;
      return {
        response: new HttpResponse({ statusCode: res.status, headers: res.headers, body: responseBody }),
      };
    },
    updateHttpClientConfig() {
      // Nothing to configure: there is no socket.
    },
    httpHandlerConfigs() {
      return {};
    },
    destroy() {
      // The store stays open for the life of the process; other clients share it.
    },
  };
}
