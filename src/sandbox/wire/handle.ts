/**
 * The sandbox's one entry point for a request, shared by the HTTP server and the in-process SDK
 * handler: verify SigV4, route on the signing name, decode the protocol, maybe inject a fault, run
 * the handler in a transaction, record the call for CloudTrail, serialise the result.
 */
import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { recordCall } from '../cloudtrail/record.js';
import { SANDBOX_SESSION_NAME, principalByAccessKey, roleIdOf } from '../core/principals.js';
import { faultAnswer, faultErrorCode, type FaultInjector } from '../faults.js';
import { handleS3Request, isS3Request } from '../s3/handler.js';
import { SERVICES } from '../services.js';
import { sandboxNow, storeFailure } from '../store.js';
import {
  SandboxServiceError,
  type Caller,
  type Db,
  type OperationContext,
  type OperationOutput,
  type Protocol,
  type ServiceDefinition,
  type TrailInfo,
} from '../types.js';
import { resolveOperation, WireDecodeError, type Resolved } from './decode.js';
import { verifySigV4, isFailure, type SigV4Failure } from './sigv4.js';
import { serializeError, serializeOutput, type WireResponse } from './serialize.js';
import { initialTrail } from './trail.js';

export type { WireResponse } from './serialize.js';

export interface WireRequest {
  method: string;
  rawPath: string;
  rawQuery: string;
  /** Any case; normalised to lower case here. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  sourceIp?: string;
}

export interface HandleOptions {
  db: Db;
  faults?: FaultInjector | undefined;
  services?: readonly ServiceDefinition[];
  /**
   * Requests that reach their transaction in the same event-loop turn share one immediate
   * transaction, each still atomic in its own savepoint (the HTTP server's many connections);
   * answered once it commits. Off: each request has its own transaction.
   */
  groupCommit?: boolean;
  /** Real time for the SigV4 skew check and the Date header; tests may pin it. */
  realNow?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

function normaliseHeaders(headers: WireRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) {
      continue;
    }
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

/** Before the service is known (no or broken Authorization), guess the protocol from the shape. */
function guessProtocol(headers: Record<string, string>, body: Buffer): Protocol {
  if (headers['x-amz-target'] !== undefined) {
    return 'awsJson1_1';
  }
  const type = headers['content-type'] ?? '';
  if (type.includes('x-www-form-urlencoded') || body.toString('utf8', 0, 7) === 'Action=') {
    return 'awsQuery';
  }
  return 'restJson1';
}

function authError(protocol: Protocol, failure: SigV4Failure): { code: string; status: number } {
  const query = protocol === 'awsQuery';
  switch (failure.kind) {
    case 'missing':
      return {
        code: query ? 'MissingAuthenticationToken' : 'MissingAuthenticationTokenException',
        status: 403,
      };
    case 'incomplete':
      return { code: query ? 'IncompleteSignature' : 'IncompleteSignatureException', status: 400 };
    case 'unknown-key':
      return { code: query ? 'InvalidClientTokenId' : 'UnrecognizedClientException', status: 403 };
    case 'bad-signature':
    case 'expired':
      return { code: query ? 'SignatureDoesNotMatch' : 'InvalidSignatureException', status: 403 };
  }
}

function pickService(
  services: readonly ServiceDefinition[],
  signingName: string,
  headers: Record<string, string>,
): ServiceDefinition | undefined {
  const candidates = services.filter((s) => s.signingName === signingName);
  if (candidates.length <= 1) {
    return candidates[0];
  }
  // SageMaker's control plane and the Feature Store runtime share the signing name.
  const json = headers['x-amz-target'] !== undefined;
  return candidates.find((s) => (s.protocol === 'awsJson1_1') === json);
}

const userIds = new Map<string, string>();

/** The assumed role's user id; derived (a hash of the role ARN) once per role, not per request. */
function userIdOf(roleArn: string): string {
  let userId = userIds.get(roleArn);
  if (userId === undefined) {
    if (userIds.size >= 1024) {
      userIds.clear();
    }
    userId = `${roleIdOf(roleArn)}:${SANDBOX_SESSION_NAME}`;
    userIds.set(roleArn, userId);
  }
  return userId;
}

export function callerFor(
  principal: NonNullable<ReturnType<typeof principalByAccessKey>>,
  sourceIp: string,
  userAgent: string,
): Caller {
  return {
    ...principal,
    arn: `arn:aws:sts::${principal.accountId}:assumed-role/${principal.roleName}/${SANDBOX_SESSION_NAME}`,
    userId: userIdOf(principal.roleArn),
    sourceIpAddress: sourceIp,
    userAgent,
  };
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function handleHttpRequest(request: WireRequest, options: HandleOptions): Promise<WireResponse> {
  const { db } = options;
  const services = options.services ?? SERVICES;
  const realNow = options.realNow ?? (() => new Date());
  const requestId = randomUUID();
  const headers = normaliseHeaders(request.headers);
  const method = request.method.toUpperCase();
  if (isS3Request(headers)) {
    // S3 has its own SigV4 payload variants, XML errors and path-style routing (src/sandbox/s3/).
    return handleS3Request(
      {
        method,
        rawPath: request.rawPath,
        rawQuery: request.rawQuery,
        headers,
        body: request.body,
        sourceIp: request.sourceIp,
      },
      { db, faults: options.faults, realNow, sleep: options.sleep ?? defaultSleep, callerFor },
    );
  }
  let protocol = guessProtocol(headers, request.body);

  const verified = await verifySigV4(
    { method, rawPath: request.rawPath, rawQuery: request.rawQuery, headers, body: request.body },
    {
      secretFor: (akid) => principalByAccessKey(db, akid)?.secretAccessKey,
      now: realNow(),
    },
  );
  if (isFailure(verified)) {
    const { code, status } = authError(protocol, verified);
    return serializeError(protocol, code, verified.message, status, requestId, realNow());
  }
  const service = pickService(services, verified.auth.service, headers);
  if (!service) {
    return serializeError(
      protocol,
      'UnknownOperationException',
      `The sandbox does not serve the service "${verified.auth.service}".`,
      400,
      requestId,
      realNow(),
    );
  }
  protocol = service.protocol;
  const principal = principalByAccessKey(db, verified.auth.accessKeyId);
  if (!principal) {
    return serializeError(
      protocol,
      'UnrecognizedClientException',
      'Unknown access key.',
      403,
      requestId,
      realNow(),
    );
  }
  const caller = callerFor(principal, request.sourceIp ?? '127.0.0.1', headers['user-agent'] ?? '');

  let resolved: Resolved;
  try {
    resolved = resolveOperation(
      service,
      { method, rawPath: request.rawPath, rawQuery: request.rawQuery, body: request.body },
      headers,
    );
  } catch (error) {
    if (error instanceof WireDecodeError) {
      return serializeError(protocol, error.code, error.message, error.status, requestId, realNow());
    }
    throw error;
  }

  const fault = options.faults?.decide(service.id);
  if (fault && fault.delayMs > 0) {
    await (options.sleep ?? defaultSleep)(fault.delayMs);
  }
  if (fault && fault.kind !== 'none') {
    const { code, status } = faultAnswer(service.id, fault.kind === 'throttle' ? 'throttle' : fault.status);
    const message = fault.kind === 'throttle' ? 'Rate exceeded' : 'The sandbox injected a server fault.';
    return serializeError(protocol, code, message, status, requestId, realNow());
  }

  const run = (): Outcome => runOperation(db, service, resolved, caller, verified.auth.region, requestId);
  const outcome = options.groupCommit === true ? await runGrouped(db, run) : run();
  if (outcome.ok) {
    return serializeOutput(protocol, service.id, resolved.operation, outcome.output, requestId, realNow());
  }
  return serializeError(protocol, outcome.code, outcome.message, outcome.status, requestId, realNow());
}

type Outcome =
  { ok: true; output: OperationOutput } | { ok: false; code: string; message: string; status: number };

interface Transactions {
  /** The request's own immediate transaction: the handler's writes and the call's CloudTrail event. */
  request: BetterSqlite3.Transaction<(run: () => Outcome) => Outcome>;
  /** A savepoint inside it, so a failed handler leaves no half-written state. */
  handler: BetterSqlite3.Transaction<(run: () => OperationOutput) => OperationOutput>;
}

// better-sqlite3 builds a wrapper (and its BEGIN/COMMIT/SAVEPOINT statements) per db.transaction()
// call: built once per connection, not twice per request.
const transactions = new WeakMap<Db, Transactions>();

function transactionsOf(db: Db): Transactions {
  let known = transactions.get(db);
  if (known === undefined) {
    known = {
      request: db.transaction((run: () => Outcome) => run()),
      handler: db.transaction((run: () => OperationOutput) => run()),
    };
    transactions.set(db, known);
  }
  return known;
}

interface Queued {
  run: () => Outcome;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

const queues = new WeakMap<Db, Queued[]>();
const groups = new WeakMap<Db, BetterSqlite3.Transaction<(queue: Queued[]) => Outcome[]>>();

function settle(item: Queued): void {
  try {
    item.resolve(item.run());
  } catch (error) {
    item.reject(error);
  }
}

/**
 * One commit for the requests queued in this turn: a commit writes every page the transaction
 * touched (the record tree's edge, the event table and its indexes, the header), most of them the
 * same pages for each request, so a shared commit writes them once.
 */
function flushGroup(db: Db): void {
  const queue = queues.get(db) ?? [];
  queues.delete(db);
  const [only] = queue;
  if (queue.length === 1 && only !== undefined) {
    settle(only);
    return;
  }
  let group = groups.get(db);
  if (group === undefined) {
    group = db.transaction((items: Queued[]) => items.map((item) => item.run()));
    groups.set(db, group);
  }
  let outcomes: Outcome[];
  try {
    outcomes = group.immediate(queue);
  } catch {
    // A store failure in one request (or at BEGIN/COMMIT) rolled the whole group back: nothing of
    // it is stored, so each request runs again on its own and gets the answer it would have alone.
    queue.forEach(settle);
    return;
  }
  queue.forEach((item, i) => {
    const outcome = outcomes[i];
    if (outcome !== undefined) {
      item.resolve(outcome);
    }
  });
}

function runGrouped(db: Db, run: () => Outcome): Promise<Outcome> {
  return new Promise<Outcome>((resolve, reject) => {
    let queue = queues.get(db);
    if (queue === undefined) {
      queue = [];
      queues.set(db, queue);
      // After the poll phase: every request whose body arrived in this turn is queued by then.
      setImmediate(() => flushGroup(db));
    }
    queue.push({ run, resolve, reject });
  });
}

function runOperation(
  db: Db,
  service: ServiceDefinition,
  resolved: Resolved,
  caller: Caller,
  region: string,
  requestId: string,
): Outcome {
  const { operation, definition, input } = resolved;
  const { request, handler } = transactionsOf(db);
  const body = (): Outcome => {
    const now = sandboxNow(db);
    const trail: TrailInfo = initialTrail(operation, definition);
    const ctx: OperationContext = { db, caller, region, now, requestId, trail };
    let outcome: Outcome;
    try {
      // A nested transaction is a savepoint: a failed handler leaves no half-written state, and
      // the failed call is still recorded below.
      const output = handler(() => definition.handler(input, ctx));
      outcome = { ok: true, output };
    } catch (error) {
      if (error instanceof SandboxServiceError) {
        outcome = { ok: false, code: error.code, message: error.message, status: error.status };
      } else if (storeFailure(error, db.name) !== undefined) {
        // The store itself failed (locked, damaged): not the operation's fault, and not recordable.
        throw error;
      } else {
        outcome = {
          ok: false,
          code: faultErrorCode(service.id, 500),
          message:
            error instanceof Error ? `Internal sandbox error: ${error.message}` : 'Internal sandbox error.',
          status: 500,
        };
      }
    }
    recordCall(db, {
      service,
      operation,
      caller,
      region,
      time: now,
      requestId,
      input,
      trail,
      ...(outcome.ok ? {} : { error: { code: outcome.code, message: outcome.message } }),
    });
    return outcome;
  };
  // In a commit group the request needs no savepoint of its own: whatever would roll it back (a
  // store failure) rolls the whole group back.
  return db.inTransaction ? body() : request.immediate(body);
}
