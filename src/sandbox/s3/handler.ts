/**
 * The sandbox's S3 (REST-XML, signing name `s3`), path-style on 127.0.0.1: `/bucket/key`. S3
 * verifies its own SigV4 variants, answers in XML, and records each call for CloudTrail
 * (object operations as data events). Logs that trails owe are delivered before any read.
 */
import { randomUUID } from 'node:crypto';
import { deliverDueLogs } from '../cloudtrail/trails/delivery.js';
import { recordCall } from '../cloudtrail/record.js';
import { principalByAccessKey } from '../core/principals.js';
import type { FaultInjector } from '../faults.js';
import { sandboxNow } from '../store.js';
import type { Caller, Db, ServiceDefinition, TrailInfo } from '../types.js';
import { parseRawQuery } from '../wire/sigv4.js';
import type { S3Call } from './call.js';
import { READS, route, type Operation } from './routes.js';
import { verifyS3Request } from './sigv4.js';
import { S3Error, errorResponse, s3Headers, type S3Response } from './xml.js';

/** For recordCall: S3's event source. Routed by handle.ts, not through SERVICES. */
export const s3Service: ServiceDefinition = {
  id: 's3',
  signingName: 's3',
  protocol: 'restJson1',
  eventSource: 's3.amazonaws.com',
  operations: {},
};

export interface S3Request {
  method: string;
  rawPath: string;
  rawQuery: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
  sourceIp?: string | undefined;
}

export interface S3HandleOptions {
  db: Db;
  faults?: FaultInjector | undefined;
  realNow: () => Date;
  sleep: (ms: number) => Promise<void>;
  callerFor: (
    principal: NonNullable<ReturnType<typeof principalByAccessKey>>,
    sourceIp: string,
    userAgent: string,
  ) => Caller;
}

/** True when the credential scope names S3 (`…/REGION/s3/aws4_request`). */
export function isS3Request(headers: Record<string, string>): boolean {
  return /Credential=[^/\s,]+\/\d{8}\/[^/\s,]+\/s3\/aws4_request/.test(headers.authorization ?? '');
}

const VIRTUAL_HOST_SUFFIXES = ['.sandbox.fshare.localhost', '.localhost', '.s3.amazonaws.com'];

/** Virtual-hosted style (`bucket.localhost:port`, the in-process endpoint's subdomains) or path style. */
function splitTarget(host: string, rawPath: string): { bucket: string | undefined; key: string | undefined } {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  const suffix = VIRTUAL_HOST_SUFFIXES.find((s) => name.endsWith(s) && name.length > s.length);
  if (suffix !== undefined && !(suffix === '.localhost' && name.endsWith('.sandbox.fshare.localhost'))) {
    const bucket = name.slice(0, name.length - suffix.length);
    if (bucket !== 'sandbox.fshare' && bucket !== 's3') {
      const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
      return { bucket, key: path === '' ? undefined : decodeKey(path) };
    }
  }
  return splitPath(rawPath);
}

function decodeKey(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new S3Error('InvalidURI', "Couldn't parse the specified URI.", 400);
  }
}

function splitPath(rawPath: string): { bucket: string | undefined; key: string | undefined } {
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  if (path === '') {
    return { bucket: undefined, key: undefined };
  }
  const slash = path.indexOf('/');
  const decode = decodeKey;
  if (slash === -1) {
    return { bucket: decode(path), key: undefined };
  }
  const key = path.slice(slash + 1);
  return { bucket: decode(path.slice(0, slash)), key: key === '' ? undefined : decode(key) };
}

function checksumTrailers(trailers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(trailers).filter(([name]) => name.startsWith('x-amz-checksum-')));
}

const FAULTS = {
  throttle: ['SlowDown', 'Please reduce your request rate.', 503],
  500: ['InternalError', 'We encountered an internal error. Please try again.', 500],
  503: ['ServiceUnavailable', 'Service is unable to handle request.', 503],
} as const;

export async function handleS3Request(request: S3Request, options: S3HandleOptions): Promise<S3Response> {
  const { db } = options;
  const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
  const method = request.method.toUpperCase();
  const fail = (error: S3Error): S3Response => errorResponse(error, method, requestId, options.realNow());
  const verified = verifyS3Request(
    { ...request, method },
    { secretFor: (akid) => principalByAccessKey(db, akid)?.secretAccessKey, now: options.realNow() },
  );
  if (!('auth' in verified)) {
    return fail(new S3Error(verified.code, verified.message, verified.status));
  }
  const principal = principalByAccessKey(db, verified.auth.accessKeyId);
  if (!principal) {
    return fail(
      new S3Error(
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
        403,
      ),
    );
  }
  const fault = options.faults?.decide('s3');
  if (fault && fault.delayMs > 0) {
    await options.sleep(fault.delayMs);
  }
  if (fault && fault.kind !== 'none') {
    const [code, message, status] = FAULTS[fault.kind === 'throttle' ? 'throttle' : fault.status];
    return fail(new S3Error(code, message, status));
  }
  const caller = options.callerFor(
    principal,
    request.sourceIp ?? '127.0.0.1',
    request.headers['user-agent'] ?? '',
  );
  const query = parseRawQuery(request.rawQuery);
  let operation: Operation;
  let target: { bucket: string | undefined; key: string | undefined };
  try {
    target = splitTarget(request.headers.host ?? '', request.rawPath);
    operation = route(method, target.bucket, target.key, query, request.headers);
  } catch (error) {
    if (error instanceof S3Error) {
      return fail(error);
    }
    throw error;
  }
  if (READS.has(operation)) {
    // Trails deliver lazily: whatever is due by now lands before anyone looks.
    deliverDueLogs(db, sandboxNow(db));
  }
  let settled: Promise<void> | undefined;
  const run = db.transaction((): S3Response => {
    const now = sandboxNow(db);
    const trail: TrailInfo = {
      eventCategory: 'Management',
      readOnly: method === 'GET' || method === 'HEAD',
      resources: [],
    };
    const call: S3Call = {
      db,
      caller,
      region: verified.auth.region,
      now,
      requestId,
      method,
      bucket: target.bucket,
      key: target.key,
      query,
      // A checksum sent in an aws-chunked trailer is checked as if it had come as a header.
      headers: { ...request.headers, ...checksumTrailers(verified.trailers) },
      body: verified.body,
      trail,
      eventName: 'Unknown',
    };
    let response: S3Response;
    let error: { code: string; message: string } | undefined;
    try {
      const result = db.transaction(() => operation(call))();
      settled = result.settled;
      response = {
        status: result.status ?? 200,
        headers: { ...s3Headers(requestId, options.realNow()), ...(result.headers ?? {}) },
        body: result.body ?? Buffer.alloc(0),
      };
      if (result.body !== undefined && !('content-type' in response.headers)) {
        response.headers['content-type'] = 'application/xml';
      }
    } catch (thrown) {
      const s3Error =
        thrown instanceof S3Error
          ? thrown
          : new S3Error(
              'InternalError',
              thrown instanceof Error
                ? `Internal sandbox error: ${thrown.message}`
                : 'Internal sandbox error.',
              500,
            );
      error = { code: s3Error.code, message: s3Error.message };
      response = fail(s3Error);
    }
    recordCall(db, {
      service: s3Service,
      operation: call.eventName,
      caller,
      region: call.region,
      time: now,
      requestId,
      input: { bucketName: target.bucket, ...(target.key === undefined ? {} : { key: target.key }) },
      trail,
      ...(error ? { error } : {}),
    });
    return response;
  });
  const response = run.immediate();
  await settled;
  return response;
}
