/**
 * Reading the small XML documents S3 takes as request bodies (`<Delete>`, `<CompleteMultipartUpload>`).
 * Their shapes are flat and fixed, so a strict scan beats a general parser: anything that is not
 * a well-formed element where one is expected is S3's `MalformedXML`.
 */
import { S3Error } from './xml.js';

export const malformedXml = (): S3Error =>
  new S3Error(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
    400,
  );

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function xmlUnescape(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (_whole, name: string) => {
    if (name.startsWith('#x')) {
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    }
    if (name.startsWith('#')) {
      return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    }
    const named = ENTITIES[name];
    if (named === undefined) {
      throw malformedXml();
    }
    return named;
  });
}

/** The inner text of the document's root element, which must be named `root`. */
export function rootContent(body: Buffer, root: string): string {
  const text = body
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .replace(/^\s*<\?xml[^>]*\?>/, '')
    .trim();
  const open = new RegExp(`^<${root}(\\s[^>]*)?>`).exec(text);
  if (!open || !text.endsWith(`</${root}>`)) {
    throw malformedXml();
  }
  return text.slice(open[0].length, text.length - `</${root}>`.length);
}

/** Each `<name>…</name>` (or `<name/>`) directly inside `content`, as raw inner text. */
export function childElements(content: string, name: string): string[] {
  const out: string[] = [];
  const pattern = new RegExp(`<${name}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${name}>)`, 'g');
  for (const m of content.matchAll(pattern)) {
    out.push(m[1] ?? '');
  }
  return out;
}

/** The text of the one `<name>` child, unescaped; undefined when absent. */
export function childText(content: string, name: string): string | undefined {
  const found = childElements(content, name);
  if (found.length > 1) {
    throw malformedXml();
  }
  const raw = found[0];
  if (raw === undefined) {
    return undefined;
  }
  if (raw.includes('<')) {
    throw malformedXml();
  }
  return xmlUnescape(raw);
}
