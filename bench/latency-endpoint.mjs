// A Feature Store endpoint whose only cost is its latency: every request is answered with a valid
// response after L ms, and nothing else happens (no SigV4 check, no storage). It answers the
// runtime's PutRecord, BatchWriteRecord, GetRecord, BatchGetRecord and ListRecords (pages of
// synthesised ids), and SageMaker's DescribeFeatureGroup (the `customers` schema), so a client's
// own throughput can be measured against the bound concurrency × records per call ÷ L.
//
// Usage: node bench/latency-endpoint.mjs [--latency 10] [--records 100000] [--port 0]
// Prints {"url": "..."} on stdout once listening. Also importable: startLatencyEndpoint().
import { createServer } from 'node:http';
import { URLSearchParams } from 'node:url';

const FEATURES = [
  { FeatureName: 'customer_id', FeatureType: 'String' },
  { FeatureName: 'event_time', FeatureType: 'Fractional' },
  { FeatureName: 'age', FeatureType: 'Integral' },
  { FeatureName: 'lifetime_value', FeatureType: 'Fractional' },
  { FeatureName: 'segment', FeatureType: 'String' },
  { FeatureName: 'country', FeatureType: 'String' },
  { FeatureName: 'preferred_categories', FeatureType: 'String', CollectionType: 'List' },
];

/** recordFor's features after the identifier, as JSON text. */
const RECORD_TAIL = JSON.stringify(recordFor('x').slice(1)).slice(1, -1);

const idOf = (i) => `B${String(i).padStart(8, '0')}`;

function recordFor(id) {
  return [
    { FeatureName: 'customer_id', ValueAsString: id },
    { FeatureName: 'event_time', ValueAsString: '1767225600' },
    { FeatureName: 'age', ValueAsString: '42' },
    { FeatureName: 'lifetime_value', ValueAsString: '1234.5' },
    { FeatureName: 'segment', ValueAsString: 'loyal' },
    { FeatureName: 'country', ValueAsString: 'NZ' },
    { FeatureName: 'preferred_categories', ValueAsStringList: ['books', 'music'] },
  ];
}

function describe(name, account = '111111111111', region = 'us-east-1') {
  const groupName = name.includes(':feature-group/') ? name.split('/').pop() : name;
  return {
    FeatureGroupArn: `arn:aws:sagemaker:${region}:${account}:feature-group/${groupName}`,
    FeatureGroupName: groupName,
    RecordIdentifierFeatureName: 'customer_id',
    EventTimeFeatureName: 'event_time',
    FeatureDefinitions: FEATURES,
    CreationTime: 1767225600,
    OnlineStoreConfig: { EnableOnlineStore: true },
    FeatureGroupStatus: 'Created',
    NextToken: '',
  };
}

/** What one request gets: [status, body object, JSON text or undefined]. Pure, so the answer costs ~nothing. */
function answer(method, path, query, target, body, records) {
  if (target === 'SageMaker.DescribeFeatureGroup') {
    return [200, describe(body.FeatureGroupName ?? 'customers')];
  }
  if (method === 'POST' && path === '/BatchWriteRecord') {
    return [200, { Errors: [], UnprocessedEntries: [] }];
  }
  if (method === 'POST' && path === '/BatchGetRecord') {
    // Built as text (the same JSON as stringifying the objects): the answer should cost ~nothing.
    const out = [];
    for (const ident of body.Identifiers ?? []) {
      const group = JSON.stringify(ident.FeatureGroupName);
      for (const id of ident.RecordIdentifiersValueAsString ?? []) {
        const idText = JSON.stringify(id);
        out.push(
          `{"FeatureGroupName":${group},"RecordIdentifierValueAsString":${idText},"Record":[{"FeatureName":"customer_id","ValueAsString":${idText}},${RECORD_TAIL}]}`,
        );
      }
    }
    return [200, `{"Records":[${out.join(',')}],"Errors":[],"UnprocessedIdentifiers":[]}`];
  }
  if (method === 'POST' && path.endsWith('/ListRecords')) {
    const start = Number(body.NextToken ?? 0) || 0;
    const size = Math.min(body.MaxResults ?? 1000, 1000);
    const end = Math.min(records, start + size);
    const ids = [];
    for (let i = start; i < end; i++) {
      ids.push(idOf(i));
    }
    return [
      200,
      end < records ? { RecordIdentifiers: ids, NextToken: String(end) } : { RecordIdentifiers: ids },
    ];
  }
  if (path.startsWith('/FeatureGroup/')) {
    if (method === 'PUT' || method === 'DELETE') {
      return [200, undefined];
    }
    if (method === 'GET') {
      const id = query.get('RecordIdentifierValueAsString') ?? idOf(0);
      return [200, { Record: recordFor(id) }];
    }
  }
  return [404, { message: `not emulated: ${method} ${path}` }];
}

/** Answers that do not depend on the request body: it is read (to its end) but never parsed. */
const BODY_FREE = new Set(['/BatchWriteRecord']);

export function startLatencyEndpoint({ latencyMs = 10, records = 100_000, port = 0 } = {}) {
  const counts = { requests: 0 };
  // The endpoint shares the machine with the client it measures: per request it does only what
  // the answer needs (no URL object, no JSON parse of a body the answer ignores).
  const respond = (req, res, body) => {
    counts.requests++;
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const pathname = decodeURIComponent(q === -1 ? raw : raw.slice(0, q));
    const [status, payload] = answer(
      req.method ?? 'GET',
      pathname,
      new URLSearchParams(q === -1 ? '' : raw.slice(q + 1)),
      req.headers['x-amz-target'],
      body,
      records,
    );
    const text = payload === undefined ? '' : typeof payload === 'string' ? payload : JSON.stringify(payload);
    const headers = {
      'content-type': req.headers['x-amz-target'] ? 'application/x-amz-json-1.1' : 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': 'latency-endpoint',
    };
    setTimeout(() => {
      res.writeHead(status, headers);
      res.end(text);
    }, latencyMs);
  };
  const server = createServer((req, res) => {
    if (req.method === 'POST' && BODY_FREE.has(req.url ?? '')) {
      req.on('data', () => {});
      req.on('end', () => respond(req, res, {}));
      return;
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body = {};
      if (chunks.length) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = {};
        }
      }
      respond(req, res, body);
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        url: `http://127.0.0.1:${address.port}`,
        counts,
        stop: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const endpoint = await startLatencyEndpoint({
    latencyMs: arg('--latency', 10),
    records: arg('--records', 100_000),
    port: arg('--port', 0),
  });
  process.stdout.write(`${JSON.stringify({ url: endpoint.url })}\n`);
}
