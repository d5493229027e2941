/**
 * S3's SigV4 variants, which the other services refuse: `UNSIGNED-PAYLOAD`, and `aws-chunked`
 * bodies (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`, each chunk signed off the seed signature, as the
 * AWS CLI and SDKs send large uploads; `STREAMING-UNSIGNED-PAYLOAD-TRAILER` with a checksum
 * trailer). The canonical request is built here rather than by the SDK's signer because chunk
 * verification needs the signing key and the seed signature.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import {
  MAX_CLOCK_SKEW_MS,
  isFailure,
  parseAmzDate,
  parseAuthorization,
  sha256Hex,
  type ParsedAuthorization,
} from '../wire/sigv4.js';

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const STREAMING_SIGNED = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
const STREAMING_SIGNED_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
const EMPTY_SHA256 = sha256Hex(Buffer.alloc(0));

/** S3's own auth error codes (all 403 but the body-hash ones). */
export interface S3AuthFailure {
  code: string;
  message: string;
  status: number;
}

export interface S3Verified {
  auth: ParsedAuthorization;
  /** The payload after removing any aws-chunked framing. */
  body: Buffer;
  /** An aws-chunked body's trailer headers (lower-case names), e.g. `x-amz-checksum-crc32`. */
  trailers: Record<string, string>;
}

export interface S3VerifyInput {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string>;
  body: Buffer;
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') {
    return '';
  }
  const pairs = rawQuery
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      const key = safeDecode(eq === -1 ? part : part.slice(0, eq));
      const value = eq === -1 ? '' : safeDecode(part.slice(eq + 1));
      return [uriEncode(key), uriEncode(value)] as const;
    });
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** S3 signs the path as sent (encoded once, never normalised). */
function canonicalPath(rawPath: string): string {
  const path = rawPath === '' ? '/' : rawPath;
  return path
    .split('/')
    .map((segment) => uriEncode(safeDecode(segment)))
    .join('/');
}

function sameSignature(expected: string, got: string): boolean {
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(got, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

const SIGNATURE_MISMATCH: S3AuthFailure = {
  code: 'SignatureDoesNotMatch',
  message:
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  status: 403,
};

interface ChunkContext {
  key: Buffer;
  amzDate: string;
  scope: string;
  seed: string;
  signed: boolean;
}

/** The `name:value` lines after the last chunk (the trailer signature itself is not checked). */
function readTrailer(text: string, into: Record<string, string>): void {
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      into[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
  }
}

/**
 * Removes aws-chunked framing; with signed chunks, checks each chunk's signature in order. The
 * trailer's headers, if any, are copied into `trailers`.
 */
export function decodeChunked(
  body: Buffer,
  chunk: ChunkContext,
  trailers: Record<string, string> = {},
): Buffer | S3AuthFailure {
  const parts: Buffer[] = [];
  let offset = 0;
  let previous = chunk.seed;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd === -1) {
      return {
        code: 'IncompleteBody',
        message: 'The request body ended inside a chunk header.',
        status: 400,
      };
    }
    const header = body.toString('latin1', offset, lineEnd);
    const [sizeHex, ...extensions] = header.split(';');
    const size = Number.parseInt(sizeHex ?? '', 16);
    if (!Number.isInteger(size) || size < 0) {
      return { code: 'InvalidChunkSizeError', message: 'A chunk size is not hexadecimal.', status: 403 };
    }
    const data = body.subarray(lineEnd + 2, lineEnd + 2 + size);
    if (data.length !== size) {
      return {
        code: 'IncompleteBody',
        message: 'The request body is shorter than its chunks say.',
        status: 400,
      };
    }
    if (chunk.signed) {
      const claimed = extensions
        .find((e) => e.startsWith('chunk-signature='))
        ?.slice('chunk-signature='.length);
      const toSign = [
        'AWS4-HMAC-SHA256-PAYLOAD',
        chunk.amzDate,
        chunk.scope,
        previous,
        EMPTY_SHA256,
        sha256Hex(data),
      ].join('\n');
      const expected = createHmac('sha256', chunk.key).update(toSign).digest('hex');
      if (claimed === undefined || !sameSignature(expected, claimed)) {
        return SIGNATURE_MISMATCH;
      }
      previous = expected;
    }
    parts.push(data);
    offset = lineEnd + 2 + size;
    if (size === 0) {
      // What follows the last chunk is an optional trailer (checksum headers) and CRLF.
      readTrailer(body.toString('latin1', offset), trailers);
      return Buffer.concat(parts);
    }
    if (body.toString('latin1', offset, offset + 2) !== '\r\n') {
      return { code: 'IncompleteBody', message: 'A chunk is not followed by CRLF.', status: 400 };
    }
    offset += 2;
  }
}

export function verifyS3Request(
  req: S3VerifyInput,
  options: { secretFor: (accessKeyId: string) => string | undefined; now: Date },
): S3Verified | S3AuthFailure {
  if (req.rawQuery.includes('X-Amz-Signature=') || req.rawQuery.includes('X-Amz-Credential=')) {
    return { code: 'AccessDenied', message: 'Presigned URLs are not accepted by the sandbox.', status: 403 };
  }
  const auth = parseAuthorization(req.headers.authorization);
  if (isFailure(auth)) {
    return auth.kind === 'missing'
      ? { code: 'AccessDenied', message: 'Access Denied', status: 403 }
      : { code: 'AuthorizationHeaderMalformed', message: auth.message, status: 400 };
  }
  const secret = options.secretFor(auth.accessKeyId);
  if (secret === undefined) {
    return {
      code: 'InvalidAccessKeyId',
      message: 'The AWS Access Key Id you provided does not exist in our records.',
      status: 403,
    };
  }
  const amzDate = req.headers['x-amz-date'] ?? '';
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate || !amzDate.startsWith(auth.scopeDate)) {
    return {
      code: 'AuthorizationHeaderMalformed',
      message: 'The x-amz-date header is missing or does not match the credential scope date.',
      status: 400,
    };
  }
  if (Math.abs(signingDate.getTime() - options.now.getTime()) > MAX_CLOCK_SKEW_MS) {
    return {
      code: 'RequestTimeTooSkewed',
      message: 'The difference between the request time and the current time is too large.',
      status: 403,
    };
  }
  const payloadHash = req.headers['x-amz-content-sha256'];
  if (payloadHash === undefined) {
    return {
      code: 'InvalidRequest',
      message: 'Missing required header for this request: x-amz-content-sha256',
      status: 400,
    };
  }
  const streaming = [STREAMING_SIGNED, STREAMING_SIGNED_TRAILER, STREAMING_UNSIGNED_TRAILER].includes(
    payloadHash,
  );
  if (!streaming && payloadHash !== UNSIGNED_PAYLOAD && payloadHash !== sha256Hex(req.body)) {
    return {
      code: 'XAmzContentSHA256Mismatch',
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
      status: 400,
    };
  }
  const canonicalHeaders: string[] = [];
  for (const name of auth.signedHeaders) {
    const value = req.headers[name];
    if (value === undefined) {
      return SIGNATURE_MISMATCH;
    }
    canonicalHeaders.push(`${name}:${value.trim().replace(/\s+/g, ' ')}\n`);
  }
  const canonical = [
    req.method.toUpperCase(),
    canonicalPath(req.rawPath),
    canonicalQuery(req.rawQuery),
    canonicalHeaders.join(''),
    auth.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${auth.scopeDate}/${auth.region}/${auth.service}/aws4_request`;
  const toSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  const key = signingKey(secret, auth.scopeDate, auth.region, auth.service);
  const seed = createHmac('sha256', key).update(toSign).digest('hex');
  if (!sameSignature(seed, auth.signature)) {
    return SIGNATURE_MISMATCH;
  }
  if (!streaming) {
    return { auth, body: req.body, trailers: {} };
  }
  const trailers: Record<string, string> = {};
  const body = decodeChunked(
    req.body,
    { key, amzDate, scope, seed, signed: payloadHash !== STREAMING_UNSIGNED_TRAILER },
    trailers,
  );
  return Buffer.isBuffer(body) ? { auth, body, trailers } : body;
}
