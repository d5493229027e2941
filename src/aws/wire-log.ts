import type { Logger } from '../logging.js';
import { redact } from '../logging.js';

interface WireRequest {
  method: string;
  hostname: string;
  port?: number;
  path: string;
  headers: Record<string, string>;
}
interface Handler {
  handle(
    request: WireRequest,
    options?: unknown,
  ): Promise<{ response: { statusCode: number; headers: Record<string, string> } }>;
}

/** Wraps a request handler (the SDK's default when none is given) to log each call, redacted. */
export async function wireLoggingHandler(
  inner: unknown,
  log: Logger,
  connectionTimeout: number,
): Promise<Handler> {
  let handler = inner as Handler | undefined;
  if (!handler) {
    const { NodeHttpHandler } = await import('@smithy/node-http-handler');
    handler = new NodeHttpHandler({ connectionTimeout }) as unknown as Handler;
  }
  const base = handler;
  return Object.assign(Object.create(base) as Handler, {
    async handle(request: WireRequest, options?: unknown) {
      const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'];
      const started = performance.now();
      log.debug(
        `→ ${request.method} ${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}${target ? ` (${target})` : ''} ${redact(request.headers.authorization ?? request.headers.Authorization ?? '')}`,
      );
      const out = await base.handle(request, options);
      log.debug(`← ${out.response.statusCode} in ${Math.round(performance.now() - started)} ms`);
      return out;
    },
  });
}
