// The schema cache, end to end against a small Feature Store stand-in that counts what it is
// asked: a repeat get-record sends GetRecord only; --no-cache describes again; a record with a
// feature the cached schema lacks (the group changed) refreshes the cache once.
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';

let server: Server;
let url = '';
let home: string;
const calls: string[] = [];
let features = ['customer_id', 'event_time', 'age'];

function describeBody() {
  return {
    FeatureGroupArn: 'arn:aws:sagemaker:us-east-1:111111111111:feature-group/customers',
    FeatureGroupName: 'customers',
    RecordIdentifierFeatureName: 'customer_id',
    EventTimeFeatureName: 'event_time',
    FeatureDefinitions: features.map((name) => ({
      FeatureName: name,
      FeatureType:
        name === 'customer_id' || name === 'segment' ? 'String' : name === 'age' ? 'Integral' : 'Fractional',
    })),
    CreationTime: 1767225600,
    FeatureGroupStatus: 'Created',
    NextToken: '',
  };
}

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fshare-cache-'));
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      const op =
        typeof target === 'string' ? target.split('.').pop() : `${req.method} ${req.url?.split('?')[0]}`;
      calls.push(op ?? '?');
      const body =
        op === 'DescribeFeatureGroup'
          ? describeBody()
          : op === 'POST /BatchWriteRecord'
            ? { Errors: [], UnprocessedEntries: [] }
            : {
                Record: features.map((name) => ({
                  FeatureName: name,
                  ValueAsString: name === 'customer_id' ? 'C1' : name === 'segment' ? 'vip' : '7',
                })),
              };
      const text = JSON.stringify(body);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(home, { recursive: true, force: true });
});
beforeEach(() => {
  calls.length = 0;
});

const getRecord = (extra: string[] = []) =>
  runCli(
    ['--endpoint-url', url, '--region', 'us-east-1', 'get-record', 'customers', 'C1', '-o', 'json', ...extra],
    {
      env: { FSHARE_HOME: home, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' },
    },
  );

describe('schema cache', () => {
  it('the first read describes and caches; a repeat read sends GetRecord only', async () => {
    const first = await getRecord();
    expect(first.code, first.stderr).toBe(0);
    expect(calls).toEqual([
      'DescribeFeatureGroup',
      'GET /FeatureGroup/arn%3Aaws%3Asagemaker%3Aus-east-1%3A111111111111%3Afeature-group%2Fcustomers',
    ]);
    calls.length = 0;
    const second = await getRecord();
    expect(second.code, second.stderr).toBe(0);
    expect(second.json()).toEqual(first.json());
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/^GET \/FeatureGroup\//);
    const file = path.join(home, 'cache', 'schemas.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('AKIDEXAMPLE');
  });

  it('--no-cache describes again', async () => {
    expect((await getRecord(['--no-cache'])).code).toBe(0);
    expect(calls[0]).toBe('DescribeFeatureGroup');
  });

  it('a feature the cached schema does not know refreshes it once, and the value is typed', async () => {
    expect((await getRecord()).code).toBe(0);
    features = [...features, 'segment'];
    calls.length = 0;
    const res = await getRecord();
    expect(res.code, res.stderr).toBe(0);
    expect(calls.filter((c) => c === 'DescribeFeatureGroup')).toHaveLength(1);
    expect(res.json()).toMatchObject({ customer_id: 'C1', age: 7, segment: 'vip' });
    calls.length = 0;
    expect((await getRecord()).code).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it('an import with rejected rows forgets the cached schema, so the next command describes', async () => {
    expect((await getRecord()).code).toBe(0);
    const input = path.join(home, 'rows.jsonl');
    fs.writeFileSync(
      input,
      '{"customer_id":"I1","event_time":1767225600}\n{"customer_id":"I2","event_time":"soon"}\n',
    );
    calls.length = 0;
    const imported = await runCli(
      ['--endpoint-url', url, '--region', 'us-east-1', 'import', 'customers', '--file', input, '-o', 'json'],
      { env: { FSHARE_HOME: home, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' } },
    );
    expect(imported.code, imported.stderr).toBe(5);
    expect(calls).toEqual(['POST /BatchWriteRecord']);
    calls.length = 0;
    expect((await getRecord()).code).toBe(0);
    expect(calls[0]).toBe('DescribeFeatureGroup');
  });
});
