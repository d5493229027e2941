/**
 * aws-chunked bodies: each chunk's signature chains from the previous one (seeded by the request's
 * signature), per AWS's "Signature calculations for the Authorization header: transferring payload
 * in multiple chunks". The chain is computed here from the documented string-to-sign.
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeChunked } from '../../../../src/sandbox/s3/sigv4.js';

const key = createHmac('sha256', 'signing-key').update('x').digest();
const amzDate = '20261201T120000Z';
const scope = '20261201/us-east-1/s3/aws4_request';
const seed = 'a'.repeat(64);
const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

function chunkedBody(parts: Buffer[], tamper = false): Buffer {
  let previous = seed;
  const out: Buffer[] = [];
  for (const data of [...parts, Buffer.alloc(0)]) {
    const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, previous, sha(''), sha(data)].join('\n');
    const signature = createHmac('sha256', key).update(toSign).digest('hex');
    previous = signature;
    const sent = tamper && data.length > 0 ? Buffer.from(data.toString().toUpperCase()) : data;
    out.push(
      Buffer.from(`${data.length.toString(16)};chunk-signature=${signature}\r\n`),
      sent,
      Buffer.from('\r\n'),
    );
  }
  return Buffer.concat(out);
}

describe('decodeChunked', () => {
  it('returns the payload of signed chunks whose signatures chain', () => {
    const body = decodeChunked(chunkedBody([Buffer.from('hello '), Buffer.from('world')]), {
      key,
      amzDate,
      scope,
      seed,
      signed: true,
    });
    expect(Buffer.isBuffer(body) ? body.toString() : body).toBe('hello world');
  });

  it('refuses a chunk whose data does not match its signature', () => {
    const body = decodeChunked(chunkedBody([Buffer.from('hello')], true), {
      key,
      amzDate,
      scope,
      seed,
      signed: true,
    });
    expect(body).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
  });

  it('reads unsigned chunks with a checksum trailer', () => {
    const raw = Buffer.from('5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n');
    const body = decodeChunked(raw, { key, amzDate, scope, seed, signed: false });
    expect(Buffer.isBuffer(body) ? body.toString() : body).toBe('hello');
  });

  it('refuses a body cut inside a chunk', () => {
    expect(
      decodeChunked(Buffer.from('a\r\nhello'), { key, amzDate, scope, seed, signed: false }),
    ).toMatchObject({ code: 'IncompleteBody' });
  });
});
