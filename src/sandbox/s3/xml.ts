/** S3's REST-XML replies: documents, errors (no body for HEAD), request-id headers. */
import { randomBytes } from 'node:crypto';
import { xmlEscape } from '../wire/serialize.js';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export interface S3Response {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export class S3Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function s3Headers(requestId: string, now: Date): Record<string, string> {
  return {
    'x-amz-request-id': requestId,
    'x-amz-id-2': randomBytes(24).toString('base64'),
    date: now.toUTCString(),
    server: 'AmazonS3',
  };
}

/** `{Name: 'b', Contents: [{...}, {...}]}` → elements; arrays repeat their element name. */
export function toXmlElements(value: Record<string, unknown>): string {
  let out = '';
  for (const [name, inner] of Object.entries(value)) {
    if (inner === undefined || inner === null) {
      continue;
    }
    for (const item of Array.isArray(inner) ? inner : [inner]) {
      if (item instanceof Date) {
        out += `<${name}>${item.toISOString()}</${name}>`;
      } else if (typeof item === 'object' && item !== null) {
        out += `<${name}>${toXmlElements(item as Record<string, unknown>)}</${name}>`;
      } else {
        out += `<${name}>${xmlEscape(String(item as string | number | boolean))}</${name}>`;
      }
    }
  }
  return out;
}

export function xmlDocument(root: string, content: Record<string, unknown>): Buffer {
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NAMESPACE}">${toXmlElements(content)}</${root}>`,
  );
}

export function errorResponse(error: S3Error, method: string, requestId: string, now: Date): S3Response {
  const headers = s3Headers(requestId, now);
  if (method === 'HEAD') {
    // HEAD replies carry no body; clients read the status alone.
    return { status: error.status, headers, body: Buffer.alloc(0) };
  }
  const body = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${toXmlElements({
      Code: error.code,
      Message: error.message,
      ...error.extra,
      RequestId: requestId,
      HostId: headers['x-amz-id-2'],
    })}</Error>`,
  );
  return { status: error.status, headers: { ...headers, 'content-type': 'application/xml' }, body };
}

/** A plain XML text value from a small request document, e.g. <LocationConstraint>. */
export function xmlText(body: string, element: string): string | undefined {
  const m = new RegExp(`<${element}>([^<]*)</${element}>`).exec(body);
  return m?.[1];
}

export const noSuchBucket = (bucket: string): S3Error =>
  new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });

export const accessDenied = (): S3Error => new S3Error('AccessDenied', 'Access Denied', 403);
