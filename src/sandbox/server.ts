/** `fshare sandbox serve`: the wire layer over HTTP, for the AWS CLI, boto3 and any SDK. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FshareError } from '../errors.js';
import { forgetServer, recordServer } from './admin.js';
import { enableColumnarPrefetch } from './athena/columnar.js';
import type { FaultInjector } from './faults.js';
import { openStore } from './store.js';
import type { Db } from './types.js';
import { admit, bodyTooLarge, lowerCaseHeaders } from './wire/admission.js';
import { handleHttpRequest, type WireResponse } from './wire/handle.js';

export interface ServeOptions {
  storeFile: string;
  host: string;
  port: number;
  faults: FaultInjector | undefined;
  /** Told when the home or store file had to be made private. */
  onWarning?: (message: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  db: Db;
  close(): Promise<void>;
}

const EMPTY_BODY = Buffer.alloc(0);

/** The body, or undefined as soon as it grows past `limit` (reading stops there). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  out: WireResponse,
  refused: boolean,
): void {
  // A HEAD reply states the length of the body it leaves out (S3 HeadObject).
  res.writeHead(out.status, {
    ...out.headers,
    'content-length': out.headers['content-length'] ?? String(out.body.length),
  });
  res.end(out.body);
  if (refused) {
    // Node discards (never buffers) the unread rest of a refused body; the connection is dropped a
    // moment after the answer, so a refused client cannot keep the server discarding for long.
    res.once('finish', () => setTimeout(() => req.socket.destroy(), 1000).unref());
  }
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const db = openStore(options.storeFile, options.onWarning ? { onWarning: options.onWarning } : {});
  // A long-lived server turns delivered CloudTrail logs into columnar copies as they arrive.
  enableColumnarPrefetch();
  const server = http.createServer((req, res) => {
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const headers = lowerCaseHeaders(req.headers);
    const base = {
      method: req.method ?? 'GET',
      rawPath: q === -1 ? target : target.slice(0, q),
      rawQuery: q === -1 ? '' : target.slice(q + 1),
      headers,
      sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
    };
    const fail = (error: unknown): void => {
      const message = error instanceof Error ? error.message : String(error);
      res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalFailure' });
      res.end(JSON.stringify({ __type: 'InternalFailure', message: `Internal sandbox error: ${message}` }));
    };
    const admission = admit(db, headers);
    if (!admission.admitted) {
      // Refused on its headers: the wire layer answers as the service does, without the body.
      req.pause();
      handleHttpRequest({ ...base, body: EMPTY_BODY }, { db, faults: options.faults })
        .then((out) => send(req, res, out, true))
        .catch(fail);
      return;
    }
    const declared = Number(headers['content-length'] ?? '0');
    if (Number.isFinite(declared) && declared > admission.bodyLimit) {
      req.pause();
      send(req, res, bodyTooLarge(headers, admission.bodyLimit, new Date()), true);
      return;
    }
    readBody(req, admission.bodyLimit)
      .then(async (body) => {
        if (body === undefined) {
          send(req, res, bodyTooLarge(headers, admission.bodyLimit, new Date()), true);
          return;
        }
        send(
          req,
          res,
          await handleHttpRequest({ ...base, body }, { db, faults: options.faults, groupCommit: true }),
          false,
        );
      })
      .catch(fail);
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
      // Only this server's record: another `serve` on the same home keeps its own.
      db.transaction(() => forgetServer(db, process.pid)).immediate();
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
