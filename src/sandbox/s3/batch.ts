/**
 * DeleteObjects (`POST /bucket?delete`): up to 1,000 keys in one `<Delete>` document, each
 * authorised as its own s3:DeleteObject. A refused key is a per-key `<Error>`, not a failed call;
 * Quiet mode reports the errors only. The body must carry Content-MD5 or a flexible checksum.
 */
import { requireBucket } from './buckets.js';
import { principalOf, type S3Call, type S3Result } from './call.js';
import { checkBodyDigests } from './checksum.js';
import { dataEvent, objectArn } from './objects.js';
import { deleteObject as removeObject, isAllowed } from './store.js';
import { S3Error, xmlDocument } from './xml.js';
import { childElements, childText, malformedXml, rootContent } from './xml-input.js';

const MAX_KEYS = 1000;

interface DeleteRequest {
  quiet: boolean;
  objects: { key: string; versionId: string | undefined }[];
}

function parseDelete(body: Buffer): DeleteRequest {
  const content = rootContent(body, 'Delete');
  const quietText = childText(content, 'Quiet');
  if (quietText !== undefined && quietText !== 'true' && quietText !== 'false') {
    throw malformedXml();
  }
  const objects = childElements(content, 'Object').map((inner) => {
    const key = childText(inner, 'Key');
    if (key === undefined) {
      throw malformedXml();
    }
    return { key, versionId: childText(inner, 'VersionId') };
  });
  if (objects.length === 0 || objects.length > MAX_KEYS) {
    throw malformedXml();
  }
  return { quiet: quietText === 'true', objects };
}

export function deleteObjects(call: S3Call): S3Result {
  call.eventName = 'DeleteObjects';
  const bucket = requireBucket(call);
  dataEvent(call, bucket, undefined, false);
  if (!checkBodyDigests(call.headers, call.body)) {
    throw new S3Error('InvalidRequest', 'Missing required header for this request: Content-MD5', 400);
  }
  const request = parseDelete(call.body);
  const deleted: Record<string, unknown>[] = [];
  const errors: Record<string, unknown>[] = [];
  const principal = principalOf(call.caller);
  for (const { key, versionId } of request.objects) {
    const id = { Key: key, ...(versionId === undefined ? {} : { VersionId: versionId }) };
    if (Buffer.byteLength(key) > 1024) {
      errors.push({ ...id, Code: 'KeyTooLongError', Message: 'Your key is too long' });
      continue;
    }
    const resource = objectArn(bucket.name, key);
    if (!isAllowed({ bucket, action: 's3:DeleteObject', resource, principal })) {
      errors.push({ ...id, Code: 'AccessDenied', Message: 'Access Denied' });
      continue;
    }
    // The sandbox keeps no versions: a VersionId names the only one there is (assumed: S3 on an
    // unversioned bucket answers NoSuchVersion for any id but "null").
    if (versionId !== undefined && versionId !== 'null') {
      errors.push({ ...id, Code: 'NoSuchVersion', Message: 'The specified version does not exist.' });
      continue;
    }
    removeObject(call.db, bucket.name, key);
    deleted.push(id);
  }
  return {
    body: xmlDocument('DeleteResult', {
      Deleted: request.quiet ? [] : deleted,
      Error: errors,
    }),
  };
}
