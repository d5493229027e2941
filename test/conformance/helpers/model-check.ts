/**
 * Checks sandbox answers against AWS's own service models (botocore's service-2.json, read from
 * the installed botocore): the output's shape (required members, member types, no members outside
 * the shape, enums, timestamps) and the error's code (in the operation's modelled errors or AWS's
 * common errors). Works on raw wire answers, so every client and transport can feed it.
 *
 * For another service (S3, Athena, trails): `loadModel('athena')` and `checkAnswer(model, op, answer)`,
 * or record exchanges with `recordExchanges` and check them all with `checkExchanges`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

interface Shape {
  type: string;
  members?: Record<string, { shape: string; location?: string; locationName?: string }>;
  required?: string[];
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  enum?: string[];
  payload?: string;
  exception?: boolean;
  error?: { code?: string; httpStatusCode?: number };
  timestampFormat?: string;
}

interface Operation {
  output?: { shape: string };
  errors?: { shape: string }[];
}

export interface ServiceModel {
  name: string;
  protocol: string;
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

/**
 * AWS's common errors (the "Common Errors" page every API reference carries, and the JSON
 * services' signature/serialisation errors): any operation may answer these.
 */
export const COMMON_ERRORS: ReadonlySet<string> = new Set([
  'AccessDeniedException',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'InternalFailure',
  'InvalidAction',
  'InvalidClientTokenId',
  'InvalidParameterCombination',
  'InvalidParameterValue',
  'InvalidQueryParameter',
  'InvalidSignatureException',
  'MalformedHttpRequestException',
  'MalformedQueryString',
  'MissingAction',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'MissingParameter',
  'NotAuthorized',
  'OptInRequired',
  'RequestEntityTooLargeException',
  'RequestExpired',
  'SerializationException',
  'ServiceUnavailable',
  'SignatureDoesNotMatch',
  'ThrottlingException',
  'UnknownOperationException',
  'UnrecognizedClientException',
  'ValidationError',
  'ExpiredTokenException',
]);

let dataDir: string | undefined;

/** botocore's data directory, found through the python3 that has it. */
export function botocoreDataDir(): string | undefined {
  if (dataDir === undefined) {
    try {
      const dir = execFileSync(
        'python3',
        ['-c', 'import botocore, os; print(os.path.join(os.path.dirname(botocore.__file__), "data"))'],
        { encoding: 'utf8' },
      ).trim();
      dataDir = fs.existsSync(dir) ? dir : '';
    } catch {
      dataDir = '';
    }
  }
  return dataDir === '' ? undefined : dataDir;
}

const models = new Map<string, ServiceModel>();

/** The newest botocore model of `service` (e.g. `sagemaker-featurestore-runtime`). */
export function loadModel(service: string): ServiceModel {
  const cached = models.get(service);
  if (cached) {
    return cached;
  }
  const base = botocoreDataDir();
  if (base === undefined) {
    throw new Error('botocore is not installed (python3 -c "import botocore")');
  }
  const versions = fs.readdirSync(path.join(base, service)).sort();
  const dir = path.join(base, service, versions[versions.length - 1] ?? '');
  const plain = path.join(dir, 'service-2.json');
  const text = fs.existsSync(plain)
    ? fs.readFileSync(plain, 'utf8')
    : zlib.gunzipSync(fs.readFileSync(`${plain}.gz`)).toString('utf8');
  const raw = JSON.parse(text) as {
    metadata: { protocol: string };
    operations: Record<string, Operation>;
    shapes: Record<string, Shape>;
  };
  const model = {
    name: service,
    protocol: raw.metadata.protocol,
    operations: raw.operations,
    shapes: raw.shapes,
  };
  models.set(service, model);
  return model;
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** Mismatches of `value` against `shapeName`, each naming its path. */
export function checkShape(model: ServiceModel, shapeName: string, value: unknown, at: string): string[] {
  const shape = model.shapes[shapeName];
  if (!shape) {
    return [`${at}: shape ${shapeName} is not in the model`];
  }
  if (value === null) {
    return [`${at}: null where the model has ${shape.type} ${shapeName}`];
  }
  switch (shape.type) {
    case 'structure': {
      if (typeOf(value) !== 'object') {
        return [`${at}: ${typeOf(value)} where the model has structure ${shapeName}`];
      }
      const object = value as Record<string, unknown>;
      const problems: string[] = [];
      const members = shape.members ?? {};
      const wireNames = new Map(
        Object.entries(members).map(([name, m]) => [m.locationName ?? name, { name, member: m }]),
      );
      for (const required of shape.required ?? []) {
        const member = members[required];
        if (member?.location === undefined && object[member?.locationName ?? required] === undefined) {
          problems.push(`${at}: required member ${required} of ${shapeName} is missing`);
        }
      }
      for (const [key, item] of Object.entries(object)) {
        const found = wireNames.get(key);
        if (!found || found.member.location !== undefined) {
          problems.push(`${at}.${key}: not a member of ${shapeName}`);
          continue;
        }
        problems.push(...checkShape(model, found.member.shape, item, `${at}.${key}`));
      }
      return problems;
    }
    case 'list':
      if (!Array.isArray(value)) {
        return [`${at}: ${typeOf(value)} where the model has list ${shapeName}`];
      }
      return value.flatMap((item, i) => checkShape(model, shape.member?.shape ?? '', item, `${at}[${i}]`));
    case 'map':
      if (typeOf(value) !== 'object') {
        return [`${at}: ${typeOf(value)} where the model has map ${shapeName}`];
      }
      return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [
        ...checkShape(model, shape.key?.shape ?? '', k, `${at}{${k}}`),
        ...checkShape(model, shape.value?.shape ?? '', v, `${at}.${k}`),
      ]);
    case 'string':
      if (typeof value !== 'string') {
        return [`${at}: ${typeOf(value)} where the model has string ${shapeName}`];
      }
      return shape.enum && !shape.enum.includes(value)
        ? [`${at}: "${value}" is not in the enum of ${shapeName} [${shape.enum.join(', ')}]`]
        : [];
    case 'integer':
    case 'long':
      return typeof value === 'number' && Number.isInteger(value)
        ? []
        : [`${at}: ${JSON.stringify(value)} where the model has ${shape.type} ${shapeName}`];
    case 'float':
    case 'double':
      return typeof value === 'number' ? [] : [`${at}: ${typeOf(value)} where the model has ${shape.type}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: ${typeOf(value)} where the model has boolean`];
    case 'blob':
      return typeof value === 'string' ? [] : [`${at}: ${typeOf(value)} where the model has blob`];
    case 'timestamp': {
      const iso = shape.timestampFormat === 'iso8601';
      const ok = iso
        ? typeof value === 'string' && !Number.isNaN(Date.parse(value))
        : typeof value === 'number';
      return ok
        ? []
        : [`${at}: ${JSON.stringify(value)} is not a ${iso ? 'ISO-8601' : 'epoch-seconds'} timestamp`];
    }
    default:
      return [];
  }
}

/** The error codes an operation may answer: its modelled errors (by shape name and wire code). */
export function modelledErrors(model: ServiceModel, operation: string): Set<string> {
  const codes = new Set<string>();
  for (const { shape } of model.operations[operation]?.errors ?? []) {
    codes.add(shape);
    const code = model.shapes[shape]?.error?.code;
    if (code !== undefined) {
      codes.add(code);
    }
  }
  return codes;
}

/** One raw answer of the sandbox. */
export interface WireAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function errorCodeOf(answer: WireAnswer, protocol: string): string {
  if (protocol === 'query') {
    return /<Code>([^<]+)<\/Code>/.exec(answer.body)?.[1] ?? '';
  }
  const header = answer.headers['x-amzn-errortype'];
  if (header !== undefined) {
    return header.split(':')[0] ?? '';
  }
  const parsed = JSON.parse(answer.body || '{}') as { __type?: string; code?: string };
  const type = parsed.__type ?? parsed.code ?? '';
  return type.slice(type.lastIndexOf('#') + 1);
}

/** A minimal reading of an awsQuery result: element children as members, `<member>` as list items. */
function queryResultObject(xml: string, operation: string): unknown {
  const inner = new RegExp(`<${operation}Result>([\\s\\S]*)</${operation}Result>`).exec(xml)?.[1] ?? '';
  const object: Record<string, string> = {};
  for (const m of inner.matchAll(/<(\w+)>([^<]*)<\/\1>/g)) {
    object[m[1] ?? ''] = m[2] ?? '';
  }
  return object;
}

/** Every mismatch of one answer to `operation`, empty when it conforms. */
export function checkAnswer(model: ServiceModel, operation: string, answer: WireAnswer): string[] {
  const op = model.operations[operation];
  if (!op) {
    return [`${model.name}.${operation}: not in the model`];
  }
  const where = `${model.name}.${operation}`;
  if (answer.status >= 300) {
    const code = errorCodeOf(answer, model.protocol);
    return modelledErrors(model, operation).has(code) || COMMON_ERRORS.has(code)
      ? []
      : [`${where}: error ${code} (${answer.status}) is neither modelled for the operation nor common`];
  }
  if (!op.output) {
    return [];
  }
  const outputShape = model.shapes[op.output.shape];
  if (model.protocol === 'query') {
    // String members only: the query reader gives text; types are the XML's.
    return Object.keys(queryResultObject(answer.body, operation) as object)
      .filter((k) => !(k in (outputShape?.members ?? {})))
      .map((k) => `${where}.${k}: not a member of ${op.output?.shape ?? ''}`);
  }
  const payload = outputShape?.payload;
  const body: unknown = answer.body.trim() === '' ? {} : JSON.parse(answer.body);
  if (payload !== undefined) {
    const member = outputShape?.members?.[payload];
    return member ? checkShape(model, member.shape, body, `${where}.${payload}`) : [];
  }
  return checkShape(model, op.output.shape, body, where);
}
