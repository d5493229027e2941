/**
 * The request-body checks S3 makes: Content-MD5 and the flexible checksums (against the published
 * check values of each CRC over "123456789"), and the small XML documents S3 reads.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkBodyDigests } from '../../../src/sandbox/s3/checksum.js';
import { decodeChunked } from '../../../src/sandbox/s3/sigv4.js';
import { childElements, childText, rootContent, xmlUnescape } from '../../../src/sandbox/s3/xml-input.js';

const CHECK = Buffer.from('123456789');
const b64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('checkBodyDigests', () => {
  it.each([
    ['crc32', 'cbf43926'],
    ['crc32c', 'e3069283'],
    ['crc64nvme', 'ae8b14860a799888'],
    ['sha1', createHash('sha1').update(CHECK).digest('hex')],
    ['sha256', createHash('sha256').update(CHECK).digest('hex')],
  ])('accepts the right x-amz-checksum-%s and refuses a wrong one', (name, hex) => {
    expect(checkBodyDigests({ [`x-amz-checksum-${name}`]: b64(hex) }, CHECK)).toBe(true);
    expect(
      codeOf(() => checkBodyDigests({ [`x-amz-checksum-${name}`]: b64(hex) }, Buffer.from('12345678'))),
    ).toBe('BadDigest');
  });

  it('checks Content-MD5: malformed is InvalidDigest, wrong is BadDigest, absent is reported', () => {
    const md5 = createHash('md5').update(CHECK).digest('base64');
    expect(checkBodyDigests({ 'content-md5': md5 }, CHECK)).toBe(true);
    expect(codeOf(() => checkBodyDigests({ 'content-md5': 'not-md5' }, CHECK))).toBe('InvalidDigest');
    expect(codeOf(() => checkBodyDigests({ 'content-md5': md5 }, Buffer.from('x')))).toBe('BadDigest');
    expect(checkBodyDigests({}, CHECK)).toBe(false);
  });
});

describe('aws-chunked trailers', () => {
  it('are read after the last chunk, so their checksum is checked like a header', () => {
    const crc = b64('cbf43926');
    const body = Buffer.from(`9\r\n123456789\r\n0\r\nx-amz-checksum-crc32:${crc}\r\n\r\n`);
    const trailers: Record<string, string> = {};
    const context = { key: Buffer.alloc(32), amzDate: '', scope: '', seed: '', signed: false };
    const decoded = decodeChunked(body, context, trailers);
    expect(decoded).toEqual(CHECK);
    expect(trailers).toEqual({ 'x-amz-checksum-crc32': crc });
    expect(codeOf(() => checkBodyDigests(trailers, Buffer.from('12345678')))).toBe('BadDigest');
  });
});

describe('S3 request XML', () => {
  it('reads the root, repeated children and escaped text', () => {
    const body = Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>' +
        '<Object><Key>a&amp;b &#x41;&#66;</Key></Object><Object><Key>c</Key><VersionId/></Object></Delete>',
    );
    const content = rootContent(body, 'Delete');
    expect(childText(content, 'Quiet')).toBe('true');
    const objects = childElements(content, 'Object');
    expect(objects.map((o) => childText(o, 'Key'))).toEqual(['a&b AB', 'c']);
    expect(childText(objects[1] ?? '', 'VersionId')).toBe('');
    expect(xmlUnescape('&lt;&gt;&quot;&apos;')).toBe('<>"\'');
  });

  it('answers MalformedXML for another root, a truncated document, nested text or an unknown entity', () => {
    expect(codeOf(() => rootContent(Buffer.from('<Other></Other>'), 'Delete'))).toBe('MalformedXML');
    expect(codeOf(() => rootContent(Buffer.from('<Delete><Object>'), 'Delete'))).toBe('MalformedXML');
    expect(codeOf(() => childText('<Key><b>x</b></Key>', 'Key'))).toBe('MalformedXML');
    expect(codeOf(() => childText('<Key>1</Key><Key>2</Key>', 'Key'))).toBe('MalformedXML');
    expect(codeOf(() => xmlUnescape('&nbsp;'))).toBe('MalformedXML');
  });
});
