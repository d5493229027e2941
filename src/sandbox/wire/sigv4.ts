/**
 * Server-side SigV4 verification: re-sign the request as received with the caller's secret and
 * compare signatures. Follows the recipe in reference/wire-protocols.md §4.
 */
import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';

export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') {
    return Buffer.from(data, 'utf8');
  }
  if (ArrayBuffer.isView(data)) {
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
  return Buffer.from(data);
}

/** The signer's hash on node:crypto rather than pure JS: verification runs on every request. */
export class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

export interface ParsedAuthorization {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export interface SignedRequest {
  method: string;
  rawPath: string;
  /** Query string as received, without the leading '?'. */
  rawQuery: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

export type SigV4Failure =
  | { kind: 'missing'; message: string }
  | { kind: 'incomplete'; message: string }
  | { kind: 'unknown-key'; message: string }
  | { kind: 'bad-signature'; message: string }
  | { kind: 'expired'; message: string };

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;

const recentlyParsed = new Map<string, ParsedAuthorization | SigV4Failure>();

/**
 * The server reads a request's Authorization twice (admission before the body, verification
 * after it): the second read reuses the first's result. Results are shared read-only.
 */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | SigV4Failure {
  if (header === undefined) {
    return parseAuthorizationText(header);
  }
  let parsed = recentlyParsed.get(header);
  if (parsed === undefined) {
    if (recentlyParsed.size >= 64) {
      recentlyParsed.clear();
    }
    parsed = parseAuthorizationText(header);
    recentlyParsed.set(header, parsed);
  }
  return parsed;
}

function parseAuthorizationText(header: string | undefined): ParsedAuthorization | SigV4Failure {
  if (header === undefined || header === '') {
    return { kind: 'missing', message: 'Request is missing Authentication Token' };
  }
  const m = AUTH_PATTERN.exec(header);
  if (!m) {
    return {
      kind: 'incomplete',
      message: `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${header.split(' ')[0] ?? ''}`,
    };
  }
  const [, accessKeyId, scopeDate, region, service, signed, signature] = m;
  if (!accessKeyId || !scopeDate || !region || !service || !signed || !signature) {
    return { kind: 'incomplete', message: 'Authorization header is incomplete.' };
  }
  return { accessKeyId, scopeDate, region, service, signedHeaders: signed.split(';'), signature };
}

export function isFailure(value: unknown): value is SigV4Failure {
  return typeof value === 'object' && value !== null && 'kind' in value && 'message' in value;
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export function parseAmzDate(value: string | undefined): Date | undefined {
  const m = value === undefined ? null : AMZ_DATE.exec(value);
  if (!m) {
    return undefined;
  }
  const [, y, mo, d, h, mi, s] = m.map(Number);
  if (
    y === undefined ||
    mo === undefined ||
    d === undefined ||
    h === undefined ||
    mi === undefined ||
    s === undefined
  ) {
    return undefined;
  }
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Query parsed the way the signer expects: percent-decoded, no '+' to space, repeated keys as lists. */
export function parseRawQuery(rawQuery: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  if (rawQuery === '') {
    return query;
  }
  for (const part of rawQuery.split('&')) {
    if (part === '') {
      continue;
    }
    const eq = part.indexOf('=');
    const key = safeDecode(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : safeDecode(part.slice(eq + 1));
    const existing = query[key];
    if (existing === undefined) {
      query[key] = value;
    } else if (Array.isArray(existing)) {
      existing.push(value);
    } else {
      query[key] = [existing, value];
    }
  }
  return query;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function sha256Hex(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/** A header value as SigV4 canonicalises it; most values need no change and are not rewritten. */
function canonicalValue(value: string): string {
  if (!/[\r\n\t]| {2}|^ | $/.test(value)) {
    return value;
  }
  return value
    .replace(/[\r\n]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/^ | $/g, '');
}

const BAD_SIGNATURE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** The SDK's own canonical request (path escaping, query order), without re-signing the request. */
class CanonicalRequests extends SignatureV4 {
  of(request: HttpRequest, headers: Record<string, string>, payloadHash: string): string {
    return this.createCanonicalRequest(request, headers, payloadHash);
  }
}

const builders = new Map<boolean, CanonicalRequests>();

function canonicalRequests(service: string): CanonicalRequests {
  const escapePath = service !== 's3';
  let builder = builders.get(escapePath);
  if (!builder) {
    builder = new CanonicalRequests({
      service,
      region: 'us-east-1',
      sha256: NodeSha256,
      uriEscapePath: escapePath,
      credentials: { accessKeyId: '', secretAccessKey: '' },
    });
    builders.set(escapePath, builder);
  }
  return builder;
}

const signingKeys = new Map<string, Buffer>();

/**
 * The derived signing key, cached per secret, day, region and service: deriving it is four HMACs,
 * and every request of a day reuses it.
 */
function signingKey(secret: string, auth: ParsedAuthorization): Buffer {
  const cacheKey = `${secret}\n${auth.scopeDate}\n${auth.region}\n${auth.service}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    if (signingKeys.size > 256) {
      signingKeys.clear();
    }
    key = createHmac('sha256', `AWS4${secret}`).update(auth.scopeDate).digest();
    for (const part of [auth.region, auth.service, 'aws4_request']) {
      key = createHmac('sha256', key).update(part).digest();
    }
    signingKeys.set(cacheKey, key);
  }
  return key;
}

export interface VerifyOptions {
  secretFor: (accessKeyId: string) => string | undefined;
  /** Real time, for the skew check (the sandbox's business clock never moves SigV4). */
  now: Date;
}

export interface Verified {
  auth: ParsedAuthorization;
  signingDate: Date;
}

export async function verifySigV4(
  req: SignedRequest,
  options: VerifyOptions,
): Promise<Verified | SigV4Failure> {
  const auth = parseAuthorization(req.headers.authorization);
  if (isFailure(auth)) {
    return auth;
  }
  const secret = options.secretFor(auth.accessKeyId);
  if (secret === undefined) {
    return { kind: 'unknown-key', message: 'The security token included in the request is invalid.' };
  }
  // Every sandbox key is a long-term key: a session token sent with one was made up, and AWS
  // refuses it as an invalid token rather than ignoring it.
  if (req.headers['x-amz-security-token'] !== undefined) {
    return { kind: 'unknown-key', message: 'The security token included in the request is invalid.' };
  }
  const amzDate = req.headers['x-amz-date'];
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate || amzDate === undefined || !amzDate.startsWith(auth.scopeDate)) {
    return {
      kind: 'incomplete',
      message: "Date must be in ISO-8601 'basic format' and match the credential scope date.",
    };
  }
  const skew = signingDate.getTime() - options.now.getTime();
  if (Math.abs(skew) > MAX_CLOCK_SKEW_MS) {
    const bound = new Date(options.now.getTime() + (skew < 0 ? -MAX_CLOCK_SKEW_MS : MAX_CLOCK_SKEW_MS));
    return {
      kind: 'expired',
      message: `Signature expired: ${amzDate} is now ${skew < 0 ? 'earlier' : 'later'} than ${formatAmzDate(bound)} (${formatAmzDate(options.now)} ${skew < 0 ? '-' : '+'} 5 min.)`,
    };
  }
  const declaredHash = req.headers['x-amz-content-sha256'];
  if (declaredHash !== undefined && declaredHash !== sha256Hex(req.body)) {
    return {
      kind: 'bad-signature',
      message: 'The provided x-amz-content-sha256 header does not match what was computed.',
    };
  }
  const signedHeaders: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = req.headers[name];
    if (value === undefined) {
      return { kind: 'bad-signature', message: `The request signature refers to a missing header: ${name}.` };
    }
    signedHeaders[name] = value;
  }
  if (!('host' in signedHeaders)) {
    return { kind: 'incomplete', message: "'Host' must be a signed header." };
  }
  // The SDK signer always signs x-amz-date; a request that left it out, or listed its headers out
  // of order, cannot match and is refused as a bad signature.
  const expectedNames = [...new Set([...auth.signedHeaders, 'x-amz-date'])].sort();
  if (expectedNames.join(';') !== auth.signedHeaders.join(';')) {
    return { kind: 'bad-signature', message: BAD_SIGNATURE };
  }
  const canonicalHeaders: Record<string, string> = {};
  for (const name of expectedNames) {
    canonicalHeaders[name] = canonicalValue(signedHeaders[name] ?? '');
  }
  const canonicalRequest = canonicalRequests(auth.service).of(
    new HttpRequest({
      method: req.method,
      protocol: 'http:',
      hostname: signedHeaders.host ?? '',
      path: req.rawPath,
      query: parseRawQuery(req.rawQuery),
      headers: {},
    }),
    canonicalHeaders,
    declaredHash ?? sha256Hex(req.body),
  );
  const scope = `${auth.scopeDate}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  const expected = createHmac('sha256', signingKey(secret, auth)).update(stringToSign).digest();
  const given = Buffer.from(auth.signature, 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { kind: 'bad-signature', message: BAD_SIGNATURE };
  }
  return { auth, signingDate };
}
