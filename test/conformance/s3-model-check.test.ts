/**
 * The S3 model check itself (helpers/s3_model_check.py) must catch what botocore's lenient parser
 * lets through: an unknown element, a scalar of the wrong type, a wrong list item name, the wrong
 * root, a body where the model has none, and an error that is not <Error>. Needs boto3 only.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { missingPrerequisite } from './helpers/served-sandbox.js';

const HELPERS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'helpers');
const skipReason = missingPrerequisite({ boto3: true });

const RUNNER = `
import json, sys, botocore.session, s3_model_check
model = botocore.session.get_session().get_service_model("s3")
out = []
for case in json.load(sys.stdin):
    op = model.operation_model(case["operation"])
    out.append(s3_model_check.check(op, case.get("status", 200), case.get("headers", {}), case["body"].encode()))
print(json.dumps(out))
`;

function check(cases: { operation: string; body: string; status?: number }[]): string[][] {
  const res = spawnSync('python3', ['-c', RUNNER], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: HELPERS },
  });
  if (res.status !== 0) {
    throw new Error(res.stderr);
  }
  return JSON.parse(res.stdout) as string[][];
}

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

describe.skipIf(skipReason !== undefined)("S3 answers against botocore's model", () => {
  it('passes well-formed answers and names each kind of mismatch', () => {
    const [good, unknown, badInt, badBool, item, root, noBody, error, goodError] = check([
      {
        operation: 'ListObjectsV2',
        body: `<ListBucketResult ${NS}><Name>b</Name><KeyCount>1</KeyCount><IsTruncated>false</IsTruncated><Contents><Key>k</Key><Size>1</Size><LastModified>2026-01-01T00:00:00.000Z</LastModified></Contents><CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes></ListBucketResult>`,
      },
      {
        operation: 'ListObjectsV2',
        body: `<ListBucketResult ${NS}><Contents><Key>k</Key><Sizes>1</Sizes></Contents></ListBucketResult>`,
      },
      { operation: 'ListParts', body: `<ListPartsResult ${NS}><MaxParts>ten</MaxParts></ListPartsResult>` },
      {
        operation: 'ListParts',
        body: `<ListPartsResult ${NS}><IsTruncated>yes</IsTruncated></ListPartsResult>`,
      },
      {
        operation: 'ListBuckets',
        body: `<ListAllMyBucketsResult ${NS}><Buckets><Item><Name>b</Name></Item></Buckets></ListAllMyBucketsResult>`,
      },
      { operation: 'DeleteObjects', body: `<DeleteResults ${NS}></DeleteResults>` },
      { operation: 'PutObject', body: `<PutObjectResult ${NS}/>` },
      { operation: 'GetObject', status: 404, body: '<Oops><Code>NoSuchKey</Code></Oops>' },
      {
        operation: 'GetObject',
        status: 404,
        body: '<Error><Code>NoSuchKey</Code><Message>m</Message><Key>k</Key></Error>',
      },
    ]);
    expect(good).toEqual([]);
    expect(unknown).toEqual([expect.stringContaining('Contents/Sizes: not a member of Object')]);
    expect(badInt).toEqual([expect.stringContaining("'ten' is not an integer")]);
    expect(badBool).toEqual([expect.stringContaining("'yes' is not a boolean")]);
    expect(item).toEqual([expect.stringContaining('items are <Bucket>')]);
    expect(root).toEqual([expect.stringContaining('S3 answers <DeleteResult>')]);
    expect(noBody).toEqual([expect.stringContaining('the model has no body')]);
    expect(error).toEqual([expect.stringContaining('not <Error>')]);
    expect(goodError).toEqual([]);
  });
});
