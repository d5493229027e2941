/**
 * One signed REST-JSON request over node:http / node:https with a keep-alive agent: no SDK
 * middleware, no `@smithy/core`. It answers with the status, headers and body bytes, or rejects
 * with the error Node (or the SDK's node handler, for the connect timeout and an abort) would
 * give, so a caller can hand either outcome to the SDK unchanged.
 */
import type * as HttpsModule from 'node:https';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';

type Https = typeof HttpsModule;
/** TLS is loaded only for an https endpoint (a served sandbox or a local endpoint is plain HTTP). */
let https: Promise<Https> | undefined;

export interface LeanResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface LeanHttpRequest {
  url: URL;
  method: string;
  /** Path and query, as sent. */
  pathAndQuery: string;
  headers: Record<string, string>;
  body: Uint8Array | undefined;
}

export interface LeanTransportOptions {
  /** Sockets kept per host: at least the caller's concurrency, so none waits for a socket. */
  maxSockets: number;
  connectionTimeoutMs: number;
}

/** The SDK's node handler's errors for these two cases, by name, so error mapping is unchanged. */
export function abortError(): Error {
  const error = new Error('Request aborted');
  error.name = 'AbortError';
  return error;
}

function timeoutError(ms: number): Error {
  const error = new Error(`Socket timed out without establishing a connection within ${ms} ms`);
  error.name = 'TimeoutError';
  return error;
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      out[name] = Array.isArray(value) ? value.join(',') : value; // as the SDK's node handler
    }
  }
  return out;
}

export class LeanTransport {
  private readonly agents = new Map<string, Agent>();

  constructor(private readonly options: LeanTransportOptions) {}

  private agent(protocol: string, tls: Https | undefined): Agent {
    let agent = this.agents.get(protocol);
    if (!agent) {
      const settings = { keepAlive: true, maxSockets: this.options.maxSockets };
      agent = tls ? new tls.Agent(settings) : new Agent(settings);
      this.agents.set(protocol, agent);
    }
    return agent;
  }

  async send(req: LeanHttpRequest, signal: AbortSignal | undefined): Promise<LeanResponse> {
    const tls = req.url.protocol === 'https:' ? await (https ??= import('node:https')) : undefined;
    return new Promise<LeanResponse>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      const { url } = req;
      const send = tls ? tls.request : httpRequest;
      let connectTimer: NodeJS.Timeout | undefined;
      let settled = false;
      const finish = (error: Error | undefined, response?: LeanResponse) => {
        if (settled) {
          return;
        }
        settled = true;
        if (connectTimer) {
          clearTimeout(connectTimer);
        }
        signal?.removeEventListener('abort', onAbort);
        if (error) {
          reject(error);
        } else if (response) {
          resolve(response);
        }
      };
      const onAbort = () => {
        outgoing.destroy();
        finish(abortError());
      };
      const outgoing = send(
        {
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port || undefined,
          method: req.method,
          path: req.pathAndQuery,
          headers: req.headers,
          agent: this.agent(url.protocol, tls),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => finish(error));
          res.on('end', () =>
            finish(undefined, {
              statusCode: res.statusCode ?? 0,
              headers: flatHeaders(res.headers),
              body: chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks),
            }),
          );
        },
      );
      outgoing.on('error', (error) => finish(error));
      // The same rule as the SDK's connectionTimeout: only the wait for a connection is bounded.
      outgoing.on('socket', (socket) => {
        if ((socket as { connecting?: boolean }).connecting) {
          connectTimer = setTimeout(() => {
            outgoing.destroy();
            finish(timeoutError(this.options.connectionTimeoutMs));
          }, this.options.connectionTimeoutMs);
          socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
            if (connectTimer) {
              clearTimeout(connectTimer);
              connectTimer = undefined;
            }
          });
        }
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      outgoing.end(req.body);
    });
  }

  /** Lets the process exit without waiting for idle keep-alive sockets to time out. */
  destroy(): void {
    for (const agent of this.agents.values()) {
      agent.destroy();
    }
    this.agents.clear();
  }
}
