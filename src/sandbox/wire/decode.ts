/**
 * Decodes a request into the operation it calls and that operation's input, for each wire
 * protocol the sandbox speaks (awsJson1_1, awsQuery, restJson1). Pure: no store, no caller.
 */
import type { OperationDefinition, OperationInput, RestBinding, ServiceDefinition } from '../types.js';
import { parseRawQuery } from './sigv4.js';

export interface Resolved {
  operation: string;
  definition: OperationDefinition;
  input: OperationInput;
}

export class WireDecodeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new WireDecodeError('SerializationException', 'The request body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new WireDecodeError('SerializationException', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

function matchPath(template: string, rawPath: string): Record<string, string> | undefined {
  const want = template.split('/');
  const got = rawPath.split('/');
  if (want.length !== got.length) {
    return undefined;
  }
  const labels: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    const label = /^\{(\w+)\+?\}$/.exec(w);
    if (label?.[1]) {
      if (g === '') {
        return undefined;
      }
      try {
        labels[label[1]] = decodeURIComponent(g);
      } catch {
        return undefined;
      }
    } else if (w.toLowerCase() !== g.toLowerCase()) {
      return undefined;
    }
  }
  return labels;
}

function convertQueryValue(value: string, type: 'string' | 'integer' | 'boolean' | undefined): unknown {
  if (type === 'integer') {
    const n = Number(value);
    if (!Number.isInteger(n)) {
      throw new WireDecodeError('SerializationException', `Expected an integer, got "${value}".`);
    }
    return n;
  }
  if (type === 'boolean') {
    return value === 'true';
  }
  return value;
}

function decodeRest(
  service: ServiceDefinition,
  req: { method: string; rawPath: string; rawQuery: string; body: Buffer },
): Resolved | undefined {
  const pathOnly = req.rawPath === '' ? '/' : req.rawPath;
  for (const [operation, definition] of Object.entries(service.operations)) {
    const binding: RestBinding | undefined = definition.http;
    if (!binding || binding.method !== req.method.toUpperCase()) {
      continue;
    }
    const labels = matchPath(binding.path, pathOnly);
    if (!labels) {
      continue;
    }
    const input: OperationInput = { ...parseJsonBody(req.body), ...labels };
    const query = parseRawQuery(req.rawQuery);
    for (const [param, spec] of Object.entries(binding.query ?? {})) {
      const raw = query[param];
      if (raw === undefined) {
        continue;
      }
      const values = Array.isArray(raw) ? raw : [raw];
      input[spec.member] = spec.list
        ? values.map((v) => convertQueryValue(v, spec.type))
        : convertQueryValue(values[values.length - 1] ?? '', spec.type);
    }
    return { operation, definition, input };
  }
  return undefined;
}

export function resolveOperation(
  service: ServiceDefinition,
  req: { method: string; rawPath: string; rawQuery: string; body: Buffer },
  headers: Record<string, string>,
): Resolved {
  if (service.protocol === 'awsJson1_1') {
    const target = headers['x-amz-target'] ?? '';
    const operation = target.slice(target.lastIndexOf('.') + 1);
    const definition = service.operations[operation];
    if (!definition || operation === '') {
      throw new WireDecodeError('UnknownOperationException', `Operation ${target} is not supported.`);
    }
    return { operation, definition, input: parseJsonBody(req.body) };
  }
  if (service.protocol === 'awsQuery') {
    const form = new URLSearchParams(req.body.toString('utf8'));
    const operation = form.get('Action') ?? '';
    const definition = service.operations[operation];
    if (!definition) {
      throw new WireDecodeError(
        'InvalidAction',
        `Could not find operation ${operation} for version ${form.get('Version') ?? ''}`,
      );
    }
    const input: OperationInput = {};
    for (const [k, v] of form) {
      if (k !== 'Action' && k !== 'Version') {
        input[k] = v;
      }
    }
    return { operation, definition, input };
  }
  const resolved = decodeRest(service, req);
  if (!resolved) {
    throw new WireDecodeError(
      'UnknownOperationException',
      `No operation matches ${req.method} ${req.rawPath}.`,
      404,
    );
  }
  return resolved;
}
