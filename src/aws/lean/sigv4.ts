/**
 * SigV4 (AWS4-HMAC-SHA256) for one REST-JSON request, on node:crypto: what `@smithy/signature-v4`
 * computes for the SDK's own requests (a test compares the two), without loading `@smithy/core`.
 */
import { createHash, createHmac } from 'node:crypto';

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export interface SignableRequest {
  method: string;
  /** The Host header value (hostname, and :port when not the scheme's default). */
  host: string;
  /** The path as sent: labels already percent-encoded. */
  path: string;
  /** Query parameters, not yet encoded; a list repeats the key. */
  query: Readonly<Record<string, string | readonly string[]>>;
  /** Headers to sign besides host, x-amz-date, x-amz-security-token and x-amz-content-sha256. */
  headers: Record<string, string>;
  /** The body as sent (bytes, so it is UTF-8 encoded once for the hash and the socket). */
  body: string | Uint8Array | undefined;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** RFC 3986 unreserved characters stay; everything else is %XX (the SDK's escapeUri). */
export function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The query string as sent and as signed: keys sorted, a repeated key's values sorted. */
export function canonicalQuery(query: SignableRequest['query']): string {
  const parts: string[] = [];
  for (const key of Object.keys(query)
    .map((k) => [escapeUri(k), k] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const value = query[key[1]];
    const values = typeof value === 'string' ? [value] : [...(value ?? [])];
    parts.push(
      values
        .map((v) => `${key[0]}=${escapeUri(v)}`)
        .sort()
        .join('&'),
    );
  }
  return parts.filter((p) => p !== '').join('&');
}

/** Non-S3 services sign the path encoded once more (the SDK's uriEscapePath), slashes kept. */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      segments.pop();
    } else {
      segments.push(segment);
    }
  }
  const normalised = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalised).replace(/%2F/g, '/');
}

export function sha256Hex(body: string | Uint8Array | undefined): string {
  return body === undefined ? EMPTY_SHA256 : createHash('sha256').update(body).digest('hex');
}

/** Derived keys per secret, day, region and service: one HMAC chain a day instead of one a call. */
const derivedKeys = new Map<string, Buffer>();

function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const cacheKey = `${day}\n${region}\n${service}\n${secret}`;
  let key = derivedKeys.get(cacheKey);
  if (!key) {
    key = createHmac('sha256', `AWS4${secret}`).update(day).digest();
    for (const part of [region, service, 'aws4_request']) {
      key = createHmac('sha256', key).update(part).digest();
    }
    if (derivedKeys.size >= 50) {
      derivedKeys.clear();
    }
    derivedKeys.set(cacheKey, key);
  }
  return key;
}

/** `20261202T015918Z` */
export function amzDate(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/**
 * Returns the headers to send: the request's own plus host, x-amz-date, x-amz-content-sha256,
 * x-amz-security-token (with a session) and authorization. Header names must be lower case.
 */
export function signRequest(
  request: SignableRequest,
  credentials: StaticCredentials,
  region: string,
  service: string,
  now: Date,
): Record<string, string> {
  const longDate = amzDate(now);
  const day = longDate.slice(0, 8);
  const payloadHash = sha256Hex(request.body);
  const headers: Record<string, string> = {
    ...request.headers,
    host: request.host,
    'x-amz-date': longDate,
    'x-amz-content-sha256': payloadHash,
  };
  if (credentials.sessionToken) {
    headers['x-amz-security-token'] = credentials.sessionToken;
  }
  const names = Object.keys(headers)
    .filter((n) => n !== 'user-agent')
    .sort();
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${(headers[n] ?? '')
          .replace(/[\r\n]/g, ' ')
          .replace(/[ \t]+/g, ' ')
          .replace(/^ | $/g, '')}\n`,
    )
    .join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = `${request.method}\n${canonicalPath(request.path)}\n${canonicalQuery(request.query)}\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${longDate}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  const signature = createHmac('sha256', signingKey(credentials.secretAccessKey, day, region, service))
    .update(stringToSign)
    .digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}
