/** `fshare sandbox serve`: the wire layer over HTTP, for the AWS CLI, boto3 and any SDK. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FshareError } from '../errors.js';
import { recordServer } from './admin.js';
import type { FaultInjector } from './faults.js';
import { META, getMeta, openStore } from './store.js';
import type { Db } from './types.js';
import { handleHttpRequest } from './wire/handle.js';

export interface ServeOptions {
  storeFile: string;
  host: string;
  port: number;
  faults: FaultInjector | undefined;
}

export interface RunningServer {
  url: string;
  port: number;
  db: Db;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const db = openStore(options.storeFile);
  const server = http.createServer((req, res) => {
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    readBody(req)
      .then((body) =>
        handleHttpRequest(
          {
            method: req.method ?? 'GET',
            rawPath: q === -1 ? target : target.slice(0, q),
            rawQuery: q === -1 ? '' : target.slice(q + 1),
            headers: req.headers,
            body,
            sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
          },
          { db, faults: options.faults },
        ),
      )
      .then((out) => {
        res.writeHead(out.status, { ...out.headers, 'content-length': String(out.body.length) });
        res.end(out.body);
      })
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalFailure' });
        res.end(JSON.stringify({ __type: 'InternalFailure', message: `Internal sandbox error: ${message}` }));
      });
  });
  server.keepAliveTimeout = 5000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    db.close();
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new FshareError(
        'FSHARE_SANDBOX_PORT_UNAVAILABLE',
        `Cannot listen on ${options.host}:${options.port} (${String(code)}).`,
        1,
        {
          hint: 'Pick another port with --port, or --port 0 for a free one.',
        },
      );
    }
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(options.host)}:${port}`;
  db.transaction(() => recordServer(db, { url, pid: process.pid })).immediate();
  let closed = false;
  return {
    url,
    port,
    db,
    close: async () => {
      if (closed) {
        return;
      }
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      // Forget the URL only if it is still ours: another `serve` may have started since.
      db.transaction(() => {
        if (getMeta(db, META.serverPid) === String(process.pid)) {
          recordServer(db, undefined);
        }
      }).immediate();
      db.close();
    },
  };
}

/**
 * Serves until `signal` aborts (Ctrl-C in the CLI) or the process gets SIGTERM, then closes the
 * server and forgets its URL. `onListening` lets the caller announce the URL before serving.
 */
export async function serveUntilStopped(
  options: ServeOptions,
  signal: AbortSignal,
  onListening: (server: RunningServer) => void,
): Promise<{ url: string }> {
  const server = await startServer(options);
  onListening(server);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      signal.removeEventListener('abort', stop);
      resolve();
    };
    if (signal.aborted) {
      stop();
      return;
    }
    signal.addEventListener('abort', stop, { once: true });
    process.once('SIGTERM', stop);
  });
  await server.close();
  return { url: server.url };
}
