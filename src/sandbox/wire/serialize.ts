/** Output and error serialisation for the three protocols (reference/wire-protocols.md §1). */
import type { Protocol } from '../types.js';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Dates become epoch seconds, as both JSON protocols require; undefined members are dropped. */
export function toJsonWire(value: unknown): unknown {
  if (value instanceof Date) {
    return value.getTime() / 1000;
  }
  if (Array.isArray(value)) {
    return value.map(toJsonWire);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) {
        out[k] = toJsonWire(v);
      }
    }
    return out;
  }
  return value;
}

export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function toXml(value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (Array.isArray(value)) {
    return value.map((item) => `<member>${toXml(item)}</member>`).join('');
  }
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  }
  return xmlEscape(String(value as string | number | boolean));
}

const QUERY_NAMESPACES: Record<string, string> = {
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
};

export function baseHeaders(requestId: string, now: Date): Record<string, string> {
  return { 'x-amzn-requestid': requestId, date: now.toUTCString() };
}

export function serializeOutput(
  protocol: Protocol,
  serviceId: string,
  operation: string,
  output: Record<string, unknown> | undefined,
  requestId: string,
  now: Date,
): WireResponse {
  const headers = baseHeaders(requestId, now);
  if (protocol === 'awsQuery') {
    const ns = QUERY_NAMESPACES[serviceId] ?? 'https://sandbox.fshare/doc/';
    const xml =
      `<${operation}Response xmlns="${ns}"><${operation}Result>${toXml(output ?? {})}</${operation}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
    return { status: 200, headers: { ...headers, 'content-type': 'text/xml' }, body: Buffer.from(xml) };
  }
  const contentType = protocol === 'awsJson1_1' ? 'application/x-amz-json-1.1' : 'application/json';
  const body =
    output === undefined && protocol === 'restJson1' ? '' : JSON.stringify(toJsonWire(output ?? {}));
  return { status: 200, headers: { ...headers, 'content-type': contentType }, body: Buffer.from(body) };
}

export function serializeError(
  protocol: Protocol,
  code: string,
  message: string,
  status: number,
  requestId: string,
  now: Date,
): WireResponse {
  const headers = baseHeaders(requestId, now);
  if (protocol === 'awsQuery') {
    const type = status >= 500 ? 'Receiver' : 'Sender';
    const xml =
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>${type}</Type>` +
      `<Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`;
    return { status, headers: { ...headers, 'content-type': 'text/xml' }, body: Buffer.from(xml) };
  }
  const contentType = protocol === 'awsJson1_1' ? 'application/x-amz-json-1.1' : 'application/json';
  const payload: Record<string, string> = protocol === 'awsJson1_1' ? { __type: code, message } : { message };
  return {
    status,
    headers: { ...headers, 'content-type': contentType, 'x-amzn-errortype': code },
    body: Buffer.from(JSON.stringify(payload)),
  };
}
