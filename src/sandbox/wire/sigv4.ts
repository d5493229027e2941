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

export function parseAuthorization(header: string | undefined): ParsedAuthorization | SigV4Failure {
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

const signers = new Map<string, SignatureV4>();

/** Signers are cached: each keeps its derived signing keys, which are most of the HMAC work. */
function signerFor(auth: ParsedAuthorization, secret: string, sessionToken: string | undefined): SignatureV4 {
  const key = [auth.accessKeyId, secret, sessionToken ?? '', auth.region, auth.service].join('\n');
  let signer = signers.get(key);
  if (!signer) {
    if (signers.size > 256) {
      signers.clear();
    }
    signer = new SignatureV4({
      service: auth.service,
      region: auth.region,
      sha256: NodeSha256,
      uriEscapePath: auth.service !== 's3',
      applyChecksum: false,
      credentials: {
        accessKeyId: auth.accessKeyId,
        secretAccessKey: secret,
        ...(sessionToken === undefined ? {} : { sessionToken }),
      },
    });
    signers.set(key, signer);
  }
  return signer;
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
  const request = new HttpRequest({
    method: req.method,
    protocol: 'http:',
    hostname: signedHeaders.host ?? '',
    path: req.rawPath,
    query: parseRawQuery(req.rawQuery),
    headers: signedHeaders,
    body: req.body,
  });
  const sessionToken = req.headers['x-amz-security-token'];
  const signer = signerFor(auth, secret, sessionToken);
  const signed = await signer.sign(request, {
    signingDate,
    signingRegion: auth.region,
    signingService: auth.service,
    signableHeaders: new Set(auth.signedHeaders),
  });
  const expected = parseAuthorization(signed.headers.authorization ?? signed.headers.Authorization);
  if (isFailure(expected)) {
    return { kind: 'bad-signature', message: 'Could not recompute the signature.' };
  }
  const a = Buffer.from(expected.signature, 'hex');
  const b = Buffer.from(auth.signature, 'hex');
  const sameHeaders = expected.signedHeaders.join(';') === auth.signedHeaders.join(';');
  if (!sameHeaders || a.length !== b.length || !timingSafeEqual(a, b)) {
    return {
      kind: 'bad-signature',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    };
  }
  return { auth, signingDate };
}
